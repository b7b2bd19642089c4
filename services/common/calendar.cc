#include "services/common/calendar.h"

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "services/common/files.h"

namespace fieldservice::common {
namespace {

// A range longer than the longest statutory break (9 days) plus slack is far
// more likely a typo (wrong month or year) than real data.
constexpr int kMaxRangeDays = 31;

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday w = absl::GetWeekday(day);
  return w == absl::Weekday::saturday || w == absl::Weekday::sunday;
}

std::string Format(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::Status LineError(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", what));
}

}  // namespace

bool ParseIsoDate(absl::string_view s, absl::CivilDay* out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  int y = 0, m = 0, d = 0;
  if (!absl::SimpleAtoi(s.substr(0, 4), &y) || !absl::SimpleAtoi(s.substr(5, 2), &m) ||
      !absl::SimpleAtoi(s.substr(8, 2), &d)) {
    return false;
  }
  const absl::CivilDay day(y, m, d);
  if (day.year() != y || day.month() != m || day.day() != d) return false;
  *out = day;
  return true;
}

absl::StatusOr<WorkingCalendar> WorkingCalendar::Parse(std::string_view input,
                                                       absl::TimeZone zone) {
  // This abseil build has its own string_view type, distinct from std's.
  absl::string_view text(input.data(), input.size());
  std::map<absl::CivilDay, DayKind> marks;
  std::map<absl::CivilDay, int> mark_line;  // for duplicate and year errors
  std::map<int, std::string> years;         // year -> source
  std::map<int, int> year_line;

  // Tolerate a UTF-8 byte-order mark: the file holds Chinese labels and some
  // editors add one.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  int line_no = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++line_no;
    absl::string_view line = raw.substr(0, raw.find('#'));
    line = absl::StripAsciiWhitespace(line);  // also drops a CRLF '\r'
    if (line.empty()) continue;

    std::vector<absl::string_view> tok =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());

    if (tok[0] == "year") {
      // year YYYY complete source <the notice the dates come from>
      int year = 0;
      // The source is the rest of the line after the `source` token.
      const absl::string_view source =
          tok.size() < 5 ? absl::string_view()
                         : line.substr(static_cast<size_t>(tok[4].data() - line.data()));
      if (tok.size() < 5 || tok[2] != "complete" || tok[3] != "source" || tok[1].size() != 4 ||
          !absl::SimpleAtoi(tok[1], &year) || year < 1000 || source.empty()) {
        return LineError(line_no, "expected 'year YYYY complete source <notice>'");
      }
      if (auto it = year_line.find(year); it != year_line.end()) {
        return LineError(line_no,
                         absl::StrCat("year ", year, " already declared on line ", it->second));
      }
      years[year] = std::string(source);
      year_line[year] = line_no;
      continue;
    }

    if (tok.size() < 2) {
      return LineError(line_no, "expected 'DATE[..DATE] holiday|workday [label]'");
    }
    absl::CivilDay first, last;
    const size_t dots = tok[0].find("..");
    if (dots == absl::string_view::npos) {
      if (!ParseIsoDate(tok[0], &first)) {
        return LineError(line_no, absl::StrCat("bad date '", tok[0], "', expected YYYY-MM-DD"));
      }
      last = first;
    } else if (!ParseIsoDate(tok[0].substr(0, dots), &first) ||
               !ParseIsoDate(tok[0].substr(dots + 2), &last)) {
      return LineError(line_no,
                       absl::StrCat("bad range '", tok[0], "', expected YYYY-MM-DD..YYYY-MM-DD"));
    } else if (last < first || last - first >= kMaxRangeDays) {
      return LineError(line_no, absl::StrCat("range '", tok[0], "' is reversed or longer than ",
                                             kMaxRangeDays, " days"));
    }

    DayKind kind;
    if (tok[1] == "holiday") {
      kind = DayKind::kPublicHoliday;
    } else if (tok[1] == "workday") {
      kind = DayKind::kMakeUpWorkday;
    } else {
      return LineError(line_no,
                       absl::StrCat("unknown kind '", tok[1], "', expected holiday or workday"));
    }

