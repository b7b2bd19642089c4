// A warning that repeats (every failed call during a database outage) is
// written at most once per interval, with the number of occurrences since the
// last line, instead of once per occurrence.
#ifndef FIELDSERVICE_COMMON_LOG_THROTTLE_H_
#define FIELDSERVICE_COMMON_LOG_THROTTLE_H_

#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/logging.h"

namespace fieldservice::common {

class ThrottledLog {
 public:
  ThrottledLog(std::string event, absl::Duration interval)
      : event_(std::move(event)), interval_(interval) {}

  // Counts one occurrence; writes a warning with `fields` plus
  // failures=<occurrences since the last line> when the first occurrence
  // happens or `interval` has passed since the last line.
  void Warn(const LogFields& fields);
  // The trouble is over: logs `recovered_event` (info) with the occurrences
  // not yet reported, if there was any trouble; the next Warn writes at once.
  void Recovered(std::string_view recovered_event);

 private:
  const std::string event_;
  const absl::Duration interval_;
  absl::Mutex mu_;
  int64_t unreported_ ABSL_GUARDED_BY(mu_) = 0;
  bool troubled_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time last_line_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_LOG_THROTTLE_H_
