#include "services/orders/domain/state_machine.h"

#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "services/common/enum_names.h"
#include "services/common/policy_text.h"

namespace fieldservice::orders {
namespace {

using S = OrderStatus;
using E = OrderEvent;
using M = ModeGuard;

// The lifecycle. Read it top to bottom as the journey of an order.
constexpr Transition kTable[] = {
    // Consultation or a fault on the customer's side, guided by phone: closes
    // without a visit (DOMAIN.md "Taking a repair request" [004]).
    {S::kReceived, E::kResolveRemotely, S::kResolvedRemotely, M::kAny},

    // On-site (上门).
    {S::kReceived, E::kQueueForDispatch, S::kPendingDispatch, M::kOnSite},
    {S::kPendingDispatch, E::kAssign, S::kAssigned, M::kOnSite},
    // Assigning again is a reassignment; the new technician must still book.
    {S::kAssigned, E::kAssign, S::kAssigned, M::kOnSite},
    {S::kAssigned, E::kUnassign, S::kPendingDispatch, M::kOnSite},
    // 预约: the visit time is agreed before anyone travels.
    {S::kAssigned, E::kBookAppointment, S::kAppointmentBooked, M::kOnSite},
    // Rescheduling keeps the technician; the new window replaces the old.
    {S::kAppointmentBooked, E::kBookAppointment, S::kAppointmentBooked, M::kOnSite},
    {S::kAppointmentBooked, E::kUnassign, S::kPendingDispatch, M::kOnSite},
    {S::kAppointmentBooked, E::kDepart, S::kEnRoute, M::kOnSite},
    {S::kEnRoute, E::kArrive, S::kOnSite, M::kOnSite},
    {S::kOnSite, E::kComplete, S::kCompleted, M::kOnSite},
    {S::kOnSite, E::kWaitForParts, S::kWaitingForParts, M::kOnSite},
    // The technician has left; a new visit must be agreed with the customer,
    // so the order goes back to its technician to book again.
    {S::kWaitingForParts, E::kPartsArrived, S::kAssigned, M::kOnSite},
    // 守信誉, 不失约: a customer not home is not a failed order; the
    // technician keeps the job and a new visit is agreed (预约 again).
    {S::kEnRoute, E::kCustomerNotHome, S::kAssigned, M::kOnSite},
    {S::kOnSite, E::kCustomerNotHome, S::kAssigned, M::kOnSite},
    // What cannot be repaired in the home goes to a service outlet (维修网点):
    // the order continues as a carry-in (送修) order.
    {S::kOnSite, E::kConvertToCarryIn, S::kAwaitingDropOff, M::kOnSite},

    // Carry-in (送修).
    {S::kReceived, E::kAwaitDropOff, S::kAwaitingDropOff, M::kCarryIn},
    // The outlet may hand a receipt (收条) with a promised completion time.
    {S::kAwaitingDropOff, E::kReceiveUnit, S::kInRepair, M::kCarryIn},
    {S::kInRepair, E::kWaitForParts, S::kWaitingForParts, M::kCarryIn},
    // The unit never left the outlet, so repair simply resumes.
    {S::kWaitingForParts, E::kPartsArrived, S::kInRepair, M::kCarryIn},
    {S::kInRepair, E::kMarkReadyForPickup, S::kReadyForPickup, M::kCarryIn},
    // Completed when the customer collects the unit.
    {S::kReadyForPickup, E::kComplete, S::kCompleted, M::kCarryIn},

    // The callback (回访): satisfied closes; unsolved reopens and the order is
    // handled again until the customer accepts [001].
    {S::kCompleted, E::kClose, S::kClosed, M::kAny},
    {S::kCompleted, E::kReopen, S::kReopened, M::kAny},
    {S::kReopened, E::kQueueForDispatch, S::kPendingDispatch, M::kOnSite},
    {S::kReopened, E::kAwaitDropOff, S::kAwaitingDropOff, M::kCarryIn},

    // Cancelling is possible only before work starts: once a technician is
    // travelling or the unit is at the outlet, the order must run its course.
    {S::kReceived, E::kCancel, S::kCancelled, M::kAny},
    {S::kPendingDispatch, E::kCancel, S::kCancelled, M::kAny},
    {S::kAssigned, E::kCancel, S::kCancelled, M::kAny},
    {S::kAppointmentBooked, E::kCancel, S::kCancelled, M::kAny},
    {S::kAwaitingDropOff, E::kCancel, S::kCancelled, M::kAny},
    {S::kReopened, E::kCancel, S::kCancelled, M::kAny},
};

// Names are storage keys: append new entries, never rename existing ones.
constexpr common::EnumName<OrderStatus> kStatusNames[] = {
    {S::kReceived, "received"},
    {S::kResolvedRemotely, "resolved_remotely"},
    {S::kPendingDispatch, "pending_dispatch"},
    {S::kAssigned, "assigned"},
    {S::kAppointmentBooked, "appointment_booked"},
    {S::kEnRoute, "en_route"},
    {S::kOnSite, "on_site"},
    {S::kWaitingForParts, "waiting_for_parts"},
    {S::kAwaitingDropOff, "awaiting_drop_off"},
    {S::kInRepair, "in_repair"},
    {S::kReadyForPickup, "ready_for_pickup"},
    {S::kCompleted, "completed"},
    {S::kClosed, "closed"},
    {S::kCancelled, "cancelled"},
    {S::kReopened, "reopened"},
};

constexpr common::EnumName<OrderEvent> kEventNames[] = {
    {E::kResolveRemotely, "resolve_remotely"},
    {E::kQueueForDispatch, "queue_for_dispatch"},
    {E::kAwaitDropOff, "await_drop_off"},
    {E::kAssign, "assign"},
    {E::kUnassign, "unassign"},
    {E::kBookAppointment, "book_appointment"},
    {E::kDepart, "depart"},
    {E::kArrive, "arrive"},
    {E::kWaitForParts, "wait_for_parts"},
    {E::kPartsArrived, "parts_arrived"},
    {E::kReceiveUnit, "receive_unit"},
    {E::kMarkReadyForPickup, "mark_ready_for_pickup"},
    {E::kComplete, "complete"},
    {E::kClose, "close"},
    {E::kReopen, "reopen"},
    {E::kCancel, "cancel"},
    {E::kCustomerNotHome, "customer_not_home"},
    {E::kConvertToCarryIn, "convert_to_carry_in"},
};

constexpr auto kAllStatuses = [] {
  std::array<OrderStatus, std::size(kStatusNames)> out{};
  for (size_t i = 0; i < out.size(); ++i) out[i] = kStatusNames[i].value;
  return out;
}();

constexpr auto kAllEvents = [] {
  std::array<OrderEvent, std::size(kEventNames)> out{};
  for (size_t i = 0; i < out.size(); ++i) out[i] = kEventNames[i].value;
  return out;
}();

const Transition* FindRow(OrderStatus from, OrderEvent event, ServiceMode mode) {
  for (const Transition& row : kTable) {
    if (row.from == from && row.event == event && Admits(row.mode, mode)) {
      return &row;
    }
  }
  return nullptr;
}

bool IsBlank(std::string_view s) { return absl::StripAsciiWhitespace(common::ToAbsl(s)).empty(); }

}  // namespace

bool Admits(ModeGuard guard, ServiceMode mode) {
  switch (guard) {
    case ModeGuard::kAny:
      return true;
    case ModeGuard::kOnSite:
      return mode == ServiceMode::kOnSite;
    case ModeGuard::kCarryIn:
      return mode == ServiceMode::kCarryIn;
  }
  return false;
}

std::span<const Transition> TransitionTable() { return kTable; }
std::span<const OrderStatus> AllStatuses() { return kAllStatuses; }
std::span<const OrderEvent> AllEvents() { return kAllEvents; }

absl::StatusOr<OrderStatus> NextStatus(OrderStatus from, OrderEvent event, ServiceMode mode) {
  if (const Transition* row = FindRow(from, event, mode)) return row->to;
  std::vector<std::string> allowed;
  for (OrderEvent e : AllowedEvents(from, mode)) {
    allowed.emplace_back(EventName(e));
  }
  return common::IllegalTransitionError("repair order", EventName(event), StatusName(from),
                                        allowed);
}

std::vector<OrderEvent> AllowedEvents(OrderStatus from, ServiceMode mode) {
  std::vector<OrderEvent> out;
  for (OrderEvent e : kAllEvents) {
    if (FindRow(from, e, mode) != nullptr) out.push_back(e);
  }
  return out;
}

bool IsFinal(OrderStatus status) {
  // Derived from the table so a new outgoing edge can never leave a status
  // both "final" and movable.
  for (const Transition& row : kTable) {
    if (row.from == status) return false;
  }
  return true;
}

std::string_view StatusName(OrderStatus status) { return common::NameOf(kStatusNames, status); }

std::string_view EventName(OrderEvent event) { return common::NameOf(kEventNames, event); }

std::optional<OrderStatus> ParseStatus(std::string_view name) {
  return common::ValueNamed(kStatusNames, name);
}

std::optional<OrderEvent> ParseEvent(std::string_view name) {
  return common::ValueNamed(kEventNames, name);
}

std::vector<common::FieldViolation> CheckTransitionPayload(OrderEvent event,
                                                           const TransitionPayload& payload) {
  common::Violations v;
  switch (event) {
    case OrderEvent::kAssign:
      if (IsBlank(payload.technician_id)) {
        v.Add("technician_id", "required to assign a technician");
      }
      break;
    case OrderEvent::kBookAppointment:
      // 预约 / 守信誉: the customer is promised a window, so it must be one.
      if (!payload.appointment.has_value()) {
        v.Add("appointment", "required to book an appointment");
      } else if (payload.appointment->end <= payload.appointment->start) {
        v.Add("appointment.end_time", "must be after appointment.start_time");
      }
      break;
    case OrderEvent::kResolveRemotely:
    case OrderEvent::kReopen:
    case OrderEvent::kCancel:
    case OrderEvent::kCustomerNotHome:
    case OrderEvent::kConvertToCarryIn:
      // These end, restart or redirect the service; the audit trail and the
      // callback need to know why.
      if (IsBlank(payload.reason)) {
        v.Add("reason", "required to " + std::string(EventName(event)));
      }
      break;
    default:
      // receive_unit's promised completion (收条) is optional: a quick repair
      // is done at once, with no promise to record.
      break;
  }
  return v.list();
}

void ApplyEventEffects(OrderEvent event, const TransitionPayload& p, RepairOrder& o) {
  switch (event) {
    case OrderEvent::kAssign:
      if (o.technician_id != p.technician_id) o.appointment.reset();
      o.technician_id = p.technician_id;
      break;
    case OrderEvent::kUnassign:
      o.technician_id.clear();
      o.appointment.reset();
      break;
    case OrderEvent::kBookAppointment:
      o.appointment = p.appointment;
      break;
    case OrderEvent::kReceiveUnit:
      o.promised_completion = p.promised_completion;
      break;
    case OrderEvent::kResolveRemotely:
    case OrderEvent::kCancel:
      o.resolution_note = p.reason;
      break;
    case OrderEvent::kReopen:
      // Handled again from the start: a new visit, maybe another technician.
      o.resolution_note = p.reason;
      o.reopen_count += 1;
      o.technician_id.clear();
      o.appointment.reset();
      o.visit_record.reset();
      o.technician_outlet.clear();
      break;
    case OrderEvent::kCustomerNotHome:
      // The technician keeps the job; the missed window is no longer the
      // visit, a new one is booked.
      o.appointment.reset();
      break;
    case OrderEvent::kConvertToCarryIn:
      // From here on the outlet repairs it: the order is a carry-in order
      // and the visit, with its technician, is over.
      o.details.service_mode = ServiceMode::kCarryIn;
      o.technician_id.clear();
      o.appointment.reset();
      break;
    default:
      break;
  }
}

}  // namespace fieldservice::orders