    for (absl::CivilDay day = first; day <= last; ++day) {
      // A make-up workday on a weekday changes nothing, so it is a mistake
      // (usually a wrong date) rather than harmless redundancy.
      if (kind == DayKind::kMakeUpWorkday && !IsWeekend(day)) {
        return LineError(line_no,
                         absl::StrCat("workday ", Format(day), " is not a Saturday or Sunday"));
      }
      // Any second mark is refused, even an identical one: a repeated date
      // usually means one of the two lines has the wrong date.
      if (auto it = mark_line.find(day); it != mark_line.end()) {
        return LineError(line_no,
                         absl::StrCat(Format(day), " already marked on line ", it->second));
      }
      marks[day] = kind;
      mark_line[day] = line_no;
    }
  }

  // Marks in an undeclared year would make CoversYear lie; checked after the
  // loop so the year line may come anywhere in the file.
  for (const auto& [day, line] : mark_line) {
    if (!years.contains(static_cast<int>(day.year()))) {
      return LineError(
          line, absl::StrCat(Format(day), " is in year ", day.year(), ", which has no 'year ",
                             day.year(), " complete source ...' line"));
    }
  }
  return WorkingCalendar(std::make_shared<const Data>(Data{std::move(marks), std::move(years)}),
                         zone);
}

absl::StatusOr<WorkingCalendar> WorkingCalendar::LoadFile(const std::string& path,
                                                          absl::TimeZone zone) {
  return ParseFile<WorkingCalendar>(path,
                                    [zone](std::string_view text) { return Parse(text, zone); });
}

WorkingCalendar::WorkingCalendar(const WorkingCalendar& other) : zone_(other.zone_) {
  absl::MutexLock lock(&other.mu_);
  Install(other.versions_.back());
}

WorkingCalendar& WorkingCalendar::operator=(const WorkingCalendar& other) {
  if (this == &other) return *this;
  Replace(other);
  zone_ = other.zone_;
  return *this;
}

void WorkingCalendar::Replace(const WorkingCalendar& other) {
  std::shared_ptr<const Data> data;
  {
    absl::MutexLock lock(&other.mu_);
    data = other.versions_.back();
  }
  Install(std::move(data));  // the old version stays for running computations
}

void WorkingCalendar::Install(std::shared_ptr<const Data> data) {
  absl::MutexLock lock(&mu_);
  versions_.push_back(std::move(data));
  current_.store(versions_.back().get(), std::memory_order_release);
}

absl::CivilDay WorkingCalendar::BusinessDay(absl::Time t) const {
  return absl::ToCivilDay(t, zone_);
}

absl::Time WorkingCalendar::StartOf(absl::CivilDay day) const {
  // In a zone whose clocks jump at midnight the day starts at the transition;
  // when midnight repeats, at its first occurrence.
  const absl::TimeZone::TimeInfo info = zone_.At(absl::CivilSecond(day));
  return info.kind == absl::TimeZone::TimeInfo::SKIPPED ? info.trans : info.pre;
}

DayKind WorkingCalendar::Data::KindOf(absl::CivilDay day) const {
  auto it = marks.find(day);
  return it == marks.end() ? DayKind::kOrdinary : it->second;
}

bool WorkingCalendar::Data::IsWorkingDay(absl::CivilDay day) const {
  switch (KindOf(day)) {
    case DayKind::kPublicHoliday:
      return false;
    case DayKind::kMakeUpWorkday:
      return true;
    case DayKind::kOrdinary:
      break;
  }
  return !IsWeekend(day);
}

DayKind WorkingCalendar::KindOf(absl::CivilDay day) const { return Snapshot().KindOf(day); }

bool WorkingCalendar::IsWorkingDay(absl::CivilDay day) const {
  return Snapshot().IsWorkingDay(day);
}

bool WorkingCalendar::IsPublicHoliday(absl::CivilDay day) const {
  return KindOf(day) == DayKind::kPublicHoliday;
}

bool WorkingCalendar::CoversYear(int year) const { return Snapshot().year_sources.contains(year); }

std::map<int, std::string> WorkingCalendar::YearSources() const { return Snapshot().year_sources; }

absl::CivilDay WorkingCalendar::AddWorkingDays(absl::CivilDay day, int n) const {
  // Terminates: at most 9 consecutive days off exist, and none outside the
  // covered years beyond weekends.
  const Data& data = Snapshot();
  for (int counted = 0; counted < n;) {
    ++day;
    if (data.IsWorkingDay(day)) ++counted;
  }
  return day;
}

int WorkingCalendar::WorkingDaysBetween(absl::CivilDay from, absl::CivilDay to) const {
  const Data& data = Snapshot();
  int count = 0;
  for (absl::CivilDay day = from + 1; day <= to; ++day) {
    if (data.IsWorkingDay(day)) ++count;
  }
  return count;
}

absl::Time WorkingCalendar::WorkingDaysDeadline(absl::Time from, int n) const {
  return StartOf(AddWorkingDays(BusinessDay(from), n) + 1);
}

absl::CivilDay WorkingCalendar::RollPastHoliday(absl::CivilDay day) const {
  // Only statutory holidays roll; a plain weekend does not (see header).
  const Data& data = Snapshot();
  while (data.KindOf(day) == DayKind::kPublicHoliday) ++day;
  return day;
}

}  // namespace fieldservice::common
