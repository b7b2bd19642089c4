// The transactional outbox (DESIGN.md "Talking between services"): a state
// change and the message it owes another service are written in one
// transaction; a relay in the same process delivers the message afterwards,
// retrying with backoff until the receiver takes it. A service that is down
// delays the journey; it never loses a step.
//
// Every message has an id; receivers must treat a repeated id as done (the
// relay may deliver twice when it dies between delivery and bookkeeping).
// Messages are delivered several at a time, so in no particular order: a
// receiver (or handler) that needs the latest of several must check, as the
// warranty requester does with the order's current request id.
#ifndef FIELDSERVICE_COMMON_OUTBOX_H_
#define FIELDSERVICE_COMMON_OUTBOX_H_

#include <cppconn/connection.h>

#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/backoff.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/common/log_throttle.h"

namespace fieldservice::common {

// The outbox table; each service's migrations create it with this DDL
// (see services/orders/migrations/0003_outbox.sql).
struct OutboxMessage {
  int64_t id = 0;
  std::string message_id;  // a UUID, unique; the receiver's idempotency key
  std::string topic;       // what kind of message, e.g. "warranty.decide"
  std::string payload;     // the serialised request
  int attempts = 0;        // deliveries tried before this one
};

// Adds a message inside the caller's open transaction; returns its id. The
// caller may choose the id (e.g. to remember which request is the latest);
// empty: a new UUID.
std::string EnqueueMessage(sql::Connection& c, const std::string& topic, const std::string& payload,
                           absl::Time now, const std::string& message_id = "");

struct RelayPolicy {
  // How often the relay looks for due messages when nothing woke it: a
  // commit that enqueued in this process rings the doorbell
  // (outbox_doorbell.h) at once; the timer finds retries that became due and
  // messages written by other replicas.
  absl::Duration poll_interval = absl::Seconds(1);
  // Messages leased per round (one UPDATE on the due index). A round that
  // leased a full batch and delivered some starts the next one at once.
  int batch_size = 100;
  // Deliveries of one relay running at the same time (one thread each: the
  // handlers are blocking calls). 1: one by one, in lease order.
  int max_in_flight = 8;
  // Waits between delivery attempts of one message (backoff.h).
  BackoffPolicy backoff = {.initial = absl::Seconds(1), .max = absl::Minutes(5), .jitter = 0.2};
  // How long a relay owns the messages it took; another replica may take
  // them after that (the relay died mid-delivery). At least round_budget
  // plus one delivery's own timeout, so a live round never loses a lease.
  absl::Duration lease = absl::Seconds(60);
  // A round starts no delivery after this long; what is left is given back
  // for the next round.
  absl::Duration round_budget = absl::Seconds(30);
  // Delivered messages are deleted this long after delivery (parked ones
  // are kept for an operator).
  absl::Duration retention = absl::Hours(24 * 7);
  // Delivered messages past retention deleted per statement, so a purge
  // never holds its locks long; a full chunk is followed by another the next
  // round, otherwise the next purge waits purge_interval.
  int purge_batch = 1000;
  absl::Duration purge_interval = absl::Minutes(1);
  // Who holds a lease: stable across restarts of the same replica (e.g.
  // "<hostname>/orders"), so a restarted replica takes its own leases back at
  // once. Must differ between replicas running at the same time. Empty: a
  // new random id per relay (its leases then wait out `lease` after a crash).
  std::string replica_id = {};
};

// OK, or INVALID_ARGUMENT naming what is inconsistent (lease shorter than
// the round budget, replica id too long, ...).
absl::Status CheckRelayPolicy(const RelayPolicy& policy);

// Whether a failed delivery is tried again later (true) or parked for an
// operator (false). Retried: the receiver is unreachable or busy, or not
// ready yet (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED,
// CANCELLED, FAILED_PRECONDITION e.g. no catalogue loaded yet, INTERNAL and
// UNKNOWN: a receiver fault that a fix or restart may cure). Parked: the
// message itself is wrong for the receiver (INVALID_ARGUMENT, NOT_FOUND,
// ALREADY_EXISTS, PERMISSION_DENIED, UNAUTHENTICATED, OUT_OF_RANGE,
// UNIMPLEMENTED, e.g. no handler for its topic).
bool RetryDelivery(absl::StatusCode code);

// The outbox's state for an operator or a status RPC.
struct OutboxBacklog {
  int64_t pending = 0;  // not delivered, not parked
  int64_t parked = 0;   // failed for good; an operator must look
  // Age of the oldest pending message; zero when none is pending.
  absl::Duration oldest_pending_age = absl::ZeroDuration();
};
absl::StatusOr<OutboxBacklog> ReadBacklog(ConnectionPool& pool, const Clock& clock);

// The relay's statements that must stay on an index as the table grows,
// exposed so a test can EXPLAIN them on a service's schema
// (tests/orders/outbox_queries_test.cc).
namespace outbox_sql {
// Leases up to n due messages (or ones whose lease ran out) in due order.
// Binds: replica id, lease end, lease end (the next attempt), now, now, n.
extern const char kLeaseDue[];
// What a replica holds now. Binds: replica id, now.
extern const char kReadLeases[];
// Deletes up to n messages delivered before a cutoff. Binds: cutoff, n.
extern const char kPurgeDelivered[];
}  // namespace outbox_sql

class OutboxRelay {
 public:
  // Delivers one message. OK marks it delivered; a failure is retried with
  // backoff or parked, as RetryDelivery says.
  using Handler = std::function<absl::Status(const OutboxMessage&)>;
  // What one delivery of a round came to.
  struct Outcome {
    const OutboxMessage* message;
    absl::Status status;
  };

