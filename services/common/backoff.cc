#include "services/common/backoff.h"

#include <algorithm>
#include <random>

namespace fieldservice::common {

absl::Duration BackoffDelay(const BackoffPolicy& policy, int retry) {
  absl::Duration nominal = std::max(policy.initial, absl::ZeroDuration());
  // Doubling stops at the cap, so a large `retry` cannot overflow.
  for (int i = 1; i < retry && nominal < policy.max; ++i) nominal *= 2;
  nominal = std::min(nominal, policy.max);
  double jitter = std::clamp(policy.jitter, 0.0, 1.0);
  if (jitter == 0.0) return nominal;
  thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_real_distribution<double> spread(1.0 - jitter, 1.0 + jitter);
  return nominal * spread(rng);
}

}  // namespace fieldservice::common
