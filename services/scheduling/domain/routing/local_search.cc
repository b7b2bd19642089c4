#include "services/scheduling/domain/routing/local_search.h"

#include <algorithm>

namespace fieldservice::scheduling::routing {
namespace {

// nodes[from..to] of a route joined: a string of at most a few stops, or
// the middle of a route for a move within it.
TimeSegment Stretch(const SearchModel& model, const Route& route, int from, int to) {
  TimeSegment joined = NodeSegment(model, route.nodes[from]);
  for (int k = from + 1; k <= to; ++k) {
    joined = Join(model, joined, NodeSegment(model, route.nodes[k]));
  }
  return joined;
}

bool AllowsAll(const SearchModel& model, int vehicle, const Route& route, int from, int to) {
  if (model.all_allowed()) return true;
  for (int k = from; k <= to; ++k) {
    if (!model.Allows(vehicle, route.nodes[k])) return false;
  }
  return true;
}

void Append(std::vector<int>& jobs, const Route& route, int from, int to) {
  for (int k = from; k <= to; ++k) jobs.push_back(route.nodes[k]);
}

}  // namespace

int LocalSearch::Improve(Solution& solution) {
  const SearchModel& model = solution.model();
  int moves = 0;
  bool improved = true;
  while (improved) {
    improved = false;
    for (int u : model.servable_jobs()) {
      const auto& near = model.neighbours(u);
      const int count = std::min<int>(tuning_.neighbours, static_cast<int>(near.size()));
      for (int i = 0; i < count; ++i) {
        const int v = near[i];
        if (solution.route_of(u) < 0) break;
        if (solution.route_of(v) < 0) continue;
        if (TryPair(solution, u, v)) {
          improved = true;
          ++moves;
        }
      }
    }
  }
  return moves;
}

bool LocalSearch::TryPair(Solution& solution, int u, int v) {
  if (solution.route_of(u) == solution.route_of(v)) {
    for (int length = 1; length <= tuning_.longest_string; ++length) {
      if (TryWithinRoute(solution, u, v, length)) return true;
    }
    return false;
  }
  for (int length = 1; length <= tuning_.longest_string; ++length) {
    if (TryRelocate(solution, u, v, length)) return true;
  }
  if (TryTwoOptStar(solution, u, v)) return true;
  for (int a = 1; a <= tuning_.longest_string; ++a) {
    for (int b = 1; b <= tuning_.longest_string; ++b) {
      if (TrySwap(solution, u, v, a, b)) return true;
    }
  }
  return false;
}

// Moves the string of `length` jobs starting at u next to v (after it, or
// before it), in v's route.
bool LocalSearch::TryRelocate(Solution& solution, int u, int v, int length) {
  const SearchModel& model = solution.model();
  const int ru = solution.route_of(u), rv = solution.route_of(v);
  const Route& a = solution.route(ru);
  const Route& b = solution.route(rv);
  const int pu = solution.position_of(u), pv = solution.position_of(v);
  const int last = pu + length - 1;
  if (last > a.job_count() || !AllowsAll(model, b.vehicle, a, pu, last)) return false;
  const TimeSegment moved = Stretch(model, a, pu, last);
  const TimeSegment rest = Join(model, a.prefix[pu - 1], a.suffix[last + 1]);
  const double before = a.distance() + b.distance() + weights_.route * 2;
  const double rest_cost = rest.distance + (rest.jobs > 0 ? weights_.route : 0);
  for (int after : {pv, pv - 1}) {
    const TimeSegment grown = Join(model, b.prefix[after], moved, b.suffix[after + 1]);
    const double delta = rest_cost + grown.distance + weights_.route - before;
    if (delta > -1e-9 || !solution.Fits(a.vehicle, rest) || !solution.Fits(b.vehicle, grown)) {
      continue;
    }
    jobs_a_.clear();
    Append(jobs_a_, a, 1, pu - 1);
    Append(jobs_a_, a, last + 1, a.job_count());
    jobs_b_.clear();
    Append(jobs_b_, b, 1, after);
    Append(jobs_b_, a, pu, last);
    Append(jobs_b_, b, after + 1, b.job_count());
    solution.SetJobs(ru, jobs_a_);
    solution.SetJobs(rv, jobs_b_);
    return true;
  }
  return false;
}

// Exchanges the string of length_u jobs starting at u with the string of
// length_v starting at v: a swap when both are 1, cross-exchange otherwise.
bool LocalSearch::TrySwap(Solution& solution, int u, int v, int length_u, int length_v) {
  const SearchModel& model = solution.model();
  const int ru = solution.route_of(u), rv = solution.route_of(v);
  const Route& a = solution.route(ru);
  const Route& b = solution.route(rv);
  const int pu = solution.position_of(u), pv = solution.position_of(v);
  const int last_u = pu + length_u - 1, last_v = pv + length_v - 1;
  if (last_u > a.job_count() || last_v > b.job_count()) return false;
  if (!AllowsAll(model, b.vehicle, a, pu, last_u) || !AllowsAll(model, a.vehicle, b, pv, last_v)) {
    return false;
  }
  const TimeSegment new_a =
      Join(model, a.prefix[pu - 1], Stretch(model, b, pv, last_v), a.suffix[last_u + 1]);
  const TimeSegment new_b =
      Join(model, b.prefix[pv - 1], Stretch(model, a, pu, last_u), b.suffix[last_v + 1]);
  const double delta = new_a.distance + new_b.distance - a.distance() - b.distance();
  if (delta > -1e-9 || !solution.Fits(a.vehicle, new_a) || !solution.Fits(b.vehicle, new_b)) {
    return false;
  }
  jobs_a_.clear();
  Append(jobs_a_, a, 1, pu - 1);
  Append(jobs_a_, b, pv, last_v);
  Append(jobs_a_, a, last_u + 1, a.job_count());
  jobs_b_.clear();
  Append(jobs_b_, b, 1, pv - 1);
  Append(jobs_b_, a, pu, last_u);
  Append(jobs_b_, b, last_v + 1, b.job_count());
  solution.SetJobs(ru, jobs_a_);
  solution.SetJobs(rv, jobs_b_);
  return true;
}

// 2-opt*: u's route continues with v and the rest of v's route; v's route
// keeps what came before v and continues with what came after u.
bool LocalSearch::TryTwoOptStar(Solution& solution, int u, int v) {
  const SearchModel& model = solution.model();
  const int ru = solution.route_of(u), rv = solution.route_of(v);
  const Route& a = solution.route(ru);
  const Route& b = solution.route(rv);
  const int pu = solution.position_of(u), pv = solution.position_of(v);
  if (!AllowsAll(model, a.vehicle, b, pv, b.job_count()) ||
      !AllowsAll(model, b.vehicle, a, pu + 1, a.job_count())) {
    return false;
  }
  TimeSegment new_a, new_b;
  if (model.vehicle_class(a.vehicle) == model.vehicle_class(b.vehicle)) {
    // The same end place and hours: each tail can keep its end.
    new_a = Join(model, a.prefix[pu], b.suffix[pv]);
    new_b = Join(model, b.prefix[pv - 1], a.suffix[pu + 1]);
  } else {
    const TimeSegment end_a = NodeSegment(model, a.nodes.back());
    const TimeSegment end_b = NodeSegment(model, b.nodes.back());
    new_a = Join(model, a.prefix[pu], Stretch(model, b, pv, b.job_count()), end_a);
    new_b = pu < a.job_count()
                ? Join(model, b.prefix[pv - 1], Stretch(model, a, pu + 1, a.job_count()), end_b)
                : Join(model, b.prefix[pv - 1], end_b);
  }
  const double used_before = 2 * weights_.route;
  const double used_after = (new_b.jobs > 0 ? weights_.route : 0) + weights_.route;
  const double delta =
      new_a.distance + new_b.distance + used_after - a.distance() - b.distance() - used_before;
  if (delta > -1e-9 || !solution.Fits(a.vehicle, new_a) || !solution.Fits(b.vehicle, new_b)) {
    return false;
  }
  jobs_a_.clear();
  Append(jobs_a_, a, 1, pu);
  Append(jobs_a_, b, pv, b.job_count());
  jobs_b_.clear();
  Append(jobs_b_, b, 1, pv - 1);
  Append(jobs_b_, a, pu + 1, a.job_count());
  solution.SetJobs(ru, jobs_a_);
  solution.SetJobs(rv, jobs_b_);
  return true;
}

// Moves the string of `length` jobs starting at u to just after v, in the
// same route. The stretch between them is joined stop by stop.
bool LocalSearch::TryWithinRoute(Solution& solution, int u, int v, int length) {
  const SearchModel& model = solution.model();
  const int r = solution.route_of(u);
  const Route& route = solution.route(r);
  const int pu = solution.position_of(u), pv = solution.position_of(v);
  const int last = pu + length - 1;
  if (last > route.job_count() || (pv >= pu - 1 && pv <= last)) return false;
  const TimeSegment moved = Stretch(model, route, pu, last);
  TimeSegment changed;
  jobs_a_.clear();
  if (pv < pu) {
    changed = Join(model, Join(model, route.prefix[pv], moved),
                   Stretch(model, route, pv + 1, pu - 1), route.suffix[last + 1]);
    Append(jobs_a_, route, 1, pv);
    Append(jobs_a_, route, pu, last);
    Append(jobs_a_, route, pv + 1, pu - 1);
    Append(jobs_a_, route, last + 1, route.job_count());
  } else {
    changed = Join(model, Join(model, route.prefix[pu - 1], Stretch(model, route, last + 1, pv)),
                   moved, route.suffix[pv + 1]);
    Append(jobs_a_, route, 1, pu - 1);
    Append(jobs_a_, route, last + 1, pv);
    Append(jobs_a_, route, pu, last);
    Append(jobs_a_, route, pv + 1, route.job_count());
  }
  if (changed.distance - route.distance() > -1e-9 || !solution.Fits(route.vehicle, changed)) {
    return false;
  }
  solution.SetJobs(r, jobs_a_);
  return true;
}

}  // namespace fieldservice::scheduling::routing
