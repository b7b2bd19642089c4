// The storage port of the orders domain: what the service needs from a
// database, with no SQL in sight. storage/mysql_order_repository implements it.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_ORDER_REPOSITORY_H_
#define FIELDSERVICE_ORDERS_DOMAIN_ORDER_REPOSITORY_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

enum class DeadlineFilter { kNone, kAtRiskOrOverdue, kOverdue };

// Filters for listing; all combine with AND. Newest first, keyset paging.
struct OrderQuery {
  std::vector<OrderStatus> statuses;  // any of them; empty for all
  std::optional<ContactType> contact_type;
  std::string phone;  // normalised form, exact
  std::string region_code_prefix;
  std::string technician_id;
  std::optional<absl::Time> created_from;  // inclusive
  std::optional<absl::Time> created_to;    // exclusive
  DeadlineFilter deadline_filter = DeadlineFilter::kNone;
  absl::Time now;                    // what "at risk" and "overdue" are judged against
  std::optional<int64_t> before_id;  // continue below this id
  int limit = 50;
};

struct OrderPage {
  std::vector<RepairOrder> orders;
  std::optional<int64_t> next_before_id;  // set when more may follow
};

struct EventPage {
  std::vector<AuditEvent> events;
  std::optional<int64_t> next_after_sequence;
};

// An open deadline the sweeper must act on. (sweep_at, order_id, kind) is
// its place in the sweep order, so a pass can continue after it.
struct DueDeadline {
  std::string order_number;
  // Unset for a kind this version does not know (a corrupt row): the sweep
  // reports it and goes on.
  std::optional<DeadlineKind> kind;
  std::string kind_name;  // as stored
  int64_t order_id = 0;
  absl::Time sweep_at;  // NextSweepAt when it was read
};

// A message the order owes another service, written in the same transaction
// as the change (services/common/outbox.h).
struct OwedMessage {
  std::string topic;
  std::string message_id;
  // The person whose change owes it, so that the receiver's audit trail can
  // say "orders, on behalf of agent-li"; empty: the service's own doing.
  std::string on_behalf_of;
  // The visit a callback.visit_completed message reports (visit_report.h);
  // 0 for the other topics.
  int64_t visit_number = 0;
};

// An owed message's payload: the order number, then the person on a second
// line when there is one, then the visit number on a third when there is one
// (the second line is then empty if no person asked). (Messages written
// before the second line existed hold the number alone, and read back the
// same way.)
std::string OwedPayload(const std::string& order_number, const OwedMessage& message);
struct OwedPayloadParts {
  std::string order_number;
  std::string on_behalf_of;
  int64_t visit_number = 0;
};
OwedPayloadParts ParseOwedPayload(std::string_view payload);

// What a change adds besides the order itself.
struct OrderChanges {
  std::vector<AuditEvent> events;
  std::vector<OwedMessage> owed;
  // Set by a change that found nothing to do: the order is returned as it
  // was, unwritten, and its etag stays valid.
  bool nothing_to_write = false;
};

struct CreateResult {
  RepairOrder order;
  bool created = false;  // false: the request_id had already made this order
};

class OrderRepository {
 public:
  virtual ~OrderRepository() = default;

  // Stores a new order with its events in one transaction. Storage allocates
  // the order number from the day's counter, sets it on the order, and calls
  // `numbered` so the domain can finish what depends on it (the read-back
  // text) before the row is written. If an order with the same request_id
  // exists, returns it instead (created = false); concurrent duplicates make
  // exactly one order. The events and owed messages of `changes` are
  // written in the same transaction.
  virtual absl::StatusOr<CreateResult> Create(
      RepairOrder order, absl::CivilDay business_day, OrderChanges changes,
      const std::function<void(RepairOrder&)>& numbered) = 0;

  virtual absl::StatusOr<RepairOrder> Get(const std::string& order_number) = 0;

  virtual absl::StatusOr<OrderPage> List(const OrderQuery& query) = 0;

  // Loads the order under a row lock, checks `expected_version` when given
  // (ABORTED when stale), lets `change` edit it and add events, then writes
  // the order, its deadlines, the events and the owed messages and bumps the
  // version, all in one transaction. `change` may run more than once
  // (deadlock retries), so it must only compute. An error from `change`
  // writes nothing.
  using ChangeFn = std::function<absl::Status(RepairOrder& order, OrderChanges& changes)>;
  virtual absl::StatusOr<RepairOrder> Mutate(const std::string& order_number,
                                             std::optional<int64_t> expected_version,
                                             const ChangeFn& change) = 0;

  virtual absl::StatusOr<EventPage> ListEvents(const std::string& order_number,
                                               int64_t after_sequence, int limit) = 0;

  // Open deadlines of orders that are not final whose warning time or due
  // time is before `now` without the matching reminder or breach recorded
  // yet (NextSweepAt < now); in sweep order, starting after `after` if set.
  virtual absl::StatusOr<std::vector<DueDeadline>> DeadlinesToSweep(
      absl::Time now, const std::optional<DueDeadline>& after, int limit) = 0;

  // Owes one `topic` message (the order number as payload) for every order
  // of `mode` in one of `statuses`, in one statement; how many.
  virtual absl::StatusOr<int> OweForStatuses(const std::string& topic,
                                             std::span<const OrderStatus> statuses,
                                             ServiceMode mode, absl::Time now) = 0;
};

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_ORDER_REPOSITORY_H_
