#include "services/common/calendar_keeper.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/files.h"
#include "services/common/logging.h"

namespace fieldservice::common {

CalendarCoverage CoverageAt(const WorkingCalendar& calendar, absl::Time now, int warn_days) {
  CalendarCoverage coverage;
  coverage.years = calendar.YearSources();
  const absl::CivilDay today = calendar.BusinessDay(now);
  const int year = static_cast<int>(today.year());
  if (!coverage.years.contains(year)) coverage.missing.push_back(year);
  const int64_t days_to_next = absl::CivilDay(year + 1, 1, 1) - today;
  if (days_to_next <= warn_days && !coverage.years.contains(year + 1)) {
    coverage.missing.push_back(year + 1);
  }
  if (!coverage.missing.empty()) {
    coverage.warning = absl::StrCat(
        "the holiday calendar has no data for ", absl::StrJoin(coverage.missing, ", "),
        ": its public holidays count as working days and its make-up days as rest days, so "
        "working-day deadlines are wrong; add the State Council's notice for that year to "
        "the calendar file (data/calendar/README.md)");
  }
  return coverage;
}

CalendarKeeper::CalendarKeeper(WorkingCalendar& calendar, const Clock& clock,
                               CalendarWatchOptions options)
    : calendar_(calendar), clock_(clock), options_(std::move(options)) {
  absl::StatusOr<std::string> text = ReadTextFile(options_.path);
  absl::MutexLock lock(&mu_);
  if (text.ok()) loaded_text_ = *std::move(text);
  load_time_ = clock_.Now();
}

absl::Status CalendarKeeper::Reload() {
  absl::StatusOr<std::string> text = ReadTextFile(options_.path);
  if (!text.ok()) return text.status();
  return ReloadText(*text);
}

absl::Status CalendarKeeper::ReloadText(const std::string& text) {
  absl::StatusOr<WorkingCalendar> parsed = WorkingCalendar::Parse(text, calendar_.zone());
  if (!parsed.ok()) {
    absl::Status status(parsed.status().code(),
                        absl::StrCat(options_.path, ": ", parsed.status().message()));
    LogError("calendar_reload_failed", {{"error", std::string(status.message())}});
    absl::MutexLock lock(&mu_);
    refused_text_ = text;
    return status;
  }
  calendar_.Replace(*parsed);
  std::vector<int> years;
  for (const auto& [year, source] : parsed->YearSources()) years.push_back(year);
  LogInfo("calendar_loaded", {{"file", options_.path}, {"years", absl::StrJoin(years, ",")}});
  absl::MutexLock lock(&mu_);
  loaded_text_ = text;
  load_time_ = clock_.Now();
  ++reloads_;
  return absl::OkStatus();
}

CalendarCoverage CalendarKeeper::Coverage() const {
  return CoverageAt(calendar_, clock_.Now(), options_.warn_days);
}

absl::Time CalendarKeeper::load_time() const {
  absl::MutexLock lock(&mu_);
  return load_time_;
}

void CalendarKeeper::Tick() {
  absl::StatusOr<std::string> text = ReadTextFile(options_.path);
  if (!text.ok()) {
    LogError("calendar_unreadable", {{"error", std::string(text.status().message())}});
  } else {
    bool changed;
    {
      absl::MutexLock lock(&mu_);
      // Content, not mtime: a ConfigMap update swaps a symlink, and a copy
      // may keep the old time.
      changed = *text != loaded_text_ && *text != refused_text_;
    }
    if (changed) ReloadText(*text).IgnoreError();  // logged; the old data stays
  }

  CalendarCoverage coverage = Coverage();
  const absl::CivilDay today = calendar_.BusinessDay(clock_.Now());
  {
    absl::MutexLock lock(&mu_);
    if (coverage.missing.empty() || warned_on_ == today) return;
    warned_on_ = today;
  }
  LogWarning("calendar_year_missing", {{"missing", absl::StrJoin(coverage.missing, ",")},
                                       {"file", options_.path},
                                       {"warning", coverage.warning}});
}

void CalendarKeeper::Start() {
  Tick();
  thread_ = std::thread([this] {
    while (!stop_.WaitForNotificationWithTimeout(options_.poll_interval)) Tick();
  });
}

void CalendarKeeper::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

int64_t CalendarKeeper::reloads() const {
  absl::MutexLock lock(&mu_);
  return reloads_;
}

bool CalendarKeeper::AwaitReloads(int64_t count, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto reached = [this, count]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return reloads_ >= count; };
  return mu_.AwaitWithTimeout(absl::Condition(&reached), timeout);
}

}  // namespace fieldservice::common
