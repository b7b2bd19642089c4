// Joined time segments (services/scheduling/domain/routing/time_segment.h)
// against a stop-by-stop simulation of the same route: the constant-time
// check must say "feasible" exactly when driving the route keeps every
// window, and must know when the route can be done at the earliest.
#include "services/scheduling/domain/routing/time_segment.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "services/scheduling/domain/routing/random.h"

namespace fieldservice::scheduling::routing {
namespace {

RoutingProblem RandomProblem(Random& random, int jobs) {
  RoutingProblem problem;
  problem.location_count = jobs + 1;
  std::vector<std::pair<double, double>> places(jobs + 1);
  for (auto& place : places) place = {random.Unit() * 100, random.Unit() * 100};
  for (int i = 0; i <= jobs; ++i) {
    for (int k = 0; k <= jobs; ++k) {
      const double d =
          std::hypot(places[i].first - places[k].first, places[i].second - places[k].second);
      problem.distance.push_back(d);
      problem.travel_time.push_back(d);
    }
  }
  for (int j = 0; j < jobs; ++j) {
    const double ready = random.Unit() * 400;
    problem.jobs.push_back({.location = j + 1,
                            .ready = ready,
                            .due = ready + 20 + random.Unit() * 200,
                            .service = 10,
                            .demand = 1});
  }
  problem.vehicles.push_back({.start_location = 0, .end_location = 0, .shift_end = 1000});
  return problem;
}

struct Simulated {
  bool feasible = true;
  double finish = 0;
};

// Leave at the shift's start, wait when early, fail when late.
Simulated Drive(const SearchModel& model, const std::vector<int>& nodes) {
  Simulated result;
  double time = model.ready(nodes[0]);
  for (size_t k = 1; k < nodes.size(); ++k) {
    time = std::max(time + model.service(nodes[k - 1]) + model.TravelTime(nodes[k - 1], nodes[k]),
                    model.ready(nodes[k]));
    if (time > model.due(nodes[k])) result.feasible = false;
  }
  result.finish = time + model.service(nodes.back());
  return result;
}

TEST(TimeSegmentTest, JoinedSegmentsAgreeWithDrivingTheRoute) {
  Random random(7);
  const RoutingProblem problem = RandomProblem(random, 40);
  const SearchModel model(problem);
  int feasible = 0, infeasible = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<int> nodes = {model.StartNode(0)};
    const int length = random.Between(1, 6);
    for (int k = 0; k < length; ++k) nodes.push_back(random.Below(model.job_count()));
    nodes.push_back(model.EndNode(0));
    // Joined in two halves, as a move joins a prefix and a suffix.
    const size_t cut = 1 + random.Below(static_cast<int>(nodes.size()) - 1);
    TimeSegment head = NodeSegment(model, nodes[0]);
    for (size_t k = 1; k < cut; ++k) head = Join(model, head, NodeSegment(model, nodes[k]));
    TimeSegment tail = NodeSegment(model, nodes[cut]);
    for (size_t k = cut + 1; k < nodes.size(); ++k) {
      tail = Join(model, tail, NodeSegment(model, nodes[k]));
    }
    const TimeSegment whole = Join(model, head, tail);
    const Simulated driven = Drive(model, nodes);
    ASSERT_EQ(whole.time_warp <= kTimeTolerance, driven.feasible) << "trial " << trial;
    if (driven.feasible) {
      ++feasible;
      EXPECT_NEAR(whole.earliest + whole.duration, driven.finish, 1e-6) << "trial " << trial;
    } else {
      ++infeasible;
    }
    EXPECT_EQ(whole.jobs, length);
  }
  // Both answers were exercised.
  EXPECT_GT(feasible, 100);
  EXPECT_GT(infeasible, 100);
}

}  // namespace
}  // namespace fieldservice::scheduling::routing
