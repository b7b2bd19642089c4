// How far and how long from one place to another. Scheduling asks this of
// an interface so that a routing engine (OSRM, Valhalla) can replace the
// built-in estimate without touching the rules that use it.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_TRAVEL_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_TRAVEL_H_

#include "absl/time/time.h"
#include "services/scheduling/domain/technician.h"

namespace fieldservice::scheduling {

struct Travel {
  double distance_km = 0;
  absl::Duration time;
};

class TravelEstimator {
 public:
  virtual ~TravelEstimator() = default;
  // From `from` to `to`; never negative, zero for the same place.
  virtual Travel Estimate(const GeoPoint& from, const GeoPoint& to) const = 0;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_TRAVEL_H_
