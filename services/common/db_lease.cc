#include "services/common/db_lease.h"

#include "absl/time/clock.h"
#include "services/common/logging.h"
#include "services/common/sql.h"

namespace fieldservice::common {

const char kCreateLeaseTable[] =
    "CREATE TABLE IF NOT EXISTS service_leases ("
    " name VARCHAR(100) NOT NULL PRIMARY KEY,"
    " holder VARCHAR(200) NOT NULL,"
    " expires_at DATETIME(6) NOT NULL)";

bool TryTakeLease(sql::Connection& c, const std::string& name, const std::string& holder,
                  absl::Duration ttl) {
  const int64_t micros = absl::ToInt64Microseconds(ttl);
  // The holder's own lease, or one that ran out: extended or taken over.
  int taken = Statement(c,
                        "UPDATE service_leases SET holder = ?,"
                        " expires_at = UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND"
                        " WHERE name = ? AND (holder = ? OR expires_at < UTC_TIMESTAMP(6))")
                  .Bind(holder)
                  .Bind(micros)
                  .Bind(name)
                  .Bind(holder)
                  .Execute();
  if (taken > 0) return true;
  // No row yet: the first to insert it has it. IGNORE turns only the
  // duplicate key of a row that is there into "not taken".
  return Statement(c,
                   "INSERT IGNORE INTO service_leases (name, holder, expires_at)"
                   " VALUES (?, ?, UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND)")
             .Bind(name)
             .Bind(holder)
             .Bind(micros)
             .Execute() > 0;
}

void ReleaseLease(sql::Connection& c, const std::string& name, const std::string& holder) {
  Statement(c, "DELETE FROM service_leases WHERE name = ? AND holder = ?")
      .Bind(name)
      .Bind(holder)
      .Execute();
}

absl::StatusOr<bool> TryTakeLease(ConnectionPool& pool, const RetryPolicy& retry,
                                  const std::string& name, const std::string& holder,
                                  absl::Duration ttl) {
  bool taken = false;
  // Both statements are safe to repeat after a lost connection: the holder
  // extends its own lease.
  absl::Status s = RunAutocommit(
      pool, retry,
      [&](sql::Connection& c) {
        taken = TryTakeLease(c, name, holder, ttl);
        return absl::OkStatus();
      },
      // A lease got late has at least half its time left.
      absl::Now() + ttl / 2);
  if (!s.ok()) return s;
  return taken;
}

absl::Status ReleaseLease(ConnectionPool& pool, const RetryPolicy& retry, const std::string& name,
                          const std::string& holder) {
  return RunAutocommit(
      pool, retry,
      [&](sql::Connection& c) {
        ReleaseLease(c, name, holder);
        return absl::OkStatus();
      },
      absl::Now() + pool.settings().statement_timeout);
}

namespace {

DbSettings OneConnection(DbSettings settings) {
  settings.pool_size = 1;
  return settings;
}

}  // namespace

LeaseKeeper::LeaseKeeper(const DbSettings& settings, std::string name, std::string holder,
                         absl::Duration ttl)
    : pool_(OneConnection(settings)),
      name_(std::move(name)),
      holder_(std::move(holder)),
      ttl_(ttl),
      thread_([this] { Run(); }) {}

LeaseKeeper::~LeaseKeeper() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void LeaseKeeper::Run() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto stopping = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stopping_; };
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping), ttl_ / 3)) return;
    }
    absl::StatusOr<bool> kept = TryTakeLease(pool_, RetryPolicy{}, name_, holder_, ttl_);
    if (!kept.ok() || !*kept) {
      LogWarning(
          "lease_not_renewed",
          {{"lease", name_},
           {"error", kept.ok() ? "another holder has it" : std::string(kept.status().message())}});
    }
  }
}

}  // namespace fieldservice::common
