#include "services/common/transaction.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/statement.h>

#include <thread>

#include "absl/strings/str_cat.h"
#include "services/common/call_deadline.h"
#include "services/common/errors.h"
#include "services/common/logging.h"
#include "services/common/metrics.h"
#include "services/common/outbox_doorbell.h"
#include "services/common/sql.h"

namespace fieldservice::common {
namespace {

// Transactions are opened and closed with statements, not by switching the
// session's autocommit off and on: that took two extra round trips per
// transaction, and the session stays in autocommit mode between them.
void Run(sql::Connection& c, const char* statement) {
  std::unique_ptr<sql::Statement> st(c.createStatement());
  st->execute(statement);
}

void RollbackQuietly(sql::Connection& c) {
  try {
    Run(c, "ROLLBACK");
  } catch (const sql::SQLException&) {
    // The connection is probably gone; the caller discards it.
  }
}

absl::Status ShuttingDown() {
  return absl::UnavailableError(
      "the service is shutting down; the change was not made: retry on another replica");
}

absl::Status DeadlinePassed() {
  return absl::DeadlineExceededError(
      "the call's deadline passed during its database work; the change was not made");
}

// The column a strict-mode error names: the last backquoted or quoted
// identifier after "column ", or empty.
std::string ColumnIn(const std::string& message) {
  size_t at = message.find("column ");
  if (at == std::string::npos) return "";
  size_t pos = at + 7;
  std::string column;
  while (pos < message.size() && (message[pos] == '`' || message[pos] == '\'')) {
    char quote = message[pos];
    size_t end = message.find(quote, pos + 1);
    if (end == std::string::npos) return "";
    column = message.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    if (pos < message.size() && message[pos] == '.') ++pos;  // `db`.`table`.`col`
  }
  return column;
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
    case 2013:  // CR_SERVER_LOST (also the client read timeout)
    case 2002:  // CR_CONNECTION_ERROR
    case 2003:  // CR_CONN_HOST_ERROR
    case 2055:  // CR_SERVER_LOST_EXTENDED
    // A TLS connection cut under it (a database node killed, a proxy
    // restarted) reports its end as a TLS error.
    case 2026:  // CR_SSL_CONNECTION_ERROR
    case 1927:  // ER_CONNECTION_KILLED (MariaDB)
    case 1053:  // ER_SERVER_SHUTDOWN
    // A primary that failed over to another server (a managed MySQL, a
    // Galera node leaving the primary component behind a proxy) refuses
    // writes as read-only; a new connection reaches the new primary.
    case 1290:  // ER_OPTION_PREVENTS_STATEMENT (--read-only)
    case 1836:  // ER_READ_ONLY_MODE
      return SqlErrorClass::kConnectionLost;
    case 1062:
      return SqlErrorClass::kDuplicateKey;
    case 1406:  // ER_DATA_TOO_LONG
    case 1366:  // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD (e.g. bad UTF-8)
    case 1264:  // ER_WARN_DATA_OUT_OF_RANGE
    case 1265:  // WARN_DATA_TRUNCATED
      return SqlErrorClass::kInvalidValue;
    case 1317:  // ER_QUERY_INTERRUPTED (KILL QUERY)
    case 1969:  // ER_STATEMENT_TIMEOUT (MariaDB max_statement_time)
    case 3024:  // ER_QUERY_TIMEOUT (MySQL max_execution_time)
    case 1028:  // ER_FILSORT_ABORT (sort aborted by the kill)
      return SqlErrorClass::kInterrupted;
    default:
      return SqlErrorClass::kOther;
  }
}

absl::Status InvalidValueStatus(int code, const std::string& server_message) {
  std::string column = ColumnIn(server_message);
  std::string rule = code == 1406   ? "is too long for the stored field"
                     : code == 1366 ? "is not valid text (UTF-8) or not a valid value"
                                    : "is out of the stored field's range";
  if (column.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("invalid request: a value ", rule));
  }
  return InvalidArgumentError({{column, rule}});
}

