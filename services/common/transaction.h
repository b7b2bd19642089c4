// Runs a unit of database work in one transaction, retrying what the server
// says is safe to retry (deadlocks, lock waits, Galera certification and TiDB
// write conflicts) and mapping every SQL exception to a canonical status, so
// that no SQL text or driver detail ever reaches a client.
#ifndef FIELDSERVICE_COMMON_TRANSACTION_H_
#define FIELDSERVICE_COMMON_TRANSACTION_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/backoff.h"
#include "services/common/db_pool.h"

namespace sql {
class Connection;
}

namespace fieldservice::common {

struct RetryPolicy {
  // Attempts in all, the first included.
  int max_attempts = 4;
  // Wait before attempt n (n >= 2): BackoffDelay(backoff, n - 1).
  BackoffPolicy backoff = {
      .initial = absl::Milliseconds(10), .max = absl::Seconds(1), .jitter = 0.5};
};

// What a MySQL error number means for the caller.
enum class SqlErrorClass {
  kRetryable,       // deadlock, lock wait timeout, certification failure
  kConnectionLost,  // 2006/2013 and friends: the connection is gone
  kDuplicateKey,    // 1062
  kInvalidValue,    // strict mode refused a value: too long, bad string, ...
  kInterrupted,     // statement time limit reached, or KILL QUERY
  kOther,
};
SqlErrorClass ClassifySqlError(int error_code);

// INVALID_ARGUMENT for a value the server refused (kInvalidValue), naming the
// column when the server's message does ("... for column 'x' ..." or
// "... for column `db`.`table`.`x` ..."); never any SQL or value text.
absl::Status InvalidValueStatus(int error_code, const std::string& server_message);

// Runs `work` inside BEGIN ... COMMIT. A non-OK status from `work` rolls back
// and is returned as is. SQL exceptions: retryable ones retry (then ABORTED),
// duplicate keys give ALREADY_EXISTS, refused values INVALID_ARGUMENT, a lost
// connection before COMMIT is retried on a new connection and during COMMIT
// gives UNAVAILABLE (the outcome is unknown, so it is not replayed), anything
// else INTERNAL.
//
// `deadline` (default: the current call's, call_deadline.h) bounds it all:
// the wait for a connection, each statement (server-side statement limit and
// lock wait lowered to the time left), the retries. Past it: DEADLINE_EXCEEDED
// and nothing is committed. After ConnectionPool::AbortInFlight (shutdown):
// UNAVAILABLE and nothing is committed.
absl::Status RunInTransaction(ConnectionPool& pool, const RetryPolicy& retry,
                              const std::function<absl::Status(sql::Connection&)>& work,
                              std::optional<absl::Time> deadline = std::nullopt);

// Reads as RunInTransaction runs work, with the same limits, retries and
// errors, but without START TRANSACTION and COMMIT: two round trips fewer.
// Under READ COMMITTED (every pooled session) each statement reads its own
// fresh snapshot inside a transaction as well, so a read loses nothing by
// it. `work` must not write.
absl::Status RunReadOnly(ConnectionPool& pool, const RetryPolicy& retry,
                         const std::function<absl::Status(sql::Connection&)>& work,
                         std::optional<absl::Time> deadline = std::nullopt);

// Runs `work` as RunInTransaction does, but with every statement committing
// as it runs (no START TRANSACTION, no COMMIT: two round trips fewer), for
// work that writes one statement. A statement that completed stays
// committed, past the deadline too. A lost connection runs `work` again on a
// new one, so `work` must be safe to repeat: an INSERT the unique key of a
// request id refuses the second time (CreateOnce), an UPDATE guarded by who
// holds a lease.
absl::Status RunAutocommit(ConnectionPool& pool, const RetryPolicy& retry,
                           const std::function<absl::Status(sql::Connection&)>& work,
                           std::optional<absl::Time> deadline = std::nullopt);

// How CreateOnce's `create` commits: in a transaction (several rows), or as
// one statement under autocommit (RunAutocommit: one row, fewer round trips).
enum class CommitMode { kTransaction, kAutocommit };

// Creation keyed by a client's request id, the one way to handle its race.
// `create` runs in a transaction or as one statement (`mode`), and answers a
// plain retry itself; when it loses to a concurrent create of the same key
// (the unique key refuses the insert: ALREADY_EXISTS), `reread` reads what
// the winner stored, so the caller gets exactly what a retry would get.
// `reread` returns whether it found it (not found: INTERNAL).
absl::Status CreateOnce(ConnectionPool& pool, const RetryPolicy& retry,
                        const std::function<absl::Status(sql::Connection&)>& create,
                        const std::function<absl::StatusOr<bool>(sql::Connection&)>& reread,
                        CommitMode mode = CommitMode::kTransaction);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_TRANSACTION_H_
