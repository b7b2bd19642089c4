#include "services/scheduling/domain/routing/vrptw_solver.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "services/scheduling/domain/routing/fleet_minimiser.h"
#include "services/scheduling/domain/routing/local_search.h"
#include "services/scheduling/domain/routing/random.h"
#include "services/scheduling/domain/routing/ruin_recreate.h"
#include "services/scheduling/domain/routing/search_model.h"
#include "services/scheduling/domain/routing/solution.h"

namespace fieldservice::scheduling::routing {
namespace {

using Clock = std::chrono::steady_clock;

// How the search spends its budget. Temperatures are in multiples of the
// first plan's mean leg, so they suit km and Solomon's units alike.
struct SearchTuning {
  // Share of the budget spent taking routes away before distance counts.
  double fleet_share = 0.4;
  double start_temperature = 10;
  double final_temperature = 0.1;
};

// A budget of iterations (reproducible) or of time, and the time limit as a
// hard stop either way.
class Budget {
 public:
  Budget(const SolverOptions& options, Clock::time_point start)
      : start_(start),
        limit_(absl::ToDoubleSeconds(options.time_limit)),
        iterations_(options.max_iterations) {}

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  bool Over(int64_t iteration) const {
    return elapsed() >= limit_ || (iterations_ >= 0 && iteration >= iterations_);
  }
  // How far through the budget, 0 to 1: by iterations when there is an
  // iteration budget, so the path of the search never depends on the clock.
  double Progress(int64_t iteration) const {
    if (iterations_ >= 0)
      return iterations_ == 0 ? 1 : static_cast<double>(iteration) / iterations_;
    return limit_ <= 0 ? 1 : elapsed() / limit_;
  }

 private:
  Clock::time_point start_;
  double limit_;
  int64_t iterations_;
};

class Search {
 public:
  Search(const SearchModel& model, const ObjectiveWeights& weights, const SolverOptions& options,
         const Budget& budget, uint64_t seed, std::mutex& progress_mutex)
      : model_(model),
        weights_(weights),
        options_(options),
        budget_(budget),
        random_(seed),
        ruin_recreate_(weights, random_),
        local_search_(weights),
        progress_mutex_(progress_mutex),
        best_(model) {}

  Solution Run() {
    Solution current(model_);
    ruin_recreate_.Recreate(current, kNoRouteLimit);
    local_search_.Improve(current);
    current.Mark();
    Offer(current);
    // Nothing any vehicle could take: no search would change the answer.
    if (model_.servable_jobs().empty()) return best_;
    MinimiseFleet(current);
    current = best_;
    current.Mark();
    MinimiseDistance(current);
    return best_;
  }

  int64_t iterations() const { return iteration_; }

 private:
  // Takes routes away while every job still fits (fleet_minimiser.h).
  void MinimiseFleet(Solution& current) {
    const double share = SearchTuning{}.fleet_share;
    FleetMinimiser fleet(model_, ruin_recreate_, random_);
    while (best_.unassigned().empty() && best_.used_routes() > model_.LoadLowerBound() &&
           budget_.Progress(iteration_) < share && !budget_.Over(iteration_)) {
      current = best_;
      fleet.RemoveRoute(current);
      while (!current.unassigned().empty() && budget_.Progress(iteration_) < share &&
             !budget_.Over(iteration_)) {
        ++iteration_;
        fleet.Step(current);
      }
      if (current.unassigned().empty()) {
        local_search_.Improve(current);
        current.Mark();
        Offer(current);
      }
    }
  }

  // Simulated annealing over ruin and recreate, cooling from the start to
  // the final temperature over the rest of the budget.
  void MinimiseDistance(Solution& current) {
    const SearchTuning tuning;
    const int assigned =
        static_cast<int>(model_.servable_jobs().size() - current.unassigned().size());
    const int legs = std::max(1, assigned + current.used_routes());
    const double mean_leg = std::max(current.distance() / legs, 1e-9);
    const double hot = tuning.start_temperature * mean_leg;
    const double cold = tuning.final_temperature * mean_leg;
    const double from = budget_.Progress(iteration_);
    double current_cost = current.Cost(weights_);
    while (!budget_.Over(iteration_)) {
      ++iteration_;
      const double progress =
          from >= 1 ? 1 : std::clamp((budget_.Progress(iteration_) - from) / (1 - from), 0.0, 1.0);
      const double temperature = hot * std::pow(cold / hot, progress);
      ruin_recreate_.Ruin(current);
      ruin_recreate_.Recreate(current, kNoRouteLimit);
      double cost = current.Cost(weights_);
      if (cost < best_cost_ - 1e-9) {
        local_search_.Improve(current);
        cost = current.Cost(weights_);
      }
      if (cost < current_cost - temperature * std::log(1 - random_.Unit())) {
        current.Mark();
        current_cost = cost;
        Offer(current);
      } else {
        current.Rollback();
      }
    }
  }

