// What the callback service must hear of an order (issue 11): each completed
// visit (the COMPLETE event, recorded by scheduling or by a person) owes one
// message on kCallbackVisitCompletedTopic in the same transaction; the relay
// then reads the order and reports the visit (clients/callback_reporter.h),
// so that a 回访 task is made for it.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_VISIT_REPORT_H_
#define FIELDSERVICE_ORDERS_DOMAIN_VISIT_REPORT_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/time/time.h"
#include "services/orders/domain/order_repository.h"
#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

// The payload is the order number, the person (or an empty line) and the
// visit number (OwedPayload).
inline constexpr char kCallbackVisitCompletedTopic[] = "callback.visit_completed";

// Whether the change's events complete a visit (a COMPLETE transition).
bool CompletesAVisit(const OrderChanges& changes);

// The number of the visit a COMPLETE event on `order` (as changed) ends: the
// count of COMPLETE events in the order's history including it. COMPLETE
// leads to COMPLETED, and the only way on from there to another COMPLETE is
// REOPEN (state_machine.cc), which counts itself in reopen_count; so a new
// order's visit is 1 and a reopened order's next visit is reopen_count + 1.
// The callback service keys its task by order number and visit number.
int64_t VisitNumberOf(const RepairOrder& order);

// When visit `visit_number` reached each step, read from the order's audit
// trail (the reports' time to assign, on-time arrival and time to
// complete). Visit 1 runs from the start; each REOPEN starts the next.
struct VisitMilestones {
  std::optional<absl::Time> assigned_at;   // the visit's first ASSIGN
  std::optional<absl::Time> arrived_at;    // its last ARRIVE before COMPLETE
  std::optional<absl::Time> completed_at;  // its COMPLETE; unset: not in `events`
};
VisitMilestones MilestonesOf(const std::vector<AuditEvent>& events, int64_t visit_number);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_VISIT_REPORT_H_
