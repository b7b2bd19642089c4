#include "services/common/outbox.h"

#include <algorithm>
#include <deque>
#include <exception>
#include <optional>

#include "absl/strings/str_cat.h"
#include "services/common/ids.h"
#include "services/common/logging.h"
#include "services/common/outbox_doorbell.h"
#include "services/common/sql.h"
#include "services/common/transaction.h"

namespace fieldservice::common {
namespace {

// Longest error text kept with a message.
constexpr size_t kMaxErrorLength = 500;
// Most deliveries of one relay at once: one thread each.
constexpr int kMaxInFlightLimit = 256;

bool Unreachable(absl::StatusCode code) {
  return code == absl::StatusCode::kUnavailable || code == absl::StatusCode::kDeadlineExceeded;
}

// "(?,?,?,?)" for `ids` padded to the next power of two by repeating the last
// id (a repeat changes nothing), so a batch's statements have few distinct
// texts and a per-connection statement cache keeps them.
std::string IdList(const std::vector<int64_t>& ids, std::vector<int64_t>& padded) {
  size_t n = 1;
  while (n < ids.size()) n *= 2;
  padded = ids;
  padded.resize(n, ids.back());
  std::string list = "(?";
  for (size_t i = 1; i < n; ++i) list += ",?";
  return list + ")";
}

// Hands a round's messages to the delivery workers: the first message of each
// topic alone (a probe), the rest of a topic once its receiver has answered,
// none of a topic once its receiver is unreachable, and nothing once the round
// may start no more (budget spent, stopping) or a handler threw.
class RoundQueue {
 public:
  RoundQueue(const std::vector<OutboxMessage>& messages, std::function<bool()> may_start)
      : may_start_(std::move(may_start)) {
    for (const OutboxMessage& m : messages) pending_.push_back(&m);
  }

  // The next message to deliver, or nullptr when this worker is done.
  const OutboxMessage* Next() {
    absl::MutexLock lock(&mu_);
    while (true) {
      if (thrown_ || !may_start_()) return nullptr;
      bool waiting_for_probe = false;
      for (auto it = pending_.begin(); it != pending_.end(); ++it) {
        Receiver& receiver = receivers_[(*it)->topic];
        if (receiver == Receiver::kUnreachable) continue;  // stays pending: given back
        if (receiver == Receiver::kProbing) {
          waiting_for_probe = true;
          continue;
        }
        if (receiver == Receiver::kUnknown) receiver = Receiver::kProbing;
        const OutboxMessage* m = *it;
        pending_.erase(it);
        return m;
      }
      if (!waiting_for_probe) return nullptr;
      const int seen = finished_;
      auto changed = [this, seen]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
        return finished_ != seen || thrown_ != nullptr;
      };
      mu_.Await(absl::Condition(&changed));
    }
  }

  void Done(const OutboxMessage* m, absl::Status status) {
    absl::MutexLock lock(&mu_);
    Receiver& receiver = receivers_[m->topic];
    if (Unreachable(status.code())) {
      receiver = Receiver::kUnreachable;
    } else if (receiver == Receiver::kProbing) {
      receiver = Receiver::kAnswers;
    }
    outcomes_.push_back({m, std::move(status)});
    ++finished_;
  }

  void Threw(std::exception_ptr e) {
    absl::MutexLock lock(&mu_);
    if (!thrown_) thrown_ = e;
  }

  // What the round came to; once every worker returned.
  struct Result {
    std::vector<OutboxRelay::Outcome> outcomes;
    std::vector<const OutboxMessage*> untried;
    std::exception_ptr thrown;
  };
  Result Finish() {
    absl::MutexLock lock(&mu_);
    return {std::move(outcomes_), {pending_.begin(), pending_.end()}, thrown_};
  }

 private:
  enum class Receiver { kUnknown, kProbing, kAnswers, kUnreachable };

