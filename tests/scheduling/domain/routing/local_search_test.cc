// Local search (services/scheduling/domain/routing/local_search.h) on plans
// built badly on purpose: its moves must find the better plan, keep every
// job, and leave each route feasible by its own segments.
#include "services/scheduling/domain/routing/local_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace fieldservice::scheduling::routing {
namespace {

// Places on a line; travel time equals distance; location 0 is the depot.
RoutingProblem OnALine(const std::vector<double>& xs, int vehicles) {
  RoutingProblem problem;
  problem.location_count = static_cast<int>(xs.size());
  for (double a : xs) {
    for (double b : xs) {
      problem.distance.push_back(std::abs(a - b));
      problem.travel_time.push_back(std::abs(a - b));
    }
  }
  for (size_t i = 1; i < xs.size(); ++i) {
    problem.jobs.push_back({.location = static_cast<int>(i)});
  }
  problem.vehicles.assign(vehicles, RoutingVehicle{});
  return problem;
}

std::vector<int> JobsOf(const Route& route) {
  return {route.nodes.begin() + 1, route.nodes.end() - 1};
}

TEST(LocalSearchTest, PutsARouteBackInOrder) {
  // Jobs at 10, 20, 30, 40 visited 30, 10, 40, 20: out and back is 80.
  const RoutingProblem problem = OnALine({0, 10, 20, 30, 40}, 1);
  const SearchModel model(problem);
  const ObjectiveWeights weights(model);
  Solution solution(model);
  solution.SetJobs(0, {2, 0, 3, 1});
  ASSERT_DOUBLE_EQ(solution.distance(), 30 + 20 + 30 + 20 + 20);
  EXPECT_GT(LocalSearch(weights).Improve(solution), 0);
  EXPECT_DOUBLE_EQ(solution.distance(), 80);
  std::vector<int> jobs = JobsOf(solution.route(0));
  std::sort(jobs.begin(), jobs.end());
  EXPECT_EQ(jobs, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_LE(solution.route(0).whole().time_warp, kTimeTolerance);
}

TEST(LocalSearchTest, MovesJobsBetweenRoutesAndEmptiesOne) {
  // Jobs on both sides of the depot, each route mixing them: the moves
  // between routes sort them by side, and a route emptied is taken away
  // (a route weighs more than any distance).
  const RoutingProblem problem = OnALine({0, -20, -10, 10, 20}, 2);
  const SearchModel model(problem);
  const ObjectiveWeights weights(model);
  Solution solution(model);
  solution.SetJobs(0, {0, 3});
  solution.SetJobs(1, {1, 2});
  ASSERT_EQ(solution.used_routes(), 2);
  ASSERT_DOUBLE_EQ(solution.distance(), 80 + 40);
  EXPECT_GT(LocalSearch(weights).Improve(solution), 0);
  EXPECT_EQ(solution.used_routes(), 1);
  EXPECT_DOUBLE_EQ(solution.distance(), 80);
  EXPECT_TRUE(solution.unassigned().empty());
}

TEST(LocalSearchTest, KeepsWindowsItCannotImproveAround) {
  // The order 30, 10 is forced by the windows: nothing improves, nothing moves.
  RoutingProblem problem = OnALine({0, 10, 30}, 1);
  problem.jobs[0].ready = problem.jobs[0].due = 100;  // at 10, at 100
  problem.jobs[1].ready = problem.jobs[1].due = 30;   // at 30, at 30
  const SearchModel model(problem);
  const ObjectiveWeights weights(model);
  Solution solution(model);
  solution.SetJobs(0, {1, 0});
  ASSERT_LE(solution.route(0).whole().time_warp, kTimeTolerance);
  EXPECT_EQ(LocalSearch(weights).Improve(solution), 0);
  EXPECT_EQ(JobsOf(solution.route(0)), (std::vector<int>{1, 0}));
}

}  // namespace
}  // namespace fieldservice::scheduling::routing
