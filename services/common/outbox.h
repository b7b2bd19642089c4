// The transactional outbox (DESIGN.md "Talking between services"): a state
// change and the message it owes another service are written in one
// transaction; a relay in the same process delivers the message afterwards,
// retrying with backoff until the receiver takes it. A service that is down
// delays the journey; it never loses a step.
//
// Every message has an id; receivers must treat a repeated id as done (the
// relay may deliver twice when it dies between delivery and bookkeeping).
#ifndef FIELDSERVICE_COMMON_OUTBOX_H_
#define FIELDSERVICE_COMMON_OUTBOX_H_

#include <cppconn/connection.h>

#include <functional>
#include <map>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"

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
  absl::Duration poll_interval = absl::Seconds(1);
  int batch_size = 50;
  absl::Duration initial_backoff = absl::Seconds(1);
  absl::Duration max_backoff = absl::Minutes(5);
  // How long a relay owns a message it took; another replica may take it
  // after that (the relay died mid-delivery).
  absl::Duration lease = absl::Seconds(60);
};

class OutboxRelay {
 public:
  // Delivers one message. OK marks it delivered. UNAVAILABLE,
  // DEADLINE_EXCEEDED, ABORTED, RESOURCE_EXHAUSTED and INTERNAL are retried
  // with backoff; any other error means the message can never succeed: it is
  // marked failed and logged for an operator.
  using Handler = std::function<absl::Status(const OutboxMessage&)>;

  OutboxRelay(ConnectionPool& pool, const Clock& clock, RelayPolicy policy,
              std::map<std::string, Handler> handlers);
  ~OutboxRelay() { Stop(); }

  // One round: takes the due messages, delivers them, records the outcome.
  // Once a topic's receiver is unreachable (UNAVAILABLE or DEADLINE_EXCEEDED)
  // its other messages wait for the next round untried, so one service being
  // down costs one timeout per round, not one per message. Returns how many
  // were delivered. Tests call this directly.
  absl::StatusOr<int> RunOnce();

  void Start();
  void Stop();

 private:
  absl::StatusOr<std::vector<OutboxMessage>> Lease();
  absl::Status Record(const OutboxMessage& m, const absl::Status& outcome);
  // Gives a message back untried (its receiver is unreachable this round).
  absl::Status Release(const OutboxMessage& m);
  void Run();

  ConnectionPool& pool_;
  const Clock& clock_;
  RelayPolicy policy_;
  std::map<std::string, Handler> handlers_;
  std::string owner_;  // this relay's lease id
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_OUTBOX_H_
