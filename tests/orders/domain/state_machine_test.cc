// The order lifecycle (DOMAIN.md "Taking a repair request", "The callback").
#include "services/orders/domain/state_machine.h"

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"

namespace fieldservice::orders {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using S = OrderStatus;
using E = OrderEvent;
using M = ModeGuard;

constexpr ServiceMode kModes[] = {ServiceMode::kOnSite, ServiceMode::kCarryIn};

// The journeys written out independently of state_machine.cc, so that a
// change to the table has to be made twice: once on purpose, once here.
const std::vector<Transition>& ExpectedEdges() {
  static const auto& edges = *new std::vector<Transition>{
      // Fault on the customer's side, guided by phone [004].
      {S::kReceived, E::kResolveRemotely, S::kResolvedRemotely, M::kAny},
      // On-site: dispatch, assign (again = reassign), 预约, travel, repair.
      {S::kReceived, E::kQueueForDispatch, S::kPendingDispatch, M::kOnSite},
      {S::kPendingDispatch, E::kAssign, S::kAssigned, M::kOnSite},
      {S::kAssigned, E::kAssign, S::kAssigned, M::kOnSite},
      {S::kAssigned, E::kUnassign, S::kPendingDispatch, M::kOnSite},
      {S::kAssigned, E::kBookAppointment, S::kAppointmentBooked, M::kOnSite},
      {S::kAppointmentBooked, E::kBookAppointment, S::kAppointmentBooked, M::kOnSite},
      {S::kAppointmentBooked, E::kUnassign, S::kPendingDispatch, M::kOnSite},
      {S::kAppointmentBooked, E::kDepart, S::kEnRoute, M::kOnSite},
      {S::kEnRoute, E::kArrive, S::kOnSite, M::kOnSite},
      {S::kOnSite, E::kComplete, S::kCompleted, M::kOnSite},
      {S::kOnSite, E::kWaitForParts, S::kWaitingForParts, M::kOnSite},
      {S::kWaitingForParts, E::kPartsArrived, S::kAssigned, M::kOnSite},
      // Nobody home: the technician keeps the job, a new visit is booked.
      {S::kEnRoute, E::kCustomerNotHome, S::kAssigned, M::kOnSite},
      {S::kOnSite, E::kCustomerNotHome, S::kAssigned, M::kOnSite},
      // Cannot be fixed in the home: the unit goes to an outlet (送修).
      {S::kOnSite, E::kConvertToCarryIn, S::kAwaitingDropOff, M::kOnSite},
      // Carry-in: drop off, repair (收条), collect.
      {S::kReceived, E::kAwaitDropOff, S::kAwaitingDropOff, M::kCarryIn},
      {S::kAwaitingDropOff, E::kReceiveUnit, S::kInRepair, M::kCarryIn},
      {S::kInRepair, E::kWaitForParts, S::kWaitingForParts, M::kCarryIn},
      {S::kWaitingForParts, E::kPartsArrived, S::kInRepair, M::kCarryIn},
      {S::kInRepair, E::kMarkReadyForPickup, S::kReadyForPickup, M::kCarryIn},
      {S::kReadyForPickup, E::kComplete, S::kCompleted, M::kCarryIn},
      // The callback: satisfied closes, unsolved reopens [001].
      {S::kCompleted, E::kClose, S::kClosed, M::kAny},
      {S::kCompleted, E::kReopen, S::kReopened, M::kAny},
      {S::kReopened, E::kQueueForDispatch, S::kPendingDispatch, M::kOnSite},
      {S::kReopened, E::kAwaitDropOff, S::kAwaitingDropOff, M::kCarryIn},
      // Cancelling before work starts.
      {S::kReceived, E::kCancel, S::kCancelled, M::kAny},
      {S::kPendingDispatch, E::kCancel, S::kCancelled, M::kAny},
      {S::kAssigned, E::kCancel, S::kCancelled, M::kAny},
      {S::kAppointmentBooked, E::kCancel, S::kCancelled, M::kAny},
      {S::kAwaitingDropOff, E::kCancel, S::kCancelled, M::kAny},
      {S::kReopened, E::kCancel, S::kCancelled, M::kAny},
  };
  return edges;
}

auto Key(const Transition& t) { return std::make_tuple(t.from, t.event, t.to, t.mode); }

const Transition* ExpectedRow(S from, E event, ServiceMode mode) {
  for (const Transition& t : ExpectedEdges()) {
    if (t.from == from && t.event == event && Admits(t.mode, mode)) return &t;
  }
  return nullptr;
}

std::vector<std::string> ExpectedAllowedNames(S from, ServiceMode mode) {
  std::vector<std::string> out;
  for (E e : AllEvents()) {
    if (ExpectedRow(from, e, mode) != nullptr) out.emplace_back(EventName(e));
  }
  return out;
}

TEST(TransitionTableTest, IsExactlyTheDomainLifecycle) {
  std::set<decltype(Key(Transition{}))> table;
  std::set<decltype(Key(Transition{}))> expected;
  for (const Transition& t : TransitionTable()) {
    EXPECT_TRUE(table.insert(Key(t)).second)
        << "duplicate row " << StatusName(t.from) << " " << EventName(t.event);
  }
  for (const Transition& t : ExpectedEdges()) expected.insert(Key(t));
  EXPECT_EQ(table, expected);
}

TEST(TransitionTableTest, EveryEdgeMovesForEveryModeItAdmits) {
  for (const Transition& t : TransitionTable()) {
    for (ServiceMode mode : kModes) {
      if (!Admits(t.mode, mode)) continue;
      absl::StatusOr<OrderStatus> next = NextStatus(t.from, t.event, mode);
      ASSERT_TRUE(next.ok()) << StatusName(t.from) << " --" << EventName(t.event) << "--> "
                             << next.status();
      EXPECT_EQ(*next, t.to) << StatusName(t.from) << " " << EventName(t.event);
    }
  }
}

TEST(TransitionTableTest, AtMostOneRowPerStatusEventAndMode) {
  for (S from : AllStatuses()) {
    for (E event : AllEvents()) {
      for (ServiceMode mode : kModes) {
        int rows = 0;
        for (const Transition& t : TransitionTable()) {
          rows += t.from == from && t.event == event && Admits(t.mode, mode);
        }
        EXPECT_LE(rows, 1) << StatusName(from) << " " << EventName(event);
      }
    }
  }
}

// DESIGN.md "API conventions": FAILED_PRECONDITION for an illegal transition
// says which transitions are allowed.
TEST(NextStatusTest, EveryOtherStatusEventModeIsRefusedListingAllowed) {
  int refused = 0;
  for (S from : AllStatuses()) {
    for (E event : AllEvents()) {
      for (ServiceMode mode : kModes) {
        if (ExpectedRow(from, event, mode) != nullptr) continue;
        ++refused;
        absl::StatusOr<OrderStatus> next = NextStatus(from, event, mode);
        ASSERT_FALSE(next.ok()) << StatusName(from) << " " << EventName(event);
        EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_EQ(common::AllowedTransitionsOf(next.status()), ExpectedAllowedNames(from, mode))
            << StatusName(from) << " " << EventName(event);
        EXPECT_NE(next.status().message().find(std::string(EventName(event))),
                  absl::string_view::npos);
      }
    }
  }
  EXPECT_GT(refused, 0);
}

TEST(AllowedEventsTest, MatchesTheTableForEveryStatusAndMode) {
  for (S from : AllStatuses()) {
    for (ServiceMode mode : kModes) {
      std::vector<std::string> names;
      for (E e : AllowedEvents(from, mode)) names.emplace_back(EventName(e));
      EXPECT_EQ(names, ExpectedAllowedNames(from, mode)) << StatusName(from);
    }
  }
}

// DOMAIN.md "Taking a repair request": on-site and carry-in take their own
// paths; a carry-in order is never dispatched and an on-site one never
// dropped off.
TEST(AllowedEventsTest, ModesTakeTheirOwnPaths) {
  EXPECT_THAT(AllowedEvents(S::kReceived, ServiceMode::kOnSite),
              ElementsAre(E::kResolveRemotely, E::kQueueForDispatch, E::kCancel));
  EXPECT_THAT(AllowedEvents(S::kReceived, ServiceMode::kCarryIn),
              ElementsAre(E::kResolveRemotely, E::kAwaitDropOff, E::kCancel));
  // Parts arrived: on-site needs a new visit booked; carry-in resumes.
  EXPECT_EQ(*NextStatus(S::kWaitingForParts, E::kPartsArrived, ServiceMode::kOnSite), S::kAssigned);
  EXPECT_EQ(*NextStatus(S::kWaitingForParts, E::kPartsArrived, ServiceMode::kCarryIn),
            S::kInRepair);
}

// DOMAIN.md "The callback": an unsolved problem reopens the order, which is
// handled again until the customer accepts.
TEST(JourneyTest, OnSiteReopenedAndHandledAgainUntilClosed) {
  const ServiceMode m = ServiceMode::kOnSite;
  S s = S::kReceived;
  for (E e : {E::kQueueForDispatch, E::kAssign, E::kBookAppointment, E::kDepart, E::kArrive,
              E::kComplete, E::kReopen, E::kQueueForDispatch, E::kAssign, E::kBookAppointment,
              E::kDepart, E::kArrive, E::kComplete, E::kClose}) {
    absl::StatusOr<OrderStatus> next = NextStatus(s, e, m);
    ASSERT_TRUE(next.ok()) << next.status();
    s = *next;
  }
  EXPECT_EQ(s, S::kClosed);
  EXPECT_TRUE(IsFinal(s));
}

TransitionPayload Because(std::string reason) {
  TransitionPayload p;
  p.reason = std::move(reason);
  return p;
}

// DOMAIN.md "Taking a repair request": on-site, 预约 first and 守信誉, 不失约.
// A customer not home when the technician comes is not the end of the
// order: the technician keeps it and a new visit is agreed, on the way or
// at the door.
TEST(JourneyTest, CustomerNotHomeGoesBackToBookingWithTheSameTechnician) {
  const ServiceMode m = ServiceMode::kOnSite;
  EXPECT_EQ(*NextStatus(S::kEnRoute, E::kCustomerNotHome, m), S::kAssigned);
  EXPECT_EQ(*NextStatus(S::kOnSite, E::kCustomerNotHome, m), S::kAssigned);
  EXPECT_FALSE(NextStatus(S::kAppointmentBooked, E::kCustomerNotHome, m).ok());
  EXPECT_FALSE(NextStatus(S::kEnRoute, E::kCustomerNotHome, ServiceMode::kCarryIn).ok());
  RepairOrder o;
  o.technician_id = "tech-7";
  o.appointment = TimeWindow{absl::FromUnixSeconds(100), absl::FromUnixSeconds(200)};
  ApplyEventEffects(E::kCustomerNotHome, Because("敲门无人应答"), o);
  EXPECT_EQ(o.technician_id, "tech-7");
  EXPECT_FALSE(o.appointment.has_value());  // the missed window is no promise any more
  S s = S::kEnRoute;
  for (E e : {E::kCustomerNotHome, E::kBookAppointment, E::kDepart, E::kArrive, E::kComplete}) {
    absl::StatusOr<OrderStatus> next = NextStatus(s, e, m);
    ASSERT_TRUE(next.ok()) << next.status();
    s = *next;
  }
  EXPECT_EQ(s, S::kCompleted);
}

// DOMAIN.md "The callback": a reopen starts a new visit, which has no
// repair record or outlet until it is completed in turn (issue 11).
TEST(JourneyTest, AReopenStartsAVisitWithoutTheLastVisitsRecord) {
  RepairOrder o;
  o.status = S::kCompleted;
  o.technician_id = "tech-7";
  o.visit_record =
      VisitRecord{.function_test_passed = true,
                  .signed_by_customer = true,
                  .parts = {{.part_id = "thermostat", .serial = "TH-1", .quantity = 1}},
                  .fees = {}};
  o.technician_outlet = "广州天河网点";
  ApplyEventEffects(E::kReopen, Because("回访：仍不制冷"), o);
  EXPECT_FALSE(o.visit_record.has_value());
  EXPECT_EQ(o.technician_outlet, "");
  EXPECT_EQ(o.reopen_count, 1);
}

// DOMAIN.md "Taking a repair request": carry-in (送修) to a service outlet.
// What cannot be repaired in the home continues as a carry-in order: from
// the visit to awaiting drop-off, then the outlet's own path.
TEST(JourneyTest, AVisitThatCannotFixItContinuesAsCarryIn) {
  EXPECT_EQ(*NextStatus(S::kOnSite, E::kConvertToCarryIn, ServiceMode::kOnSite),
            S::kAwaitingDropOff);
  EXPECT_FALSE(NextStatus(S::kEnRoute, E::kConvertToCarryIn, ServiceMode::kOnSite).ok());
  EXPECT_FALSE(NextStatus(S::kInRepair, E::kConvertToCarryIn, ServiceMode::kCarryIn).ok());
  RepairOrder o;
  o.status = S::kOnSite;
  o.details.service_mode = ServiceMode::kOnSite;
  o.technician_id = "tech-7";
  o.appointment = TimeWindow{absl::FromUnixSeconds(100), absl::FromUnixSeconds(200)};
  ApplyEventEffects(E::kConvertToCarryIn, Because("压缩机需返厂检测"), o);
  EXPECT_EQ(o.details.service_mode, ServiceMode::kCarryIn);
  EXPECT_TRUE(o.technician_id.empty());
  EXPECT_FALSE(o.appointment.has_value());
  // From here the outlet's path applies, for a carry-in order.
  S s = S::kAwaitingDropOff;
  for (E e : {E::kReceiveUnit, E::kMarkReadyForPickup, E::kComplete}) {
    absl::StatusOr<OrderStatus> next = NextStatus(s, e, o.details.service_mode);
    ASSERT_TRUE(next.ok()) << next.status();
    s = *next;
  }
  EXPECT_EQ(s, S::kCompleted);
}

TEST(IsFinalTest, OnlyResolvedClosedAndCancelled) {
  for (S s : AllStatuses()) {
    EXPECT_EQ(IsFinal(s), s == S::kResolvedRemotely || s == S::kClosed || s == S::kCancelled)
        << StatusName(s);
  }
  absl::StatusOr<OrderStatus> next = NextStatus(S::kClosed, E::kReopen, ServiceMode::kOnSite);
  EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(common::AllowedTransitionsOf(next.status()), IsEmpty());
}

// The names are stored in the database and the audit trail: pinned here so a
// rename fails a test.
TEST(OrderNamesTest, StableAndRoundTrip) {
  const std::vector<std::string> statuses = {"received",  "resolved_remotely",  "pending_dispatch",
                                             "assigned",  "appointment_booked", "en_route",
                                             "on_site",   "waiting_for_parts",  "awaiting_drop_off",
                                             "in_repair", "ready_for_pickup",   "completed",
                                             "closed",    "cancelled",          "reopened"};
  const std::vector<std::string> events = {"resolve_remotely",
                                           "queue_for_dispatch",
                                           "await_drop_off",
                                           "assign",
                                           "unassign",
                                           "book_appointment",
                                           "depart",
                                           "arrive",
                                           "wait_for_parts",
                                           "parts_arrived",
                                           "receive_unit",
                                           "mark_ready_for_pickup",
                                           "complete",
                                           "close",
                                           "reopen",
                                           "cancel",
                                           "customer_not_home",
                                           "convert_to_carry_in"};
  ASSERT_EQ(AllStatuses().size(), statuses.size());
  ASSERT_EQ(AllEvents().size(), events.size());
  for (size_t i = 0; i < statuses.size(); ++i) {
    EXPECT_EQ(StatusName(AllStatuses()[i]), statuses[i]);
    EXPECT_EQ(ParseStatus(statuses[i]), AllStatuses()[i]);
    EXPECT_EQ(static_cast<size_t>(AllStatuses()[i]), i);
  }
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(EventName(AllEvents()[i]), events[i]);
    EXPECT_EQ(ParseEvent(events[i]), AllEvents()[i]);
    EXPECT_EQ(static_cast<size_t>(AllEvents()[i]), i);
  }
  EXPECT_EQ(ParseStatus("Received"), std::nullopt);
  EXPECT_EQ(ParseStatus(""), std::nullopt);
  EXPECT_EQ(ParseEvent("ASSIGN"), std::nullopt);
}

