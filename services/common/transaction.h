// Runs a unit of database work in one transaction, retrying what the server
// says is safe to retry (deadlocks, lock waits, Galera certification and TiDB
// write conflicts) and mapping every SQL exception to a canonical status, so
// that no SQL text or driver detail ever reaches a client.
#ifndef FIELDSERVICE_COMMON_TRANSACTION_H_
#define FIELDSERVICE_COMMON_TRANSACTION_H_

#include <functional>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/common/db_pool.h"

namespace sql {
class Connection;
}

namespace fieldservice::common {

struct RetryPolicy {
  // Attempts in all, the first included.
  int max_attempts = 4;
  // Backoff before attempt n is initial_backoff * 2^(n-2), with jitter.
  absl::Duration initial_backoff = absl::Milliseconds(10);
};

// What a MySQL error number means for the caller.
enum class SqlErrorClass {
  kRetryable,       // deadlock, lock wait timeout, certification failure
  kConnectionLost,  // 2006/2013 and friends: the connection is gone
  kDuplicateKey,    // 1062
  kOther,
};
SqlErrorClass ClassifySqlError(int error_code);

// Runs `work` inside BEGIN ... COMMIT. A non-OK status from `work` rolls back
// and is returned as is. SQL exceptions: retryable ones retry (then ABORTED),
// duplicate keys give ALREADY_EXISTS, a lost connection before COMMIT is
// retried on a new connection and during COMMIT gives UNAVAILABLE (the outcome
// is unknown, so it is not replayed), anything else INTERNAL.
absl::Status RunInTransaction(ConnectionPool& pool, const RetryPolicy& retry,
                              const std::function<absl::Status(sql::Connection&)>& work);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_TRANSACTION_H_
