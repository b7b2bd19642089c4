#include "services/orders/domain/dispatch_progress.h"

#include <algorithm>
#include <deque>
#include <utility>

#include "services/orders/domain/text_limits.h"

namespace fieldservice::orders {
namespace {

using S = OrderStatus;
using E = OrderEvent;

constexpr OrderStatus kTargets[] = {S::kPendingDispatch, S::kAssigned, S::kAppointmentBooked,
                                    S::kEnRoute,         S::kOnSite,   S::kWaitingForParts,
                                    S::kAwaitingDropOff, S::kCompleted};

// The events a plan may use, in the order it tries them (so that equally
// short plans are always the same one). Never queue, cancel, close, reopen
// or the outlet's carry-in steps: those are people's decisions.
constexpr OrderEvent kDispatchEvents[] = {E::kAssign,          E::kUnassign, E::kBookAppointment,
                                          E::kDepart,          E::kArrive,   E::kWaitForParts,
                                          E::kPartsArrived,    E::kComplete, E::kCustomerNotHome,
                                          E::kConvertToCarryIn};

bool SameWindow(const std::optional<TimeWindow>& a, const std::optional<TimeWindow>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a.has_value() || (a->start == b->start && a->end == b->end);
}

bool SamePosition(const DispatchPosition& a, const DispatchPosition& b) {
  return a.status == b.status && a.service_mode == b.service_mode &&
         a.technician_id == b.technician_id && SameWindow(a.appointment, b.appointment);
}

// Whether the order at `p` is where the job is.
bool Reached(const DispatchPosition& p, const DispatchProgress& to) {
  if (p.status != to.status) return false;
  // Back in the queue nobody has it; handed to an outlet (carry-in) the
  // visit and its technician are over.
  if (to.status == S::kPendingDispatch || to.status == S::kAwaitingDropOff) return true;
  if (p.technician_id != to.technician_id) return false;
  // 预约: the booking is the window the customer was promised.
  if (to.status == S::kAppointmentBooked && to.appointment.has_value()) {
    return SameWindow(p.appointment, to.appointment);
  }
  return true;
}

// Steps that would record something that did not happen are not planned:
// assigning the technician the order already has, rebooking the window it
// already has, or departing for a visit other than the one booked.
bool MayTake(const DispatchPosition& p, OrderEvent event, const DispatchProgress& to) {
  switch (event) {
    case E::kAssign:
      return !to.technician_id.empty() && p.technician_id != to.technician_id;
    case E::kBookAppointment:
      return !(p.status == S::kAppointmentBooked && SameWindow(p.appointment, to.appointment));
    case E::kDepart:
      return !to.appointment.has_value() || SameWindow(p.appointment, to.appointment);
    default:
      return true;
  }
}

// Where `event` takes the order at `p` (its status from the table, the rest
// from the same effects a transition has), or nullopt when it is illegal.
std::optional<DispatchPosition> After(const DispatchPosition& p, OrderEvent event,
                                      const TransitionPayload& payload) {
  absl::StatusOr<OrderStatus> next = NextStatus(p.status, event, p.service_mode);
  if (!next.ok()) return std::nullopt;
  RepairOrder o;
  o.status = p.status;
  o.details.service_mode = p.service_mode;
  o.technician_id = p.technician_id;
  o.appointment = p.appointment;
  ApplyEventEffects(event, payload, o);
  o.status = *next;
  return DispatchPositionOf(o);
}

}  // namespace

DispatchPosition DispatchPositionOf(const RepairOrder& order) {
  return DispatchPosition{.status = order.status,
                          .service_mode = order.details.service_mode,
                          .technician_id = order.technician_id,
                          .appointment = order.appointment};
}

std::span<const OrderStatus> DispatchTargets() { return kTargets; }

bool IsDispatchTarget(OrderStatus status) {
  return std::find(std::begin(kTargets), std::end(kTargets), status) != std::end(kTargets);
}

bool IsRecordedBySchedulingService(OrderEvent event, ServiceMode mode) {
  switch (event) {
    case E::kAssign:
    case E::kUnassign:
    case E::kBookAppointment:
    case E::kDepart:
    case E::kArrive:
    case E::kCustomerNotHome:
    case E::kConvertToCarryIn:
      return true;
    case E::kWaitForParts:
    case E::kPartsArrived:
    case E::kComplete:
      return mode == ServiceMode::kOnSite;
    default:
      return false;
  }
}

std::vector<common::FieldViolation> CheckDispatchProgress(const DispatchProgress& p) {
  common::Violations v;
  if (p.dispatch_version <= 0) {
    v.Add("dispatch_version", "must be positive (the job's version in the scheduling service)");
  }
  if (!IsDispatchTarget(p.status)) {
    v.Add("status",
          "must be one of PENDING_DISPATCH, ASSIGNED, APPOINTMENT_BOOKED, EN_ROUTE, ON_SITE_VISIT, "
          "WAITING_FOR_PARTS, AWAITING_DROP_OFF, COMPLETED");
  } else if (p.status != S::kPendingDispatch &&
             p.technician_id.find_first_not_of(" \t\r\n") == std::string::npos) {
    v.Add("technician_id", "required: the technician the job is with");
  }
  if (p.appointment.has_value() && p.appointment->end <= p.appointment->start) {
    v.Add("appointment.end_time", "must be after appointment.start_time");
  }
  CheckTextLength(v, "technician_id", p.technician_id);
  CheckTextLength(v, "reason", p.reason);
  CheckTextLength(v, "visit_summary", p.visit_summary);
  return v.list();
}

std::optional<std::vector<PlannedEvent>> PlanDispatchProgress(const DispatchPosition& from,
                                                              const DispatchProgress& to) {
  // Breadth first over the few positions the order can take: the first
  // plan found is a shortest one. Positions differ only in status, mode,
  // technician (now's or the job's) and window (now's or the job's), so the
  // search is tiny and always ends.
  struct Node {
    DispatchPosition at;
    std::vector<PlannedEvent> path;
  };
  std::vector<DispatchPosition> seen = {from};
  std::deque<Node> frontier = {{from, {}}};
  const TransitionPayload payload{.technician_id = to.technician_id,
                                  .appointment = to.appointment,
                                  .promised_completion = std::nullopt,
                                  .reason = to.reason};
  while (!frontier.empty()) {
    Node node = std::move(frontier.front());
    frontier.pop_front();
    if (Reached(node.at, to)) return node.path;
    for (OrderEvent event : kDispatchEvents) {
      if (!MayTake(node.at, event, to)) continue;
      std::optional<DispatchPosition> next = After(node.at, event, payload);
      if (!next.has_value()) continue;
      auto known = [&](const DispatchPosition& p) { return SamePosition(p, *next); };
      if (std::any_of(seen.begin(), seen.end(), known)) continue;
      seen.push_back(*next);
      Node child{*next, node.path};
      child.path.push_back({event, payload});
      frontier.push_back(std::move(child));
    }
  }
  return std::nullopt;
}

}  // namespace fieldservice::orders