  const std::function<bool()> may_start_;
  absl::Mutex mu_;
  std::deque<const OutboxMessage*> pending_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Receiver> receivers_ ABSL_GUARDED_BY(mu_);
  std::vector<OutboxRelay::Outcome> outcomes_ ABSL_GUARDED_BY(mu_);
  int finished_ ABSL_GUARDED_BY(mu_) = 0;
  std::exception_ptr thrown_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

namespace outbox_sql {

// A leased message's next attempt is its lease's end, so "due, or its lease
// ran out" is the one range next_attempt_at <= now on ix_outbox_due, read in
// that index's order (spelled out whole: MariaDB's UPDATE sorts otherwise):
// no sort of the backlog, no scan past the batch. The lease_until test keeps
// away from leases written by relays of older builds, which left
// next_attempt_at alone.
const char kLeaseDue[] =
    "UPDATE outbox SET leased_by = ?, lease_until = ?, next_attempt_at = ?"
    " WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?"
    " AND (lease_until IS NULL OR lease_until <= ?)"
    " ORDER BY delivered_at, failed_at, next_attempt_at, id LIMIT ?";
// On ix_outbox_leased; only the batch is sorted.
const char kReadLeases[] =
    "SELECT id, message_id, topic, payload, attempts FROM outbox"
    " WHERE leased_by = ? AND lease_until >= ?"
    " AND delivered_at IS NULL AND failed_at IS NULL ORDER BY id";
// On ix_outbox_due (delivered_at first).
const char kPurgeDelivered[] =
    "DELETE FROM outbox WHERE delivered_at < ? ORDER BY delivered_at LIMIT ?";

}  // namespace outbox_sql

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
  if (p.max_in_flight < 1 || p.max_in_flight > kMaxInFlightLimit) {
    return absl::InvalidArgumentError(
        absl::StrCat("outbox: deliveries in flight must be from 1 to ", kMaxInFlightLimit));
  }
  if (p.purge_batch < 1 || p.purge_interval <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "outbox: the purge batch must be at least 1 and the purge interval positive");
  }
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
  NoteMessageEnqueued();  // the relays are woken once this transaction commits
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
  const absl::Time now = clock_.Now();
  const absl::Time until = now + policy_.lease;
  // Claim with an UPDATE (portable to MySQL, MariaDB and TiDB, unlike SKIP
  // LOCKED), then read what this relay now owns by its lease. Each statement
  // stands alone (a lease is held once its UPDATE commits), so they run
  // without a transaction around them: a small round, one message after a
  // doorbell, costs two round trips fewer.
  absl::Status status = RunAutocommit(pool_, {}, [&](sql::Connection& c) {
    taken.clear();
    if (!took_back_own_leases_) {
      // Held under this replica id when it last stopped (a live relay gives
      // every lease back by the end of its round): taken back at once.
      Statement(c,
                "UPDATE outbox SET lease_until = ?, next_attempt_at = ?"
                " WHERE leased_by = ? AND delivered_at IS NULL AND failed_at IS NULL")
          .Bind(until)
          .Bind(until)
          .Bind(policy_.replica_id)
          .Execute();
    }
    Statement(c, outbox_sql::kLeaseDue)
        .Bind(policy_.replica_id)
        .Bind(until)
        .Bind(until)
        .Bind(now)
        .Bind(now)
        .Bind(policy_.batch_size)
        .Execute();
    auto rs = Statement(c, outbox_sql::kReadLeases).Bind(policy_.replica_id).Bind(now).Query();
    while (rs->next()) {
      taken.push_back({rs->getInt64("id"), rs->getString("message_id"), rs->getString("topic"),
                       rs->getString("payload"), rs->getInt("attempts")});
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  took_back_own_leases_ = true;
  return taken;
}

absl::Status OutboxRelay::Deliver(const OutboxMessage& m) {
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
  return outcome;
}

absl::Status OutboxRelay::Record(const std::vector<Outcome>& outcomes,
                                 const std::vector<const OutboxMessage*>& untried) {
  const absl::Time now = clock_.Now();
  std::vector<int64_t> delivered_ids, untried_ids;
  for (const Outcome& o : outcomes) {
    if (o.status.ok()) delivered_ids.push_back(o.message->id);
  }
  for (const OutboxMessage* m : untried) untried_ids.push_back(m->id);
  int lost = 0;
  // Every statement applies only while this relay still holds the lease:
  // once it ran out, another replica owns the message and its bookkeeping
  // wins. That guard makes each statement safe alone and safe to repeat, so
  // they run without a transaction (a repeat after a lost connection only
  // counts its messages as lost in the warning below).
  absl::Status status = RunAutocommit(pool_, {}, [&](sql::Connection& c) {
    lost = 0;
    std::vector<int64_t> ids;
    if (!delivered_ids.empty()) {
      std::string sql = absl::StrCat(
          "UPDATE outbox SET delivered_at = ?, leased_by = NULL, lease_until = NULL,"
          " attempts = attempts + 1 WHERE leased_by = ? AND id IN ",
          IdList(delivered_ids, ids));
      Statement update(c, sql.c_str());
      update.Bind(now).Bind(policy_.replica_id);
      for (int64_t id : ids) update.Bind(id);
      lost += static_cast<int>(delivered_ids.size()) - update.Execute();
    }
    if (!untried_ids.empty()) {
      // Due again at once: untried, they owe no backoff.
      std::string sql = absl::StrCat(
          "UPDATE outbox SET leased_by = NULL, lease_until = NULL, next_attempt_at = ?"
          " WHERE leased_by = ? AND id IN ",
          IdList(untried_ids, ids));
      Statement release(c, sql.c_str());
      release.Bind(now).Bind(policy_.replica_id);
      for (int64_t id : ids) release.Bind(id);
      release.Execute();
    }
    for (const Outcome& o : outcomes) {
      if (o.status.ok()) continue;
      std::string error = std::string(o.status.ToString()).substr(0, kMaxErrorLength);
      int recorded = 0;
      if (RetryDelivery(o.status.code())) {
        absl::Duration backoff = BackoffDelay(policy_.backoff, o.message->attempts + 1);
        recorded = Statement(c,
                             "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?,"
                             " last_error = ?, leased_by = NULL, lease_until = NULL"
                             " WHERE id = ? AND leased_by = ?")
                       .Bind(now + backoff)
                       .Bind(error)
                       .Bind(o.message->id)
                       .Bind(policy_.replica_id)
                       .Execute();
      } else {
        recorded = Statement(c,
                             "UPDATE outbox SET attempts = attempts + 1, failed_at = ?,"
                             " last_error = ?, leased_by = NULL, lease_until = NULL"
                             " WHERE id = ? AND leased_by = ?")
                       .Bind(now)
                       .Bind(error)
                       .Bind(o.message->id)
                       .Bind(policy_.replica_id)
                       .Execute();
      }
      if (recorded == 0) ++lost;
    }
    return absl::OkStatus();
  });
  if (status.ok() && lost > 0) {
    LogWarning("outbox_lease_lost", {{"messages", absl::StrCat(lost)}});
  }
  return status;
}

absl::Status OutboxRelay::PurgeWhenDue() {
  const absl::Time now = clock_.Now();
  if (now < next_purge_) return absl::OkStatus();
  int deleted = 0;
  absl::Status status = RunInTransaction(pool_, {}, [&](sql::Connection& c) {
    deleted = Statement(c, outbox_sql::kPurgeDelivered)
                  .Bind(now - policy_.retention)
                  .Bind(policy_.purge_batch)
                  .Execute();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  // A full chunk: more are past retention, the next round takes another.
  next_purge_ = deleted >= policy_.purge_batch ? now : now + policy_.purge_interval;
  return absl::OkStatus();
}

absl::StatusOr<OutboxRelay::Round> OutboxRelay::RunRound() {
  const absl::Time round_end = clock_.Now() + policy_.round_budget;
  auto taken = Lease();
  if (!taken.ok()) return taken.status();
  Round round{.leased = static_cast<int>(taken->size())};
  if (!taken->empty()) {
    // The budget is spent (well before the lease ends) or the relay is
    // stopping: what was not started waits untried.
    RoundQueue queue(*taken, [&] { return clock_.Now() < round_end && !Stopping(); });
    auto work = [&] {
      while (const OutboxMessage* m = queue.Next()) {
        absl::Status outcome;
        try {
          outcome = Deliver(*m);
        } catch (...) {
          queue.Threw(std::current_exception());
          return;
        }
        queue.Done(m, std::move(outcome));
      }
    };
    // This thread is one of the workers: one in flight needs no other.
    const int workers = std::min<int>(policy_.max_in_flight, taken->size());
    std::vector<std::thread> helpers;
    for (int i = 1; i < workers; ++i) helpers.emplace_back(work);
    work();
    for (std::thread& t : helpers) t.join();
    RoundQueue::Result result = queue.Finish();
    if (result.thrown) {
      // What was not delivered stays leased, as if the process had died.
      Record(result.outcomes, {}).IgnoreError();
      std::rethrow_exception(result.thrown);
    }
    if (absl::Status s = Record(result.outcomes, result.untried); !s.ok()) return s;
    for (const Outcome& o : result.outcomes) {
      if (o.status.ok()) ++round.delivered;
    }
  }
  if (absl::Status s = PurgeWhenDue(); !s.ok()) return s;
  return round;
}

absl::StatusOr<int> OutboxRelay::RunOnce() {
  auto round = RunRound();
  if (!round.ok()) return round.status();
  return round->delivered;
}

bool OutboxRelay::Stopping() {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

void OutboxRelay::Start() {
  doorbell_subscription_ = OutboxDoorbell::Process().Subscribe([this] {
    absl::MutexLock lock(&mu_);
    rung_ = true;
  });
  thread_ = std::thread([this] { Run(); });
}

void OutboxRelay::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  if (doorbell_subscription_ >= 0) {
    OutboxDoorbell::Process().Unsubscribe(doorbell_subscription_);
    doorbell_subscription_ = -1;
  }
}

void OutboxRelay::Run() {
  // The first round runs at once: messages left from before a restart.
  bool again = true;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto woken = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stopping_ || rung_; };
      if (!again) mu_.AwaitWithTimeout(absl::Condition(&woken), policy_.poll_interval);
      if (stopping_) return;
      rung_ = false;
    }
    auto round = RunRound();
    if (!round.ok()) {
      round_failures_.Warn({{"error", std::string(round.status().message())}});
      again = false;
      continue;
    }
    round_failures_.Recovered("outbox_relay_rounds_work_again");
    // A full batch that made progress: more are probably due.
    again = round->leased >= policy_.batch_size && round->delivered > 0;
  }
}

}  // namespace fieldservice::common
