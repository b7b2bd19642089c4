#include "services/common/db_pool.h"

#include <cppconn/exception.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include "absl/strings/str_cat.h"
#include "services/common/logging.h"

namespace fieldservice::common {

std::vector<Setting> DbSettingDecls(const std::string& default_database) {
  return {
      {"db_host", "127.0.0.1", "MySQL-protocol server host"},
      {"db_port", "3306", "MySQL-protocol server port"},
      {"db_user", default_database, "database user"},
      {"db_password", "", "database password"},
      {"db_name", default_database, "database (schema) this service owns"},
      {"db_pool_size", "8", "connections in the pool (bounds DB concurrency)"},
      {"db_connect_timeout", "5s", "connect timeout for one connection"},
      {"db_acquire_timeout", "5s",
       "how long a call waits for a free connection before UNAVAILABLE"},
  };
}

absl::StatusOr<DbSettings> DbSettingsFromConfig(const Config& config) {
  DbSettings s;
  s.host = config.Get("db_host");
  auto port = config.GetInt("db_port");
  if (!port.ok()) return port.status();
  s.port = static_cast<int>(*port);
  s.user = config.Get("db_user");
  s.password = config.Get("db_password");
  s.database = config.Get("db_name");
  auto size = config.GetInt("db_pool_size");
  if (!size.ok()) return size.status();
  if (*size < 1) return absl::InvalidArgumentError("setting db_pool_size: must be at least 1");
  s.pool_size = static_cast<int>(*size);
  auto connect = config.GetDuration("db_connect_timeout");
  if (!connect.ok()) return connect.status();
  s.connect_timeout = *connect;
  auto acquire = config.GetDuration("db_acquire_timeout");
  if (!acquire.ok()) return acquire.status();
  s.acquire_timeout = *acquire;
  return s;
}

ConnectionPool::ConnectionPool(DbSettings settings)
    : settings_(std::move(settings)), driver_(sql::mysql::get_mysql_driver_instance()) {}

ConnectionPool::~ConnectionPool() {
  absl::MutexLock lock(&mu_);
  idle_.clear();
}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)), discard_(other.discard_) {
  other.pool_ = nullptr;
}

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Return(std::move(connection_), discard_);
}

absl::StatusOr<std::unique_ptr<sql::Connection>> ConnectionPool::Open() {
  sql::ConnectOptionsMap options;
  options["hostName"] = settings_.host;
  options["port"] = settings_.port;
  options["userName"] = settings_.user;
  options["password"] = settings_.password;
  options["schema"] = settings_.database;
  options["OPT_CONNECT_TIMEOUT"] =
      static_cast<int>(absl::ToInt64Seconds(settings_.connect_timeout));
  options["OPT_CHARSET_NAME"] = std::string("utf8mb4");
  options["OPT_RECONNECT"] = false;  // the pool replaces dead connections
  try {
    std::unique_ptr<sql::Connection> c(driver_->connect(options));
    std::unique_ptr<sql::Statement> st(c->createStatement());
    // Stored times are UTC; READ COMMITTED avoids gap-lock deadlocks between
    // concurrent inserts and behaves the same on MySQL, MariaDB and TiDB.
    st->execute("SET time_zone = '+00:00'");
    st->execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    return c;
  } catch (const sql::SQLException& e) {
    LogWarning("db_connect_failed", {{"host", settings_.host},
                                     {"port", absl::StrCat(settings_.port)},
                                     {"database", settings_.database},
                                     {"errno", absl::StrCat(e.getErrorCode())},
                                     {"error", e.what()}});
    return absl::UnavailableError(absl::StrCat("database ", settings_.database, " is unreachable"));
  }
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire() {
  absl::Time deadline = absl::Now() + settings_.acquire_timeout;
  std::unique_ptr<sql::Connection> reused;
  absl::Time idle_since;
  {
    absl::MutexLock lock(&mu_);
    auto can_proceed = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || leased_ < settings_.pool_size;
    };
    if (!mu_.AwaitWithDeadline(absl::Condition(&can_proceed), deadline)) {
      return absl::UnavailableError(
          absl::StrCat("all ", settings_.pool_size, " database connections are busy"));
    }
    ++leased_;
    if (!idle_.empty()) {
      reused = std::move(idle_.back().connection);
      idle_since = idle_.back().since;
      idle_.pop_back();
    }
  }
  if (reused != nullptr) {
    // A connection idle for long may have been cut by a database restart.
    bool fresh = absl::Now() - idle_since < settings_.validate_after_idle;
    bool valid = false;
    try {
      valid = fresh || reused->isValid();
    } catch (const sql::SQLException&) {
      valid = false;
    }
    if (valid) return Lease(this, std::move(reused));
    reused.reset();
  }
  auto opened = Open();
  if (!opened.ok()) {
    absl::MutexLock lock(&mu_);
    --leased_;
    return opened.status();
  }
  return Lease(this, std::move(*opened));
}

void ConnectionPool::Return(std::unique_ptr<sql::Connection> c, bool discard) {
  absl::MutexLock lock(&mu_);
  --leased_;
  if (c != nullptr && !discard) idle_.push_back({std::move(c), absl::Now()});
}

}  // namespace fieldservice::common
