// Fewer routes, after SISR's fleet minimisation (Christiaens and Vanden
// Berghe 2020): take a route away, then ruin and recreate within the
// smaller fleet, keeping a result when it leaves fewer jobs out, or jobs
// that have been left out less often (each job counts its absences), so the
// jobs that are hard to place are the ones that get placed.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_FLEET_MINIMISER_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_FLEET_MINIMISER_H_

#include <cstdint>
#include <vector>

#include "services/scheduling/domain/routing/random.h"
#include "services/scheduling/domain/routing/ruin_recreate.h"
#include "services/scheduling/domain/routing/solution.h"

namespace fieldservice::scheduling::routing {

class FleetMinimiser {
 public:
  FleetMinimiser(const SearchModel& model, RuinRecreate& ruin_recreate, Random& random)
      : ruin_recreate_(ruin_recreate), random_(random), absences_(model.job_count(), 0) {}

  // Takes one route's jobs out: the smallest route half the time, else any.
  void RemoveRoute(Solution& solution);
  // One ruin and recreate towards leaving no job out, kept or rolled back.
  void Step(Solution& solution);

 private:
  int64_t Absence(const Solution& solution) const;

  RuinRecreate& ruin_recreate_;
  Random& random_;
  std::vector<int64_t> absences_;
  // The routes the plan may use: one fewer than before RemoveRoute. A route
  // a ruin empties may be used again, up to this many.
  int fleet_ = 0;
};

}  // namespace fieldservice::scheduling::routing

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_FLEET_MINIMISER_H_
