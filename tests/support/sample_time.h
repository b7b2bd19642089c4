// The fixed "now" of the end-to-end tests: the services run on a fake clock
// from it (fake_now), so no test depends on the day it runs. A Monday in
// November 2026, inside the sample fridge's 三包 period (sample_requests.h).
#ifndef FIELDSERVICE_TESTS_SUPPORT_SAMPLE_TIME_H_
#define FIELDSERVICE_TESTS_SUPPORT_SAMPLE_TIME_H_

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace fieldservice::testing {

// China's business time (UTC+8, no daylight saving).
inline absl::TimeZone ChinaTime() { return absl::FixedTimeZone(8 * 3600); }

// Monday 23 November 2026, 10:00 in China.
inline absl::Time SampleMonday() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 23, 10, 0, 0), ChinaTime());
}

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_SAMPLE_TIME_H_
