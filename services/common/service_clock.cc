#include "services/common/service_clock.h"

#include "absl/strings/str_cat.h"
#include "services/common/logging.h"

namespace fieldservice::common {

void AddFakeNowSettings(std::vector<Setting>& s) {
  s.push_back({"fake_now", "",
               "TEST ONLY: the service clock starts at this RFC 3339 instant and runs on at "
               "wall-clock speed (end-to-end tests with fixed dates); refused unless "
               "allow_fake_now=true"});
  s.push_back({"allow_fake_now", "false", "TEST ONLY: permits fake_now; never set in production"});
}

absl::StatusOr<std::unique_ptr<Clock>> ServiceClock(const Config& config) {
  const std::string& fake_now = config.Get("fake_now");
  if (fake_now.empty()) return std::make_unique<SystemClock>();
  auto allowed = config.GetBool("allow_fake_now");
  if (!allowed.ok()) return allowed.status();
  if (!*allowed) {
    return absl::InvalidArgumentError(
        "fake_now is a test-only setting and is refused unless allow_fake_now=true");
  }
  absl::Time start;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, fake_now, &start, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("fake_now must be an RFC 3339 instant such as 2026-11-23T02:00:00Z: ", error));
  }
  LogWarning("fake_clock", {{"fake_now", fake_now}});
  return std::make_unique<ShiftedClock>(start);
}

}  // namespace fieldservice::common
