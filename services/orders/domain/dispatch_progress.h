// The scheduling service owns an on-site order's dispatch steps (assigned,
// booked, en route, on site, waiting for parts, completed) and reports each
// one (RecordDispatchProgress). The order follows through its own lifecycle:
// this plans the events of the state machine that bring the order from
// where it stands to where the job is, using only legal transitions, so the
// audit trail shows every step as if it had been made by hand. Pure: no
// clock, no storage.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_DISPATCH_PROGRESS_H_
#define FIELDSERVICE_ORDERS_DOMAIN_DISPATCH_PROGRESS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "services/common/errors.h"
#include "services/orders/domain/repair_order.h"
#include "services/orders/domain/state_machine.h"

namespace fieldservice::orders {

// Where the job stands in scheduling, as reported.
struct DispatchProgress {
  int64_t dispatch_version = 0;  // the job's version there; positive
  OrderStatus status = OrderStatus::kPendingDispatch;
  std::string technician_id;              // empty for kPendingDispatch
  std::optional<TimeWindow> appointment;  // the booked visit, once booked
  std::string reason;                     // why, for the audit trail
  std::optional<absl::Time> eta;          // kEnRoute: expected arrival
  std::string visit_summary;              // kCompleted: the repair record in short
  // kCompleted only: the technician's repair record (unset: scheduling has
  // none) and the outlet (网点) of the technician.
  std::optional<VisitRecord> visit_record;
  std::string technician_outlet;
};

// Bounds of a reported visit record: room to spare over what the scheduling
// service's record policy allows by default (30 parts, 20 fees, 64-character
// part ids and serials), so a record it accepted is not refused here (a
// refused report would leave the order behind its job); the lines are
// stored as text (storage/visit_rows.cc), which these bound.
inline constexpr size_t kMaxVisitParts = 100;
inline constexpr size_t kMaxVisitFees = 100;
inline constexpr size_t kMaxVisitIdChars = 128;
// The fee kinds a record may name (scheduling's FeeKind names).
inline constexpr std::string_view kVisitFeeKinds[] = {"LABOUR", "PART", "CALLOUT"};

// Where the order stands, as far as dispatch is concerned.
struct DispatchPosition {
  OrderStatus status = OrderStatus::kReceived;
  ServiceMode service_mode = ServiceMode::kOnSite;
  std::string technician_id;
  std::optional<TimeWindow> appointment;
};
DispatchPosition DispatchPositionOf(const RepairOrder& order);

// The statuses a job can report: the on-site flow from the queue to the end
// of the visit, and the carry-in an unfixable visit turns into.
std::span<const OrderStatus> DispatchTargets();
bool IsDispatchTarget(OrderStatus status);

// The events only the scheduling service records once it is configured
// (people use Dispatch / the technician app instead); WAIT_FOR_PARTS,
// PARTS_ARRIVED and COMPLETE only for on-site orders (a carry-in outlet
// still records its own).
bool IsRecordedBySchedulingService(OrderEvent event, ServiceMode mode);

// The request's own rules, every bad field at once ("name" is the API's):
// dispatch_version positive, status one of DispatchTargets(),
// technician_id for every status but kPendingDispatch, an appointment that
// ends after it starts, text lengths; visit_record and technician_outlet
// only with kCompleted, the record within kMaxVisitParts parts and
// kMaxVisitFees fees, each part naming its part id, each id and serial at
// most kMaxVisitIdChars of valid UTF-8, quantities at least 1, fee kinds from kVisitFeeKinds and
// amounts not negative ("visit_record.fees[1].amount_fen").
std::vector<common::FieldViolation> CheckDispatchProgress(const DispatchProgress& progress);

// One planned step: the event and what it carries.
struct PlannedEvent {
  OrderEvent event;
  TransitionPayload payload;
};

// The shortest sequence of legal events from `from` to `to` (empty: the
// order is there already), or nullopt when there is none (cancelled,
// closed, carry-in, not yet queued, ...). Only dispatch events are used
// (never queue, cancel, close...). The order reaches `to.status` with
// `to.technician_id` (unless pending dispatch); at APPOINTMENT_BOOKED, and
// whenever it departs from a booking, with `to.appointment` when given.
// Every event carries `to.reason`. Deterministic: the same input plans the
// same events.
std::optional<std::vector<PlannedEvent>> PlanDispatchProgress(const DispatchPosition& from,
                                                              const DispatchProgress& to);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_DISPATCH_PROGRESS_H_
