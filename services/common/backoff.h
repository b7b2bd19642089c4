// The one exponential backoff of the code base: transaction retries, outbox
// delivery retries and anything else that waits longer after each failure
// use it, so the growth, the cap and the jitter are the same everywhere.
#ifndef FIELDSERVICE_COMMON_BACKOFF_H_
#define FIELDSERVICE_COMMON_BACKOFF_H_

#include "absl/time/time.h"

namespace fieldservice::common {

struct BackoffPolicy {
  // Wait before the first retry.
  absl::Duration initial = absl::Seconds(1);
  // No wait is longer than this (before jitter).
  absl::Duration max = absl::Minutes(5);
  // Each wait is spread uniformly over [1 - jitter, 1 + jitter] times its
  // nominal value, so retries of many callers do not arrive together.
  // 0 disables the spread.
  double jitter = 0.5;
};

// The wait before retry number `retry` (1 = the first retry): initial *
// 2^(retry - 1), capped at max, then jittered. Never negative; any `retry`
// (however large) is safe.
absl::Duration BackoffDelay(const BackoffPolicy& policy, int retry);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_BACKOFF_H_
