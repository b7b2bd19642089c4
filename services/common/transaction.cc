#include "services/common/transaction.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>

#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/common/logging.h"

namespace fieldservice::common {
namespace {

absl::Duration Backoff(const RetryPolicy& retry, int attempt) {
  thread_local std::mt19937 rng{std::random_device{}()};
  absl::Duration base = retry.initial_backoff * (1 << std::min(attempt - 1, 10));
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  return base * jitter(rng);
}

void RollbackQuietly(sql::Connection& c) {
  try {
    c.rollback();
    c.setAutoCommit(true);
  } catch (const sql::SQLException&) {
    // The connection is probably gone; the caller discards it.
  }
}

}  // namespace

SqlErrorClass ClassifySqlError(int code) {
  switch (code) {
    case 1213:  // ER_LOCK_DEADLOCK; also Galera's certification failure
    case 1205:  // ER_LOCK_WAIT_TIMEOUT
    case 1180:  // ER_ERROR_DURING_COMMIT (Galera)
    case 1047:  // WSREP has not yet prepared node for application use
    case 9007:  // TiDB write conflict
    case 8002:  // TiDB: SELECT FOR UPDATE write conflict
    case 8022:  // TiDB: transaction commit failed, retryable
      return SqlErrorClass::kRetryable;
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 2002:  // CR_CONNECTION_ERROR
    case 2003:  // CR_CONN_HOST_ERROR
    case 2055:  // CR_SERVER_LOST_EXTENDED
    case 1927:  // ER_CONNECTION_KILLED (MariaDB)
    case 1053:  // ER_SERVER_SHUTDOWN
      return SqlErrorClass::kConnectionLost;
    case 1062:
      return SqlErrorClass::kDuplicateKey;
    default:
      return SqlErrorClass::kOther;
  }
}

absl::Status RunInTransaction(ConnectionPool& pool, const RetryPolicy& retry,
                              const std::function<absl::Status(sql::Connection&)>& work) {
  absl::Status last = absl::UnavailableError("database transaction not attempted");
  for (int attempt = 1; attempt <= retry.max_attempts; ++attempt) {
    if (attempt > 1)
      std::this_thread::sleep_for(absl::ToChronoNanoseconds(Backoff(retry, attempt)));
    auto lease = pool.Acquire();
    if (!lease.ok()) return lease.status();
    sql::Connection& c = lease->connection();
    bool committing = false;
    try {
      c.setAutoCommit(false);
      absl::Status status = work(c);
      if (!status.ok()) {
        RollbackQuietly(c);
        return status;
      }
      committing = true;
      c.commit();
      c.setAutoCommit(true);
      return absl::OkStatus();
    } catch (const sql::SQLException& e) {
      int code = e.getErrorCode();
      SqlErrorClass kind = ClassifySqlError(code);
      LogWarning("db_transaction_error", {{"errno", absl::StrCat(code)},
                                          {"sqlstate", e.getSQLState()},
                                          {"attempt", absl::StrCat(attempt)},
                                          {"error", e.what()}});
      RollbackQuietly(c);
      switch (kind) {
        case SqlErrorClass::kRetryable:
          last = absl::AbortedError("the transaction kept conflicting with others; retry the call");
          continue;
        case SqlErrorClass::kConnectionLost:
          lease->Discard();
          if (committing) {
            return absl::UnavailableError(
                "the database connection was lost while committing; the "
                "outcome is unknown: read before retrying");
          }
          last = absl::UnavailableError("the database is unavailable");
          continue;
        case SqlErrorClass::kDuplicateKey:
          return absl::AlreadyExistsError("a record with that key already exists");
        case SqlErrorClass::kOther:
          lease->Discard();  // its state is unknown
          return absl::InternalError("database error; see the service log");
      }
    }
  }
  return last;
}

}  // namespace fieldservice::common
