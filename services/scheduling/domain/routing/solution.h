// A plan while the search works on it: one route per vehicle (most may be
// empty), where each job is, the jobs left out, and the totals the
// objective needs. Every route keeps its prefix and suffix time segments,
// so a move is checked by joining a few of them. Changes can be rolled
// back: the search marks a point, tries a ruin-and-recreate or a move, and
// either keeps it or restores only the routes it touched.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_SOLUTION_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_SOLUTION_H_

#include <utility>
#include <vector>

#include "services/scheduling/domain/routing/search_model.h"
#include "services/scheduling/domain/routing/time_segment.h"

namespace fieldservice::scheduling::routing {

struct Route {
  int vehicle = 0;
  std::vector<int> nodes;           // start, jobs in order, end
  std::vector<TimeSegment> prefix;  // prefix[k]: nodes[0..k]
  std::vector<TimeSegment> suffix;  // suffix[k]: nodes[k..end]

  int job_count() const { return static_cast<int>(nodes.size()) - 2; }
  bool empty() const { return nodes.size() == 2; }
  const TimeSegment& whole() const { return prefix.back(); }
  double distance() const { return whole().distance; }
};

// The weights that make the objective hierarchical in one number: a pinned
// job left out outweighs any number of others, a job left out outweighs
// any number of routes, a route outweighs any distance.
struct ObjectiveWeights {
  double route = 0;
  double unassigned = 0;
  double unassigned_pinned = 0;
  explicit ObjectiveWeights(const SearchModel& model);
};

class Solution {
 public:
  explicit Solution(const SearchModel& model);

  const SearchModel& model() const { return *model_; }
  int route_count() const { return static_cast<int>(routes_.size()); }
  const Route& route(int r) const { return routes_[r]; }
  int route_of(int job) const { return route_of_[job]; }
  int position_of(int job) const { return position_of_[job]; }
  const std::vector<int>& unassigned() const { return unassigned_; }
  int used_routes() const { return used_routes_; }
  double distance() const { return distance_; }
  int pinned_unassigned() const { return pinned_unassigned_; }
  double Cost(const ObjectiveWeights& weights) const;

  // Whether a route made of this segment meets the vehicle's limits.
  bool Fits(int vehicle, const TimeSegment& whole) const;

  // Puts an unassigned job at nodes[position] of route r (1..job_count+1).
  void Insert(int job, int r, int position);
  // Takes an assigned job out; it joins the unassigned.
  void Remove(int job);
  // Gives route r these jobs in this order (the caller checked them).
  void SetJobs(int r, const std::vector<int>& jobs);

  // Rollback restores the solution as it was at the last Mark.
  void Mark();
  void Rollback();

 private:
  void Touch(int r);
  void Refresh(int r);
  void AddUnassigned(int job);
  void DropUnassigned(int job);

  const SearchModel* model_;
  std::vector<Route> routes_;
  std::vector<int> route_of_;
  std::vector<int> position_of_;
  std::vector<int> unassigned_;
  std::vector<int> unassigned_index_;
  double distance_ = 0;
  int used_routes_ = 0;
  int pinned_unassigned_ = 0;

  struct Saved {
    std::vector<std::pair<int, Route>> routes;
    std::vector<char> touched;
    std::vector<int> unassigned;
    double distance = 0;
    int used_routes = 0;
    int pinned_unassigned = 0;
  } saved_;
};

}  // namespace fieldservice::scheduling::routing

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_SOLUTION_H_
