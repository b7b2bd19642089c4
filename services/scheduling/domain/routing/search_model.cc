#include "services/scheduling/domain/routing/search_model.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>

#include "services/scheduling/domain/routing/time_segment.h"

namespace fieldservice::scheduling::routing {

SearchModel::SearchModel(const RoutingProblem& problem)
    : problem_(problem),
      job_count_(static_cast<int>(problem.jobs.size())),
      vehicle_count_(static_cast<int>(problem.vehicles.size())) {
  const int nodes = job_count_ + 2 * vehicle_count_;
  location_.resize(nodes);
  ready_.resize(nodes);
  due_.resize(nodes);
  service_.assign(nodes, 0);
  demand_.assign(nodes, 0);
  pinned_.assign(job_count_, 0);
  for (int j = 0; j < job_count_; ++j) {
    const RoutingJob& job = problem.jobs[j];
    location_[j] = job.location;
    ready_[j] = job.ready;
    due_[j] = job.due;
    service_[j] = job.service;
    demand_[j] = job.demand;
    pinned_[j] = job.pinned;
    if (job.allowed_vehicles.has_value()) all_allowed_ = false;
  }
  std::map<std::tuple<int, int, double, double, double, int>, int> classes;
  vehicle_class_.resize(vehicle_count_);
  for (int v = 0; v < vehicle_count_; ++v) {
    const RoutingVehicle& vehicle = problem.vehicles[v];
    for (int node : {StartNode(v), EndNode(v)}) {
      location_[node] = node == StartNode(v) ? vehicle.start_location : vehicle.end_location;
      ready_[node] = vehicle.shift_start;
      due_[node] = vehicle.shift_end;
    }
    auto key = std::make_tuple(vehicle.start_location, vehicle.end_location, vehicle.shift_start,
                               vehicle.shift_end, vehicle.capacity, vehicle.max_jobs);
    vehicle_class_[v] = classes.emplace(key, static_cast<int>(classes.size())).first->second;
  }
  vehicle_class_count_ = static_cast<int>(classes.size());
  if (!all_allowed_) {
    allowed_.assign(static_cast<size_t>(job_count_) * vehicle_count_, 0);
    for (int j = 0; j < job_count_; ++j) {
      const auto& allowed = problem.jobs[j].allowed_vehicles;
      for (int v = 0; v < vehicle_count_; ++v) {
        const bool yes = !allowed.has_value() ||
                         std::find(allowed->begin(), allowed->end(), v) != allowed->end();
        allowed_[static_cast<size_t>(j) * vehicle_count_ + v] = yes;
      }
    }
  }
  neighbours_.resize(job_count_);
  for (int j = 0; j < job_count_; ++j) {
    std::vector<int>& list = neighbours_[j];
    list.reserve(job_count_ - 1);
    for (int k = 0; k < job_count_; ++k) {
      if (k != j) list.push_back(k);
    }
    std::stable_sort(list.begin(), list.end(),
                     [&](int a, int b) { return Distance(j, a) < Distance(j, b); });
  }
  double total_demand = 0, largest_capacity = 0;
  int most_jobs = 0;
  for (int j = 0; j < job_count_; ++j) {
    bool servable = false;
    for (int v = 0; v < vehicle_count_ && !servable; ++v) servable = CanServeAlone(v, j);
    if (!servable) continue;
    servable_.push_back(j);
    total_demand += demand_[j];
  }
  for (const RoutingVehicle& vehicle : problem.vehicles) {
    largest_capacity = std::max(largest_capacity, vehicle.capacity);
    most_jobs = std::max(most_jobs, vehicle.max_jobs);
  }
  if (largest_capacity > 0 && std::isfinite(largest_capacity)) {
    load_lower_bound_ = std::max(
        load_lower_bound_, static_cast<int>(std::ceil(total_demand / largest_capacity - 1e-9)));
  }
  if (most_jobs > 0) {
    const double jobs = static_cast<double>(servable_.size());
    load_lower_bound_ =
        std::max(load_lower_bound_, static_cast<int>(std::ceil(jobs / most_jobs - 1e-9)));
  }
}

bool SearchModel::CanServeAlone(int vehicle, int job) const {
  const RoutingVehicle& v = problem_.vehicles[vehicle];
  if (!Allows(vehicle, job) || demand_[job] > v.capacity || v.max_jobs < 1) return false;
  const TimeSegment route = Join(*this, NodeSegment(*this, StartNode(vehicle)),
                                 NodeSegment(*this, job), NodeSegment(*this, EndNode(vehicle)));
  return route.time_warp <= kTimeTolerance;
}

UnassignedReason SearchModel::ReasonLeftOut(int job) const {
  bool any_allowed = false, any_light = false;
  for (int v = 0; v < vehicle_count_; ++v) {
    if (!Allows(v, job)) continue;
    any_allowed = true;
    if (demand_[job] <= problem_.vehicles[v].capacity) any_light = true;
    if (CanServeAlone(v, job)) return UnassignedReason::kNoRoom;
  }
  if (!any_allowed) return UnassignedReason::kNoAllowedVehicle;
  if (!any_light) return UnassignedReason::kTooHeavy;
  return UnassignedReason::kWindowOutsideShifts;
}

}  // namespace fieldservice::scheduling::routing
