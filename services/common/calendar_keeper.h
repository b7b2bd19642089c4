// Keeps the holiday calendar in use current and says loudly when it lacks a
// year that matters.
//
// The file is re-read when its content changes (polled), so every replica
// sharing it (a ConfigMap in Kubernetes) follows a new year's data without a
// restart; ReloadCalendar (ops.proto) re-reads it at once. A file that does
// not parse is logged and the calendar in use stays as it was.
//
// A missing year is warned about at start-up and then once per business day
// until the data arrives, and reported by GetServiceStatus.
#ifndef FIELDSERVICE_COMMON_CALENDAR_KEEPER_H_
#define FIELDSERVICE_COMMON_CALENDAR_KEEPER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/calendar.h"
#include "services/common/clock.h"

namespace fieldservice::common {

struct CalendarWatchOptions {
  std::string path;  // the calendar file
  // How often the file is checked for changes.
  absl::Duration poll_interval = absl::Minutes(1);
  // The next year must be covered this many days before it starts.
  int warn_days = 60;
};

struct CalendarCoverage {
  std::map<int, std::string> years;  // covered years and their sources
  std::vector<int> missing;          // years that matter now and lack data
  std::string warning;               // empty when nothing is missing
};

// The current business year always matters; the next one from `warn_days`
// days before it starts.
CalendarCoverage CoverageAt(const WorkingCalendar& calendar, absl::Time now, int warn_days);

class CalendarKeeper {
 public:
  // `calendar` was loaded from options.path by the caller; both it and
  // `clock` must outlive the keeper.
  CalendarKeeper(WorkingCalendar& calendar, const Clock& clock, CalendarWatchOptions options);
  ~CalendarKeeper() { Stop(); }

  // Re-reads the file now; on success the calendar in use is replaced. The
  // error names the file and line otherwise.
  absl::Status Reload();

  CalendarCoverage Coverage() const;
  const std::string& path() const { return options_.path; }
  // When the data in use was read.
  absl::Time load_time() const;

  // One round of the background work: reload if the file's content changed,
  // and warn if a year is missing and today was not warned about yet.
  void Tick();
  // Ticks now and then every poll interval on a thread, until Stop().
  void Start();
  void Stop();

  // Successful reloads so far; tests wait for one with AwaitReloads.
  int64_t reloads() const;
  bool AwaitReloads(int64_t count, absl::Duration timeout) const;

 private:
  absl::Status ReloadText(const std::string& text);

  WorkingCalendar& calendar_;
  const Clock& clock_;
  const CalendarWatchOptions options_;

  mutable absl::Mutex mu_;
  std::string loaded_text_ ABSL_GUARDED_BY(mu_);   // what the calendar in use was read from
  std::string refused_text_ ABSL_GUARDED_BY(mu_);  // last content that did not parse
  absl::Time load_time_ ABSL_GUARDED_BY(mu_);
  int64_t reloads_ ABSL_GUARDED_BY(mu_) = 0;
  std::optional<absl::CivilDay> warned_on_ ABSL_GUARDED_BY(mu_);

  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_CALENDAR_KEEPER_H_
