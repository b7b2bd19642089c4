// techsim's simulated time: it reads `start` at the wall-clock instant
// `anchor` (by default when constructed) and runs `scale` times faster than
// the wall clock, so a two-hour appointment window passes in seconds. Given
// the services' fake_now, fake_now_anchor and fake_clock_rate it reads what
// their clocks read (services/common/service_clock.h), so an eta or a
// window techsim computes is the same instant to them; otherwise the
// services keep their own clock and only techsim's figures (when a
// technician left, arrived, whether on time) are in simulated time.
#ifndef FIELDSERVICE_TOOLS_TECHSIM_SIM_CLOCK_H_
#define FIELDSERVICE_TOOLS_TECHSIM_SIM_CLOCK_H_

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace fieldservice::tools::techsim {

class SimClock {
 public:
  SimClock(absl::Time start, double scale) : SimClock(start, absl::Now(), scale) {}
  SimClock(absl::Time start, absl::Time anchor, double scale)
      : start_(start), wall_start_(anchor), scale_(scale) {}

  absl::Time Now() const { return start_ + (absl::Now() - wall_start_) * scale_; }

  // Simulated `d` as wall-clock time.
  absl::Duration ToWall(absl::Duration d) const { return d / scale_; }

  // Waits until simulated time `t`; false when `stop` was notified first.
  bool SleepUntil(absl::Time t, const absl::Notification& stop) const {
    const absl::Duration left = t - Now();
    if (left <= absl::ZeroDuration()) return !stop.HasBeenNotified();
    return !stop.WaitForNotificationWithTimeout(ToWall(left));
  }

 private:
  const absl::Time start_;
  const absl::Time wall_start_;
  const double scale_;
};

}  // namespace fieldservice::tools::techsim

#endif  // FIELDSERVICE_TOOLS_TECHSIM_SIM_CLOCK_H_
