#include "services/common/outbox.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/ids.h"
#include "services/common/logging.h"
#include "services/common/sql.h"
#include "services/common/transaction.h"

namespace fieldservice::common {
namespace {

// Longest error text kept with a message.
constexpr size_t kMaxErrorLength = 500;
// Delivered messages deleted per round, so a purge never holds locks long.
constexpr int kPurgeBatch = 1000;

}  // namespace

bool RetryDelivery(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kCancelled:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss:
      return true;
    default:
      return false;
  }
}

absl::Status CheckRelayPolicy(const RelayPolicy& p) {
  if (p.replica_id.size() > 255) {
    return absl::InvalidArgumentError("outbox: replica id is longer than 255 characters");
  }
  if (p.batch_size < 1) return absl::InvalidArgumentError("outbox: batch size must be at least 1");
  if (p.round_budget <= absl::ZeroDuration() || p.lease < p.round_budget) {
    return absl::InvalidArgumentError(
        "outbox: the lease must be at least the round budget, and the budget positive");
  }
  return absl::OkStatus();
}

absl::StatusOr<OutboxBacklog> ReadBacklog(ConnectionPool& pool, const Clock& clock) {
  OutboxBacklog backlog;
  absl::Status status = RunInTransaction(pool, {}, [&](sql::Connection& c) {
    auto rs = Statement(c,
                        "SELECT SUM(delivered_at IS NULL AND failed_at IS NULL) AS pending,"
                        " SUM(failed_at IS NOT NULL) AS parked,"
                        " MIN(CASE WHEN delivered_at IS NULL AND failed_at IS NULL"
                        " THEN created_at END) AS oldest FROM outbox"
                        " WHERE delivered_at IS NULL")
                  .Query();
    if (!rs->next()) return absl::OkStatus();
    backlog.pending = rs->isNull("pending") ? 0 : rs->getInt64("pending");
    backlog.parked = rs->isNull("parked") ? 0 : rs->getInt64("parked");
    if (std::optional<absl::Time> oldest = GetOptionalTime(*rs, "oldest")) {
      backlog.oldest_pending_age = std::max(absl::ZeroDuration(), clock.Now() - *oldest);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return backlog;
}

std::string EnqueueMessage(sql::Connection& c, const std::string& topic, const std::string& payload,
                           absl::Time now, const std::string& chosen_id) {
  std::string message_id = chosen_id.empty() ? NewUuid() : chosen_id;
  Statement(c,
            "INSERT INTO outbox (message_id, topic, payload, created_at, attempts,"
            " next_attempt_at) VALUES (?, ?, ?, ?, 0, ?)")
      .Bind(message_id)
      .Bind(topic)
      .Bind(payload)
      .Bind(now)
      .Bind(now)
      .Execute();
  return message_id;
}

OutboxRelay::OutboxRelay(ConnectionPool& pool, const Clock& clock, RelayPolicy policy,
                         std::map<std::string, Handler> handlers)
    : pool_(pool),
      clock_(clock),
      policy_(std::move(policy)),
      handlers_(std::move(handlers)),
      round_failures_("outbox_relay_round_failed", pool.settings().outage_log_interval) {
  if (policy_.replica_id.empty()) policy_.replica_id = NewUuid();
}

absl::StatusOr<std::vector<OutboxMessage>> OutboxRelay::Lease() {
  std::vector<OutboxMessage> taken;
  absl::Time now = clock_.Now();
  // Claim with an UPDATE (portable to MySQL, MariaDB and TiDB, unlike SKIP
  // LOCKED), then read what this relay now owns. Messages this replica id
  // still holds are its own from before a restart (a live relay gives every
  // lease back by the end of its round): they are taken back at once.
  absl::Status status = RunInTransaction(pool_, {}, [&](sql::Connection& c) {
    taken.clear();
    Statement(c,
              "UPDATE outbox SET leased_by = ?, lease_until = ?"
              " WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?"
              " AND (lease_until IS NULL OR lease_until < ? OR leased_by = ?)"
              " ORDER BY id LIMIT ?")
        .Bind(policy_.replica_id)
        .Bind(now + policy_.lease)
        .Bind(now)
        .Bind(now)
        .Bind(policy_.replica_id)
        .Bind(policy_.batch_size)
        .Execute();
    auto rs = Statement(c,
                        "SELECT id, message_id, topic, payload, attempts FROM outbox"
                        " WHERE leased_by = ? AND delivered_at IS NULL AND failed_at IS NULL"
                        " AND lease_until >= ? ORDER BY id")
                  .Bind(policy_.replica_id)
                  .Bind(now)
                  .Query();
    while (rs->next()) {
      taken.push_back({rs->getInt64("id"), rs->getString("message_id"), rs->getString("topic"),
                       rs->getString("payload"), rs->getInt("attempts")});
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return taken;
}

absl::Status OutboxRelay::Record(const OutboxMessage& m, const absl::Status& outcome) {
  absl::Time now = clock_.Now();
  int recorded = 0;
  absl::Status status = RunInTransaction(pool_, {}, [&](sql::Connection& c) {
    // Only while this relay still holds the lease: once it ran out, another
    // replica owns the message and its bookkeeping wins.
    if (outcome.ok()) {
      recorded = Statement(c,
                           "UPDATE outbox SET delivered_at = ?, leased_by = NULL,"
                           " lease_until = NULL, attempts = attempts + 1"
                           " WHERE id = ? AND leased_by = ?")
                     .Bind(now)
                     .Bind(m.id)
                     .Bind(policy_.replica_id)
                     .Execute();
      return absl::OkStatus();
    }
    std::string error = std::string(outcome.ToString()).substr(0, kMaxErrorLength);
    if (RetryDelivery(outcome.code())) {
      absl::Duration backoff = BackoffDelay(policy_.backoff, m.attempts + 1);
      recorded = Statement(c,
                           "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?,"
                           " last_error = ?, leased_by = NULL, lease_until = NULL"
                           " WHERE id = ? AND leased_by = ?")
                     .Bind(now + backoff)
                     .Bind(error)
                     .Bind(m.id)
                     .Bind(policy_.replica_id)
                     .Execute();
    } else {
      recorded = Statement(c,
                           "UPDATE outbox SET attempts = attempts + 1, failed_at = ?,"
                           " last_error = ?, leased_by = NULL, lease_until = NULL"
                           " WHERE id = ? AND leased_by = ?")
                     .Bind(now)
                     .Bind(error)
                     .Bind(m.id)
                     .Bind(policy_.replica_id)
                     .Execute();
    }
    return absl::OkStatus();
  });
  if (status.ok() && recorded == 0) {
    LogWarning("outbox_lease_lost", {{"topic", m.topic}, {"message", m.message_id}});
  }
  return status;
}

absl::Status OutboxRelay::Release(const OutboxMessage& m) {
  return RunInTransaction(pool_, {}, [&](sql::Connection& c) {
    Statement(c,
              "UPDATE outbox SET leased_by = NULL, lease_until = NULL"
              " WHERE id = ? AND leased_by = ?")
        .Bind(m.id)
        .Bind(policy_.replica_id)
        .Execute();
    return absl::OkStatus();
  });
}

absl::Status OutboxRelay::Purge() {
  absl::Time cutoff = clock_.Now() - policy_.retention;
  return RunInTransaction(pool_, {}, [&](sql::Connection& c) {
    Statement(c, "DELETE FROM outbox WHERE delivered_at < ? ORDER BY delivered_at LIMIT ?")
        .Bind(cutoff)
        .Bind(kPurgeBatch)
        .Execute();
    return absl::OkStatus();
  });
}

absl::StatusOr<int> OutboxRelay::RunOnce() {
  const absl::Time round_end = clock_.Now() + policy_.round_budget;
  auto taken = Lease();
  if (!taken.ok()) return taken.status();
  int delivered = 0;
  std::set<std::string> unreachable;
  for (const OutboxMessage& m : *taken) {
    // The budget is spent (well before the lease ends), the receiver is
    // down, or the relay is stopping: the message waits untried.
    if (unreachable.contains(m.topic) || clock_.Now() >= round_end || Stopping()) {
      if (absl::Status s = Release(m); !s.ok()) return s;
      continue;
    }
    auto handler = handlers_.find(m.topic);
    absl::Status outcome =
        handler == handlers_.end()
            ? absl::UnimplementedError(absl::StrCat("no handler for topic ", m.topic))
            : handler->second(m);
    if (!outcome.ok()) {
      LogWarning("outbox_delivery_failed", {{"topic", m.topic},
                                            {"message", m.message_id},
                                            {"attempt", absl::StrCat(m.attempts + 1)},
                                            {"error", std::string(outcome.message())}});
    }
    if (absl::Status s = Record(m, outcome); !s.ok()) return s;
    if (outcome.ok()) ++delivered;
    if (outcome.code() == absl::StatusCode::kUnavailable ||
        outcome.code() == absl::StatusCode::kDeadlineExceeded) {
      unreachable.insert(m.topic);
    }
  }
  if (absl::Status s = Purge(); !s.ok()) return s;
  return delivered;
}

bool OutboxRelay::Stopping() {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

void OutboxRelay::Start() {
  thread_ = std::thread([this] { Run(); });
}

void OutboxRelay::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void OutboxRelay::Run() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto stopping = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stopping_; };
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping), policy_.poll_interval)) return;
    }
    auto delivered = RunOnce();
    if (!delivered.ok()) {
      round_failures_.Warn({{"error", std::string(delivered.status().message())}});
    } else {
      round_failures_.Recovered("outbox_relay_rounds_work_again");
    }
  }
}

}  // namespace fieldservice::common
