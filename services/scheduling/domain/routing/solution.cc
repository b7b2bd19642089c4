#include "services/scheduling/domain/routing/solution.h"

#include <algorithm>

namespace fieldservice::scheduling::routing {

ObjectiveWeights::ObjectiveWeights(const SearchModel& model) {
  // No plan drives further than every job reached from its farthest place
  // and back, so a route weighs more than that.
  double longest_plan = 0;
  const int locations = model.problem().location_count;
  for (int from = 0; from < locations; ++from) {
    double farthest = 0;
    for (int to = 0; to < locations; ++to) {
      farthest = std::max(farthest, model.problem().Distance(from, to));
    }
    longest_plan += 2 * farthest;
  }
  route = 1 + longest_plan;
  unassigned = route * (model.vehicle_count() + 1);
  unassigned_pinned = unassigned * (model.job_count() + 1);
}

Solution::Solution(const SearchModel& model)
    : model_(&model),
      route_of_(model.job_count(), -1),
      position_of_(model.job_count(), -1),
      unassigned_index_(model.job_count(), -1) {
  routes_.resize(model.vehicle_count());
  for (int v = 0; v < model.vehicle_count(); ++v) {
    routes_[v].vehicle = v;
    routes_[v].nodes = {model.StartNode(v), model.EndNode(v)};
    Refresh(v);
  }
  for (int job : model.servable_jobs()) AddUnassigned(job);
  saved_.touched.assign(routes_.size(), 0);
  Mark();
}

double Solution::Cost(const ObjectiveWeights& weights) const {
  const double left_out = static_cast<double>(unassigned_.size() - pinned_unassigned_);
  return distance_ + weights.route * used_routes_ + weights.unassigned * left_out +
         weights.unassigned_pinned * pinned_unassigned_;
}

bool Solution::Fits(int vehicle, const TimeSegment& whole) const {
  const RoutingVehicle& v = model_->problem().vehicles[vehicle];
  return whole.time_warp <= kTimeTolerance && whole.load <= v.capacity + 1e-9 &&
         whole.jobs <= v.max_jobs;
}

void Solution::Insert(int job, int r, int position) {
  Touch(r);
  DropUnassigned(job);
  auto& nodes = routes_[r].nodes;
  nodes.insert(nodes.begin() + position, job);
  Refresh(r);
}

void Solution::Remove(int job) {
  const int r = route_of_[job];
  Touch(r);
  auto& nodes = routes_[r].nodes;
  nodes.erase(nodes.begin() + position_of_[job]);
  route_of_[job] = -1;
  position_of_[job] = -1;
  AddUnassigned(job);
  Refresh(r);
}

void Solution::SetJobs(int r, const std::vector<int>& jobs) {
  Touch(r);
  Route& route = routes_[r];
  const int start = route.nodes.front(), end = route.nodes.back();
  route.nodes.clear();
  route.nodes.push_back(start);
  route.nodes.insert(route.nodes.end(), jobs.begin(), jobs.end());
  route.nodes.push_back(end);
  for (int job : jobs) {
    if (unassigned_index_[job] >= 0) DropUnassigned(job);
  }
  Refresh(r);
}

void Solution::Refresh(int r) {
  Route& route = routes_[r];
  const double old_distance = route.prefix.empty() ? 0 : route.distance();
  const int old_jobs = route.prefix.empty() ? 0 : route.whole().jobs;
  const size_t n = route.nodes.size();
  route.prefix.resize(n);
  route.suffix.resize(n);
  route.prefix[0] = NodeSegment(*model_, route.nodes[0]);
  for (size_t k = 1; k < n; ++k) {
    route.prefix[k] = Join(*model_, route.prefix[k - 1], NodeSegment(*model_, route.nodes[k]));
  }
  route.suffix[n - 1] = NodeSegment(*model_, route.nodes[n - 1]);
  for (size_t k = n - 1; k-- > 0;) {
    route.suffix[k] = Join(*model_, NodeSegment(*model_, route.nodes[k]), route.suffix[k + 1]);
  }
  for (size_t k = 1; k + 1 < n; ++k) {
    route_of_[route.nodes[k]] = r;
    position_of_[route.nodes[k]] = static_cast<int>(k);
  }
  distance_ += route.distance() - old_distance;
  used_routes_ += (route.job_count() > 0 ? 1 : 0) - (old_jobs > 0 ? 1 : 0);
}

void Solution::AddUnassigned(int job) {
  unassigned_index_[job] = static_cast<int>(unassigned_.size());
  unassigned_.push_back(job);
  if (model_->pinned(job)) ++pinned_unassigned_;
}

void Solution::DropUnassigned(int job) {
  const int index = unassigned_index_[job];
  const int last = unassigned_.back();
  unassigned_[index] = last;
  unassigned_index_[last] = index;
  unassigned_.pop_back();
  unassigned_index_[job] = -1;
  if (model_->pinned(job)) --pinned_unassigned_;
}

void Solution::Mark() {
  for (const auto& [r, route] : saved_.routes) saved_.touched[r] = 0;
  saved_.routes.clear();
  saved_.unassigned = unassigned_;
  saved_.distance = distance_;
  saved_.used_routes = used_routes_;
  saved_.pinned_unassigned = pinned_unassigned_;
}

void Solution::Touch(int r) {
  if (saved_.touched[r]) return;
  saved_.touched[r] = 1;
  saved_.routes.emplace_back(r, routes_[r]);
}

void Solution::Rollback() {
  for (int job : unassigned_) unassigned_index_[job] = -1;
  for (auto& [r, route] : saved_.routes) {
    routes_[r] = std::move(route);
    saved_.touched[r] = 0;
    const auto& nodes = routes_[r].nodes;
    for (size_t k = 1; k + 1 < nodes.size(); ++k) {
      route_of_[nodes[k]] = r;
      position_of_[nodes[k]] = static_cast<int>(k);
    }
  }
  saved_.routes.clear();
  unassigned_ = saved_.unassigned;
  for (size_t i = 0; i < unassigned_.size(); ++i) {
    unassigned_index_[unassigned_[i]] = static_cast<int>(i);
    route_of_[unassigned_[i]] = -1;
    position_of_[unassigned_[i]] = -1;
  }
  distance_ = saved_.distance;
  used_routes_ = saved_.used_routes;
  pinned_unassigned_ = saved_.pinned_unassigned;
}

}  // namespace fieldservice::scheduling::routing
