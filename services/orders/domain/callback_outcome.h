// What the callback (回访) found, as the callback service reports it for one
// visit (RecordCallbackOutcome, through its outbox), and what it does to the
// order (DOMAIN.md "The callback"):
// - satisfied: the order closes;
// - not solved: the order is reopened and handled again (an on-site order
//   back to the dispatch queue, a carry-in order back to awaiting the unit)
//   until the customer accepts the repair [001];
// - unreachable: the callback gave up; the order stays completed, flagged,
//   and a person (a supervisor) decides whether to close it.
// While the callback service is configured, an order whose visit awaits its
// callback cannot be closed by a person (AwaitsCallback).
#ifndef FIELDSERVICE_ORDERS_DOMAIN_CALLBACK_OUTCOME_H_
#define FIELDSERVICE_ORDERS_DOMAIN_CALLBACK_OUTCOME_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/common/errors.h"
#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

enum class CallbackVerdict { kSatisfied, kNotSolved, kUnreachable };
std::string_view CallbackVerdictName(CallbackVerdict verdict);

struct CallbackOutcome {
  int64_t visit_number = 0;  // the visit the callback was about (visit_report.h)
  CallbackVerdict verdict = CallbackVerdict::kSatisfied;
  std::string reason;  // for the audit trail: the findings, the agent's note
};

// Every bad field at once: visit_number positive, reason within the
// audit trail's limit.
std::vector<common::FieldViolation> CheckCallbackOutcome(const CallbackOutcome& outcome);

// Whether `order` is completed, its visit was reported to the callback
// service, and the callback has not settled it: not satisfied (it would be
// closed), not unsolved (it would be reopened), not given up. A visit
// completed before the callback service was configured awaits nothing.
bool AwaitsCallback(const RepairOrder& order);

// Whether `outcome` is about the order's visit as it stands: the order is
// completed and the visit is its current one. Any other report (delivered
// again after it acted, or about a visit the order has moved past) changes
// nothing.
bool AppliesTo(const CallbackOutcome& outcome, const RepairOrder& order);

// The events that carry out `verdict` on a completed order, in order:
// CLOSE; REOPEN then back into the flow; none for kUnreachable.
std::vector<OrderEvent> EventsFor(CallbackVerdict verdict, ServiceMode mode);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_CALLBACK_OUTCOME_H_