  // `policy` must pass CheckRelayPolicy.
  OutboxRelay(ConnectionPool& pool, const Clock& clock, RelayPolicy policy,
              std::map<std::string, Handler> handlers);
  ~OutboxRelay() { Stop(); }

  // One round: takes up to batch_size due messages (and any this replica
  // still held when it last stopped), delivers them within the round budget
  // with at most max_in_flight at once, records the outcomes of those it
  // still leases, and purges delivered messages past retention when due.
  // The first delivery of each topic in a round goes alone; once a topic's
  // receiver is unreachable (UNAVAILABLE or DEADLINE_EXCEEDED) its messages
  // not yet started wait for the next round untried, so one service being
  // down costs one timeout per round, not one per message. Returns how many
  // were delivered. Tests call this directly. A handler that throws ends the
  // round: outcomes so far are recorded, the rest stay leased, and the
  // exception propagates.
  absl::StatusOr<int> RunOnce();

  // A thread running rounds: at once, then whenever the doorbell rings, the
  // poll interval passes, or the last round leased a full batch.
  void Start();
  // Starts no more deliveries, waits for those in flight and their
  // bookkeeping, and returns.
  void Stop();

 private:
  struct Round {
    int leased = 0;
    int delivered = 0;
  };
  absl::StatusOr<Round> RunRound();
  absl::StatusOr<std::vector<OutboxMessage>> Lease();
  absl::Status Deliver(const OutboxMessage& m);
  // Records the outcomes, and gives the untried messages back (their
  // receiver is unreachable this round, or the budget is spent), in one
  // transaction; only for messages this relay still leases.
  absl::Status Record(const std::vector<Outcome>& outcomes,
                      const std::vector<const OutboxMessage*>& untried);
  absl::Status PurgeWhenDue();
  bool Stopping();
  void Run();

  ConnectionPool& pool_;
  const Clock& clock_;
  RelayPolicy policy_;
  std::map<std::string, Handler> handlers_;
  // A database outage fails every round: one warning per interval.
  ThrottledLog round_failures_;
  // Touched by the round's thread only.
  bool took_back_own_leases_ = false;
  absl::Time next_purge_ = absl::InfinitePast();
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool rung_ ABSL_GUARDED_BY(mu_) = false;  // a message was enqueued since the last round began
  int doorbell_subscription_ = -1;
  std::thread thread_;
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_OUTBOX_H_
