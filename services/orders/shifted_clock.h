// The clock of a service started with the test-only `fake_now` setting: it
// reads `start` when constructed and then runs at the speed of the wall
// clock, so end-to-end tests see fixed dates while timeouts, backoffs and
// the sweeper still move on.
#ifndef FIELDSERVICE_ORDERS_SHIFTED_CLOCK_H_
#define FIELDSERVICE_ORDERS_SHIFTED_CLOCK_H_

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/clock.h"

namespace fieldservice::orders {

class ShiftedClock final : public common::Clock {
 public:
  explicit ShiftedClock(absl::Time start) : shift_(start - absl::Now()) {}
  absl::Time Now() const override { return absl::Now() + shift_; }

 private:
  const absl::Duration shift_;
};

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_SHIFTED_CLOCK_H_
