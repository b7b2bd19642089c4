#include "services/warranty/domain/period.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace fieldservice::warranty {
namespace {

// Longer periods are typos (a missing 'm' after "120"), not warranties.
constexpr int kMaxDays = 36500;
constexpr int kMaxMonths = 1200;

absl::CivilDay AddMonths(absl::CivilDay start, int months) {
  // CivilMonth arithmetic keeps the month exact; the day is then clamped,
  // because CivilDay(2025, 2, 29) would silently normalise to 1 March.
  const absl::CivilMonth month = absl::CivilMonth(start) + months;
  const absl::CivilDay last_of_month = absl::CivilDay(month + 1) - 1;
  const int day = std::min<int>(start.day(), last_of_month.day());
  return absl::CivilDay(month.year(), month.month(), day);
}

}  // namespace

absl::StatusOr<Period> ParsePeriod(std::string_view text) {
  const absl::string_view s(text.data(), text.size());
  if (s.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad period '", s, "', expected e.g. 7d, 6m, 1y"));
  }
  const char unit = s.back();
  const absl::string_view digits = s.substr(0, s.size() - 1);
  int n = 0;
  bool ok = !digits.empty();
  for (char c : digits) ok = ok && absl::ascii_isdigit(static_cast<unsigned char>(c));
  ok = ok && digits.size() <= 5 && absl::SimpleAtoi(digits, &n) && n > 0;
  Period p;
  if (ok && unit == 'd') {
    p = Period::Days(n);
  } else if (ok && unit == 'm') {
    p = Period::Months(n);
  } else if (ok && unit == 'y') {
    p = Period::Years(n);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("bad period '", s, "', expected a positive count and d, m or y"));
  }
  if ((p.unit == Period::Unit::kDays && p.count > kMaxDays) ||
      (p.unit == Period::Unit::kMonths && p.count > kMaxMonths)) {
    return absl::InvalidArgumentError(absl::StrCat("period '", s, "' is longer than 100 years"));
  }
  return p;
}

std::string FormatPeriod(Period p) {
  if (p.unit == Period::Unit::kDays) return absl::StrCat(p.count, "d");
  if (p.count % 12 == 0) return absl::StrCat(p.count / 12, "y");
  return absl::StrCat(p.count, "m");
}

std::string FormatDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::CivilDay LastDayOf(absl::CivilDay start, Period p) {
  // The starting day is not counted (art. 201): 7 days from 1 May end on
  // 8 May, one year from 1 May ends on 1 May next year.
  return p.unit == Period::Unit::kDays ? start + p.count : AddMonths(start, p.count);
}

PeriodEnd FinishPeriod(absl::CivilDay base_end, int paused_days,
                       const common::WorkingCalendar& calendar) {
  PeriodEnd out;
  out.base_end = base_end;
  out.paused_days = paused_days;
  // Pauses first: the roll is about the day the period really ends.
  const absl::CivilDay paused = base_end + paused_days;
  out.end = calendar.RollPastHoliday(paused);
  out.rolled_past_holiday = out.end != paused;
  return out;
}

PeriodEnd EndOfPeriod(absl::CivilDay start, Period p, int paused_days,
                      const common::WorkingCalendar& calendar) {
  return FinishPeriod(LastDayOf(start, p), paused_days, calendar);
}

absl::CivilDay BusinessDayOf(absl::Time t, const common::WorkingCalendar& calendar) {
  return calendar.BusinessDay(t);
}

bool AtLeastAsLong(Period a, Period b) {
  if (a.unit == b.unit) return a.count >= b.count;
  // 1461 days = 4 years, one leap day: every month-length pattern occurs.
  const absl::CivilDay first(2024, 1, 1);
  for (absl::CivilDay start = first; start < first + 1461; ++start) {
    if (LastDayOf(start, a) < LastDayOf(start, b)) return false;
  }
  return true;
}

}  // namespace fieldservice::warranty
