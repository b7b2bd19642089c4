// A technician's free time on a business day (issue 9 "real availability"):
// shifts minus absences minus booked visits with the travel into each, and
// whether a new visit fits.
#include "services/scheduling/domain/availability.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/scheduling/domain/intervals.h"
#include "tests/scheduling/domain/schedule_test_support.h"

namespace fieldservice::scheduling {
namespace {

using ::testing::ElementsAre;
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

Interval Between(absl::CivilDay day, int h1, int m1, int h2, int m2) {
  return {At(day, h1, m1), At(day, h2, m2)};
}

std::vector<Interval> Free(const Technician& t, absl::CivilDay day,
                           const std::vector<BookedVisit>& visits = {}) {
  return FreeTime(t, day, Beijing(), visits, FlatTravel());
}

TEST(IntervalsTest, NormalizeSortsAndJoinsTouchingOnes) {
  const absl::CivilDay d = kMonday;
  EXPECT_THAT(Normalize({Between(d, 10, 0, 11, 0), Between(d, 9, 0, 10, 0),
                         Between(d, 12, 0, 12, 0), Between(d, 10, 30, 10, 45)}),
              ElementsAre(Between(d, 9, 0, 11, 0)));
}

TEST(IntervalsTest, SubtractLeavesTheUncoveredPieces) {
  const absl::CivilDay d = kMonday;
  EXPECT_THAT(
      Subtract({Between(d, 9, 0, 12, 0), Between(d, 13, 0, 15, 0)},
               {Between(d, 8, 0, 9, 30), Between(d, 10, 0, 10, 15), Between(d, 11, 0, 14, 0)}),
      ElementsAre(Between(d, 9, 30, 10, 0), Between(d, 10, 15, 11, 0), Between(d, 14, 0, 15, 0)));
}

TEST(AvailabilityTest, ShiftsAreBusinessTimeInAZoneWithoutDst) {
  // 09:00 in UTC+8 is 01:00 UTC, on a March day as on any other: no DST.
  const std::vector<Interval> shifts = ShiftsOn(GuangzhouFridgeTechnician(), kMonday, Beijing());
  ASSERT_EQ(shifts.size(), 2u);
  EXPECT_EQ(shifts[0].start,
            absl::FromCivil(absl::CivilSecond(2026, 3, 2, 1, 0, 0), absl::UTCTimeZone()));
  EXPECT_EQ(ShiftsOn(GuangzhouFridgeTechnician(), absl::CivilDay(2026, 7, 6), Beijing())[0].start,
            absl::FromCivil(absl::CivilSecond(2026, 7, 6, 1, 0, 0), absl::UTCTimeZone()));
}

TEST(AvailabilityTest, ShiftsFollowLocalTimeAcrossADstChange) {
  // Not China's case, but the zone is a parameter: on the Sunday Berlin
  // moves to summer time, a 09:00 shift starts at 07:00 UTC, not 08:00.
  absl::TimeZone berlin;
  if (!absl::LoadTimeZone("Europe/Berlin", &berlin)) GTEST_SKIP() << "no tz database";
  Technician t = GuangzhouFridgeTechnician();
  t.shifts = {{absl::Weekday::saturday, 9 * 60, 12 * 60}, {absl::Weekday::sunday, 9 * 60, 12 * 60}};
  auto utc = [](int d, int h) {
    return absl::FromCivil(absl::CivilSecond(2026, 3, d, h, 0, 0), absl::UTCTimeZone());
  };
  EXPECT_THAT(ShiftsOn(t, absl::CivilDay(2026, 3, 28), berlin),
              ElementsAre(Interval{utc(28, 8), utc(28, 11)}));
  EXPECT_THAT(ShiftsOn(t, absl::CivilDay(2026, 3, 29), berlin),
              ElementsAre(Interval{utc(29, 7), utc(29, 10)}));
}

TEST(AvailabilityTest, AnEmptyDayIsItsShifts) {
  EXPECT_THAT(Free(GuangzhouFridgeTechnician(), kMonday),
              ElementsAre(Between(kMonday, 9, 0, 12, 0), Between(kMonday, 13, 30, 18, 0)));
}

TEST(AvailabilityTest, ADayWithoutAShiftHasNoFreeTime) {
  EXPECT_THAT(Free(GuangzhouFridgeTechnician(), kSaturday), IsEmpty());
}

TEST(AvailabilityTest, TouchingShiftsAreOneStretch) {
  Technician t = GuangzhouFridgeTechnician();
  t.shifts = {{absl::Weekday::monday, 12 * 60, 14 * 60}, {absl::Weekday::monday, 9 * 60, 12 * 60}};
  EXPECT_THAT(Free(t, kMonday), ElementsAre(Between(kMonday, 9, 0, 14, 0)));
}

TEST(AvailabilityTest, AnAbsenceOverMidnightTakesTheEndOfOneDayAndTheStartOfTheNext) {
  Technician t = GuangzhouFridgeTechnician();
  t.absences = {{AbsenceKind::kSick, At(kMonday, 16), At(kTuesday, 10), "flu"}};
  EXPECT_THAT(Free(t, kMonday),
              ElementsAre(Between(kMonday, 9, 0, 12, 0), Between(kMonday, 13, 30, 16, 0)));
  EXPECT_THAT(Free(t, kTuesday),
              ElementsAre(Between(kTuesday, 10, 0, 12, 0), Between(kTuesday, 13, 30, 18, 0)));
}

TEST(AvailabilityTest, LeaveOverSeveralDaysEmptiesEachOfThem) {
  Technician t = GuangzhouFridgeTechnician();
  // Sunday 00:00 to Wednesday 00:00, and a training on Wednesday morning.
  const absl::CivilDay wednesday = kMonday + 2;
  t.absences = {{AbsenceKind::kLeave, At(kMonday - 1, 0), At(wednesday, 0), "annual leave"},
                {AbsenceKind::kTraining, At(wednesday, 9), At(wednesday, 10, 30), ""}};
  EXPECT_THAT(Free(t, kMonday), IsEmpty());
  EXPECT_THAT(Free(t, kTuesday), IsEmpty());
  EXPECT_THAT(Free(t, wednesday),
              ElementsAre(Between(wednesday, 10, 30, 12, 0), Between(wednesday, 13, 30, 18, 0)));
}

TEST(AvailabilityTest, TheFirstVisitOfAShiftTakesTheTripFromHome) {
  const auto visits = {Visit("R-1", At(kMonday, 10), At(kMonday, 11), NorthOfHome(20))};
  EXPECT_THAT(Free(GuangzhouFridgeTechnician(), kMonday, visits),
              ElementsAre(Between(kMonday, 9, 0, 9, 40), Between(kMonday, 11, 0, 12, 0),
                          Between(kMonday, 13, 30, 18, 0)));
}

TEST(AvailabilityTest, ALaterVisitTakesTheTripFromThePreviousOne) {
  // Home -> 10 min -> R-1 -> 20 min -> R-2.
  const auto visits = {Visit("R-2", At(kMonday, 11), At(kMonday, 11, 45), NorthOfHome(30)),
                       Visit("R-1", At(kMonday, 9, 30), At(kMonday, 10, 30), NorthOfHome(10))};
  EXPECT_THAT(Free(GuangzhouFridgeTechnician(), kMonday, visits),
              ElementsAre(Between(kMonday, 9, 0, 9, 20), Between(kMonday, 10, 30, 10, 40),
                          Between(kMonday, 11, 45, 12, 0), Between(kMonday, 13, 30, 18, 0)));
}

TEST(AvailabilityTest, AfterTheBreakBetweenShiftsTheTripStartsFromHome) {
  const auto visits = {Visit("R-1", At(kMonday, 11), At(kMonday, 12), NorthOfHome(30)),
                       Visit("R-2", At(kMonday, 14), At(kMonday, 15), NorthOfHome(30))};
  // R-2 is where R-1 was, but the afternoon starts from home: 30 min.
  EXPECT_THAT(Free(GuangzhouFridgeTechnician(), kMonday, visits),
              ElementsAre(Between(kMonday, 9, 0, 10, 30), Between(kMonday, 15, 0, 18, 0)));
}

TEST(AvailabilityTest, OtherDaysVisitsAreLeftOut) {
  const auto visits = {Visit("R-1", At(kTuesday, 10), At(kTuesday, 11), NorthOfHome(0))};
  const TechnicianDay day =
      MakeTechnicianDay(GuangzhouFridgeTechnician(), kMonday, Beijing(), visits);
  EXPECT_THAT(day.visits, IsEmpty());
  EXPECT_THAT(FreeTime(day, FlatTravel()),
              ElementsAre(Between(kMonday, 9, 0, 12, 0), Between(kMonday, 13, 30, 18, 0)));
}

VisitFit Fit(const std::vector<BookedVisit>& visits, GeoPoint place, absl::Time start,
             absl::Duration service = absl::Hours(1), Technician t = GuangzhouFridgeTechnician()) {
  return FitVisit(MakeTechnicianDay(t, kMonday, Beijing(), visits), place, start, service,
                  FlatTravel());
}

TEST(FitVisitTest, AVisitFitsRightUpToTheEdgesOfAShift) {
  EXPECT_TRUE(Fit({}, NorthOfHome(0), At(kMonday, 9)).fits);
  EXPECT_TRUE(Fit({}, NorthOfHome(0), At(kMonday, 17)).fits);  // ends at 18:00
  EXPECT_FALSE(Fit({}, NorthOfHome(0), At(kMonday, 17, 1)).fits);
  EXPECT_FALSE(Fit({}, NorthOfHome(0), At(kMonday, 8, 59)).fits);
  // Nor across the lunch break between the two shifts.
  EXPECT_FALSE(Fit({}, NorthOfHome(0), At(kMonday, 11, 30)).fits);
}

TEST(FitVisitTest, TheTripFromHomeIsWorkingTime) {
  EXPECT_FALSE(Fit({}, NorthOfHome(15), At(kMonday, 9, 14)).fits);
  const VisitFit fit = Fit({}, NorthOfHome(15), At(kMonday, 9, 15));
  EXPECT_TRUE(fit.fits);
  EXPECT_EQ(fit.travel_in, absl::Minutes(15));
  EXPECT_EQ(fit.travel_out, std::nullopt);
}

TEST(FitVisitTest, HalfOpenBoundariesWithTravelFromTheVisitBefore) {
  const std::vector<BookedVisit> visits = {
      Visit("R-1", At(kMonday, 9), At(kMonday, 10), NorthOfHome(0))};
  // The same place: the next visit may start the minute the last one ends.
  EXPECT_TRUE(Fit(visits, NorthOfHome(0), At(kMonday, 10)).fits);
  // 20 minutes away: from 10:20.
  EXPECT_FALSE(Fit(visits, NorthOfHome(20), At(kMonday, 10, 19)).fits);
  EXPECT_TRUE(Fit(visits, NorthOfHome(20), At(kMonday, 10, 20)).fits);
  EXPECT_FALSE(Fit(visits, NorthOfHome(0), At(kMonday, 9, 30)).fits);  // overlaps
}

TEST(FitVisitTest, TheTripToTheNextVisitMustArriveByItsStart) {
  const std::vector<BookedVisit> visits = {
      Visit("R-1", At(kMonday, 11), At(kMonday, 12), NorthOfHome(30))};
  // Ends 10:30, 30 min to R-1: arrives 11:00 exactly.
  const VisitFit fit = Fit(visits, NorthOfHome(0), At(kMonday, 9, 30));
  EXPECT_TRUE(fit.fits);
  EXPECT_EQ(fit.travel_out, absl::Minutes(30));
  EXPECT_FALSE(Fit(visits, NorthOfHome(0), At(kMonday, 9, 31)).fits);
  // Next to R-1, the new visit is closer: R-1's own trip now comes from it.
  EXPECT_TRUE(Fit(visits, NorthOfHome(30), At(kMonday, 10)).fits);
}

TEST(FitVisitTest, NotDuringAnAbsence) {
  Technician t = GuangzhouFridgeTechnician();
  t.absences = {{AbsenceKind::kTraining, At(kMonday, 10), At(kMonday, 11), ""}};
  EXPECT_FALSE(Fit({}, NorthOfHome(0), At(kMonday, 9, 30), absl::Hours(1), t).fits);
  EXPECT_TRUE(Fit({}, NorthOfHome(0), At(kMonday, 9), absl::Hours(1), t).fits);
  EXPECT_TRUE(Fit({}, NorthOfHome(0), At(kMonday, 11), absl::Hours(1), t).fits);
}

}  // namespace
}  // namespace fieldservice::scheduling
