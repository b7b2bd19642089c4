#include "services/common/db_pool.h"

#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>
#include <unistd.h>

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/logging.h"
#include "services/common/metrics.h"

namespace fieldservice::common {
namespace {

// Whole seconds for the driver's timeout options, at least 1 when positive.
int WholeSeconds(absl::Duration d) { return static_cast<int>(std::ceil(absl::ToDoubleSeconds(d))); }

// CR_SSL_CONNECTION_ERROR: the client library could not set up (or verify)
// TLS; also used here for a session that turned out not to be encrypted.
constexpr int kTlsConnectionError = 2026;

// A file setting that is set must name a readable file: a typo is reported
// at start-up, naming the setting, not as a TLS error on every connect.
absl::Status CheckReadable(const char* setting, const std::string& path) {
  if (path.empty() || access(path.c_str(), R_OK) == 0) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("setting ", setting, ": cannot read ", path));
}

absl::Status ReadTlsSettings(const Config& config, DbSettings& s) {
  s.tls_ca = config.Get("db_tls_ca");
  s.tls_cert = config.Get("db_tls_cert");
  s.tls_key = config.Get("db_tls_key");
  if (s.tls_cert.empty() != s.tls_key.empty()) {
    return absl::InvalidArgumentError("settings db_tls_cert and db_tls_key: give both or neither");
  }
  if (!s.tls_cert.empty() && s.tls_ca.empty()) {
    return absl::InvalidArgumentError(
        "setting db_tls_cert: needs db_tls_ca (a client certificate goes only over verified TLS)");
  }
  for (const absl::Status& status :
       {CheckReadable("db_tls_ca", s.tls_ca), CheckReadable("db_tls_cert", s.tls_cert),
        CheckReadable("db_tls_key", s.tls_key)}) {
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace

// STRICT_ALL_TABLES: a bad value is an error on every table, transactional or
// not. NO_ZERO_DATE/NO_ZERO_IN_DATE, ERROR_FOR_DIVISION_BY_ZERO: no silent
// zero dates or NULLs. NO_ENGINE_SUBSTITUTION: a table is never created with
// another engine. Only modes MySQL 8 and TiDB also know are named.
const char kStrictSqlModeStatement[] =
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

std::vector<Setting> DbSettingDecls(const std::string& default_database) {
  return {
      {"db_host", "127.0.0.1", "MySQL-protocol server host"},
      {"db_port", "3306", "MySQL-protocol server port"},
      {"db_user", default_database, "database user"},
      {"db_password", "", "database password; a secret: never a flag, see db_password_file",
       /*secret=*/true},
      {"db_password_file", "",
       "file holding the database password (line breaks at its end ignored); instead of "
       "db_password"},
      {"db_name", default_database, "database (schema) this service owns"},
      {"db_pool_size", "8", "connections in the pool (bounds DB concurrency)"},
      {"db_statement_cache", "128",
       "prepared statements kept per pooled connection (each use then one round trip); 0: none"},
      {"db_connect_timeout", "5s", "connect timeout for one connection"},
      {"db_read_timeout", "30s",
       "client-side limit on waiting for one answer from the database (0s: none)"},
      {"db_write_timeout", "30s",
       "client-side limit on sending one request to the database (0s: none)"},
      {"db_statement_timeout", "20s",
       "server-side limit on one statement (0s: none); a call's deadline lowers it"},
      {"db_lock_wait_timeout", "10s",
       "longest wait for a row lock (innodb_lock_wait_timeout); a call's deadline lowers it"},
      {"db_acquire_timeout", "5s",
       "how long a call waits for a free connection before UNAVAILABLE"},
      {"db_outage_log_interval", "10s",
       "while the database is unreachable, one warning per interval with a failure count"},
      {"db_tls_ca", "",
       "CA certificate file (PEM); when set, the database connection is TLS and the server's "
       "certificate must be signed by this CA and name db_host, else no connection; empty: "
       "plain text"},
      {"db_tls_cert", "",
       "client certificate file (PEM) shown to the database over TLS (needs db_tls_ca and "
       "db_tls_key); empty: none"},
      {"db_tls_key", "", "private key file (PEM) of db_tls_cert"},
      {"db_wsrep_sync_wait", "-1",
       "Galera only: the sessions' wsrep_sync_wait (1: every read first waits until its node "
       "has applied every write committed before it, on any node); -1 leaves the server's, as "
       "MySQL and TiDB, which have no such setting, need"},
  };
}

absl::StatusOr<DbSettings> DbSettingsFromConfig(const Config& config) {
  DbSettings s;
  s.host = config.Get("db_host");
  auto port = config.GetInt("db_port");
  if (!port.ok()) return port.status();
  s.port = static_cast<int>(*port);
  s.user = config.Get("db_user");
  auto password = config.GetSecret("db_password");
  if (!password.ok()) return password.status();
  s.password = *std::move(password);
  s.database = config.Get("db_name");
  if (absl::Status tls = ReadTlsSettings(config, s); !tls.ok()) return tls;
  auto size = config.GetInt("db_pool_size");
  if (!size.ok()) return size.status();
  if (*size < 1) return absl::InvalidArgumentError("setting db_pool_size: must be at least 1");
  s.pool_size = static_cast<int>(*size);
  auto cache = config.GetInt("db_statement_cache");
  if (!cache.ok()) return cache.status();
  // MariaDB allows 16,382 prepared statements in all (max_prepared_stmt_count).
  if (*cache < 0 || *cache > 1000) {
    return absl::InvalidArgumentError("setting db_statement_cache: 0 to 1000");
  }
  s.statement_cache_size = static_cast<int>(*cache);
  struct DurationSetting {
    const char* name;
    absl::Duration* target;
  };
  for (const DurationSetting& d : {
           DurationSetting{"db_connect_timeout", &s.connect_timeout},
           DurationSetting{"db_read_timeout", &s.read_timeout},
           DurationSetting{"db_write_timeout", &s.write_timeout},
           DurationSetting{"db_statement_timeout", &s.statement_timeout},
           DurationSetting{"db_lock_wait_timeout", &s.lock_wait_timeout},
           DurationSetting{"db_acquire_timeout", &s.acquire_timeout},
           DurationSetting{"db_outage_log_interval", &s.outage_log_interval},
       }) {
    auto value = config.GetDuration(d.name);
    if (!value.ok()) return value.status();
    if (*value < absl::ZeroDuration()) {
      return absl::InvalidArgumentError(absl::StrCat("setting ", d.name, ": must not be negative"));
    }
    *d.target = *value;
  }
  if (s.lock_wait_timeout < absl::Seconds(1)) {
    return absl::InvalidArgumentError("setting db_lock_wait_timeout: at least 1s");
  }
  auto sync_wait = config.GetInt("db_wsrep_sync_wait");
  if (!sync_wait.ok()) return sync_wait.status();
  // The server's bitmask: 1 reads, 2 updates and deletes, 4 inserts, 8 SHOW.
  if (*sync_wait < -1 || *sync_wait > 15) {
    return absl::InvalidArgumentError("setting db_wsrep_sync_wait: -1 to 15");
  }
  s.wsrep_sync_wait = static_cast<int>(*sync_wait);
  return s;
}

ConnectionPool::ConnectionPool(DbSettings settings)
    : settings_(std::move(settings)),
      driver_(sql::mysql::get_mysql_driver_instance()),
      outage_log_("db_unreachable", settings_.outage_log_interval) {}

ConnectionPool::~ConnectionPool() {
  absl::MutexLock lock(&mu_);
  idle_.clear();
}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), pooled_(std::move(other.pooled_)), discard_(other.discard_) {
  other.pool_ = nullptr;
}

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Return(std::move(pooled_), discard_);
}

void ConnectionPool::Lease::SetSessionLimits(absl::Duration statement_limit,
                                             absl::Duration lock_wait) {
  const int lock_seconds = std::max(1, WholeSeconds(lock_wait));
  // Zero means no statement limit: only an unlimited session keeps it.
  auto close_enough = [](absl::Duration have, absl::Duration want) {
    if (want == absl::ZeroDuration() || have == absl::ZeroDuration()) return have == want;
    return have <= want && have * 2 >= want;
  };
  if (pooled_.statement_limit.has_value() &&
      close_enough(*pooled_.statement_limit, statement_limit) &&
      pooled_.lock_wait_seconds <= lock_seconds && pooled_.lock_wait_seconds * 2 >= lock_seconds) {
    return;
  }
  std::string limits =
      pool_->is_mariadb_.load()
          ? absl::StrFormat("SET SESSION max_statement_time = %.3f, innodb_lock_wait_timeout = %d",
                            absl::ToDoubleSeconds(statement_limit), lock_seconds)
          : absl::StrFormat("SET SESSION max_execution_time = %d, innodb_lock_wait_timeout = %d",
                            absl::ToInt64Milliseconds(statement_limit), lock_seconds);
  std::unique_ptr<sql::Statement> st(pooled_.connection->createStatement());
  st->execute(limits);
  pooled_.statement_limit = statement_limit;
  pooled_.lock_wait_seconds = lock_seconds;
}

void ConnectionPool::MarkReachable(bool reachable) {
  reachable_.store(reachable);
  if (reachable) outage_log_.Recovered("db_reachable_again");
}

absl::StatusOr<ConnectionPool::Pooled> ConnectionPool::Open(
    std::optional<absl::Duration> connect_timeout) {
  sql::ConnectOptionsMap options;
  options["hostName"] = settings_.host;
  options["port"] = settings_.port;
  options["userName"] = settings_.user;
  options["password"] = settings_.password;
  options["schema"] = settings_.database;
  options["OPT_CONNECT_TIMEOUT"] =
      WholeSeconds(connect_timeout.value_or(settings_.connect_timeout));
  // Unset means no client-side limit.
  if (settings_.read_timeout > absl::ZeroDuration()) {
    options["OPT_READ_TIMEOUT"] = WholeSeconds(settings_.read_timeout);
  }
  if (settings_.write_timeout > absl::ZeroDuration()) {
    options["OPT_WRITE_TIMEOUT"] = WholeSeconds(settings_.write_timeout);
  }
  options["OPT_CHARSET_NAME"] = std::string("utf8mb4");
  options["OPT_RECONNECT"] = false;  // the pool replaces dead connections
  const bool tls = !settings_.tls_ca.empty();
  if (tls) {
    // sslVerify makes the client library insist on TLS and check the
    // server's certificate and host name. With sslCA alone it would quietly
    // talk plain text to a server without TLS and accept any host name.
    options["sslCA"] = settings_.tls_ca;
    options["sslVerify"] = true;
    if (!settings_.tls_cert.empty()) {
      options["sslCert"] = settings_.tls_cert;
      options["sslKey"] = settings_.tls_key;
    }
  }
  try {
    Pooled p;
    p.connection.reset(driver_->connect(options));
    std::unique_ptr<sql::Statement> st(p.connection->createStatement());
    // Stored times are UTC; READ COMMITTED avoids gap-lock deadlocks between
    // concurrent inserts and behaves the same on MySQL, MariaDB and TiDB.
    st->execute("SET time_zone = '+00:00'");
    st->execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    st->execute(kStrictSqlModeStatement);
    if (settings_.wsrep_sync_wait >= 0) {
      st->execute(absl::StrCat("SET SESSION wsrep_sync_wait = ", settings_.wsrep_sync_wait));
    }
    if (tls) {
      // Belt and braces, once per new connection: another client library
      // behind the same options might not enforce TLS the way sslVerify does.
      std::unique_ptr<sql::ResultSet> cipher(
          st->executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'"));
      if (!cipher->next() || std::string(cipher->getString(2)).empty()) {
        throw sql::SQLException("the session is not encrypted", "08000", kTlsConnectionError);
      }
    }
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT CONNECTION_ID(), VERSION()"));
    rs->next();
    p.id = rs->getInt64(1);
    RegisterStatementCache(p.connection.get(), settings_.statement_cache_size);
    is_mariadb_.store(
        absl::StrContains(absl::AsciiStrToLower(std::string(rs->getString(2))), "mariadb"));
    MarkReachable(true);
    return p;
  } catch (const sql::SQLException& e) {
    reachable_.store(false);
    const bool tls_failed = tls && e.getErrorCode() == kTlsConnectionError;
    outage_log_.Warn({{"host", settings_.host},
                      {"port", absl::StrCat(settings_.port)},
                      {"database", settings_.database},
                      {"what", tls_failed ? "tls" : "connect"},
                      {"errno", absl::StrCat(e.getErrorCode())},
                      {"error", e.what()}});
    if (tls_failed) {
      // Named so an operator looks at the certificates, not the network.
      return absl::UnavailableError(absl::StrCat(
          "database ", settings_.database,
          ": no verified TLS connection, check the setting db_tls_ca",
          settings_.tls_cert.empty() ? "" : " (and db_tls_cert, db_tls_key)", ": ", e.what()));
    }
    return absl::UnavailableError(absl::StrCat("database ", settings_.database, " is unreachable"));
  }
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire(absl::Time call_deadline) {
  auto shutting_down = [] {
    return absl::UnavailableError("the service is shutting down; retry on another replica");
  };
  if (aborted()) return shutting_down();
  const absl::Time asked = absl::Now();
  absl::Time deadline = std::min(asked + settings_.acquire_timeout, call_deadline);
  Pooled reused;
  absl::Time idle_since;
  {
    absl::MutexLock lock(&mu_);
    auto can_proceed = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || leased_ < settings_.pool_size;
    };
    if (!mu_.AwaitWithDeadline(absl::Condition(&can_proceed), deadline)) {
      metrics::PoolAcquireTimedOut(settings_.database);
      return absl::UnavailableError(
          absl::StrCat("all ", settings_.pool_size, " database connections are busy"));
    }
    ++leased_;
    metrics::PoolLeaseTaken(settings_.database, absl::Now() - asked);
    if (!idle_.empty()) {
      reused = std::move(idle_.back().pooled);
      idle_since = idle_.back().since;
      idle_.pop_back();
      in_use_.insert(reused.id);
    }
  }
  if (reused.connection != nullptr) {
    // A connection idle for long may have been cut by a database restart.
    bool fresh = absl::Now() - idle_since < settings_.validate_after_idle;
    bool valid = false;
    try {
      valid = fresh || reused.connection->isValid();
    } catch (const sql::SQLException&) {
      valid = false;
    }
    if (valid) return Lease(this, std::move(reused));
    absl::MutexLock lock(&mu_);
    in_use_.erase(reused.id);
    reused.connection.reset();
  }
  auto opened = Open();
  absl::MutexLock lock(&mu_);
  if (!opened.ok()) {
    --leased_;
    metrics::PoolLeaseReturned(settings_.database);
    return opened.status();
  }
  in_use_.insert(opened->id);
  return Lease(this, std::move(*opened));
}

void ConnectionPool::Return(Pooled p, bool discard) {
  absl::MutexLock lock(&mu_);
  --leased_;
  metrics::PoolLeaseReturned(settings_.database);
  in_use_.erase(p.id);
  if (p.connection != nullptr && !discard && !aborted()) {
    idle_.push_back({std::move(p), absl::Now()});
  }
}

void ConnectionPool::AbortInFlight() {
  aborted_.store(true);
  std::set<int64_t> victims;
  {
    absl::MutexLock lock(&mu_);
    victims = in_use_;
  }
  if (victims.empty()) return;
  // Quickly, or not at all: shutdown's grace is running out. If the
  // database cannot be reached, nothing stuck on it can commit either.
  auto killer = Open(absl::Seconds(1));
  if (!killer.ok()) return;
  for (int64_t id : victims) {
    try {
      std::unique_ptr<sql::Statement> st(killer->connection->createStatement());
      st->execute(absl::StrCat("KILL QUERY ", id));
    } catch (const sql::SQLException& e) {
      // 1094: unknown thread id, the connection already ended.
      LogWarning("db_kill_query_failed",
                 {{"connection", absl::StrCat(id)}, {"errno", absl::StrCat(e.getErrorCode())}});
    }
  }
  LogInfo("db_statements_killed_for_shutdown", {{"connections", absl::StrCat(victims.size())}});
}

bool ConnectionPool::Probe() {
  if (aborted()) return reachable();
  auto lease = Acquire();
  if (!lease.ok()) {
    // Busy is not down: only a failed connect (marked by Open) counts.
    return reachable();
  }
  try {
    if (!lease->connection().isValid()) {
      lease->Discard();
      reachable_.store(false);
      outage_log_.Warn({{"host", settings_.host},
                        {"port", absl::StrCat(settings_.port)},
                        {"database", settings_.database},
                        {"what", "ping"}});
      return false;
    }
  } catch (const sql::SQLException&) {
    lease->Discard();
    reachable_.store(false);
    return false;
  }
  MarkReachable(true);
  return true;
}

void ConnectionPool::NoteConnectionLost(const LogFields& fields) {
  reachable_.store(false);
  LogFields with_where = {{"database", settings_.database}, {"what", "connection_lost"}};
  with_where.insert(with_where.end(), fields.begin(), fields.end());
  outage_log_.Warn(with_where);
}

}  // namespace fieldservice::common
