// A bounded pool of MySQL-protocol connections (Connector/C++ 1.1) that
// survives a database restart: a connection idle for a while is pinged before
// it is handed out, and one that failed is discarded and replaced.
#ifndef FIELDSERVICE_COMMON_DB_POOL_H_
#define FIELDSERVICE_COMMON_DB_POOL_H_

#include <cppconn/connection.h>
#include <cppconn/driver.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/config.h"

namespace fieldservice::common {

struct DbSettings {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password;
  std::string database;
  int pool_size = 8;
  absl::Duration connect_timeout = absl::Seconds(5);
  // How long a caller waits for a free connection before UNAVAILABLE.
  absl::Duration acquire_timeout = absl::Seconds(5);
  // A connection idle longer than this is pinged before use.
  absl::Duration validate_after_idle = absl::Seconds(10);
};

// The db_* settings every service declares, with their defaults.
std::vector<Setting> DbSettingDecls(const std::string& default_database);
absl::StatusOr<DbSettings> DbSettingsFromConfig(const Config& config);

class ConnectionPool {
 public:
  explicit ConnectionPool(DbSettings settings);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // A connection on loan; it goes back to the pool when the lease ends,
  // unless Discard() was called (after a connection-level error).
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    sql::Connection& connection() { return *connection_; }
    void Discard() { discard_ = true; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<sql::Connection> c)
        : pool_(pool), connection_(std::move(c)) {}
    ConnectionPool* pool_;
    std::unique_ptr<sql::Connection> connection_;
    bool discard_ = false;
  };

  // UNAVAILABLE when the database cannot be reached or every connection stays
  // busy past acquire_timeout.
  absl::StatusOr<Lease> Acquire();

  const DbSettings& settings() const { return settings_; }

 private:
  struct Idle {
    std::unique_ptr<sql::Connection> connection;
    absl::Time since;
  };
  absl::StatusOr<std::unique_ptr<sql::Connection>> Open();
  void Return(std::unique_ptr<sql::Connection> c, bool discard);

  DbSettings settings_;
  sql::Driver* driver_;
  absl::Mutex mu_;
  std::vector<Idle> idle_ ABSL_GUARDED_BY(mu_);
  int leased_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_DB_POOL_H_
