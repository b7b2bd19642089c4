// The repair order lifecycle as one table (DOMAIN.md "Taking a repair
// request", "The callback"). Every status change goes through NextStatus, so
// the table below is the whole truth about which moves are legal; the API,
// the audit trail and the tests all read it instead of restating it.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_STATE_MACHINE_H_
#define FIELDSERVICE_ORDERS_DOMAIN_STATE_MACHINE_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/errors.h"
#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

// Which service mode a row applies to. On-site and carry-in orders share the
// start and the end of the lifecycle but take different paths in between.
enum class ModeGuard { kAny, kOnSite, kCarryIn };

bool Admits(ModeGuard guard, ServiceMode mode);

struct Transition {
  OrderStatus from;
  OrderEvent event;
  OrderStatus to;
  ModeGuard mode;
};

// Every legal move, read-only. For any (from, event, mode) at most one row
// applies.
std::span<const Transition> TransitionTable();

// Every status and event, in declaration order, so tests and tools can
// iterate them without restating the enums.
std::span<const OrderStatus> AllStatuses();
std::span<const OrderEvent> AllEvents();

// The status `event` moves an order to, or FAILED_PRECONDITION (via
// common::IllegalTransitionError) naming the events allowed from `from` for
// this mode.
absl::StatusOr<OrderStatus> NextStatus(OrderStatus from, OrderEvent event, ServiceMode mode);

// The events legal from `from` for `mode`, in OrderEvent declaration order.
std::vector<OrderEvent> AllowedEvents(OrderStatus from, ServiceMode mode);

// resolved_remotely, closed and cancelled: no event leaves them.
bool IsFinal(OrderStatus status);

// Stable snake_case names ("pending_dispatch", "book_appointment"). They are
// stored in the database and the audit trail: never rename one.
std::string_view StatusName(OrderStatus status);
std::string_view EventName(OrderEvent event);
std::optional<OrderStatus> ParseStatus(std::string_view name);
std::optional<OrderEvent> ParseEvent(std::string_view name);

// What a transition may carry. Fields an event does not use are ignored, so
// one payload can serve a caller that sends assign and book_appointment
// together.
// Each member defaults, so a designated initializer names only the ones an
// event needs.
struct TransitionPayload {
  std::string technician_id = {};                      // assign
  std::optional<TimeWindow> appointment = {};          // book_appointment
  std::optional<absl::Time> promised_completion = {};  // receive_unit (收条)
  std::string reason = {};  // resolve_remotely, reopen, cancel, customer_not_home,
                            // convert_to_carry_in
};

// The payload rules per event, one violation per bad field, with field paths
// as in the API ("technician_id", "appointment.end_time",
// "promised_completion_time", "reason").
std::vector<common::FieldViolation> CheckTransitionPayload(OrderEvent event,
                                                           const TransitionPayload& payload);

// What `event` does to the order beyond its status (the technician, the
// booked window, the notes, the service mode); the caller sets the status
// NextStatus gave. One place, so a planned step (dispatch_progress.h) and a
// transition made by hand change an order the same way.
void ApplyEventEffects(OrderEvent event, const TransitionPayload& payload, RepairOrder& order);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_STATE_MACHINE_H_
