#include "services/common/log_throttle.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace fieldservice::common {

void ThrottledLog::Warn(const LogFields& fields) {
  int64_t count = 0;
  {
    absl::MutexLock lock(&mu_);
    troubled_ = true;
    ++unreported_;
    absl::Time now = absl::Now();
    if (now - last_line_ < interval_) return;
    last_line_ = now;
    count = unreported_;
    unreported_ = 0;
  }
  LogFields with_count = fields;
  with_count.emplace_back("failures", absl::StrCat(count));
  LogWarning(event_, with_count);
}

void ThrottledLog::Recovered(std::string_view recovered_event) {
  int64_t count = 0;
  {
    absl::MutexLock lock(&mu_);
    if (!troubled_) return;
    troubled_ = false;
    count = unreported_;
    unreported_ = 0;
    last_line_ = absl::InfinitePast();
  }
  LogInfo(recovered_event, {{"unreported_failures", absl::StrCat(count)}});
}

}  // namespace fieldservice::common
