// Counting warranty periods the way DOMAIN.md "Counting periods" says (Civil
// Code arts. 201-203): the starting day is not counted, N days end at the end
// of the N-th day after it, months and years end on the same date of the last
// month (its last day when there is none), and a period whose last day is a
// statutory public holiday ends at the end of the first day after the holiday.
// All dates are business dates in the calendar's zone.
#ifndef FIELDSERVICE_WARRANTY_DOMAIN_PERIOD_H_
#define FIELDSERVICE_WARRANTY_DOMAIN_PERIOD_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/calendar.h"

namespace fieldservice::warranty {

// A period length as the law and the catalogue state it. Years are stored as
// 12 months: "1 year from 29 Feb" and "12 months from 29 Feb" end on the same
// day, so nothing is lost.
struct Period {
  enum class Unit { kDays, kMonths };
  int count = 0;
  Unit unit = Unit::kDays;

  static constexpr Period Days(int n) { return {n, Unit::kDays}; }
  static constexpr Period Months(int n) { return {n, Unit::kMonths}; }
  static constexpr Period Years(int n) { return {12 * n, Unit::kMonths}; }
  bool operator==(const Period&) const = default;
};

// "7d", "6m", "1y", "10y" (count 1..36500 days / 1200 months). Refuses
// anything else, so a typo cannot silently become zero.
absl::StatusOr<Period> ParsePeriod(std::string_view text);
// "7d", "6m", "1y": the catalogue's own notation, for reasons and errors.
std::string FormatPeriod(Period p);
// YYYY-MM-DD.
std::string FormatDay(absl::CivilDay day);

// The last day of a period starting on `start`, before pauses and holidays:
// start + N days, or the same date N months later clamped to the month's end.
absl::CivilDay LastDayOf(absl::CivilDay start, Period p);

// A period's end after the pauses (days in repair or waiting for parts push
// the end back day for day) and the holiday roll.
struct PeriodEnd {
  absl::CivilDay base_end;  // LastDayOf, before pauses and holidays
  int paused_days = 0;      // days added for repair and parts waiting
  absl::CivilDay end;       // the last day the period covers
  bool rolled_past_holiday = false;
};

// `base_end` is passed (not a start and length) so callers can first cap it,
// e.g. by a shorter commercial-use period.
PeriodEnd FinishPeriod(absl::CivilDay base_end, int paused_days,
                       const common::WorkingCalendar& calendar);

// Convenience: LastDayOf then FinishPeriod.
PeriodEnd EndOfPeriod(absl::CivilDay start, Period p, int paused_days,
                      const common::WorkingCalendar& calendar);

// The business date of an instant in the calendar's zone: a request at 23:30
// local time on the 8th is day 8; one at 00:30 local on the 9th is day 9
// although UTC still says the 8th.
absl::CivilDay BusinessDayOf(absl::Time t, const common::WorkingCalendar& calendar);

// True when `a` lasts at least as long as `b` from every possible start day.
// Same units compare by count; a days-vs-months comparison is checked over a
// whole four-year leap cycle of start days, because "12m" is 365 or 366 days
// depending on the start. Used to refuse brand terms that give less than the
// law.
bool AtLeastAsLong(Period a, Period b);

}  // namespace fieldservice::warranty

#endif  // FIELDSERVICE_WARRANTY_DOMAIN_PERIOD_H_
