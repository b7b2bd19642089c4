// The built-in travel estimate: the great-circle distance stretched by a
// road factor, driven at a steady speed. It needs no map data; a routing
// engine (OSRM, Valhalla) can replace it behind TravelEstimator.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_GREAT_CIRCLE_TRAVEL_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_GREAT_CIRCLE_TRAVEL_H_

#include "absl/time/time.h"
#include "services/scheduling/domain/travel.h"

namespace fieldservice::scheduling {

// The estimate's numbers; the service fills them from configuration.
// Defaults are for a technician driving (or on an e-scooter) in a Chinese
// city.
struct TravelPolicy {
  // Roads are longer than the straight line: in a city's grid of streets a
  // trip runs about 1.3 times the great-circle distance.
  double road_factor = 1.3;
  // Door-to-door city speed with traffic lights and congestion, km/h.
  double speed_kmh = 30;
  // Any trip to another place takes at least this long (parking, the lift,
  // finding the door), however close.
  absl::Duration minimum = absl::Minutes(5);
};

class GreatCircleTravelEstimator : public TravelEstimator {
 public:
  explicit GreatCircleTravelEstimator(TravelPolicy policy = {}) : policy_(policy) {}

  // Zero for the same place; otherwise the road distance at the policy's
  // speed, at least its minimum.
  Travel Estimate(const GeoPoint& from, const GeoPoint& to) const override;

  const TravelPolicy& policy() const { return policy_; }

 private:
  TravelPolicy policy_;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_GREAT_CIRCLE_TRAVEL_H_
