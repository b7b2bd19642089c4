// The order follows its job in the scheduling service (issue 9 "The order
// follows"), through the lifecycle's own events (DOMAIN.md "Taking a repair
// request": on-site, 预约 first, then the visit; "The visit").
#include "services/orders/domain/dispatch_progress.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gmock/gmock.h"

namespace fieldservice::orders {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using S = OrderStatus;
using E = OrderEvent;

const absl::Time kT = absl::FromUnixSeconds(1'795'000'000);
const TimeWindow kMorning{kT, kT + absl::Hours(3)};
const TimeWindow kAfternoon{kT + absl::Hours(5), kT + absl::Hours(8)};

DispatchPosition At(S status, std::string technician = "",
                    std::optional<TimeWindow> appointment = std::nullopt) {
  return DispatchPosition{.status = status,
                          .service_mode = ServiceMode::kOnSite,
                          .technician_id = std::move(technician),
                          .appointment = appointment};
}

DispatchProgress Job(S status, std::string technician = "",
                     std::optional<TimeWindow> appointment = std::nullopt) {
  DispatchProgress p;
  p.dispatch_version = 1;
  p.status = status;
  p.technician_id = std::move(technician);
  p.appointment = appointment;
  p.reason = "调度";
  return p;
}

// The events of a plan, or a marker event list for "no path".
std::vector<E> Events(const DispatchPosition& from, const DispatchProgress& to) {
  std::optional<std::vector<PlannedEvent>> plan = PlanDispatchProgress(from, to);
  EXPECT_TRUE(plan.has_value()) << StatusName(from.status) << " -> " << StatusName(to.status);
  std::vector<E> events;
  if (plan.has_value()) {
    for (const PlannedEvent& step : *plan) events.push_back(step.event);
  }
  return events;
}

// Follows a plan through the state machine as a transition would, so every
// test also shows the plan is legal and lands where the job is.
DispatchPosition Walk(const DispatchPosition& from, const std::vector<PlannedEvent>& plan) {
  RepairOrder o;
  o.status = from.status;
  o.details.service_mode = from.service_mode;
  o.technician_id = from.technician_id;
  o.appointment = from.appointment;
  for (const PlannedEvent& step : plan) {
    absl::StatusOr<OrderStatus> next = NextStatus(o.status, step.event, o.details.service_mode);
    EXPECT_TRUE(next.ok()) << next.status();
    if (!next.ok()) break;
    EXPECT_THAT(CheckTransitionPayload(step.event, step.payload), IsEmpty())
        << EventName(step.event);
    ApplyEventEffects(step.event, step.payload, o);
    o.status = *next;
  }
  return DispatchPositionOf(o);
}

// A queued order assigned and booked in scheduling, and on its way, gets
// every step: assign, 预约, depart.
TEST(PlanDispatchProgressTest, FromTheQueueToOnTheWay) {
  const DispatchPosition from = At(S::kPendingDispatch);
  const DispatchProgress to = Job(S::kEnRoute, "tech-7", kMorning);
  EXPECT_THAT(Events(from, to), ElementsAre(E::kAssign, E::kBookAppointment, E::kDepart));
  const DispatchPosition there = Walk(from, *PlanDispatchProgress(from, to));
  EXPECT_EQ(there.status, S::kEnRoute);
  EXPECT_EQ(there.technician_id, "tech-7");
  ASSERT_TRUE(there.appointment.has_value());
  EXPECT_EQ(there.appointment->start, kMorning.start);
}

TEST(PlanDispatchProgressTest, EachStepOfTheVisitIsOneEvent) {
  EXPECT_THAT(Events(At(S::kPendingDispatch), Job(S::kAssigned, "tech-7")),
              ElementsAre(E::kAssign));
  EXPECT_THAT(Events(At(S::kAssigned, "tech-7"), Job(S::kAppointmentBooked, "tech-7", kMorning)),
              ElementsAre(E::kBookAppointment));
  EXPECT_THAT(
      Events(At(S::kAppointmentBooked, "tech-7", kMorning), Job(S::kEnRoute, "tech-7", kMorning)),
      ElementsAre(E::kDepart));
  EXPECT_THAT(Events(At(S::kEnRoute, "tech-7", kMorning), Job(S::kOnSite, "tech-7", kMorning)),
              ElementsAre(E::kArrive));
  EXPECT_THAT(Events(At(S::kOnSite, "tech-7", kMorning), Job(S::kCompleted, "tech-7", kMorning)),
              ElementsAre(E::kComplete));
  EXPECT_THAT(
      Events(At(S::kOnSite, "tech-7", kMorning), Job(S::kWaitingForParts, "tech-7", kMorning)),
      ElementsAre(E::kWaitForParts));
}

// Reassignment: ASSIGN again; once booked, the new technician books their
// own visit, so the order goes back through the queue.
TEST(PlanDispatchProgressTest, AnotherTechnician) {
  EXPECT_THAT(Events(At(S::kAssigned, "tech-A"), Job(S::kAssigned, "tech-B")),
              ElementsAre(E::kAssign));
  const DispatchPosition booked = At(S::kAppointmentBooked, "tech-A", kMorning);
  const DispatchProgress rebooked = Job(S::kAppointmentBooked, "tech-B", kAfternoon);
  EXPECT_THAT(Events(booked, rebooked), ElementsAre(E::kUnassign, E::kAssign, E::kBookAppointment));
  const DispatchPosition there = Walk(booked, *PlanDispatchProgress(booked, rebooked));
  EXPECT_EQ(there.technician_id, "tech-B");
  EXPECT_EQ(there.appointment->start, kAfternoon.start);
}

// 预约: a new window with the same technician is a rebooking; leaving for a
// visit goes to the window the job has, so a changed one is booked first.
TEST(PlanDispatchProgressTest, AnotherWindow) {
  const DispatchPosition booked = At(S::kAppointmentBooked, "tech-7", kMorning);
  EXPECT_THAT(Events(booked, Job(S::kAppointmentBooked, "tech-7", kAfternoon)),
              ElementsAre(E::kBookAppointment));
  EXPECT_THAT(Events(booked, Job(S::kEnRoute, "tech-7", kAfternoon)),
              ElementsAre(E::kBookAppointment, E::kDepart));
  // Without a window in the report, the booked one stands.
  EXPECT_THAT(Events(booked, Job(S::kEnRoute, "tech-7")), ElementsAre(E::kDepart));
}

// 守信誉, 不失约: the customer was not home; the technician keeps the job and
// a new visit is booked.
TEST(PlanDispatchProgressTest, CustomerNotHome) {
  EXPECT_THAT(Events(At(S::kEnRoute, "tech-7", kMorning), Job(S::kAssigned, "tech-7")),
              ElementsAre(E::kCustomerNotHome));
  EXPECT_THAT(Events(At(S::kOnSite, "tech-7", kMorning), Job(S::kAssigned, "tech-7")),
              ElementsAre(E::kCustomerNotHome));
  // Rebooked at once: both steps.
  EXPECT_THAT(
      Events(At(S::kEnRoute, "tech-7", kMorning), Job(S::kAppointmentBooked, "tech-7", kAfternoon)),
      ElementsAre(E::kCustomerNotHome, E::kBookAppointment));
}

// Carry-in (送修): what cannot be fixed in the home goes to an outlet.
TEST(PlanDispatchProgressTest, CannotFixOnSite) {
  const DispatchPosition visit = At(S::kOnSite, "tech-7", kMorning);
  const DispatchProgress carry_in = Job(S::kAwaitingDropOff, "tech-7", kMorning);
  EXPECT_THAT(Events(visit, carry_in), ElementsAre(E::kConvertToCarryIn));
  const DispatchPosition there = Walk(visit, *PlanDispatchProgress(visit, carry_in));
  EXPECT_EQ(there.status, S::kAwaitingDropOff);
  EXPECT_EQ(there.service_mode, ServiceMode::kCarryIn);
}

// Parts arrived: back to the technician to book the next visit.
TEST(PlanDispatchProgressTest, PartsArrived) {
  const DispatchPosition waiting = At(S::kWaitingForParts, "tech-7", kMorning);
  EXPECT_THAT(Events(waiting, Job(S::kAssigned, "tech-7")), ElementsAre(E::kPartsArrived));
  EXPECT_THAT(Events(waiting, Job(S::kAppointmentBooked, "tech-7", kAfternoon)),
              ElementsAre(E::kPartsArrived, E::kBookAppointment));
}

// Declined or unassigned: back to the queue, whatever step it was at.
TEST(PlanDispatchProgressTest, BackToTheQueue) {
  EXPECT_THAT(Events(At(S::kAssigned, "tech-7"), Job(S::kPendingDispatch)),
              ElementsAre(E::kUnassign));
  EXPECT_THAT(Events(At(S::kAppointmentBooked, "tech-7", kMorning), Job(S::kPendingDispatch)),
              ElementsAre(E::kUnassign));
  EXPECT_THAT(Events(At(S::kEnRoute, "tech-7", kMorning), Job(S::kPendingDispatch)),
              ElementsAre(E::kCustomerNotHome, E::kUnassign));
}

// A report that skipped steps (the relay delivers the job as it is now)
// still gets every step in between.
TEST(PlanDispatchProgressTest, SkippedStepsAreAllRecorded) {
  EXPECT_THAT(Events(At(S::kPendingDispatch), Job(S::kCompleted, "tech-7", kMorning)),
              ElementsAre(E::kAssign, E::kBookAppointment, E::kDepart, E::kArrive, E::kComplete));
  EXPECT_THAT(Events(At(S::kEnRoute, "tech-7", kMorning), Job(S::kCompleted, "tech-7", kMorning)),
              ElementsAre(E::kArrive, E::kComplete));
}

// Every event carries the job's reason.
TEST(PlanDispatchProgressTest, StepsCarryTheReportsPayload) {
  DispatchProgress to = Job(S::kAppointmentBooked, "tech-7", kMorning);
  to.reason = "派给离客户最近的师傅";
  auto plan = PlanDispatchProgress(At(S::kPendingDispatch), to);
  ASSERT_TRUE(plan.has_value());
  ASSERT_EQ(plan->size(), 2u);
  for (const PlannedEvent& step : *plan) {
    EXPECT_EQ(step.payload.reason, "派给离客户最近的师傅");
    EXPECT_EQ(step.payload.technician_id, "tech-7");
  }
}

TEST(PlanDispatchProgressTest, AlreadyThereIsAnEmptyPlan) {
  auto plan = PlanDispatchProgress(At(S::kAssigned, "tech-7"), Job(S::kAssigned, "tech-7"));
  ASSERT_TRUE(plan.has_value());
  EXPECT_THAT(*plan, IsEmpty());
  plan = PlanDispatchProgress(At(S::kPendingDispatch), Job(S::kPendingDispatch));
  ASSERT_TRUE(plan.has_value());
  EXPECT_THAT(*plan, IsEmpty());
}

// A booking the report does not give the window for is planned, and the
// step's own rule names the missing field (the use case refuses it).
TEST(PlanDispatchProgressTest, ABookingWithoutAWindowNamesTheField) {
  auto plan = PlanDispatchProgress(At(S::kAssigned, "tech-7"), Job(S::kEnRoute, "tech-7"));
  ASSERT_TRUE(plan.has_value());
  ASSERT_EQ(plan->front().event, E::kBookAppointment);
  EXPECT_EQ(CheckTransitionPayload(E::kBookAppointment, plan->front().payload).at(0).field,
            "appointment");
}

// Cancelled, closed, not yet released, or a carry-in order: the job cannot
// be followed by dispatch events.
TEST(PlanDispatchProgressTest, NoPath) {
  for (S status : {S::kCancelled, S::kClosed, S::kReceived, S::kResolvedRemotely, S::kReopened}) {
    EXPECT_FALSE(PlanDispatchProgress(At(status), Job(S::kAssigned, "tech-7")).has_value())
        << StatusName(status);
  }
  DispatchPosition carry_in = At(S::kAwaitingDropOff);
  carry_in.service_mode = ServiceMode::kCarryIn;
  EXPECT_FALSE(PlanDispatchProgress(carry_in, Job(S::kAssigned, "tech-7")).has_value());
  // Completed is the end of the visit: nothing leads back into the flow.
  EXPECT_FALSE(
      PlanDispatchProgress(At(S::kCompleted, "tech-7"), Job(S::kEnRoute, "tech-7", kMorning))
          .has_value());
  // Nothing goes back on a visit that already started without a reason for it.
  EXPECT_FALSE(PlanDispatchProgress(At(S::kAwaitingDropOff), Job(S::kOnSite, "tech-7", kMorning))
                   .has_value());
}

// The same input plans the same events, so a redelivered report, were it
// applied again, could not differ.
TEST(PlanDispatchProgressTest, Deterministic) {
  const DispatchPosition from = At(S::kAppointmentBooked, "tech-A", kMorning);
  const DispatchProgress to = Job(S::kOnSite, "tech-B", kAfternoon);
  const std::vector<E> first = Events(from, to);
  EXPECT_EQ(Events(from, to), first);
  EXPECT_THAT(first,
              ElementsAre(E::kUnassign, E::kAssign, E::kBookAppointment, E::kDepart, E::kArrive));
}

TEST(CheckDispatchProgressTest, EveryBadFieldIsNamed) {
  DispatchProgress p;
  p.dispatch_version = 0;
  p.status = S::kCancelled;
  std::vector<std::string> fields;
  for (const auto& v : CheckDispatchProgress(p)) fields.push_back(v.field);
  EXPECT_THAT(fields, ElementsAre("dispatch_version", "status"));

  p = Job(S::kAssigned, " ");
  p.dispatch_version = -3;
  p.appointment = TimeWindow{kT, kT};
  fields.clear();
  for (const auto& v : CheckDispatchProgress(p)) fields.push_back(v.field);
  EXPECT_THAT(fields, ElementsAre("dispatch_version", "technician_id", "appointment.end_time"));

  EXPECT_THAT(CheckDispatchProgress(Job(S::kPendingDispatch)), IsEmpty());
  for (S target : DispatchTargets()) {
    if (target == S::kPendingDispatch) continue;
    EXPECT_EQ(CheckDispatchProgress(Job(target)).size(), 1u) << StatusName(target);
    EXPECT_THAT(CheckDispatchProgress(Job(target, "tech-7")), IsEmpty()) << StatusName(target);
  }
  DispatchProgress long_summary = Job(S::kCompleted, "tech-7");
  long_summary.visit_summary = std::string(1001, 'x');
  EXPECT_EQ(CheckDispatchProgress(long_summary).at(0).field, "visit_summary");
}

// Issue 9: once scheduling is there, dispatchers use Dispatch and
// technicians their app; the outlet still records a carry-in repair's parts
// and completion itself.
TEST(IsRecordedBySchedulingServiceTest, TheDispatchStepsOfOnSiteOrders) {
  for (E e :
       {E::kAssign, E::kUnassign, E::kBookAppointment, E::kDepart, E::kArrive, E::kCustomerNotHome,
        E::kConvertToCarryIn, E::kWaitForParts, E::kPartsArrived, E::kComplete}) {
    EXPECT_TRUE(IsRecordedBySchedulingService(e, ServiceMode::kOnSite)) << EventName(e);
  }
  for (E e : {E::kWaitForParts, E::kPartsArrived, E::kComplete}) {
    EXPECT_FALSE(IsRecordedBySchedulingService(e, ServiceMode::kCarryIn)) << EventName(e);
  }
  for (E e : {E::kQueueForDispatch, E::kCancel, E::kClose, E::kReopen, E::kResolveRemotely,
              E::kAwaitDropOff, E::kReceiveUnit, E::kMarkReadyForPickup}) {
    EXPECT_FALSE(IsRecordedBySchedulingService(e, ServiceMode::kOnSite)) << EventName(e);
  }
}

}  // namespace
}  // namespace fieldservice::orders
