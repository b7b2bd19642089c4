// The day planner's solver: time-limited, deterministic for a seed when an
// iteration budget ends the search. Pure code: no I/O, no clock but the
// steady one that enforces the time limit.
//
// Objective, hierarchical: fewest jobs left out (a pinned one counts more
// than any other), then fewest routes, then least distance.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_VRPTW_SOLVER_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_VRPTW_SOLVER_H_

#include <cstdint>
#include <functional>

#include "absl/time/time.h"
#include "services/scheduling/domain/routing/routing_problem.h"

namespace fieldservice::scheduling::routing {

struct SolveProgress {
  int routes = 0;
  int unassigned = 0;
  double distance = 0;
  int64_t iterations = 0;
  absl::Duration elapsed = absl::ZeroDuration();
};

struct SolverOptions {
  uint64_t seed = 1;
  // The search ends at whichever comes first. For a reproducible answer set
  // an iteration budget that ends it well inside the time limit.
  absl::Duration time_limit = absl::Seconds(1);
  int64_t max_iterations = -1;  // per search thread; negative: no budget
  // Independent searches, one per thread, seeds seed, seed+1, ...; the best
  // wins (ties to the lowest seed).
  int threads = 1;
  // Called (from a search thread, serialised) whenever a search finds a
  // better plan; may be empty.
  std::function<void(const SolveProgress&)> on_progress = {};
};

struct SolveStats {
  int64_t iterations = 0;  // summed over threads
  absl::Duration elapsed = absl::ZeroDuration();
};

RoutingPlan Solve(const RoutingProblem& problem, const SolverOptions& options,
                  SolveStats* stats = nullptr);

}  // namespace fieldservice::scheduling::routing

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_VRPTW_SOLVER_H_
