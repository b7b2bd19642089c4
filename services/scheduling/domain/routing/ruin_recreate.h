// Ruin and recreate after Christiaens and Vanden Berghe's "Slack induction
// by string removals" (SISR, Transportation Science 2020): take out a few
// strings of jobs that lie near each other (so the routes that pass through
// one neighbourhood all get room), then put every job left out back at its
// cheapest feasible place, in one of several orders, skipping a place now
// and then ("blinks") so the rebuild does not always take the same path.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_RUIN_RECREATE_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_RUIN_RECREATE_H_

#include <cstdint>
#include <limits>
#include <vector>

#include "services/scheduling/domain/routing/random.h"
#include "services/scheduling/domain/routing/solution.h"

namespace fieldservice::scheduling::routing {

// The published defaults of SISR, which work across instance classes.
struct RuinRecreateTuning {
  double mean_removed = 10;  // jobs taken out per ruin, on average
  int longest_string = 10;   // most jobs in one string
  double blink_rate = 0.01;  // chance a feasible place is skipped
  // A split string keeps a block of jobs in place inside the removed
  // stretch; each further kept job with this chance.
  double keep_more = 0.5;
};

inline constexpr int kNoRouteLimit = std::numeric_limits<int>::max();

class RuinRecreate {
 public:
  RuinRecreate(const ObjectiveWeights& weights, Random& random, RuinRecreateTuning tuning = {})
      : weights_(weights), random_(random), tuning_(tuning) {}

  void Ruin(Solution& solution);
  // Every job left out goes back where it is cheapest; a route is opened
  // only while fewer than `route_limit` are in use.
  void Recreate(Solution& solution, int route_limit);
  // As Recreate, but sometimes the jobs left out most often go first.
  void RecreateMissed(Solution& solution, const std::vector<int64_t>& absences, int route_limit);
  // The cheapest feasible place for one job; false when there is none.
  bool InsertCheapest(Solution& solution, int job, int route_limit, bool blink);

 private:
  void RemoveString(Solution& solution, int r, int job, int length);
  void SortForRecreate(const SearchModel& model, std::vector<int>& jobs);

  const ObjectiveWeights& weights_;
  Random& random_;
  RuinRecreateTuning tuning_;
  std::vector<int> ruined_;
  std::vector<int> taken_;
  std::vector<char> class_seen_;
};

}  // namespace fieldservice::scheduling::routing

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_RUIN_RECREATE_H_
