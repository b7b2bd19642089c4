#include "services/orders/domain/dispatch_progress.h"

#include <algorithm>
#include <deque>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/utf8.h"
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

// An id or serial of a visit record. Nothing more is refused: whatever the
// scheduling service accepted from the app (a scanned serial ending in a
// line break) must not stop the order from following its job.
void CheckVisitId(common::Violations& v, const std::string& field, std::string_view value) {
  if (!common::IsValidUtf8(value)) {
    v.Add(field, "must be valid UTF-8");
    return;
  }
  if (common::CountChars(value) > kMaxVisitIdChars) {
    v.Add(field, absl::StrCat("must be at most ", kMaxVisitIdChars, " characters"));
  }
}

void CheckVisitRecord(common::Violations& v, const VisitRecord& record) {
  if (record.parts.size() > kMaxVisitParts) {
    v.Add("visit_record.parts", absl::StrCat("at most ", kMaxVisitParts, " parts"));
  }
  for (size_t i = 0; i < record.parts.size() && i < kMaxVisitParts; ++i) {
    const VisitPart& part = record.parts[i];
    const std::string at = absl::StrCat("visit_record.parts[", i, "]");
    if (part.part_id.empty()) v.Add(at + ".part_id", "required: the catalogue part id");
    CheckVisitId(v, at + ".part_id", part.part_id);
    CheckVisitId(v, at + ".serial", part.serial);
    if (part.quantity < 1) v.Add(at + ".quantity", "must be at least 1");
  }
  if (record.fees.size() > kMaxVisitFees) {
    v.Add("visit_record.fees", absl::StrCat("at most ", kMaxVisitFees, " fees"));
  }
  for (size_t i = 0; i < record.fees.size() && i < kMaxVisitFees; ++i) {
    const VisitFee& fee = record.fees[i];
    const std::string at = absl::StrCat("visit_record.fees[", i, "]");
    if (std::find(std::begin(kVisitFeeKinds), std::end(kVisitFeeKinds), fee.kind) ==
        std::end(kVisitFeeKinds)) {
      v.Add(at + ".kind", "must be LABOUR, PART or CALLOUT");
    }
    CheckVisitId(v, at + ".part_id", fee.part_id);
    if (fee.amount_fen < 0) v.Add(at + ".amount_fen", "must not be negative");
  }
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
  if (p.status != S::kCompleted) {
    if (p.visit_record.has_value()) {
      v.Add("visit_record", "only with status COMPLETED: the record of the completed visit");
    }
    if (!p.technician_outlet.empty()) {
      v.Add("technician_outlet", "only with status COMPLETED, with the visit's record");
    }
  }
  CheckTextLength(v, "technician_outlet", p.technician_outlet);
  if (p.visit_record.has_value()) CheckVisitRecord(v, *p.visit_record);
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
