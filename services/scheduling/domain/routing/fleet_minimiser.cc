#include "services/scheduling/domain/routing/fleet_minimiser.h"

#include <limits>

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
  solution.Mark();
}

int64_t FleetMinimiser::Absence(const Solution& solution) const {
  int64_t sum = 0;
  for (int job : solution.unassigned()) sum += absences_[job];
  return sum;
}

void FleetMinimiser::Step(Solution& solution) {
  if (solution.unassigned().empty()) return;
  if (random_.Unit() < tuning_.ejection_share) {
    int job = solution.unassigned().front();
    for (int other : solution.unassigned()) {
      if (absences_[other] > absences_[job]) job = other;
    }
    ++absences_[job];
    if (!ruin_recreate_.InsertCheapest(solution, job, false, false)) {
      InsertWithEjection(solution, job);
    }
    solution.Mark();
    return;
  }
  const size_t left_out = solution.unassigned().size();
  const int64_t left_out_weight = Absence(solution);
  ruin_recreate_.Ruin(solution);
  ruin_recreate_.RecreateMissed(solution, absences_);
  if (solution.unassigned().size() < left_out || Absence(solution) < left_out_weight) {
    solution.Mark();
  } else {
    solution.Rollback();
  }
  for (int job : solution.unassigned()) ++absences_[job];
}

// Every (job out, place in) pair of every route that may take `job`, each
// checked in constant time: the stretch between the two is grown one stop
// at a time as the place moves away from the job taken out.
bool FleetMinimiser::InsertWithEjection(Solution& solution, int job) {
  const SearchModel& model = solution.model();
  const TimeSegment inserted = NodeSegment(model, job);
  int64_t best_absence = std::numeric_limits<int64_t>::max();
  double best_distance = std::numeric_limits<double>::infinity();
  int best_out = -1, best_route = -1, best_position = -1;
  auto consider = [&](const TimeSegment& whole, int r, int out, int position) {
    const double distance = whole.distance;
    if (absences_[out] > best_absence ||
        (absences_[out] == best_absence && distance >= best_distance) ||
        !solution.Fits(solution.route(r).vehicle, whole)) {
      return;
    }
    best_absence = absences_[out];
    best_distance = distance;
    best_out = out;
    best_route = r;
    best_position = position;
  };
  for (int r = 0; r < solution.route_count(); ++r) {
    const Route& route = solution.route(r);
    if (route.empty() || !model.Allows(route.vehicle, job)) continue;
    const auto& nodes = route.nodes;
    const int size = route.job_count();
    for (int q = 1; q <= size; ++q) {
      const int out = nodes[q];
      if (absences_[out] > best_absence) continue;
      // In before the job taken out: prefix[p], the job, nodes[p+1..q-1], suffix[q+1].
      TimeSegment after = route.suffix[q + 1];
      for (int p = q - 1; p >= 0; --p) {
        consider(Join(model, route.prefix[p], inserted, after), r, out, p + 1);
        if (p > 0) after = Join(model, NodeSegment(model, nodes[p]), after);
      }
      // In after it: prefix[q-1], nodes[q+1..p], the job, suffix[p+1].
      TimeSegment before = route.prefix[q - 1];
      for (int p = q + 1; p <= size; ++p) {
        before = Join(model, before, NodeSegment(model, nodes[p]));
        consider(Join(model, before, inserted, route.suffix[p + 1]), r, out, p);
      }
    }
  }
  if (best_out < 0) return false;
  solution.Remove(best_out);
  solution.Insert(job, best_route, best_position);
  return true;
}

}  // namespace fieldservice::scheduling::routing
