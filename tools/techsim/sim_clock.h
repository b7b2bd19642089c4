// techsim's simulated time: it starts at a given instant (the services'
// "now", which a test may have shifted with fake_now) and runs `scale` times
// faster than the wall clock, so a two-hour appointment window passes in
// seconds. The services keep their own clock; only techsim's figures (when
// a technician left, arrived, whether on time) are in simulated time.
#ifndef FIELDSERVICE_TOOLS_TECHSIM_SIM_CLOCK_H_
#define FIELDSERVICE_TOOLS_TECHSIM_SIM_CLOCK_H_

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace fieldservice::tools::techsim {

class SimClock {
 public:
  SimClock(absl::Time start, double scale)
      : start_(start), wall_start_(absl::Now()), scale_(scale) {}

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
