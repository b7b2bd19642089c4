// vrptw_solve: the day planner's solver (services/scheduling/domain/routing)
// on a Solomon benchmark file, so that its plans can be compared with the
// best known solutions (issue 10; scripts/vrptw_bench.sh runs all 56).
//
//   vrptw_solve INSTANCE --time-limit SECONDS --seed N [--iterations N] [--threads N]
//
// stdout: the solution in the CVRPLIB text format, `Route #k: c1 c2 ...` with
// the file's customer numbers, then `Cost <total Euclidean distance>`.
// stderr: progress (each better plan a search finds), then vehicles,
// distance, iterations and the time taken; customers left out, if any.
// Exit codes: 0 every customer routed; 1 some left out (the routes are still
// printed); 2 a bad command line, or a file that cannot be read or parsed.
#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <string>

#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "services/common/files.h"
#include "services/scheduling/domain/routing/solomon_instance.h"
#include "services/scheduling/domain/routing/vrptw_solver.h"
#include "tools/command_line.h"

namespace {

namespace po = boost::program_options;
namespace routing = ::fieldservice::scheduling::routing;

constexpr char kTool[] = "vrptw_solve";

struct Options {
  std::string instance;
  double time_limit_s = 0;
  uint64_t seed = 0;
  int64_t iterations = -1;
  int threads = 2;
};

// False with *exit_code set when the tool should stop now.
bool ReadOptions(int argc, char** argv, Options* options, int* exit_code) {
  po::options_description description(
      "vrptw_solve INSTANCE --time-limit SECONDS --seed N [--iterations N] [--threads N]");
  description.add_options()("help", "this text")(
      "instance", po::value(&options->instance)->required(),
      "the Solomon-format file (also the first argument)")(
      "time-limit", po::value(&options->time_limit_s)->required(),
      "seconds the search may run (wall clock)")(
      "seed", po::value(&options->seed)->required(),
      "the random seed; thread k searches with seed + k")(
      "iterations", po::value(&options->iterations),
      "an iteration budget per search thread, for a reproducible answer (default: none)")(
      "threads", po::value(&options->threads)->default_value(2),
      "independent searches, one per thread; the best plan wins");
  po::positional_options_description positional;
  positional.add("instance", 1);
  po::variables_map values;
  if (!fieldservice::tools::ReadCommandLine(kTool, argc, argv, description, positional, &values,
                                            exit_code)) {
    return false;
  }
  std::string problem;
  if (!(options->time_limit_s > 0) || !std::isfinite(options->time_limit_s)) {
    problem = "--time-limit must be a positive number of seconds";
  } else if (options->threads < 1) {
    problem = "--threads must be at least 1";
  } else if (values.count("iterations") && options->iterations < 0) {
    problem = "--iterations must not be negative";
  }
  if (!problem.empty()) {
    std::cerr << kTool << ": " << problem << "\n" << description << "\n";
    *exit_code = 2;
    return false;
  }
  return true;
}

const char* ReasonName(routing::UnassignedReason reason) {
  switch (reason) {
    case routing::UnassignedReason::kNoAllowedVehicle:
      return "no allowed vehicle";
    case routing::UnassignedReason::kWindowOutsideShifts:
      return "its window cannot be reached from the depot and back in time";
    case routing::UnassignedReason::kTooHeavy:
      return "its demand exceeds the capacity";
    case routing::UnassignedReason::kNoRoom:
      return "no room in any route";
  }
  return "unknown reason";
}

void PrintProgress(const routing::SolveProgress& progress) {
  std::cerr << absl::StrFormat(
      "%s: %.3f s: %d routes, %d unassigned, distance %.2f, %d iterations\n", kTool,
      absl::ToDoubleSeconds(progress.elapsed), progress.routes, progress.unassigned,
      progress.distance, progress.iterations);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  int exit_code = 0;
  if (!ReadOptions(argc, argv, &options, &exit_code)) return exit_code;

  absl::StatusOr<routing::SolomonInstance> instance =
      fieldservice::common::ParseFile<routing::SolomonInstance>(options.instance,
                                                                routing::ParseSolomonInstance);
  if (!instance.ok()) {
    std::cerr << kTool << ": " << instance.status().message() << "\n";
    return 2;
  }

  routing::SolverOptions solver;
  solver.seed = options.seed;
  solver.time_limit = absl::Seconds(options.time_limit_s);
  solver.max_iterations = options.iterations;
  solver.threads = options.threads;
  solver.on_progress = PrintProgress;
  routing::SolveStats stats;
  const routing::RoutingPlan plan = routing::Solve(instance->problem, solver, &stats);

  std::cout << routing::CvrplibSolution(*instance, plan) << std::flush;

  const double distance = routing::RecomputedDistance(*instance, plan);
  int vehicles = 0;
  for (const routing::PlannedRoute& route : plan.routes) vehicles += !route.visits.empty();
  std::cerr << absl::StrFormat(
      "%s: %s: %d vehicles, distance %.2f, %d of %d customers unassigned, %d iterations in "
      "%.3f s (%d threads, seed %d)\n",
      kTool, options.instance, vehicles, distance, plan.unassigned.size(),
      instance->problem.jobs.size(), stats.iterations, absl::ToDoubleSeconds(stats.elapsed),
      options.threads, options.seed);
  // The printed Cost is recomputed; a solver whose own sum disagrees has a
  // bookkeeping bug worth seeing.
  if (std::abs(plan.total_distance - distance) > 1e-6 * std::max(1.0, distance)) {
    std::cerr << absl::StrFormat(
        "%s: warning: the solver's total_distance %.6f is not the %.6f "
        "of its routes\n",
        kTool, plan.total_distance, distance);
  }
  if (plan.unassigned.empty()) return 0;
  for (const routing::UnassignedJob& left : plan.unassigned) {
    std::cerr << absl::StrFormat("%s: unassigned: customer %d (%s)\n", kTool,
                                 instance->customer_numbers[left.job], ReasonName(left.reason));
  }
  return 1;
}
