// The solver (services/scheduling/domain/routing/vrptw_solver.h) on small
// generated problems, its plans checked here stop by stop from the problem
// itself, not from the solver's bookkeeping; its objective (issue 10: jobs
// left out cost more than routes, routes more than distance); its reasons
// for leaving a job out; pins; and reproducibility for a seed.
#include "services/scheduling/domain/routing/vrptw_solver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>

#include "services/scheduling/domain/routing/random.h"

namespace fieldservice::scheduling::routing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Places on a plane; travel time equals distance.
RoutingProblem OnPlane(const std::vector<std::pair<double, double>>& places) {
  RoutingProblem problem;
  problem.location_count = static_cast<int>(places.size());
  for (const auto& [x1, y1] : places) {
    for (const auto& [x2, y2] : places) {
      problem.distance.push_back(std::hypot(x1 - x2, y1 - y2));
      problem.travel_time.push_back(std::hypot(x1 - x2, y1 - y2));
    }
  }
  return problem;
}

// A day: location 0 is the outlet, jobs scattered with windows, vehicles
// with their own shifts, capacities, job limits and skills.
RoutingProblem GeneratedDay(uint64_t seed, int jobs, int vehicles) {
  Random random(seed);
  std::vector<std::pair<double, double>> places = {{50, 50}};
  for (int j = 0; j < jobs; ++j) places.emplace_back(random.Unit() * 100, random.Unit() * 100);
  RoutingProblem problem = OnPlane(places);
  for (int v = 0; v < vehicles; ++v) {
    problem.vehicles.push_back({.start_location = 0,
                                .end_location = 0,
                                .shift_start = 60.0 * random.Below(3),
                                .shift_end = 480 + 60.0 * random.Below(3),
                                .capacity = 10 + 5.0 * random.Below(3),
                                .max_jobs = 6 + random.Below(4)});
  }
  for (int j = 0; j < jobs; ++j) {
    RoutingJob job{.location = j + 1, .service = 20, .demand = 1.0 + random.Below(3)};
    if (random.Unit() < 0.7) {
      job.ready = 60.0 * random.Below(6);
      job.due = job.ready + 120;
    } else {
      job.ready = 0;
      job.due = 600;
    }
    if (random.Unit() < 0.3) {
      // A skill only some have.
      job.allowed_vehicles = std::vector<int>{};
      for (int v = 0; v < vehicles; v += 2) job.allowed_vehicles->push_back(v);
    }
    problem.jobs.push_back(job);
  }
  return problem;
}

// Drives every route of the plan from the problem's own numbers.
void ExpectFeasible(const RoutingProblem& problem, const RoutingPlan& plan) {
  std::set<int> seen;
  double total = 0;
  for (const PlannedRoute& route : plan.routes) {
    const RoutingVehicle& vehicle = problem.vehicles[route.vehicle];
    ASSERT_FALSE(route.visits.empty());
    EXPECT_LE(static_cast<int>(route.visits.size()), vehicle.max_jobs);
    EXPECT_GE(route.departure, vehicle.shift_start - 1e-6);
    int at = vehicle.start_location;
    double time = route.departure, load = 0, distance = 0;
    for (const PlannedVisit& visit : route.visits) {
      const RoutingJob& job = problem.jobs[visit.job];
      EXPECT_TRUE(seen.insert(visit.job).second) << "job " << visit.job << " twice";
      if (job.allowed_vehicles) {
        EXPECT_THAT(*job.allowed_vehicles, ::testing::Contains(route.vehicle));
      }
      const double arrival = time + problem.TravelTime(at, job.location);
      const double start = std::max(arrival, job.ready);
      EXPECT_NEAR(visit.arrival, arrival, 1e-6);
      EXPECT_NEAR(visit.start, start, 1e-6);
      EXPECT_LE(start, job.due + 1e-6) << "job " << visit.job << " late";
      distance += problem.Distance(at, job.location);
      load += job.demand;
      time = start + job.service;
      at = job.location;
    }
    distance += problem.Distance(at, vehicle.end_location);
    const double back = time + problem.TravelTime(at, vehicle.end_location);
    EXPECT_LE(back, vehicle.shift_end + 1e-6);
    EXPECT_NEAR(route.return_time, back, 1e-6);
    EXPECT_LE(load, vehicle.capacity);
    EXPECT_NEAR(route.distance, distance, 1e-6);
    total += distance;
  }
  EXPECT_NEAR(plan.total_distance, total, 1e-6);
  for (const UnassignedJob& left : plan.unassigned) {
    EXPECT_TRUE(seen.insert(left.job).second) << "job " << left.job << " planned and left out";
  }
  EXPECT_EQ(seen.size(), problem.jobs.size()) << "every job is planned or left out";
}

SolverOptions Budgeted(uint64_t seed, int threads = 1) {
  return {
      .seed = seed, .time_limit = absl::Seconds(60), .max_iterations = 3000, .threads = threads};
}

TEST(VrptwSolverTest, GeneratedDaysAreFeasible) {
  for (uint64_t seed : {1, 2, 3, 4}) {
    SCOPED_TRACE(seed);
    const RoutingProblem problem = GeneratedDay(seed, 60, 8);
    ExpectFeasible(problem, Solve(problem, Budgeted(seed)));
  }
}

std::vector<std::vector<int>> Sequences(const RoutingPlan& plan) {
  std::vector<std::vector<int>> sequences;
  for (const PlannedRoute& route : plan.routes) {
    sequences.emplace_back(1, route.vehicle);
    for (const PlannedVisit& visit : route.visits) sequences.back().push_back(visit.job);
  }
  return sequences;
}

