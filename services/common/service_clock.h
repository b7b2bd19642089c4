// The clock of a service started with the test-only `fake_now` setting: it
// reads `start` at the wall-clock instant `anchor` (by default when it is
// constructed) and then runs `rate` times as fast as the wall clock (by
// default 1), so end-to-end tests see fixed dates while timeouts, backoffs
// and the sweeper still move on, and a demo (scripts/techsim_run.sh) can
// pass two working days in minutes. Several processes given the same
// fake_now, anchor and rate read the same time.
//
// What a rate above 1 does: everything judged by this clock (appointment
// windows, step times, outbox leases, round budgets and backoffs, retention)
// passes `rate` times faster, while gRPC deadlines, poll intervals and the
// database's own waits stay in wall-clock time. So a run with a rate above
// 1 also scales the outbox's lease and round budget by the rate (the run
// script does), or a delivery outlives its lease in wall-clock terms.
#ifndef FIELDSERVICE_COMMON_SERVICE_CLOCK_H_
#define FIELDSERVICE_COMMON_SERVICE_CLOCK_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/clock.h"
#include "services/common/config.h"

namespace fieldservice::common {

class ShiftedClock final : public Clock {
 public:
  explicit ShiftedClock(absl::Time start) : ShiftedClock(start, absl::Now(), 1) {}
  ShiftedClock(absl::Time start, absl::Time anchor, double rate)
      : start_(start), anchor_(anchor), rate_(rate) {}
  absl::Time Now() const override {
    const absl::Duration since = absl::Now() - anchor_;
    return start_ + (rate_ == 1 ? since : since * rate_);
  }

 private:
  const absl::Time start_;
  const absl::Time anchor_;
  const double rate_;
};

// The settings fake_now, fake_now_anchor, fake_clock_rate and
// allow_fake_now (TEST ONLY), for a service whose end-to-end tests need
// fixed dates.
void AddFakeNowSettings(std::vector<Setting>& settings);

// The wall clock, or the test-only shifted one when fake_now is set and
// explicitly allowed (INVALID_ARGUMENT otherwise, naming the setting).
absl::StatusOr<std::unique_ptr<Clock>> ServiceClock(const Config& config);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_SERVICE_CLOCK_H_
