// The working-day calendar: weekends, public holidays (法定节假日) and make-up
// working days (调休), loaded from a data file, in the business time zone.
//
// The data can be replaced while the services run (a new year's notice, see
// calendar_keeper.h): code holding a `const WorkingCalendar&` sees the new
// data from its next call on, and each call computes on one consistent
// version of it.
#ifndef FIELDSERVICE_COMMON_CALENDAR_H_
#define FIELDSERVICE_COMMON_CALENDAR_H_

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace fieldservice::common {

// Strict YYYY-MM-DD, as data files write dates. absl::ParseCivilTime would
// accept variants (signs, short fields) that hide typos, and CivilDay
// silently normalises 02-30 to 03-02, so the fields must round-trip.
bool ParseIsoDate(absl::string_view text, absl::CivilDay* out);

// How one date is marked in the data file.
enum class DayKind {
  kOrdinary,       // follows the weekday: Mon-Fri work, Sat-Sun rest
  kPublicHoliday,  // a day off of a statutory holiday period
  kMakeUpWorkday,  // a weekend day worked in exchange (调休上班)
};

class WorkingCalendar {
 public:
  // Parses the data file format documented in data/calendar/README.md.
  // Errors name the line number and what is wrong with it.
  static absl::StatusOr<WorkingCalendar> Parse(std::string_view text, absl::TimeZone zone);
  static absl::StatusOr<WorkingCalendar> LoadFile(const std::string& path, absl::TimeZone zone);

  // A copy shares the other's current data and does not follow its later
  // Replace calls. Assignment also sets the zone, so it is for set-up only;
  // use Replace on a calendar others read.
  WorkingCalendar(const WorkingCalendar& other);
  WorkingCalendar& operator=(const WorkingCalendar& other);

  // Takes `other`'s dates and years; the zone stays. Safe while other
  // threads read this calendar.
  void Replace(const WorkingCalendar& other);

  // The business zone; China is UTC+8 with no DST.
  absl::TimeZone zone() const { return zone_; }
  // The business date of an instant.
  absl::CivilDay BusinessDay(absl::Time t) const;
  // The first instant of a business date.
  absl::Time StartOf(absl::CivilDay day) const;

  DayKind KindOf(absl::CivilDay day) const;
  bool IsWorkingDay(absl::CivilDay day) const;
  // True for the days off of a statutory holiday period (not plain weekends).
  bool IsPublicHoliday(absl::CivilDay day) const;
  // Whether the file has data for that year (outside it only weekends rest).
  bool CoversYear(int year) const;
  // The covered years, each with where its dates come from (the file's
  // `source`: the State Council notice).
  std::map<int, std::string> YearSources() const;

  // The n-th working day after `day` (the day itself is not counted); n >= 1.
  absl::CivilDay AddWorkingDays(absl::CivilDay day, int n) const;
  // Working days in (from, to]: 0 when to <= from.
  int WorkingDaysBetween(absl::CivilDay from, absl::CivilDay to) const;
  // A deadline of n working days from an instant: the end of the n-th working
  // day after its business date (returned as the first instant of the next
  // day). Same counting as the Civil Code: the starting day is not counted.
  absl::Time WorkingDaysDeadline(absl::Time from, int n) const;
  // When a period's last day falls on a public holiday the period ends on the
  // first day after the holiday (Civil Code art. 203); otherwise `day`.
  absl::CivilDay RollPastHoliday(absl::CivilDay day) const;

 private:
  // One version of the file's content; never changed once built.
  struct Data {
    std::map<absl::CivilDay, DayKind> marks;
    std::map<int, std::string> year_sources;  // years the file declares complete
    DayKind KindOf(absl::CivilDay day) const;
    bool IsWorkingDay(absl::CivilDay day) const;
  };

  WorkingCalendar(std::shared_ptr<const Data> data, absl::TimeZone zone) : zone_(zone) {
    Install(std::move(data));
  }
  // Makes `data` the current version.
  void Install(std::shared_ptr<const Data> data);
  // The current version. Readers take no lock and no reference count (every
  // warranty decision and deadline asks several times): versions are kept
  // until the calendar is destroyed, which costs a few KiB per reload, and a
  // reload happens about once a year.
  const Data& Snapshot() const { return *current_.load(std::memory_order_acquire); }

  mutable absl::Mutex mu_;
  std::vector<std::shared_ptr<const Data>> versions_ ABSL_GUARDED_BY(mu_);
  std::atomic<const Data*> current_{nullptr};
  absl::TimeZone zone_;
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_CALENDAR_H_
