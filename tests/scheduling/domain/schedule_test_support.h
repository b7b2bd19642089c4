// What the availability, slot and assignment tests share: a fake travel
// estimate with round numbers, places at known distances from the sample
// technician's home base, and business times on fixed dates.
#ifndef FIELDSERVICE_TESTS_SCHEDULING_DOMAIN_SCHEDULE_TEST_SUPPORT_H_
#define FIELDSERVICE_TESTS_SCHEDULING_DOMAIN_SCHEDULE_TEST_SUPPORT_H_

#include <cmath>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/scheduling/domain/technician.h"
#include "services/scheduling/domain/travel.h"
#include "tests/scheduling/domain/sample_technicians.h"

namespace fieldservice::scheduling::testing_samples {

// A fake, not the service's estimator: the earth flat at 100 km a degree
// both ways, 60 km/h, whole minutes. So 0.1 degree is 10 km and 10 minutes,
// and every expected time in a test is plain arithmetic.
class FlatTravel : public TravelEstimator {
 public:
  Travel Estimate(const GeoPoint& from, const GeoPoint& to) const override {
    const double km = 100 * std::hypot(to.latitude - from.latitude, to.longitude - from.longitude);
    return {km, absl::Minutes(std::round(km))};
  }
};

// China: UTC+8, no DST.
inline absl::TimeZone Beijing() { return absl::FixedTimeZone(8 * 3600); }

// A Monday, a Tuesday and a Saturday (the sample works Monday to Friday).
inline constexpr absl::CivilDay kMonday(2026, 3, 2);
inline constexpr absl::CivilDay kTuesday(2026, 3, 3);
inline constexpr absl::CivilDay kSaturday(2026, 3, 7);

// `hour`:`minute` business time on `day`.
inline absl::Time At(absl::CivilDay day, int hour, int minute = 0) {
  return absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), hour, minute, 0),
                         Beijing());
}

// A place `minutes` of FlatTravel north of the sample's home base.
inline GeoPoint NorthOfHome(int minutes) {
  const GeoPoint home = GuangzhouFridgeTechnician().home_base;
  return {home.latitude + minutes / 100.0, home.longitude};
}

inline BookedVisit Visit(std::string order, absl::Time start, absl::Time end, GeoPoint place) {
  return {std::move(order), {start, end}, place};
}

}  // namespace fieldservice::scheduling::testing_samples

#endif  // FIELDSERVICE_TESTS_SCHEDULING_DOMAIN_SCHEDULE_TEST_SUPPORT_H_