  void Offer(const Solution& candidate) {
    const double cost = candidate.Cost(weights_);
    if (cost >= best_cost_ - 1e-9) return;
    best_ = candidate;
    best_cost_ = cost;
    if (!options_.on_progress) return;
    std::lock_guard lock(progress_mutex_);
    options_.on_progress({.routes = best_.used_routes(),
                          .unassigned = static_cast<int>(best_.unassigned().size()),
                          .distance = best_.distance(),
                          .iterations = iteration_,
                          .elapsed = absl::Seconds(budget_.elapsed())});
  }

  const SearchModel& model_;
  const ObjectiveWeights& weights_;
  const SolverOptions& options_;
  const Budget& budget_;
  Random random_;
  RuinRecreate ruin_recreate_;
  LocalSearch local_search_;
  std::mutex& progress_mutex_;
  Solution best_;
  double best_cost_ = std::numeric_limits<double>::infinity();
  int64_t iteration_ = 0;
};

PlannedRoute Schedule(const SearchModel& model, const Route& route) {
  const RoutingProblem& problem = model.problem();
  const RoutingVehicle& vehicle = problem.vehicles[route.vehicle];
  PlannedRoute planned;
  planned.vehicle = route.vehicle;
  planned.distance = route.distance();
  const auto& nodes = route.nodes;
  // Leave just in time for the first visit, never before the shift.
  const double first_start =
      std::max(model.ready(nodes[1]), vehicle.shift_start + model.TravelTime(nodes[0], nodes[1]));
  planned.departure = first_start - model.TravelTime(nodes[0], nodes[1]);
  double time = planned.departure;
  for (size_t k = 1; k < nodes.size(); ++k) {
    const double arrival = time + model.TravelTime(nodes[k - 1], nodes[k]);
    if (k + 1 == nodes.size()) {
      planned.return_time = arrival;
      break;
    }
    const double start = std::max(arrival, model.ready(nodes[k]));
    planned.visits.push_back({.job = nodes[k], .arrival = arrival, .start = start});
    time = start + model.service(nodes[k]);
  }
  return planned;
}

RoutingPlan ToPlan(const SearchModel& model, const Solution& solution) {
  RoutingPlan plan;
  for (int r = 0; r < solution.route_count(); ++r) {
    const Route& route = solution.route(r);
    if (route.empty()) continue;
    plan.routes.push_back(Schedule(model, route));
    plan.total_distance += route.distance();
  }
  std::sort(plan.routes.begin(), plan.routes.end(),
            [](const PlannedRoute& a, const PlannedRoute& b) { return a.vehicle < b.vehicle; });
  for (int job = 0; job < model.job_count(); ++job) {
    if (solution.route_of(job) >= 0) continue;
    plan.unassigned.push_back({.job = job, .reason = model.ReasonLeftOut(job)});
  }
  return plan;
}

}  // namespace

RoutingPlan Solve(const RoutingProblem& problem, const SolverOptions& options, SolveStats* stats) {
  const Clock::time_point start = Clock::now();
  const SearchModel model(problem);
  const ObjectiveWeights weights(model);
  const Budget budget(options, start);
  std::mutex progress_mutex;
  const int threads = std::max(1, options.threads);
  std::vector<std::unique_ptr<Search>> searches;
  for (int t = 0; t < threads; ++t) {
    searches.push_back(std::make_unique<Search>(model, weights, options, budget, options.seed + t,
                                                progress_mutex));
  }
  std::vector<Solution> results(threads, Solution(model));
  std::vector<std::thread> workers;
  for (int t = 1; t < threads; ++t) {
    workers.emplace_back([&, t] { results[t] = searches[t]->Run(); });
  }
  results[0] = searches[0]->Run();
  for (auto& worker : workers) worker.join();
  int winner = 0;
  for (int t = 1; t < threads; ++t) {
    if (results[t].Cost(weights) < results[winner].Cost(weights) - 1e-9) winner = t;
  }
  if (stats != nullptr) {
    stats->iterations = 0;
    for (const auto& search : searches) stats->iterations += search->iterations();
    stats->elapsed = absl::Seconds(budget.elapsed());
  }
  return ToPlan(model, results[winner]);
}

}  // namespace fieldservice::scheduling::routing
