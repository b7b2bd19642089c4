#include "services/scheduling/domain/routing/fleet_minimiser.h"

namespace fieldservice::scheduling::routing {

void FleetMinimiser::RemoveRoute(Solution& solution) {
  std::vector<int> used;
  for (int r = 0; r < solution.route_count(); ++r) {
    if (!solution.route(r).empty()) used.push_back(r);
  }
  if (used.empty()) return;
  int chosen = used[random_.Below(static_cast<int>(used.size()))];
  if (random_.Unit() < 0.5) {
    for (int r : used) {
      if (solution.route(r).job_count() < solution.route(chosen).job_count()) chosen = r;
    }
  }
  const std::vector<int> nodes = solution.route(chosen).nodes;
  for (size_t k = 1; k + 1 < nodes.size(); ++k) solution.Remove(nodes[k]);
  fleet_ = solution.used_routes();
  solution.Mark();
}

int64_t FleetMinimiser::Absence(const Solution& solution) const {
  int64_t sum = 0;
  for (int job : solution.unassigned()) sum += absences_[job];
  return sum;
}

void FleetMinimiser::Step(Solution& solution) {
  if (solution.unassigned().empty()) return;
  const size_t left_out = solution.unassigned().size();
  const int64_t left_out_weight = Absence(solution);
  ruin_recreate_.Ruin(solution);
  ruin_recreate_.RecreateMissed(solution, absences_, fleet_);
  if (solution.unassigned().size() < left_out || Absence(solution) < left_out_weight) {
    solution.Mark();
  } else {
    solution.Rollback();
  }
  for (int job : solution.unassigned()) ++absences_[job];
}

}  // namespace fieldservice::scheduling::routing
