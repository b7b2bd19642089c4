// The rules of putting a job on a technician's day (issue 9 "AssignJob"):
// each broken rule is reported with its stable code and a reason naming it.
#include "services/scheduling/domain/assignment_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "tests/scheduling/domain/schedule_test_support.h"

namespace fieldservice::scheduling {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing_samples::At;
using testing_samples::Beijing;
using testing_samples::FlatTravel;
using testing_samples::GuangzhouFridgeTechnician;
using testing_samples::kMonday;
using testing_samples::kSaturday;
using testing_samples::kTuesday;
using testing_samples::NorthOfHome;
using testing_samples::Visit;

std::vector<BrokenRule> Check(const std::vector<BookedVisit>& day, const BookedVisit& proposed,
                              const Technician& t = GuangzhouFridgeTechnician()) {
  return CheckAssignment(t, day, proposed, Beijing(), FlatTravel());
}

std::vector<std::string_view> Codes(const std::vector<BrokenRule>& broken) {
  std::vector<std::string_view> out;
  for (const BrokenRule& b : broken) out.push_back(common::NameOf(kAssignmentRuleNames, b.rule));
  return out;
}

const std::vector<BookedVisit> kMorning = {
    Visit("R-1", At(kMonday, 9), At(kMonday, 10), NorthOfHome(0)),
    Visit("R-2", At(kMonday, 11), At(kMonday, 12), NorthOfHome(30))};

TEST(AssignmentRulesTest, EveryRuleHasOneStableName) {
  std::set<std::string_view> names;
  for (AssignmentRule r : {AssignmentRule::kDoubleBooked, AssignmentRule::kOverMaxJobsPerDay,
                           AssignmentRule::kOutsideShift, AssignmentRule::kDuringAbsence,
                           AssignmentRule::kTechnicianInactive}) {
    names.insert(common::NameOf(kAssignmentRuleNames, r));
  }
  EXPECT_THAT(names, ElementsAre("DOUBLE_BOOKED", "DURING_ABSENCE", "OUTSIDE_SHIFT",
                                 "OVER_MAX_JOBS_PER_DAY", "TECHNICIAN_INACTIVE"));
}

TEST(AssignmentRulesTest, AVisitThatFitsBreaksNothing) {
  EXPECT_THAT(Check(kMorning, Visit("R-9", At(kMonday, 14), At(kMonday, 15), NorthOfHome(0))),
              IsEmpty());
}

TEST(AssignmentRulesTest, AnOverlapIsADoubleBookingNamingTheOtherOrder) {
  const auto broken =
      Check(kMorning, Visit("R-9", At(kMonday, 9, 30), At(kMonday, 10, 30), NorthOfHome(0)));
  ASSERT_THAT(Codes(broken), ElementsAre("DOUBLE_BOOKED"));
  EXPECT_EQ(broken[0].other_order, "R-1");
  EXPECT_THAT(broken[0].reason, HasSubstr("overlaps order R-1's visit 09:00-10:00"));
}

TEST(AssignmentRulesTest, BackToBackAtOnePlaceIsNoDoubleBooking) {
  // R-1 ends at 10:00 where the next one starts at 10:00: half-open.
  EXPECT_THAT(Check(kMorning, Visit("R-9", At(kMonday, 10), At(kMonday, 10, 30), NorthOfHome(0))),
              IsEmpty());
}

TEST(AssignmentRulesTest, NoTimeToTravelFromTheVisitBeforeIsADoubleBooking) {
  // 20 minutes from R-1 (ends 10:00) but starting at 10:00.
  const auto broken =
      Check(kMorning, Visit("R-9", At(kMonday, 10), At(kMonday, 10, 15), NorthOfHome(20)));
  ASSERT_THAT(Codes(broken), ElementsAre("DOUBLE_BOOKED"));
  EXPECT_EQ(broken[0].other_order, "R-1");
  EXPECT_THAT(broken[0].reason, HasSubstr("0 min between order R-1 (ends 10:00) and order R-9"));
  EXPECT_THAT(broken[0].reason, HasSubstr("the travel takes 20 min"));
  // From 10:20 the trip fits (and R-2 is 10 min on).
  EXPECT_THAT(
      Check(kMorning, Visit("R-9", At(kMonday, 10, 20), At(kMonday, 10, 50), NorthOfHome(20))),
      IsEmpty());
}

TEST(AssignmentRulesTest, NoTimeToTravelToTheVisitAfterIsADoubleBooking) {
  // Ends 10:45 at home; R-2 is 30 minutes away and starts 11:00.
  const auto broken =
      Check(kMorning, Visit("R-9", At(kMonday, 10), At(kMonday, 10, 45), NorthOfHome(0)));
  ASSERT_THAT(Codes(broken), ElementsAre("DOUBLE_BOOKED"));
  EXPECT_EQ(broken[0].other_order, "R-2");
}

TEST(AssignmentRulesTest, TheSameOrdersOwnVisitIsNotADoubleBooking) {
  // Rebooking R-1 later the same morning moves it.
  EXPECT_THAT(Check(kMorning, Visit("R-1", At(kMonday, 9, 30), At(kMonday, 10), NorthOfHome(0))),
              IsEmpty());
}

TEST(AssignmentRulesTest, OverMostJobsPerDayCountsTheDay) {
  Technician t = GuangzhouFridgeTechnician();
  t.max_jobs_per_day = 2;
  const auto broken =
      Check(kMorning, Visit("R-9", At(kMonday, 14), At(kMonday, 15), NorthOfHome(0)), t);
  ASSERT_THAT(Codes(broken), ElementsAre("OVER_MAX_JOBS_PER_DAY"));
  EXPECT_THAT(broken[0].reason, HasSubstr("job 3 of at most 2 on 2026-03-02"));
  // Another day's visit does not count.
  std::vector<BookedVisit> with_tuesday = {
      kMorning[0], Visit("R-3", At(kTuesday, 9), At(kTuesday, 10), NorthOfHome(0))};
  EXPECT_THAT(
      Check(with_tuesday, Visit("R-9", At(kMonday, 14), At(kMonday, 15), NorthOfHome(0)), t),
      IsEmpty());
}

TEST(AssignmentRulesTest, OutsideTheShifts) {
  const auto lunch =
      Check({}, Visit("R-9", At(kMonday, 11, 30), At(kMonday, 12, 30), NorthOfHome(0)));
  ASSERT_THAT(Codes(lunch), ElementsAre("OUTSIDE_SHIFT"));
  EXPECT_THAT(lunch[0].reason,
              HasSubstr("11:30-12:30 on 2026-03-02 is not within one of 09:00-12:00, 13:30-18:00"));
  const auto saturday =
      Check({}, Visit("R-9", At(kSaturday, 10), At(kSaturday, 11), NorthOfHome(0)));
  ASSERT_THAT(Codes(saturday), ElementsAre("OUTSIDE_SHIFT"));
  EXPECT_THAT(saturday[0].reason, HasSubstr("has no shift"));
  // The shift's last hour, to its end, is inside.
  EXPECT_THAT(Check({}, Visit("R-9", At(kMonday, 17), At(kMonday, 18), NorthOfHome(0))), IsEmpty());
}

TEST(AssignmentRulesTest, DuringLeave) {
  Technician t = GuangzhouFridgeTechnician();
  t.absences = {{AbsenceKind::kLeave, At(kMonday - 1, 0), At(kTuesday, 0), "wedding"}};
  const auto broken = Check({}, Visit("R-9", At(kMonday, 14), At(kMonday, 15), NorthOfHome(0)), t);
  ASSERT_THAT(Codes(broken), ElementsAre("DURING_ABSENCE"));
  EXPECT_THAT(broken[0].reason,
              HasSubstr("on leave from 2026-03-01 00:00 to 2026-03-03 00:00 (wedding)"));
}

TEST(AssignmentRulesTest, AnInactiveTechnicianTakesNoJobs) {
  Technician t = GuangzhouFridgeTechnician();
  t.active = false;
  EXPECT_THAT(Codes(Check({}, Visit("R-9", At(kMonday, 14), At(kMonday, 15), NorthOfHome(0)), t)),
              ElementsAre("TECHNICIAN_INACTIVE"));
}

TEST(AssignmentRulesTest, EveryBrokenRuleIsReportedInAFixedOrder) {
  Technician t = GuangzhouFridgeTechnician();
  t.active = false;
  t.max_jobs_per_day = 1;
  t.absences = {{AbsenceKind::kSick, At(kMonday, 11), At(kMonday, 13), ""}};
  const auto broken =
      Check(kMorning, Visit("R-9", At(kMonday, 11, 30), At(kMonday, 12, 30), NorthOfHome(30)), t);
  EXPECT_THAT(Codes(broken), ElementsAre("TECHNICIAN_INACTIVE", "DURING_ABSENCE", "OUTSIDE_SHIFT",
                                         "DOUBLE_BOOKED", "OVER_MAX_JOBS_PER_DAY"));
  EXPECT_THAT(broken, Contains(Field(&BrokenRule::other_order, "R-2")));
}

}  // namespace
}  // namespace fieldservice::scheduling
