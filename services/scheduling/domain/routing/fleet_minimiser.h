// Fewer routes: take a route away and work its jobs back into the others.
// Two steps alternate, both steering by how often each job has been left
// out (its absence count), so the jobs that are hard to place get placed:
//   - SISR's (Christiaens and Vanden Berghe 2020): ruin and recreate
//     without opening routes, kept when fewer jobs are left out or the ones
//     left out have been left out less often;
//   - insertion with ejection (after Nagata and Bräysy's route minimisation,
//     2009): the job left out most often goes in where one other job, the
//     one left out least often, can make room for it.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_FLEET_MINIMISER_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_FLEET_MINIMISER_H_

#include <cstdint>
#include <vector>

#include "services/scheduling/domain/routing/random.h"
#include "services/scheduling/domain/routing/ruin_recreate.h"
#include "services/scheduling/domain/routing/solution.h"

namespace fieldservice::scheduling::routing {

struct FleetTuning {
  double ejection_share = 0.5;  // chance a step inserts with ejection
};

class FleetMinimiser {
 public:
  FleetMinimiser(const SearchModel& model, RuinRecreate& ruin_recreate, Random& random,
                 FleetTuning tuning = {})
      : ruin_recreate_(ruin_recreate),
        random_(random),
        tuning_(tuning),
        absences_(model.job_count(), 0) {}

  // Takes one route's jobs out: the smallest route half the time, else any.
  void RemoveRoute(Solution& solution);
  // One step towards leaving no job out; the solution is marked after it.
  void Step(Solution& solution);

 private:
  int64_t Absence(const Solution& solution) const;
  bool InsertWithEjection(Solution& solution, int job);

  RuinRecreate& ruin_recreate_;
  Random& random_;
  FleetTuning tuning_;
  std::vector<int64_t> absences_;
};

}  // namespace fieldservice::scheduling::routing

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_FLEET_MINIMISER_H_
