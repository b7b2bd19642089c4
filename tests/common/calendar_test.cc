#include "services/common/calendar.h"

#include <map>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fieldservice::common {
namespace {

using ::testing::HasSubstr;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

absl::CivilDay Day(int y, int m, int d) { return absl::CivilDay(y, m, d); }

absl::Time Utc(int y, int mo, int d, int h, int mi) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), absl::UTCTimeZone());
}

WorkingCalendar Shipped() {
  absl::StatusOr<WorkingCalendar> cal = WorkingCalendar::LoadFile(
      std::string(FS_SOURCE_DIR) + "/data/calendar/cn_holidays.txt", kChina);
  EXPECT_TRUE(cal.ok()) << cal.status();
  return *std::move(cal);
}

// The message of a parse that must fail.
std::string ParseError(const std::string& text) {
  absl::StatusOr<WorkingCalendar> cal = WorkingCalendar::Parse(text, kChina);
  EXPECT_FALSE(cal.ok()) << "accepted:\n" << text;
  if (cal.ok()) return "";
  EXPECT_EQ(cal.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(cal.status().message());
}

// data/calendar/README.md "Format": comments, blank lines, CRLF, ranges,
// single days and labels; unlisted dates follow the weekday.
TEST(WorkingCalendarParseTest, ReadsGoodFile) {
  absl::StatusOr<WorkingCalendar> cal = WorkingCalendar::Parse(
      "# header\r\n"
      "\n"
      "year 2026 complete source 国务院办公厅通知\r\n"
      "2026-02-15..2026-02-23 holiday 春节  # nine days\n"
      "2026-02-14\tworkday\n",
      kChina);
  ASSERT_TRUE(cal.ok()) << cal.status();
  EXPECT_EQ(cal->KindOf(Day(2026, 2, 15)), DayKind::kPublicHoliday);
  EXPECT_EQ(cal->KindOf(Day(2026, 2, 23)), DayKind::kPublicHoliday);
  EXPECT_EQ(cal->KindOf(Day(2026, 2, 24)), DayKind::kOrdinary);
  EXPECT_EQ(cal->KindOf(Day(2026, 2, 14)), DayKind::kMakeUpWorkday);
  EXPECT_TRUE(cal->CoversYear(2026));
  EXPECT_EQ(cal->zone(), kChina);
  EXPECT_EQ(cal->YearSources(), (std::map<int, std::string>{{2026, "国务院办公厅通知"}}));
}

// data/calendar/README.md "Sources": every shipped year names its notice.
TEST(WorkingCalendarTest, ShippedYearsNameTheirSource) {
  std::map<int, std::string> sources = Shipped().YearSources();
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_THAT(sources[2025], HasSubstr("国务院办公厅关于2025年部分节假日安排的通知"));
  EXPECT_THAT(sources[2026], HasSubstr("国务院办公厅关于2026年部分节假日安排的通知"));
}

// Replace swaps the data under readers holding a const reference; each
// call sees the old or the new version, and copies keep theirs.
TEST(WorkingCalendarTest, ReplaceSwapsDataForExistingReaders) {
  WorkingCalendar cal = Shipped();
  const WorkingCalendar& reader = cal;
  const WorkingCalendar copy = cal;
  absl::StatusOr<WorkingCalendar> next =
      WorkingCalendar::Parse("year 2027 complete source N\n2027-01-01 holiday 元旦\n", kChina);
  ASSERT_TRUE(next.ok()) << next.status();
  std::thread busy([&] {
    for (int i = 0; i < 2000; ++i) reader.AddWorkingDays(Day(2026, 12, 28), 5);
  });
  cal.Replace(*next);
  busy.join();
  EXPECT_TRUE(reader.CoversYear(2027));
  EXPECT_FALSE(reader.CoversYear(2026));
  EXPECT_TRUE(reader.IsPublicHoliday(Day(2027, 1, 1)));
  EXPECT_EQ(reader.zone(), kChina);
  EXPECT_TRUE(copy.CoversYear(2026));
  EXPECT_FALSE(copy.CoversYear(2027));
}

// README "Format": every kind of malformed line is refused with its number.
TEST(WorkingCalendarParseTest, BadLinesNameTheLineNumber) {
  const std::string y = "year 2026 complete source 通知 A\n# comment\n";  // lines 1-2
  for (const char* bad : {
           "2026-02-30 holiday",              // no such date
           "2026-2-15 holiday",               // not YYYY-MM-DD
           "2026-13-01 holiday",              // month out of range
           "2026-02-15",                      // kind missing
           "2026-02-15 vacation",             // unknown kind
           "2026-02-15..2026-02 holiday",     // bad range end
           "2026-02-23..2026-02-15 holiday",  // reversed range
           "2026-01-01..2026-12-31 holiday",  // implausibly long range
           "year 26 complete source N",       // bad year
           "year 2027 complete",              // no source
           "year 2027 complete source",       // empty source
           "year 2027",                       // not declared complete
           "year 2027 partial",               // unknown year status
           "year 2026 complete source N",     // year declared twice
           "hello",                           // garbage
       }) {
    EXPECT_THAT(ParseError(y + bad + "\n"), HasSubstr("line 3")) << bad;
  }
}

// README "Format": a repeated date means one of the lines is wrong, whether it
// repeats the same kind or contradicts it.
TEST(WorkingCalendarParseTest, RefusesDuplicateAndContradictoryDates) {
  const std::string y = "year 2026 complete source 通知 A\n";
  EXPECT_THAT(ParseError(y + "2026-10-01 holiday\n2026-10-01 holiday\n"),
              HasSubstr("line 3: 2026-10-01 already marked on line 2"));
  EXPECT_THAT(ParseError(y + "2026-02-21 holiday\n2026-02-21 workday\n"), HasSubstr("line 3"));
  EXPECT_THAT(ParseError(y + "2026-10-01..2026-10-07 holiday\n"
                             "2026-10-07..2026-10-08 holiday\n"),
              HasSubstr("line 3: 2026-10-07 already marked on line 2"));
}

// DOMAIN.md "The callback": make-up working days (调休) are weekend days
// worked; one on a weekday is a data error.
TEST(WorkingCalendarParseTest, RefusesMakeUpWorkdayOnWeekday) {
  EXPECT_THAT(ParseError("year 2026 complete source 通知 A\n2026-02-13 workday\n"),
              HasSubstr("line 2: workday 2026-02-13 is not a Saturday"));
}

// README "Upkeep": a year is either fully listed or not at all.
TEST(WorkingCalendarParseTest, RefusesMarksInUndeclaredYear) {
  EXPECT_THAT(ParseError("year 2026 complete source 通知 A\n2027-01-01 holiday\n"),
              HasSubstr("line 2: 2027-01-01 is in year 2027"));
}

TEST(WorkingCalendarLoadTest, MissingFileIsNotFound) {
  EXPECT_EQ(WorkingCalendar::LoadFile("/nonexistent/cal.txt", kChina).status().code(),
            absl::StatusCode::kNotFound);
}

// The shipped data passes every check above (which also verifies that each
// make-up day in it really is a Saturday or Sunday).
TEST(WorkingCalendarLoadTest, ShippedFileLoads) {
  WorkingCalendar cal = Shipped();
  EXPECT_TRUE(cal.CoversYear(2025));
  EXPECT_TRUE(cal.CoversYear(2026));
  EXPECT_TRUE(cal.IsPublicHoliday(Day(2025, 1, 28)));
  EXPECT_TRUE(cal.IsWorkingDay(Day(2025, 10, 11)));  // Sat, 国庆调休
}

// DOMAIN.md "The callback": working days follow the public-holiday calendar,
// including make-up working weekends (2026 春节: off Feb 15-23, Sat Feb 14 and
// Sat Feb 28 worked).
TEST(WorkingCalendarTest, SpringFestival2026) {
  WorkingCalendar cal = Shipped();
  EXPECT_TRUE(cal.IsWorkingDay(Day(2026, 2, 13)));  // Fri
  EXPECT_TRUE(cal.IsWorkingDay(Day(2026, 2, 14)));  // Sat, make-up
  EXPECT_FALSE(cal.IsPublicHoliday(Day(2026, 2, 14)));
  for (int d = 15; d <= 23; ++d) {
    EXPECT_FALSE(cal.IsWorkingDay(Day(2026, 2, d))) << d;
    EXPECT_TRUE(cal.IsPublicHoliday(Day(2026, 2, d))) << d;
  }
  EXPECT_TRUE(cal.IsWorkingDay(Day(2026, 2, 24)));  // Tue
  EXPECT_TRUE(cal.IsWorkingDay(Day(2026, 2, 28)));  // Sat, make-up
  EXPECT_FALSE(cal.IsWorkingDay(Day(2026, 3, 1)));  // ordinary Sun
  EXPECT_FALSE(cal.IsPublicHoliday(Day(2026, 3, 1)));
}

// DOMAIN.md "The callback": "n working days after" skips holidays and counts
// make-up weekends; the starting day is not counted.
TEST(WorkingCalendarTest, AddWorkingDays) {
  WorkingCalendar cal = Shipped();
  // Across 春节: Wed 11, Thu 12, Fri 13, Sat 14 (make-up), then Tue 24.
  EXPECT_EQ(cal.AddWorkingDays(Day(2026, 2, 10), 4), Day(2026, 2, 14));
  EXPECT_EQ(cal.AddWorkingDays(Day(2026, 2, 10), 5), Day(2026, 2, 24));
  // Across a make-up weekend: Sat 19 rests, Sun 20 is worked, Mon 21.
  EXPECT_EQ(cal.AddWorkingDays(Day(2026, 9, 18), 1), Day(2026, 9, 20));
  EXPECT_EQ(cal.AddWorkingDays(Day(2026, 9, 18), 2), Day(2026, 9, 21));
  // Across 中秋 (Fri 25 - Sun 27) and 国庆 (Oct 1-7).
  EXPECT_EQ(cal.AddWorkingDays(Day(2026, 9, 24), 1), Day(2026, 9, 28));
  EXPECT_EQ(cal.AddWorkingDays(Day(2026, 9, 30), 1), Day(2026, 10, 8));
  EXPECT_EQ(cal.AddWorkingDays(Day(2026, 10, 3), 3), Day(2026, 10, 10));
}

// DOMAIN.md "The callback": working days in (from, to].
TEST(WorkingCalendarTest, WorkingDaysBetween) {
  WorkingCalendar cal = Shipped();
  // Feb 14 (Sat, make-up), Feb 24-27, Feb 28 (Sat, make-up), Mar 2.
  EXPECT_EQ(cal.WorkingDaysBetween(Day(2026, 2, 13), Day(2026, 3, 2)), 7);
  EXPECT_EQ(cal.WorkingDaysBetween(Day(2026, 2, 15), Day(2026, 2, 23)), 0);
  EXPECT_EQ(cal.WorkingDaysBetween(Day(2026, 3, 2), Day(2026, 3, 2)), 0);
  EXPECT_EQ(cal.WorkingDaysBetween(Day(2026, 3, 2), Day(2026, 2, 13)), 0);
  // It inverts AddWorkingDays over the whole covered year.
  for (absl::CivilDay d = Day(2026, 1, 1); d < Day(2027, 1, 1); ++d) {
    for (int n = 1; n <= 3; ++n) {
      ASSERT_EQ(cal.WorkingDaysBetween(d, cal.AddWorkingDays(d, n)), n) << d;
    }
  }
}

// DOMAIN.md "Counting periods": dates are local business dates, so an
// evening instant in UTC may already be the next day in UTC+8.
TEST(WorkingCalendarTest, WorkingDaysDeadlineUsesBusinessDate) {
  WorkingCalendar cal = Shipped();
  // 2026-09-30T17:30Z is Thu 2026-10-01 01:30 local, inside 国庆.
  const absl::Time oct1 = Utc(2026, 9, 30, 17, 30);
  EXPECT_EQ(cal.BusinessDay(oct1), Day(2026, 10, 1));
  // Oct 8, Oct 9, Sat Oct 10 (make-up): ends with Oct 10, i.e. at Oct 11 00:00.
  EXPECT_EQ(cal.WorkingDaysDeadline(oct1, 3), Utc(2026, 10, 10, 16, 0));
  // 2026-09-29T17:30Z is Wed Sep 30 local: the next working day is Oct 8
  // (a UTC reading would wrongly give Sep 30).
  EXPECT_EQ(cal.WorkingDaysDeadline(Utc(2026, 9, 29, 17, 30), 1), Utc(2026, 10, 8, 16, 0));
  // Thu evening UTC is Fri local: one working day later is Mon Mar 9.
  EXPECT_EQ(cal.WorkingDaysDeadline(Utc(2026, 3, 5, 17, 30), 1), Utc(2026, 3, 9, 16, 0));
}

// DOMAIN.md "Counting periods" (Civil Code art. 203): a period whose last day
// is a statutory holiday ends on the first day after it; weekends do not roll.
TEST(WorkingCalendarTest, RollPastHoliday) {
  WorkingCalendar cal = Shipped();
  EXPECT_EQ(cal.RollPastHoliday(Day(2026, 10, 3)), Day(2026, 10, 8));
  EXPECT_EQ(cal.RollPastHoliday(Day(2026, 2, 21)), Day(2026, 2, 24));
  EXPECT_EQ(cal.RollPastHoliday(Day(2026, 3, 7)), Day(2026, 3, 7));    // Sat
  EXPECT_EQ(cal.RollPastHoliday(Day(2026, 2, 14)), Day(2026, 2, 14));  // 调休
  EXPECT_EQ(cal.RollPastHoliday(Day(2026, 10, 8)), Day(2026, 10, 8));
  // Bought 2026-09-24: the 7-day window's last day, Oct 1, rolls to Oct 8.
  EXPECT_EQ(cal.RollPastHoliday(Day(2026, 9, 24) + 7), Day(2026, 10, 8));
}

// DOMAIN.md "Counting periods": dates are business dates in UTC+8.
TEST(WorkingCalendarTest, BusinessDayAndStartOf) {
  WorkingCalendar cal = Shipped();
  EXPECT_EQ(cal.BusinessDay(Utc(2026, 2, 14, 15, 59)), Day(2026, 2, 14));
  EXPECT_EQ(cal.BusinessDay(Utc(2026, 2, 14, 16, 0)), Day(2026, 2, 15));
  EXPECT_EQ(cal.StartOf(Day(2026, 2, 15)), Utc(2026, 2, 14, 16, 0));
  EXPECT_EQ(cal.BusinessDay(cal.StartOf(Day(2026, 2, 15))), Day(2026, 2, 15));
  EXPECT_EQ(cal.BusinessDay(cal.StartOf(Day(2026, 2, 15)) - absl::Seconds(1)), Day(2026, 2, 14));
}

// README "Upkeep": outside the declared years only weekends rest.
TEST(WorkingCalendarTest, CoversYear) {
  WorkingCalendar cal = Shipped();
  EXPECT_FALSE(cal.CoversYear(2024));
  EXPECT_FALSE(cal.CoversYear(2027));
  EXPECT_TRUE(cal.IsWorkingDay(Day(2027, 10, 1)));   // Fri: no data yet
  EXPECT_FALSE(cal.IsWorkingDay(Day(2027, 10, 2)));  // Sat
  EXPECT_FALSE(cal.IsPublicHoliday(Day(2027, 1, 1)));

  absl::StatusOr<WorkingCalendar> empty =
      WorkingCalendar::Parse("year 2027 complete source N\n", kChina);
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_TRUE(empty->CoversYear(2027));
  EXPECT_FALSE(empty->CoversYear(2026));
}

}  // namespace
}  // namespace fieldservice::common
