// Period counting: DOMAIN.md "Counting periods" (Civil Code arts. 201-203).
#include "services/warranty/domain/period.h"

#include <string>

#include "gtest/gtest.h"
#include "services/common/calendar.h"

namespace fieldservice::warranty {
namespace {

using absl::CivilDay;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

class PeriodTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto cal = common::WorkingCalendar::LoadFile(
        std::string(FS_SOURCE_DIR) + "/data/calendar/cn_holidays.txt", kChina);
    ASSERT_TRUE(cal.ok()) << cal.status();
    calendar_ = new common::WorkingCalendar(*std::move(cal));
  }
  static void TearDownTestSuite() { delete calendar_; }
  static common::WorkingCalendar* calendar_;
};
common::WorkingCalendar* PeriodTest::calendar_ = nullptr;

TEST(ParsePeriodTest, AcceptsDaysMonthsYears) {
  EXPECT_EQ(*ParsePeriod("7d"), Period::Days(7));
  EXPECT_EQ(*ParsePeriod("6m"), Period::Months(6));
  EXPECT_EQ(*ParsePeriod("1y"), Period::Months(12));
  EXPECT_EQ(*ParsePeriod("10y"), Period::Years(10));
  EXPECT_EQ(*ParsePeriod("36500d"), Period::Days(36500));
}

TEST(ParsePeriodTest, RefusesWhatCouldHideATypo) {
  for (const char* bad :
       {"", "7", "d", "0d", "-1d", "7w", "1.5y", "+7d", " 7d", "36501d", "101y", "7D"}) {
    EXPECT_FALSE(ParsePeriod(bad).ok()) << "'" << bad << "'";
  }
}

TEST(ParsePeriodTest, FormatRoundTrips) {
  for (const char* s : {"7d", "6m", "1y", "10y", "18m"}) {
    EXPECT_EQ(FormatPeriod(*ParsePeriod(s)), s);
  }
  EXPECT_EQ(FormatPeriod(Period::Months(24)), "2y");
}

// "the day of purchase is not counted; a period of N days ends at the end of
// the N-th day after it (bought 1 May: the 7-day window ends ... 8 May)".
TEST(LastDayOfTest, DaysStartTheDayAfter) {
  EXPECT_EQ(LastDayOf(CivilDay(2025, 5, 1), Period::Days(7)), CivilDay(2025, 5, 8));
  EXPECT_EQ(LastDayOf(CivilDay(2025, 5, 1), Period::Days(15)), CivilDay(2025, 5, 16));
  EXPECT_EQ(LastDayOf(CivilDay(2025, 12, 28), Period::Days(7)), CivilDay(2026, 1, 4));
}

// "a period in months or years ends on the same date of the last month ...
// the month's last day when there is no same date".
TEST(LastDayOfTest, MonthsEndOnTheSameDateOrTheMonthsLastDay) {
  EXPECT_EQ(LastDayOf(CivilDay(2024, 2, 29), Period::Years(1)), CivilDay(2025, 2, 28));
  EXPECT_EQ(LastDayOf(CivilDay(2024, 2, 29), Period::Years(4)), CivilDay(2028, 2, 29));
  EXPECT_EQ(LastDayOf(CivilDay(2025, 8, 31), Period::Months(6)), CivilDay(2026, 2, 28));
  EXPECT_EQ(LastDayOf(CivilDay(2024, 1, 31), Period::Months(1)), CivilDay(2024, 2, 29));
  EXPECT_EQ(LastDayOf(CivilDay(2025, 3, 31), Period::Months(1)), CivilDay(2025, 4, 30));
  EXPECT_EQ(LastDayOf(CivilDay(2025, 3, 10), Period::Years(1)), CivilDay(2026, 3, 10));
}

// "when the last day is a statutory holiday, the period ends at the end of
// the first day after the holiday": 2026 National Day is 1-7 October.
TEST_F(PeriodTest, LastDayOnAPublicHolidayRolls) {
  const PeriodEnd e = EndOfPeriod(CivilDay(2025, 10, 1), Period::Years(1), 0, *calendar_);
  EXPECT_EQ(e.base_end, CivilDay(2026, 10, 1));
  EXPECT_EQ(e.end, CivilDay(2026, 10, 8));
  EXPECT_TRUE(e.rolled_past_holiday);
}