namespace {

// How RunWork runs the work: in a transaction, as reads, or with every
// statement committing as it runs.
enum class WorkMode { kTransaction, kRead, kAutocommit };

// RunInTransaction, RunReadOnly and RunAutocommit: the same limits, retries
// and error mapping.
absl::Status RunWork(ConnectionPool& pool, const RetryPolicy& retry,
                     const std::function<absl::Status(sql::Connection&)>& work,
                     std::optional<absl::Time> deadline_or_call, WorkMode mode) {
  const bool transaction = mode == WorkMode::kTransaction;
  const absl::Time deadline = deadline_or_call.value_or(CurrentCallDeadline());
  const DbSettings& db = pool.settings();
  absl::Status last = absl::UnavailableError("database transaction not attempted");
  for (int attempt = 1; attempt <= retry.max_attempts; ++attempt) {
    if (attempt > 1) {
      absl::Duration wait = BackoffDelay(retry.backoff, attempt - 1);
      if (absl::Now() + wait >= deadline) return DeadlinePassed();
      std::this_thread::sleep_for(absl::ToChronoNanoseconds(wait));
    }
    if (pool.aborted()) return ShuttingDown();
    absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return DeadlinePassed();
    auto lease = pool.Acquire(deadline);
    if (!lease.ok()) return absl::Now() >= deadline ? DeadlinePassed() : lease.status();
    sql::Connection& c = lease->connection();
    bool committing = false;
    try {
      // Zero statement_timeout means "none": only a deadline limits then.
      // Whole seconds (rounded up), so consecutive calls usually need no new
      // SET; the check before COMMIT keeps the deadline exact.
      absl::Duration statement_limit = db.statement_timeout == absl::ZeroDuration()
                                           ? left
                                           : std::min(db.statement_timeout, left);
      if (statement_limit == absl::InfiniteDuration()) statement_limit = absl::ZeroDuration();
      statement_limit = absl::Ceil(statement_limit, absl::Seconds(1));
      lease->SetSessionLimits(statement_limit, std::min(db.lock_wait_timeout, left));
      if (transaction) Run(c, "START TRANSACTION");
      ForgetEnqueuedMessages();
      absl::Status status = work(c);
      if (!status.ok()) {
        RollbackQuietly(c);
        return status;
      }
      // A caller whose deadline passed, or who is about to be told the
      // service stopped, must never find the change committed later.
      // Under autocommit every statement committed as it ran: nothing is
      // left to undo, and the truth is that it is done.
      if (mode != WorkMode::kAutocommit && (pool.aborted() || absl::Now() >= deadline)) {
        RollbackQuietly(c);
        return pool.aborted() ? ShuttingDown() : DeadlinePassed();
      }
      committing = transaction;
      if (transaction) Run(c, "COMMIT");
      RingIfMessagesEnqueued();  // the outbox relay may deliver now
      return absl::OkStatus();
    } catch (const UnreadableValue& e) {
      LogError("stored_value_unreadable", {{"column", e.column()}});
      RollbackQuietly(c);
      return absl::DataLossError(absl::StrCat(
          "stored ", e.column(), " cannot be read by this build; see the service log"));
    } catch (const sql::SQLException& e) {
      int code = e.getErrorCode();
      SqlErrorClass kind = ClassifySqlError(code);
      LogFields fields = {{"errno", absl::StrCat(code)},
                          {"sqlstate", e.getSQLState()},
                          {"attempt", absl::StrCat(attempt)},
                          {"error", e.what()}};
      if (kind == SqlErrorClass::kConnectionLost) {
        pool.NoteConnectionLost(fields);  // one line per interval in an outage
      } else if (kind == SqlErrorClass::kDuplicateKey) {
        // Expected: how a retried create finds its first attempt (CreateOnce).
        Log(LogLevel::kDebug, "db_duplicate_key", fields);
      } else {
        LogWarning("db_transaction_error", fields);
      }
      RollbackQuietly(c);
      switch (kind) {
        case SqlErrorClass::kRetryable:
          if (attempt < retry.max_attempts) metrics::TransactionRetried(code);
          last = absl::AbortedError("the transaction kept conflicting with others; retry the call");
          continue;
        case SqlErrorClass::kConnectionLost:
          lease->Discard();
          if (committing) {
            return absl::UnavailableError(
                "the database connection was lost while committing; the "
                "outcome is unknown: read before retrying");
          }
          if (attempt < retry.max_attempts) metrics::TransactionRetried(code);
          last = absl::UnavailableError("the database is unavailable");
          continue;
        case SqlErrorClass::kDuplicateKey:
          return absl::AlreadyExistsError("a record with that key already exists");
        case SqlErrorClass::kInvalidValue:
          return InvalidValueStatus(code, e.what());
        case SqlErrorClass::kInterrupted:
          if (pool.aborted()) return ShuttingDown();
          return DeadlinePassed();
        case SqlErrorClass::kOther:
          lease->Discard();  // its state is unknown
          return absl::InternalError("database error; see the service log");
      }
    }
  }
  return last;
}

}  // namespace

absl::Status RunInTransaction(ConnectionPool& pool, const RetryPolicy& retry,
                              const std::function<absl::Status(sql::Connection&)>& work,
                              std::optional<absl::Time> deadline) {
  return RunWork(pool, retry, work, deadline, WorkMode::kTransaction);
}

absl::Status RunReadOnly(ConnectionPool& pool, const RetryPolicy& retry,
                         const std::function<absl::Status(sql::Connection&)>& work,
                         std::optional<absl::Time> deadline) {
  return RunWork(pool, retry, work, deadline, WorkMode::kRead);
}

absl::Status RunAutocommit(ConnectionPool& pool, const RetryPolicy& retry,
                           const std::function<absl::Status(sql::Connection&)>& work,
                           std::optional<absl::Time> deadline) {
  return RunWork(pool, retry, work, deadline, WorkMode::kAutocommit);
}

absl::Status CreateOnce(ConnectionPool& pool, const RetryPolicy& retry,
                        const std::function<absl::Status(sql::Connection&)>& create,
                        const std::function<absl::StatusOr<bool>(sql::Connection&)>& reread,
                        CommitMode mode) {
  absl::Status status = mode == CommitMode::kTransaction ? RunInTransaction(pool, retry, create)
                                                         : RunAutocommit(pool, retry, create);
  if (status.code() != absl::StatusCode::kAlreadyExists) return status;
  bool found = false;
  absl::Status read = RunReadOnly(pool, retry, [&](sql::Connection& c) {
    absl::StatusOr<bool> reread_found = reread(c);
    if (!reread_found.ok()) return reread_found.status();
    found = *reread_found;
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  if (!found) return absl::InternalError("the key vanished after a duplicate-key error");
  return absl::OkStatus();
}

}  // namespace fieldservice::common
