// Appointment windows offered to a customer (issue 9
// "OfferAppointmentSlots"), from shifts, leave, booked visits and travel.
#include "services/scheduling/domain/appointment_slots.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/scheduling/domain/schedule_test_support.h"

namespace fieldservice::scheduling {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing_samples::At;
using testing_samples::Beijing;
using testing_samples::FlatTravel;
using testing_samples::GuangzhouFridgeTechnician;
using testing_samples::kMonday;
using testing_samples::kTuesday;
using testing_samples::NorthOfHome;
using testing_samples::Visit;

Technician Named(std::string id) {
  Technician t = GuangzhouFridgeTechnician();
  t.id = std::move(id);
  return t;
}

Job JobAt(GeoPoint place, absl::Duration service = absl::Hours(1)) {
  Job job;
  job.order_number = "R-100";
  job.location = place;
  job.service_time = service;
  return job;
}

SlotRequest Request(Job job, absl::Time now) {
  SlotRequest request;
  request.job = std::move(job);
  request.now = now;
  return request;
}

SlotPolicy TwoDays() {
  SlotPolicy policy;
  policy.horizon_days = 2;
  policy.max_slots = 100;
  return policy;
}

std::vector<AppointmentSlot> Offer(const SlotRequest& request,
                                   const std::vector<TechnicianBookings>& technicians,
                                   const SlotPolicy& policy = TwoDays()) {
  return OfferAppointmentSlots(request, technicians, policy, Beijing(), FlatTravel());
}

// "HH:MM" of each window's start, with the day when not Monday.
std::vector<std::string> Starts(const std::vector<AppointmentSlot>& slots) {
  std::vector<std::string> out;
  for (const AppointmentSlot& s : slots) {
    out.push_back(absl::FormatTime("%a %H:%M", s.window.start, Beijing()));
  }
  return out;
}

std::vector<std::string> Ids(const AppointmentSlot& slot) {
  std::vector<std::string> out;
  for (const SlotTechnician& t : slot.technicians) out.push_back(t.technician_id);
  return out;
}

TEST(AppointmentSlotsTest, AnEmptyCalendarOffersEveryWindowOfTheHorizon) {
  const auto slots = Offer(Request(JobAt(NorthOfHome(0)), At(kMonday, 6)), {{Named("li"), {}}});
  EXPECT_THAT(Starts(slots), ElementsAre("Mon 09:00", "Mon 11:00", "Mon 14:00", "Mon 16:00",
                                         "Tue 09:00", "Tue 11:00", "Tue 14:00", "Tue 16:00"));
  EXPECT_EQ(slots[0].window, (Interval{At(kMonday, 9), At(kMonday, 11)}));
  EXPECT_THAT(slots[0].technicians,
              ElementsAre(SlotTechnician{"li", At(kMonday, 9), absl::ZeroDuration()}));
}

TEST(AppointmentSlotsTest, TheTripFromHomeDelaysTheEarliestStart) {
  // 30 minutes away: the 09:00 window's earliest arrival is 09:30.
  const auto slots = Offer(Request(JobAt(NorthOfHome(30)), At(kMonday, 6)), {{Named("li"), {}}});
  ASSERT_FALSE(slots.empty());
  EXPECT_EQ(slots[0].technicians[0].earliest_start, At(kMonday, 9, 30));
  EXPECT_EQ(slots[0].technicians[0].travel, absl::Minutes(30));
}

TEST(AppointmentSlotsTest, AWindowAtTheEdgeOfAShiftNeedsTheJobToEndByItsEnd) {
  // The 16:00 window: a 2-hour job ends at 18:00, the shift's end; one of
  // 2 h 15 min does not fit anywhere in that window.
  EXPECT_THAT(Starts(Offer(Request(JobAt(NorthOfHome(0), absl::Hours(2)), At(kMonday, 6)),
                           {{Named("li"), {}}}, SlotPolicy{.horizon_days = 1})),
              ElementsAre("Mon 09:00", "Mon 14:00", "Mon 16:00"));
  EXPECT_THAT(Starts(Offer(Request(JobAt(NorthOfHome(0), absl::Minutes(135)), At(kMonday, 6)),
                           {{Named("li"), {}}}, SlotPolicy{.horizon_days = 1})),
              ElementsAre("Mon 09:00", "Mon 14:00"));
}

TEST(AppointmentSlotsTest, LeaveAndBookingsTakeWindowsAway) {
  Technician li = Named("li");
  li.absences = {{AbsenceKind::kLeave, At(kMonday, 0), At(kTuesday, 0), ""}};
  Technician wang = Named("wang");
  // Booked all Tuesday morning; free Monday.
  const std::vector<BookedVisit> wang_visits = {
      Visit("R-1", At(kTuesday, 9), At(kTuesday, 12), NorthOfHome(0)),
      Visit("R-2", At(kMonday, 14), At(kMonday, 17, 30), NorthOfHome(0))};
  const auto slots =
      Offer(Request(JobAt(NorthOfHome(0)), At(kMonday, 6)), {{li, {}}, {wang, wang_visits}});
  EXPECT_THAT(Starts(slots), ElementsAre("Mon 09:00", "Mon 11:00", "Tue 09:00", "Tue 11:00",
                                         "Tue 14:00", "Tue 16:00"));
  EXPECT_THAT(Ids(slots[0]), ElementsAre("wang"));  // li is on leave
  EXPECT_THAT(Ids(slots[2]), ElementsAre("li"));    // wang is booked
  EXPECT_THAT(Ids(slots[4]), ElementsAre("li", "wang"));
}

TEST(AppointmentSlotsTest, ATrailingBookingLeavesTheWindowsStartsThatStillReachIt) {
  // Booked 10:30 at home: a 1-hour job at home fits only with a start by
  // 09:30, inside the 09:00 window.
  const std::vector<BookedVisit> visits = {
      Visit("R-1", At(kMonday, 10, 30), At(kMonday, 12), NorthOfHome(0))};
  const auto slots = Offer(Request(JobAt(NorthOfHome(0)), At(kMonday, 6)), {{Named("li"), visits}},
                           SlotPolicy{.horizon_days = 1});
  EXPECT_THAT(Starts(slots), ElementsAre("Mon 09:00", "Mon 14:00", "Mon 16:00"));
}

TEST(AppointmentSlotsTest, AFullDayIsNotOffered) {
  Technician li = Named("li");
  li.max_jobs_per_day = 1;
  const std::vector<BookedVisit> visits = {
      Visit("R-1", At(kMonday, 9), At(kMonday, 10), NorthOfHome(0))};
  EXPECT_THAT(Starts(Offer(Request(JobAt(NorthOfHome(0)), At(kMonday, 6)), {{li, visits}})),
              ElementsAre("Tue 09:00", "Tue 11:00", "Tue 14:00", "Tue 16:00"));
}

TEST(AppointmentSlotsTest, NoWindowStartsWithinTheLeadTime) {
  // 08:00 plus 2 hours: the 09:00 window has gone, 11:00 is the first.
  EXPECT_THAT(Starts(Offer(Request(JobAt(NorthOfHome(0)), At(kMonday, 8)), {{Named("li"), {}}},
                           SlotPolicy{.horizon_days = 1})),
              ElementsAre("Mon 11:00", "Mon 14:00", "Mon 16:00"));
  // Exactly the lead time before a window still offers it.
  EXPECT_THAT(Starts(Offer(Request(JobAt(NorthOfHome(0)), At(kMonday, 7)), {{Named("li"), {}}},
                           SlotPolicy{.horizon_days = 1})),
              ElementsAre("Mon 09:00", "Mon 11:00", "Mon 14:00", "Mon 16:00"));
}

TEST(AppointmentSlotsTest, TheHorizonCountsBusinessDaysFromNow) {
  // Friday evening, horizon 4 days: Friday (nothing left), the weekend
  // (no shifts), Monday.
  const absl::CivilDay friday = kMonday - 3;
  SlotPolicy policy;
  policy.horizon_days = 4;
  EXPECT_THAT(
      Starts(Offer(Request(JobAt(NorthOfHome(0)), At(friday, 20)), {{Named("li"), {}}}, policy)),
      ElementsAre("Mon 09:00", "Mon 11:00", "Mon 14:00", "Mon 16:00"));
  policy.horizon_days = 3;
  EXPECT_THAT(Offer(Request(JobAt(NorthOfHome(0)), At(friday, 20)), {{Named("li"), {}}}, policy),
              IsEmpty());
}

TEST(AppointmentSlotsTest, MostSlotsCutsTheOfferFromTheEnd) {
  SlotPolicy policy = TwoDays();
  policy.max_slots = 3;
  EXPECT_THAT(
      Starts(Offer(Request(JobAt(NorthOfHome(0)), At(kMonday, 6)), {{Named("li"), {}}}, policy)),
      ElementsAre("Mon 09:00", "Mon 11:00", "Mon 14:00"));
}

TEST(AppointmentSlotsTest, ThePreferredWindowAndTheDeadlineNarrowTheOffer) {
  Job job = JobAt(NorthOfHome(0));
  job.window = Interval{At(kTuesday, 13), At(kTuesday, 17)};
  EXPECT_THAT(Starts(Offer(Request(job, At(kMonday, 6)), {{Named("li"), {}}})),
              ElementsAre("Tue 14:00", "Tue 16:00"));

  job = JobAt(NorthOfHome(0));
  job.deadline = At(kMonday, 12);  // the 11:00 start ends just in time
  EXPECT_THAT(Starts(Offer(Request(job, At(kMonday, 6)), {{Named("li"), {}}})),
              ElementsAre("Mon 09:00", "Mon 11:00"));
}

TEST(AppointmentSlotsTest, TheOrderIsTheSameWhateverTheInputOrder) {
  const std::vector<TechnicianBookings> a = {
      {Named("zhao"), {}}, {Named("li"), {}}, {Named("wang"), {}}};
  std::vector<TechnicianBookings> b = a;
  std::reverse(b.begin(), b.end());
  const SlotRequest request = Request(JobAt(NorthOfHome(10)), At(kMonday, 6));
  const auto slots = Offer(request, a);
  ASSERT_EQ(slots.size(), 8u);
  EXPECT_THAT(Ids(slots[0]), ElementsAre("li", "wang", "zhao"));
  const auto again = Offer(request, b);
  ASSERT_EQ(again.size(), slots.size());
  for (size_t i = 0; i < slots.size(); ++i) {
    EXPECT_EQ(again[i].window, slots[i].window);
    EXPECT_EQ(again[i].technicians, slots[i].technicians);
  }
}

TEST(AppointmentSlotsTest, RebookingWhenTheCustomerWasNotHome) {
  // R-100 was booked Monday 09:00-10:00; the customer was not home. At
  // 10:00 the agent rebooks: the missed visit no longer holds the time, the
  // customer cannot do Monday afternoon, and li (who went) is left out.
  const Job job = JobAt(NorthOfHome(0));
  const std::vector<BookedVisit> li_visits = {
      Visit("R-100", At(kMonday, 9), At(kMonday, 10), NorthOfHome(0))};
  const std::vector<BookedVisit> wang_visits = {
      Visit("R-100", At(kMonday, 11), At(kMonday, 12), NorthOfHome(0))};
  SlotRequest request = Request(job, At(kMonday, 10));
  // The missed visit (kept on wang's calendar here) does not block 11:00.
  EXPECT_THAT(
      Starts(Offer(request, {{Named("wang"), wang_visits}})),
      ElementsAre("Mon 14:00", "Mon 16:00", "Tue 09:00", "Tue 11:00", "Tue 14:00", "Tue 16:00"));
  request.excluded_windows = {{At(kMonday, 13), At(kTuesday, 0)}};
  request.excluded_technicians = {"li"};
  const auto slots = Offer(request, {{Named("li"), li_visits}, {Named("wang"), {}}});
  EXPECT_THAT(Starts(slots), ElementsAre("Tue 09:00", "Tue 11:00", "Tue 14:00", "Tue 16:00"));
  EXPECT_THAT(Ids(slots[0]), ElementsAre("wang"));
}

TEST(AppointmentSlotsTest, AnInactiveTechnicianIsNotOffered) {
  Technician li = Named("li");
  li.active = false;
  EXPECT_THAT(Offer(Request(JobAt(NorthOfHome(0)), At(kMonday, 6)), {{li, {}}}), IsEmpty());
}

TEST(SlotPolicyTest, TheDefaultsPassAndEachBadSettingIsNamed) {
  EXPECT_TRUE(CheckSlotPolicy(SlotPolicy()).ok());
  SlotPolicy bad;
  bad.window_length = absl::ZeroDuration();
  bad.start_step = absl::Minutes(-5);
  bad.lead_time = absl::Hours(-1);
  bad.window_start_minutes = {9 * 60, 24 * 60};
  bad.horizon_days = 0;
  bad.max_slots = 0;
  const absl::Status status = CheckSlotPolicy(bad);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  for (const char* name :
       {"window_length must be positive, not 0", "start_step must be positive, not -5m",
        "lead_time must not be negative", "window_start_minutes: 1440 is not a minute of the day",
        "horizon_days must be 1 to 60, not 0", "max_slots must be at least 1"}) {
    EXPECT_THAT(status.message(), HasSubstr(name));
  }
  // An offer under a bad policy offers nothing rather than looping.
  EXPECT_THAT(Offer(Request(JobAt(NorthOfHome(0)), At(kMonday, 6)), {{Named("li"), {}}}, bad),
              IsEmpty());
}

}  // namespace
}  // namespace fieldservice::scheduling