TEST_F(PeriodTest, APlainWeekendDoesNotRoll) {
  // 14 March 2026 is a Saturday, not a holiday.
  const PeriodEnd e = EndOfPeriod(CivilDay(2025, 3, 14), Period::Years(1), 0, *calendar_);
  EXPECT_EQ(e.end, CivilDay(2026, 3, 14));
  EXPECT_FALSE(e.rolled_past_holiday);
}

TEST_F(PeriodTest, SevenDaysEndingInTheNationalDayBreakRunToItsEnd) {
  // 2025's break is 1-8 October: a window ending 1 Oct runs to 9 Oct.
  const PeriodEnd e = EndOfPeriod(CivilDay(2025, 9, 24), Period::Days(7), 0, *calendar_);
  EXPECT_EQ(e.end, CivilDay(2025, 10, 9));
}

// "The warranty clock is paused while the product is in repair": the pause
// pushes the end first, then the holiday rule looks at the real last day.
TEST_F(PeriodTest, PauseThenHoliday) {
  const PeriodEnd e = EndOfPeriod(CivilDay(2025, 9, 20), Period::Years(1), 5, *calendar_);
  EXPECT_EQ(e.base_end, CivilDay(2026, 9, 20));
  EXPECT_EQ(e.paused_days, 5);
  EXPECT_EQ(e.end, CivilDay(2026, 9, 28));  // 25-27 Sep 2026 is 中秋节
  EXPECT_TRUE(e.rolled_past_holiday);
}

// data/calendar/README.md: years the file does not cover have no holidays.
TEST_F(PeriodTest, UncoveredYearDoesNotRoll) {
  ASSERT_FALSE(calendar_->CoversYear(2027));
  const PeriodEnd e = EndOfPeriod(CivilDay(2026, 10, 1), Period::Years(1), 0, *calendar_);
  EXPECT_EQ(e.end, CivilDay(2027, 10, 1));
}

// "A request at 23:30 local time on the 8th is still day 8".
TEST_F(PeriodTest, BusinessDayIsTheLocalDate) {
  const absl::Time late = absl::FromCivil(absl::CivilSecond(2025, 5, 8, 23, 30, 0), kChina);
  EXPECT_EQ(BusinessDayOf(late, *calendar_), CivilDay(2025, 5, 8));
  EXPECT_EQ(BusinessDayOf(late + absl::Hours(1), *calendar_), CivilDay(2025, 5, 9));
  // 16:30 UTC on the 8th is already the 9th in China.
  EXPECT_EQ(
      BusinessDayOf(absl::FromCivil(absl::CivilSecond(2025, 5, 8, 16, 30, 0), absl::UTCTimeZone()),
                    *calendar_),
      CivilDay(2025, 5, 9));
}

TEST(AtLeastAsLongTest, SameUnitsCompareCounts) {
  EXPECT_TRUE(AtLeastAsLong(Period::Years(10), Period::Years(3)));
  EXPECT_TRUE(AtLeastAsLong(Period::Months(12), Period::Years(1)));
  EXPECT_FALSE(AtLeastAsLong(Period::Months(11), Period::Years(1)));
  EXPECT_FALSE(AtLeastAsLong(Period::Days(59), Period::Days(60)));
}

// A year is 366 days from a start before a 29 February, so 365 days is less.
TEST(AtLeastAsLongTest, DaysAgainstMonthsCheckEveryStart) {
  EXPECT_FALSE(AtLeastAsLong(Period::Days(365), Period::Years(1)));
  EXPECT_TRUE(AtLeastAsLong(Period::Days(366), Period::Years(1)));
  EXPECT_TRUE(AtLeastAsLong(Period::Days(31), Period::Months(1)));
  EXPECT_FALSE(AtLeastAsLong(Period::Days(30), Period::Months(1)));
  EXPECT_TRUE(AtLeastAsLong(Period::Months(1), Period::Days(28)));
  EXPECT_FALSE(AtLeastAsLong(Period::Months(1), Period::Days(29)));
}

}  // namespace
}  // namespace fieldservice::warranty
