// The solver's read-only view of a RoutingProblem: every stop (jobs, then
// each vehicle's start and end) as a node with its place, window, service
// and load, which jobs each vehicle may take, and each job's neighbours by
// distance. Built once per Solve and shared by the search threads.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_SEARCH_MODEL_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_SEARCH_MODEL_H_

#include <vector>

#include "services/scheduling/domain/routing/routing_problem.h"

namespace fieldservice::scheduling::routing {

// Times within this of a bound count as inside it: sums of travel times
// carry rounding, and a plan must not be refused for a millionth.
inline constexpr double kTimeTolerance = 1e-7;

class SearchModel {
 public:
  explicit SearchModel(const RoutingProblem& problem);

  const RoutingProblem& problem() const { return problem_; }
  int job_count() const { return job_count_; }
  int vehicle_count() const { return vehicle_count_; }

  // Node ids: jobs are 0..job_count-1; vehicle v starts at StartNode(v)
  // and ends at EndNode(v).
  int StartNode(int vehicle) const { return job_count_ + 2 * vehicle; }
  int EndNode(int vehicle) const { return job_count_ + 2 * vehicle + 1; }
  bool IsJob(int node) const { return node < job_count_; }

  int location(int node) const { return location_[node]; }
  double ready(int node) const { return ready_[node]; }
  double due(int node) const { return due_[node]; }
  double service(int node) const { return service_[node]; }
  double demand(int node) const { return demand_[node]; }

  double Distance(int from_node, int to_node) const {
    return problem_.Distance(location_[from_node], location_[to_node]);
  }
  double TravelTime(int from_node, int to_node) const {
    return problem_.TravelTime(location_[from_node], location_[to_node]);
  }

  bool Allows(int vehicle, int job) const {
    return all_allowed_ || allowed_[static_cast<size_t>(job) * vehicle_count_ + vehicle];
  }
  // True when every job may go on every vehicle (the Solomon case): moves
  // between routes then need no check of who may do what.
  bool all_allowed() const { return all_allowed_; }
  bool pinned(int job) const { return pinned_[job]; }

  // Vehicles with the same start, end, shift, capacity and most jobs are
  // interchangeable when empty; a search opens the first empty one of a class.
  int vehicle_class(int vehicle) const { return vehicle_class_[vehicle]; }
  int vehicle_class_count() const { return vehicle_class_count_; }

  // The other jobs, nearest first.
  const std::vector<int>& neighbours(int job) const { return neighbours_[job]; }

  // Jobs some vehicle could do on an empty route; the rest are reported
  // unassigned with a reason and never searched.
  const std::vector<int>& servable_jobs() const { return servable_; }
  // Whether `vehicle` alone could do `job` (allowed, light enough, inside
  // the window from its start and back by its end).
  bool CanServeAlone(int vehicle, int job) const;
  UnassignedReason ReasonLeftOut(int job) const;

  // Fewest routes any plan needs by load alone: a floor for fleet search.
  int LoadLowerBound() const { return load_lower_bound_; }

 private:
  const RoutingProblem& problem_;
  int job_count_ = 0;
  int vehicle_count_ = 0;
  std::vector<int> location_;
  std::vector<double> ready_, due_, service_, demand_;
  bool all_allowed_ = true;
  std::vector<char> allowed_;
  std::vector<char> pinned_;
  std::vector<int> vehicle_class_;
  int vehicle_class_count_ = 0;
  std::vector<std::vector<int>> neighbours_;
  std::vector<int> servable_;
  int load_lower_bound_ = 1;
};

}  // namespace fieldservice::scheduling::routing

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_SEARCH_MODEL_H_