// DOMAIN.md "Taking a repair request": assign names the technician, 预约
// agrees a time, and resolving remotely, reopening and cancelling say why.
TEST(CheckTransitionPayloadTest, RequiredFieldsPerEvent) {
  TransitionPayload empty;
  EXPECT_THAT(
      CheckTransitionPayload(E::kAssign, empty),
      ElementsAre(common::FieldViolation{"technician_id", "required to assign a technician"}));
  EXPECT_EQ(CheckTransitionPayload(E::kBookAppointment, empty).at(0).field, "appointment");
  for (E e :
       {E::kResolveRemotely, E::kReopen, E::kCancel, E::kCustomerNotHome, E::kConvertToCarryIn}) {
    std::vector<common::FieldViolation> v = CheckTransitionPayload(e, empty);
    ASSERT_EQ(v.size(), 1u) << EventName(e);
    EXPECT_EQ(v[0].field, "reason");
  }
  TransitionPayload blank;
  blank.technician_id = "  ";
  blank.reason = " \t";
  EXPECT_EQ(CheckTransitionPayload(E::kAssign, blank).size(), 1u);
  EXPECT_EQ(CheckTransitionPayload(E::kCancel, blank).size(), 1u);
  // Events with nothing to carry; receive_unit's receipt is optional.
  for (E e : {E::kQueueForDispatch, E::kAwaitDropOff, E::kUnassign, E::kDepart, E::kArrive,
              E::kWaitForParts, E::kPartsArrived, E::kReceiveUnit, E::kMarkReadyForPickup,
              E::kComplete, E::kClose}) {
    EXPECT_THAT(CheckTransitionPayload(e, empty), IsEmpty()) << EventName(e);
  }
}

TEST(CheckTransitionPayloadTest, AppointmentMustBeAWindow) {
  const absl::Time t = absl::FromUnixSeconds(1'780'000'000);
  TransitionPayload p;
  p.appointment = TimeWindow{t, t};
  EXPECT_THAT(CheckTransitionPayload(E::kBookAppointment, p),
              ElementsAre(common::FieldViolation{"appointment.end_time",
                                                 "must be after appointment.start_time"}));
  p.appointment = TimeWindow{t, t + absl::Hours(2)};
  EXPECT_THAT(CheckTransitionPayload(E::kBookAppointment, p), IsEmpty());
  // Unused fields are ignored, so assign and book can share one payload.
  p.technician_id = "tech-7";
  EXPECT_THAT(CheckTransitionPayload(E::kAssign, p), IsEmpty());
  p.promised_completion = t + absl::Hours(72);
  EXPECT_THAT(CheckTransitionPayload(E::kReceiveUnit, p), IsEmpty());
}

}  // namespace
}  // namespace fieldservice::orders
