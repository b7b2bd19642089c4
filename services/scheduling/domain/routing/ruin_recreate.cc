#include "services/scheduling/domain/routing/ruin_recreate.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fieldservice::scheduling::routing {

void RuinRecreate::Ruin(Solution& solution) {
  const SearchModel& model = solution.model();
  const auto& servable = model.servable_jobs();
  const int assigned = static_cast<int>(servable.size() - solution.unassigned().size());
  if (assigned == 0 || solution.used_routes() == 0) return;
  const double mean_route = static_cast<double>(assigned) / solution.used_routes();
  const double string_max = std::min<double>(tuning_.longest_string, mean_route);
  const double strings_max = 4 * tuning_.mean_removed / (1 + string_max) - 1;
  const int strings = 1 + static_cast<int>(random_.Unit() * std::max(strings_max, 1.0));

  int seed = servable[random_.Below(static_cast<int>(servable.size()))];
  while (solution.route_of(seed) < 0)
    seed = servable[random_.Below(static_cast<int>(servable.size()))];
  ruined_.clear();
  auto visit = [&](int job) {
    const int r = solution.route_of(job);
    if (r < 0 || std::find(ruined_.begin(), ruined_.end(), r) != ruined_.end()) return;
    ruined_.push_back(r);
    const int size = solution.route(r).job_count();
    const double length_max = std::min<double>(size, string_max);
    const int length = 1 + static_cast<int>(random_.Unit() * length_max);
    RemoveString(solution, r, job, std::min(length, size));
  };
  visit(seed);
  for (int job : model.neighbours(seed)) {
    if (static_cast<int>(ruined_.size()) >= strings) break;
    visit(job);
  }
}

void RuinRecreate::RemoveString(Solution& solution, int r, int job, int length) {
  const Route& route = solution.route(r);
  const int size = route.job_count();
  const int position = solution.position_of(job);  // 1..size
  // A split string spans `length + kept` places and leaves `kept` of them.
  int kept = 0;
  if (length < size && random_.Unit() >= 0.5) {
    kept = 1;
    while (length + kept < size && random_.Unit() < tuning_.keep_more) ++kept;
  }
  const int span = length + kept;
  const int lowest = std::max(1, position - span + 1);
  const int highest = std::min(position, size - span + 1);
  const int first = random_.Between(lowest, highest);
  const int kept_from = kept > 0 ? first + random_.Between(0, length) : first + span;
  taken_.clear();
  for (int k = first; k < first + span; ++k) {
    if (k >= kept_from && k < kept_from + kept) continue;
    taken_.push_back(route.nodes[k]);
  }
  for (int taken : taken_) solution.Remove(taken);
}

void RuinRecreate::Recreate(Solution& solution, int route_limit) {
  std::vector<int> jobs = solution.unassigned();
  SortForRecreate(solution.model(), jobs);
  for (int job : jobs) {
    // A blink may skip the only place left (a new route's): try once more
    // without, so a job is never left out by chance.
    if (!InsertCheapest(solution, job, route_limit, true)) {
      InsertCheapest(solution, job, route_limit, false);
    }
  }
}

void RuinRecreate::RecreateMissed(Solution& solution, const std::vector<int64_t>& absences,
                                  int route_limit) {
  std::vector<int> jobs = solution.unassigned();
  SortForRecreate(solution.model(), jobs);
  if (random_.Unit() < 0.5) {
    std::stable_sort(jobs.begin(), jobs.end(),
                     [&](int a, int b) { return absences[a] > absences[b]; });
  }
  for (int job : jobs) InsertCheapest(solution, job, route_limit, true);
}

void RuinRecreate::SortForRecreate(const SearchModel& model, std::vector<int>& jobs) {
  // Orders and their weights as SISR draws them, with the two window orders
  // its VRPTW variant adds.
  const int draw = random_.Below(15);
  const int depot = model.StartNode(0);
  auto by = [&](auto key) {
    std::stable_sort(jobs.begin(), jobs.end(), [&](int a, int b) { return key(a) < key(b); });
  };
  if (draw < 4) {
    for (int i = static_cast<int>(jobs.size()) - 1; i > 0; --i) {
      std::swap(jobs[i], jobs[random_.Below(i + 1)]);
    }
  } else if (draw < 8) {
    by([&](int j) { return -model.demand(j); });
  } else if (draw < 10) {
    by([&](int j) { return -model.Distance(depot, j); });
  } else if (draw < 11) {
    by([&](int j) { return model.Distance(depot, j); });
  } else if (draw < 13) {
    by([&](int j) { return model.due(j) - model.ready(j); });
  } else {
    by([&](int j) { return model.ready(j); });
  }
}

bool RuinRecreate::InsertCheapest(Solution& solution, int job, int route_limit, bool blink) {
  const SearchModel& model = solution.model();
  const double ready = model.ready(job), due = model.due(job), service = model.service(job);
  double best = std::numeric_limits<double>::infinity();
  int best_route = -1, best_position = -1;
  class_seen_.assign(model.vehicle_class_count(), 0);
  const bool open_routes = solution.used_routes() < route_limit;
  for (int r = 0; r < solution.route_count(); ++r) {
    const Route& route = solution.route(r);
    const int vehicle = route.vehicle;
    if (!model.Allows(vehicle, job)) continue;
    double opening = 0;
    if (route.empty()) {
      if (!open_routes || class_seen_[model.vehicle_class(vehicle)]) continue;
      class_seen_[model.vehicle_class(vehicle)] = 1;
      opening = weights_.route;
    }
    const RoutingVehicle& limits = model.problem().vehicles[vehicle];
    if (route.job_count() + 1 > limits.max_jobs) continue;
    if (route.whole().load + model.demand(job) > limits.capacity + 1e-9) continue;
    const auto& nodes = route.nodes;
    for (size_t p = 0; p + 1 < nodes.size(); ++p) {
      const TimeSegment& before = route.prefix[p];
      // Later places are left later: once past the job's window, stop.
      const double leave = before.earliest + before.duration;
      if (leave > due + kTimeTolerance) break;
      if (leave + model.TravelTime(nodes[p], job) > due + kTimeTolerance) continue;
      const double cost = opening + model.Distance(nodes[p], job) +
                          model.Distance(job, nodes[p + 1]) -
                          model.Distance(nodes[p], nodes[p + 1]);
      if (cost >= best) continue;
      // The route is feasible, so its prefix can be done by `leave` and its
      // suffix started as late as its `latest`: the job fits between them
      // when it starts inside its window and the suffix is reached in time
      // (Savelsbergh's forward and backward slack, in segment terms).
      const double start = std::max(leave + model.TravelTime(nodes[p], job), ready);
      if (start + service + model.TravelTime(job, nodes[p + 1]) >
          route.suffix[p + 1].latest + kTimeTolerance) {
        continue;
      }
      if (blink && random_.Unit() < tuning_.blink_rate) continue;
      best = cost;
      best_route = r;
      best_position = static_cast<int>(p) + 1;
    }
  }
  if (best_route < 0) return false;
  solution.Insert(job, best_route, best_position);
  return true;
}

}  // namespace fieldservice::scheduling::routing
