// A bounded pool of MySQL-protocol connections (Connector/C++ 1.1) that
// survives a database restart: a connection idle for a while is pinged before
// it is handed out, and one that failed is discarded and replaced.
//
// Every connection is set up the same way on connect: UTC, READ COMMITTED,
// strict SQL mode (a too-long or invalid value is an error, never silently
// truncated), and client-side read/write timeouts so a hung server or network
// cannot hold a handler thread for ever. With a CA configured (db_tls_ca) a
// connection is TLS with a verified server certificate or it is not made:
// never a silent fall-back to plain text.
#ifndef FIELDSERVICE_COMMON_DB_POOL_H_
#define FIELDSERVICE_COMMON_DB_POOL_H_

#include <cppconn/connection.h>
#include <cppconn/driver.h>

#include <atomic>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/config.h"
#include "services/common/log_throttle.h"
#include "services/common/statement_cache.h"

namespace fieldservice::common {

struct DbSettings {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password;  // from FS_DB_PASSWORD or db_password_file, never a flag
  std::string database;
  // TLS: with a CA file the connection is encrypted and the server's
  // certificate must be signed by that CA and name `host`; empty: plain text.
  // The client certificate and its key (both or neither) are presented when
  // the server asks, e.g. for a user created with REQUIRE X509.
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
  int pool_size = 8;
  absl::Duration connect_timeout = absl::Seconds(5);
  // Client-side limits on waiting for the server to answer / take a request
  // (whole seconds; zero: no limit). They end a call stuck on a dead network
  // or server; they must exceed the longest legitimate statement.
  absl::Duration read_timeout = absl::Seconds(30);
  absl::Duration write_timeout = absl::Seconds(30);
  // Server-side limit on one statement (zero: none) and on one row-lock wait;
  // both are lowered further to what is left of a call's deadline.
  absl::Duration statement_timeout = absl::Seconds(20);
  absl::Duration lock_wait_timeout = absl::Seconds(10);
  // How long a caller waits for a free connection before UNAVAILABLE.
  absl::Duration acquire_timeout = absl::Seconds(5);
  // Prepared statements kept per connection (statement_cache.h); 0: none.
  int statement_cache_size = 128;
  // A connection idle longer than this is pinged before use.
  absl::Duration validate_after_idle = absl::Seconds(10);
  // While the database is unreachable, at most one warning per interval,
  // carrying the number of failures since the last one.
  absl::Duration outage_log_interval = absl::Seconds(10);
  // Galera only: the session's wsrep_sync_wait, or -1 to leave the
  // server's. A Galera node applies the others' commits a moment after they
  // return, so a read on one node may miss a write just acknowledged on
  // another (a proxy moving connections to another node after a failure,
  // two replicas' connections on two nodes). 1 makes every read wait until
  // its node has applied everything committed before it started: reads see
  // the writes acknowledged before them, whichever node took those.
  int wsrep_sync_wait = -1;
};

// The db_* settings every service declares, with their defaults.
std::vector<Setting> DbSettingDecls(const std::string& default_database);
absl::StatusOr<DbSettings> DbSettingsFromConfig(const Config& config);

// The statement that puts a session into strict SQL mode; the same on
// MariaDB, MySQL 8 and TiDB.
extern const char kStrictSqlModeStatement[];

class ConnectionPool {
 public:
  explicit ConnectionPool(DbSettings settings);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  struct Pooled {
    std::unique_ptr<sql::Connection, CloseConnection> connection;
    int64_t id = 0;  // the server's CONNECTION_ID(), for KILL QUERY
    // The session limits last set on it (SetSessionLimits); unknown: none yet.
    std::optional<absl::Duration> statement_limit;
    int lock_wait_seconds = 0;
  };

  // A connection on loan; it goes back to the pool when the lease ends,
  // unless Discard() was called (after a connection-level error).
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    sql::Connection& connection() { return *pooled_.connection; }
    int64_t connection_id() const { return pooled_.id; }
    void Discard() { discard_ = true; }

    // Bounds the statements of this lease to `statement_limit` (zero: none)
    // and its row-lock waits to `lock_wait` (whole seconds, at least 1).
    // MariaDB: max_statement_time; MySQL/TiDB: max_execution_time (SELECTs
    // only there). Throws sql::SQLException like any statement.
    //
    // Limits already on the session are kept when each is at most what is
    // asked and at least half of it: API calls (bounded by their deadlines)
    // and background work (by the settings) share the connections, and
    // setting the exact limit every time cost a round trip on almost every
    // other transaction. A kept limit is never above what was asked.
    void SetSessionLimits(absl::Duration statement_limit, absl::Duration lock_wait);

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, Pooled p) : pool_(pool), pooled_(std::move(p)) {}
    ConnectionPool* pool_;
    Pooled pooled_;
    bool discard_ = false;
  };

  // UNAVAILABLE when the database cannot be reached, every connection stays
  // busy past acquire_timeout (or `deadline`, if sooner), or the pool was
  // aborted for shutdown.
  absl::StatusOr<Lease> Acquire(absl::Time deadline = absl::InfiniteFuture());

  // For shutdown: from now on no connection is handed out and no
  // transaction commits, and every statement running on a leased connection
  // is killed (KILL QUERY from a separate connection), so a call stuck on a
  // lock ends at once with its work rolled back.
  void AbortInFlight();
  bool aborted() const { return aborted_.load(); }

  // Whether the database answered the last attempt to reach it. Checked
  // again (a fresh connection, or a ping) by Probe().
  bool reachable() const { return reachable_.load(); }
  // Tries to reach the database now; returns reachable().
  bool Probe();
  // A connection was lost mid-work (the server went away): marks the
  // database unreachable and counts it into the throttled outage warning.
  void NoteConnectionLost(const LogFields& fields);

  const DbSettings& settings() const { return settings_; }

 private:
  struct Idle {
    Pooled pooled;
    absl::Time since;
  };
  // A new connection; `connect_timeout` overrides the setting's.
  absl::StatusOr<Pooled> Open(std::optional<absl::Duration> connect_timeout = std::nullopt);
  void Return(Pooled p, bool discard);
  void MarkReachable(bool reachable);

  DbSettings settings_;
  sql::Driver* driver_;
  std::atomic<bool> aborted_{false};
  std::atomic<bool> reachable_{true};
  // MariaDB takes max_statement_time; others max_execution_time.
  std::atomic<bool> is_mariadb_{true};
  // One throttled warning for every way of failing to reach the database.
  ThrottledLog outage_log_;
  absl::Mutex mu_;
  std::vector<Idle> idle_ ABSL_GUARDED_BY(mu_);
  int leased_ ABSL_GUARDED_BY(mu_) = 0;
  // Server connection ids of the connections on loan.
  std::set<int64_t> in_use_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_DB_POOL_H_
