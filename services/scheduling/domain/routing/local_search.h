// Local search over the classic neighbourhoods, each move checked in
// constant time by joining the routes' prefix and suffix segments with at
// most three single stops (or-opt and cross-exchange move strings of up to
// three). Granular: a job is only moved next to one of its nearest
// neighbours (Toth and Vigo's granular tabu search; HGS and VROOM do the
// same). First improvement, until no move improves.
//   between routes: relocate, swap, 2-opt*, or-opt, cross-exchange;
//   within a route: relocate and or-opt (moving a string elsewhere).
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_LOCAL_SEARCH_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_LOCAL_SEARCH_H_

#include <vector>

#include "services/scheduling/domain/routing/solution.h"

namespace fieldservice::scheduling::routing {

struct LocalSearchTuning {
  int neighbours = 20;     // nearest jobs a job may be moved next to
  int longest_string = 3;  // or-opt and cross-exchange
};

class LocalSearch {
 public:
  explicit LocalSearch(const ObjectiveWeights& weights, LocalSearchTuning tuning = {})
      : weights_(weights), tuning_(tuning) {}

  // Applies improving moves until none is left; returns how many.
  int Improve(Solution& solution);

 private:
  bool TryPair(Solution& solution, int u, int v);
  bool TryRelocate(Solution& solution, int u, int v, int length);
  bool TrySwap(Solution& solution, int u, int v, int length_u, int length_v);
  bool TryTwoOptStar(Solution& solution, int u, int v);
  bool TryWithinRoute(Solution& solution, int u, int v, int length);

  const ObjectiveWeights& weights_;
  LocalSearchTuning tuning_;
  std::vector<int> jobs_a_, jobs_b_;
};

}  // namespace fieldservice::scheduling::routing

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_LOCAL_SEARCH_H_
