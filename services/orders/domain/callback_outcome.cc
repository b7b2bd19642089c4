#include "services/orders/domain/callback_outcome.h"

#include "services/common/enum_names.h"
#include "services/orders/domain/text_limits.h"
#include "services/orders/domain/visit_report.h"

namespace fieldservice::orders {
namespace {

constexpr common::EnumName<CallbackVerdict> kVerdictNames[] = {
    {CallbackVerdict::kSatisfied, "SATISFIED"},
    {CallbackVerdict::kNotSolved, "NOT_SOLVED"},
    {CallbackVerdict::kUnreachable, "UNREACHABLE"},
};

}  // namespace

std::string_view CallbackVerdictName(CallbackVerdict verdict) {
  return common::NameOf(kVerdictNames, verdict);
}

std::vector<common::FieldViolation> CheckCallbackOutcome(const CallbackOutcome& outcome) {
  common::Violations v;
  if (outcome.visit_number < 1) v.Add("visit_number", "1 or more");
  CheckTextLength(v, "reason", outcome.reason);
  return v.list();
}

bool AwaitsCallback(const RepairOrder& order) {
  const int64_t visit = VisitNumberOf(order);
  return order.status == OrderStatus::kCompleted && order.callback_reported_visit == visit &&
         order.callback_unreachable_visit != visit;
}

bool AppliesTo(const CallbackOutcome& outcome, const RepairOrder& order) {
  return AwaitsCallback(order) && outcome.visit_number == VisitNumberOf(order);
}

std::vector<OrderEvent> EventsFor(CallbackVerdict verdict, ServiceMode mode) {
  switch (verdict) {
    case CallbackVerdict::kSatisfied:
      return {OrderEvent::kClose};
    case CallbackVerdict::kNotSolved:
      // Handled again: an on-site order goes back to dispatch (and so to
      // the scheduling service's queue), a carry-in order to the outlet.
      return {OrderEvent::kReopen, mode == ServiceMode::kCarryIn ? OrderEvent::kAwaitDropOff
                                                                 : OrderEvent::kQueueForDispatch};
    case CallbackVerdict::kUnreachable:
      return {};
  }
  return {};
}

}  // namespace fieldservice::orders
