// The day planner on the issue's scale (issue 10: "thirty technicians,
// three hundred visits"): SolveDay, the same code PlanDay runs, on
// generated Guangzhou days (tests/scheduling/domain/day_plan_instances.h:
// skills, districts, split shifts, absences, booked windows, pins, vans),
// at several search budgets. Prints a markdown table on stdout that
// scripts/vrptw_bench.sh puts in docs/VRPTW_BENCHMARKS.md: per budget the
// wall time of the call and the plan's jobs planned, routes and km,
// averaged over the seeds.
//
//   day_plan_bench [TECHNICIANS JOBS SEEDS]   (default 30 300 3)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "services/scheduling/domain/day_plan.h"
#include "services/scheduling/domain/great_circle_travel.h"
#include "tests/scheduling/domain/day_plan_instances.h"

namespace {

using fieldservice::scheduling::DayPlanPolicy;
using fieldservice::scheduling::GreatCircleTravelEstimator;
using fieldservice::scheduling::SolveDay;

struct Budget {
  int64_t iterations;
  int threads;
};

}  // namespace

int main(int argc, char** argv) {
  const int technicians = argc > 1 ? std::atoi(argv[1]) : 30;
  const int jobs = argc > 2 ? std::atoi(argv[2]) : 300;
  const int seeds = argc > 3 ? std::atoi(argv[3]) : 3;
  if (technicians < 1 || jobs < 1 || seeds < 1) {
    std::fprintf(stderr, "usage: day_plan_bench [TECHNICIANS JOBS SEEDS], each at least 1\n");
    return 2;
  }
  const GreatCircleTravelEstimator travel;
  // 20,000 iterations and 2 threads are PlanDay's defaults (plan_iterations, plan_threads).
  const std::vector<Budget> budgets = {{5000, 1}, {20000, 1}, {20000, 2}, {100000, 2}};
  std::printf(
      "| iterations per thread | threads | seconds (mean, max) | jobs considered | "
      "jobs planned | routes | km |\n|---|---|---|---|---|---|---|\n");
  for (const Budget& budget : budgets) {
    double seconds = 0, slowest = 0, considered = 0, planned = 0, routes = 0, km = 0;
    for (int seed = 1; seed <= seeds; ++seed) {
      const auto day = fieldservice::scheduling::generated::Day(technicians, jobs, seed);
      DayPlanPolicy policy;
      policy.solver_time_limit = absl::Seconds(600);
      policy.solver_iterations = budget.iterations;
      policy.solver_threads = budget.threads;
      const auto began = std::chrono::steady_clock::now();
      const auto plan = SolveDay(day.request, day.inputs, travel, policy, day.now);
      const double took =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
      if (!plan.ok()) {
        std::fprintf(stderr, "day_plan_bench: seed %d: %s\n", seed,
                     std::string(plan.status().message()).c_str());
        return 1;
      }
      int visits = 0;
      for (const auto& route : plan->routes) visits += static_cast<int>(route.visits.size());
      seconds += took;
      slowest = std::max(slowest, took);
      considered += visits + static_cast<double>(plan->unassigned.size());
      planned += visits;
      routes += static_cast<double>(plan->routes.size());
      km += plan->total_km;
    }
    std::printf("| %lld | %d | %.2f, %.2f | %.1f | %.1f | %.1f | %.1f |\n",
                static_cast<long long>(budget.iterations), budget.threads, seconds / seeds, slowest,
                considered / seeds, planned / seeds, routes / seeds, km / seeds);
  }
  return 0;
}
