// The clock of a service started with the test-only `fake_now` setting: it
// reads `start` when constructed and then runs at the speed of the wall
// clock, so end-to-end tests see fixed dates while timeouts, backoffs and
// the sweeper still move on.
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
  explicit ShiftedClock(absl::Time start) : shift_(start - absl::Now()) {}
  absl::Time Now() const override { return absl::Now() + shift_; }

 private:
  const absl::Duration shift_;
};

// The settings fake_now and allow_fake_now (TEST ONLY), for a service whose
// end-to-end tests need fixed dates.
void AddFakeNowSettings(std::vector<Setting>& settings);

// The wall clock, or the test-only shifted one when fake_now is set and
// explicitly allowed (INVALID_ARGUMENT otherwise, naming the setting).
absl::StatusOr<std::unique_ptr<Clock>> ServiceClock(const Config& config);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_SERVICE_CLOCK_H_