TEST(VrptwSolverTest, TheSameSeedAndBudgetGiveTheSamePlan) {
  const RoutingProblem problem = GeneratedDay(9, 60, 8);
  for (int threads : {1, 2}) {
    const RoutingPlan first = Solve(problem, Budgeted(5, threads));
    const RoutingPlan second = Solve(problem, Budgeted(5, threads));
    EXPECT_EQ(Sequences(first), Sequences(second)) << threads << " threads";
    EXPECT_DOUBLE_EQ(first.total_distance, second.total_distance);
  }
}

TEST(VrptwSolverTest, FewerRoutesWinOverDistance) {
  // Two jobs 10 from the outlet but 100 from each other (a river between):
  // one route of 120 beats two of 20 each.
  RoutingProblem problem;
  problem.location_count = 3;
  problem.distance = {0, 10, 10, 10, 0, 100, 10, 100, 0};
  problem.travel_time = problem.distance;
  problem.jobs = {{.location = 1}, {.location = 2}};
  problem.vehicles = {{}, {}};
  const RoutingPlan plan = Solve(problem, Budgeted(1));
  ASSERT_EQ(plan.routes.size(), 1u);
  EXPECT_DOUBLE_EQ(plan.total_distance, 120);
}

TEST(VrptwSolverTest, AJobLeftOutCostsMoreThanAnotherRoute) {
  // Both jobs at 100 sharp on opposite sides: only two routes do both.
  RoutingProblem problem = OnPlane({{0, 0}, {50, 0}, {-50, 0}});
  problem.jobs = {{.location = 1, .ready = 100, .due = 100},
                  {.location = 2, .ready = 100, .due = 100}};
  problem.vehicles = {{}, {}};
  const RoutingPlan plan = Solve(problem, Budgeted(1));
  EXPECT_EQ(plan.routes.size(), 2u);
  EXPECT_THAT(plan.unassigned, IsEmpty());
}

TEST(VrptwSolverTest, SaysWhyAJobIsLeftOut) {
  RoutingProblem problem = OnPlane({{0, 0}, {10, 0}, {0, 10}, {-10, 0}, {0, -10}, {500, 0}});
  problem.vehicles = {{.shift_start = 0, .shift_end = 480, .capacity = 5, .max_jobs = 1}};
  problem.jobs = {
      {.location = 1, .allowed_vehicles = std::vector<int>{}},  // nobody has the skill
      {.location = 2, .demand = 9},                             // heavier than the van
      {.location = 5, .ready = 0, .due = 100},                  // too far for its window
      {.location = 3, .ready = 0, .due = 480},
      {.location = 4, .ready = 0, .due = 480},  // one of these two: no room (one job a day)
  };
  const RoutingPlan plan = Solve(problem, Budgeted(1));
  ExpectFeasible(problem, plan);
  std::vector<std::pair<int, UnassignedReason>> reasons;
  for (const UnassignedJob& left : plan.unassigned) reasons.emplace_back(left.job, left.reason);
  ASSERT_EQ(reasons.size(), 4u);
  EXPECT_EQ(reasons[0], std::make_pair(0, UnassignedReason::kNoAllowedVehicle));
  EXPECT_EQ(reasons[1], std::make_pair(1, UnassignedReason::kTooHeavy));
  EXPECT_EQ(reasons[2], std::make_pair(2, UnassignedReason::kWindowOutsideShifts));
  EXPECT_EQ(reasons[3].second, UnassignedReason::kNoRoom);
}

TEST(VrptwSolverTest, APinnedJobStaysWithItsVehicle) {
  // Vehicle 1 starts next to the job, but the dispatcher pinned it to 0.
  RoutingProblem problem = OnPlane({{0, 0}, {100, 0}, {99, 0}});
  problem.vehicles = {{.start_location = 0, .end_location = 0},
                      {.start_location = 2, .end_location = 2}};
  problem.jobs = {{.location = 1, .allowed_vehicles = std::vector<int>{0}, .pinned = true}};
  const RoutingPlan plan = Solve(problem, Budgeted(1));
  ASSERT_EQ(plan.routes.size(), 1u);
  EXPECT_EQ(plan.routes[0].vehicle, 0);
  EXPECT_THAT(Sequences(plan), ElementsAre(ElementsAre(0, 0)));
}

TEST(VrptwSolverTest, NothingToPlanAnswersAtOnce) {
  // No vehicle at all, and no job: neither waits for the time limit.
  RoutingProblem no_vehicles = OnPlane({{0, 0}, {10, 0}});
  no_vehicles.jobs = {{.location = 1}};
  RoutingProblem no_jobs = OnPlane({{0, 0}});
  no_jobs.vehicles = {{}};
  for (const RoutingProblem* problem : {&no_vehicles, &no_jobs}) {
    SolveStats stats;
    const RoutingPlan plan =
        Solve(*problem, {.seed = 1, .time_limit = absl::Seconds(30), .threads = 2}, &stats);
    EXPECT_THAT(plan.routes, IsEmpty());
    EXPECT_EQ(plan.unassigned.size(), problem->jobs.size());
    EXPECT_LT(stats.elapsed, absl::Seconds(5));
  }
}

TEST(VrptwSolverTest, TheTimeLimitEndsTheSearch) {
  const RoutingProblem problem = GeneratedDay(11, 150, 20);
  SolveStats stats;
  const RoutingPlan plan =
      Solve(problem, {.seed = 1, .time_limit = absl::Milliseconds(200), .threads = 2}, &stats);
  ExpectFeasible(problem, plan);
  EXPECT_GT(stats.iterations, 0);
  // Generous: the limit is checked every iteration, and the machine may be busy.
  EXPECT_LT(stats.elapsed, absl::Seconds(5));
}

}  // namespace
}  // namespace fieldservice::scheduling::routing
