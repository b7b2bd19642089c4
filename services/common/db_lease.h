// A named lease held in a table row, for work one replica of a service does
// at a time: applying migrations, sweeping deadlines.
//
// GET_LOCK would not do on a Galera cluster: each node keeps its own named
// locks, so two replicas on two nodes would both get one. A row is the same
// on every node. Two replicas taking it at once on different nodes both
// commit locally; certification refuses one (error 1213, a retryable
// deadlock), and when it tries again it reads the other's row. On one
// server, the row lock orders them the same way.
//
// Expiry is by the database's clock (UTC_TIMESTAMP), never the replicas'
// own (fake ones in tests), so two replicas cannot disagree about it. A
// holder that dies frees the lease when its time runs out.
#ifndef FIELDSERVICE_COMMON_DB_LEASE_H_
#define FIELDSERVICE_COMMON_DB_LEASE_H_

#include <cppconn/connection.h>

#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/db_pool.h"
#include "services/common/transaction.h"

namespace fieldservice::common {

// The table, created with schema_migrations before any migration runs.
extern const char kCreateLeaseTable[];

// One attempt on an open connection under autocommit: takes `name` for
// `holder` until `ttl` from now, or extends it when `holder` has it already.
// False while another holder's lease has not run out. Throws
// sql::SQLException; a certification failure (retryable) means try again.
bool TryTakeLease(sql::Connection& c, const std::string& name, const std::string& holder,
                  absl::Duration ttl);
// Gives it up, if `holder` still has it.
void ReleaseLease(sql::Connection& c, const std::string& name, const std::string& holder);

// The same through a pool, with its retries and error mapping
// (RunAutocommit).
absl::StatusOr<bool> TryTakeLease(ConnectionPool& pool, const RetryPolicy& retry,
                                  const std::string& name, const std::string& holder,
                                  absl::Duration ttl);
absl::Status ReleaseLease(ConnectionPool& pool, const RetryPolicy& retry, const std::string& name,
                          const std::string& holder);

// Keeps a lease taken elsewhere: renews it for `holder` every `ttl / 3` on a
// connection of its own until destroyed. Work that holds a lease longer
// than its ttl (a migration's DDL) keeps it, while a holder that dies loses
// it within `ttl`, so its restart (under another holder) waits that long at
// most. A renewal that finds the lease gone is logged; the work checks its
// lease again before its next step.
class LeaseKeeper {
 public:
  LeaseKeeper(const DbSettings& settings, std::string name, std::string holder, absl::Duration ttl);
  ~LeaseKeeper();
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

 private:
  void Run();

  ConnectionPool pool_;
  const std::string name_;
  const std::string holder_;
  const absl::Duration ttl_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_DB_LEASE_H_
