#include "services/common/outbox.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/ids.h"
#include "services/common/logging.h"
#include "services/common/sql.h"
#include "services/common/transaction.h"

namespace fieldservice::common {
namespace {

bool Retryable(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
      return true;
    default:
      return false;
  }
}

// Longest error text kept with a message.
constexpr size_t kMaxErrorLength = 500;

}  // namespace

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
      policy_(policy),
      handlers_(std::move(handlers)),
      owner_(NewUuid()) {}

absl::StatusOr<std::vector<OutboxMessage>> OutboxRelay::Lease() {
  std::vector<OutboxMessage> taken;
  absl::Time now = clock_.Now();
  // Claim with an UPDATE (portable to MySQL, MariaDB and TiDB, unlike SKIP
  // LOCKED), then read what this relay now owns.
  absl::Status status = RunInTransaction(pool_, {}, [&](sql::Connection& c) {
    taken.clear();
    Statement(c,
              "UPDATE outbox SET leased_by = ?, lease_until = ?"
              " WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?"
              " AND (lease_until IS NULL OR lease_until < ?)"
              " ORDER BY id LIMIT ?")
        .Bind(owner_)
        .Bind(now + policy_.lease)
        .Bind(now)
        .Bind(now)
        .Bind(policy_.batch_size)
        .Execute();
    auto rs = Statement(c,
                        "SELECT id, message_id, topic, payload, attempts FROM outbox"
                        " WHERE leased_by = ? AND delivered_at IS NULL AND failed_at IS NULL"
                        " AND lease_until >= ? ORDER BY id")
                  .Bind(owner_)
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
  return RunInTransaction(pool_, {}, [&](sql::Connection& c) {
    if (outcome.ok()) {
      Statement(c,
                "UPDATE outbox SET delivered_at = ?, leased_by = NULL, lease_until = NULL,"
                " attempts = attempts + 1 WHERE id = ?")
          .Bind(now)
          .Bind(m.id)
          .Execute();
      return absl::OkStatus();
    }
    std::string error = std::string(outcome.ToString()).substr(0, kMaxErrorLength);
    if (Retryable(outcome.code())) {
      absl::Duration backoff =
          std::min(policy_.max_backoff, policy_.initial_backoff * (1 << std::min(m.attempts, 20)));
      Statement(c,
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?,"
                " last_error = ?, leased_by = NULL, lease_until = NULL WHERE id = ?")
          .Bind(now + backoff)
          .Bind(error)
          .Bind(m.id)
          .Execute();
    } else {
      Statement(c,
                "UPDATE outbox SET attempts = attempts + 1, failed_at = ?, last_error = ?,"
                " leased_by = NULL, lease_until = NULL WHERE id = ?")
          .Bind(now)
          .Bind(error)
          .Bind(m.id)
          .Execute();
    }
    return absl::OkStatus();
  });
}

absl::Status OutboxRelay::Release(const OutboxMessage& m) {
  return RunInTransaction(pool_, {}, [&](sql::Connection& c) {
    Statement(c, "UPDATE outbox SET leased_by = NULL, lease_until = NULL WHERE id = ?")
        .Bind(m.id)
        .Execute();
    return absl::OkStatus();
  });
}

absl::StatusOr<int> OutboxRelay::RunOnce() {
  auto taken = Lease();
  if (!taken.ok()) return taken.status();
  int delivered = 0;
  std::set<std::string> unreachable;
  for (const OutboxMessage& m : *taken) {
    if (unreachable.contains(m.topic)) {
      if (absl::Status s = Release(m); !s.ok()) return s;
      continue;
    }
    auto handler = handlers_.find(m.topic);
    absl::Status outcome =
        handler == handlers_.end()
            ? absl::FailedPreconditionError(absl::StrCat("no handler for topic ", m.topic))
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
  return delivered;
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
      LogWarning("outbox_relay_round_failed",
                 {{"error", std::string(delivered.status().message())}});
    }
  }
}

}  // namespace fieldservice::common
