#include "services/common/service_clock.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/logging.h"

namespace fieldservice::common {

void AddFakeNowSettings(std::vector<Setting>& s) {
  s.push_back({"fake_now", "",
               "TEST ONLY: the service clock starts at this RFC 3339 instant and runs on at "
               "wall-clock speed (end-to-end tests with fixed dates); refused unless "
               "allow_fake_now=true"});
  s.push_back({"fake_now_anchor", "",
               "TEST ONLY: the wall-clock RFC 3339 instant at which the clock reads fake_now "
               "(default: start-up), so several processes share one fake clock; needs fake_now"});
  s.push_back({"fake_clock_rate", "1",
               "TEST ONLY: the fake clock runs this many times as fast as the wall clock (a demo "
               "of simulated days, scripts/techsim_run.sh); needs fake_now. Outbox leases and "
               "round budgets are clock time: scale them by the rate too"});
  s.push_back({"allow_fake_now", "false", "TEST ONLY: permits fake_now; never set in production"});
}

absl::StatusOr<std::unique_ptr<Clock>> ServiceClock(const Config& config) {
  const std::string& fake_now = config.Get("fake_now");
  const std::string& anchor_text = config.Get("fake_now_anchor");
  const std::string& rate_text = config.Get("fake_clock_rate");
  if (fake_now.empty()) {
    if (!anchor_text.empty() || rate_text != "1") {
      return absl::InvalidArgumentError("fake_now_anchor and fake_clock_rate need fake_now");
    }
    return std::make_unique<SystemClock>();
  }
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
  absl::Time anchor = absl::Now();
  if (!anchor_text.empty() && !absl::ParseTime(absl::RFC3339_full, anchor_text, &anchor, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("fake_now_anchor must be an RFC 3339 instant: ", error));
  }
  double rate = 1;
  if (!absl::SimpleAtod(rate_text, &rate) || !(rate > 0) || rate > 100000) {
    return absl::InvalidArgumentError(absl::StrCat(
        "fake_clock_rate must be a number above 0 and at most 100000, not '", rate_text, "'"));
  }
  LogWarning("fake_clock", {{"fake_now", fake_now},
                            {"fake_now_anchor",
                             absl::FormatTime(absl::RFC3339_full, anchor, absl::UTCTimeZone())},
                            {"fake_clock_rate", rate_text}});
  return std::make_unique<ShiftedClock>(start, anchor, rate);
}

}  // namespace fieldservice::common
