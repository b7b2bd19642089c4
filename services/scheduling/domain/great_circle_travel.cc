#include "services/scheduling/domain/great_circle_travel.h"

#include <algorithm>

#include "services/scheduling/domain/geo.h"

namespace fieldservice::scheduling {

Travel GreatCircleTravelEstimator::Estimate(const GeoPoint& from, const GeoPoint& to) const {
  if (from == to) return Travel{0, absl::ZeroDuration()};
  Travel travel;
  travel.distance_km = GreatCircleKm(from, to) * policy_.road_factor;
  // A speed of 0 (a misconfiguration) must not divide by zero: such a trip
  // takes forever, which ranks it last rather than crashing.
  const absl::Duration driving = policy_.speed_kmh > 0
                                     ? absl::Hours(travel.distance_km / policy_.speed_kmh)
                                     : absl::InfiniteDuration();
  travel.time = std::max(driving, policy_.minimum);
  return travel;
}

}  // namespace fieldservice::scheduling
