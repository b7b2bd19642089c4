// A stretch of consecutive stops summarised so that two stretches join in
// constant time (Vidal et al., "A hybrid genetic algorithm with adaptive
// diversity management for a large class of vehicle routing problems with
// time-windows", 2013): its least duration, the time warp it would need to
// keep every window, and the earliest and latest start that achieve them.
// A route is feasible in time when the stretch from its start to its end
// needs no time warp. With prefixes and suffixes of each route kept, every
// move (insert, relocate, swap, 2-opt*, or-opt, cross-exchange) is checked
// by joining a few stretches instead of re-simulating the route.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_TIME_SEGMENT_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_TIME_SEGMENT_H_

#include <algorithm>

#include "services/scheduling/domain/routing/search_model.h"

namespace fieldservice::scheduling::routing {

struct TimeSegment {
  int first = 0;  // first and last node
  int last = 0;
  double duration = 0;  // travel, service and unavoidable waiting
  double time_warp = 0;
  double earliest = 0;  // earliest and latest start at `first`
  double latest = 0;
  double distance = 0;
  double load = 0;
  int jobs = 0;
};

inline TimeSegment NodeSegment(const SearchModel& model, int node) {
  return {.first = node,
          .last = node,
          .duration = model.service(node),
          .time_warp = 0,
          .earliest = model.ready(node),
          .latest = model.due(node),
          .distance = 0,
          .load = model.demand(node),
          .jobs = model.IsJob(node) ? 1 : 0};
}

inline TimeSegment Join(const SearchModel& model, const TimeSegment& a, const TimeSegment& b) {
  const double travel = model.TravelTime(a.last, b.first);
  const double reach = a.duration - a.time_warp + travel;
  const double wait = std::max(b.earliest - reach - a.latest, 0.0);
  const double warp = std::max(a.earliest + reach - b.latest, 0.0);
  return {.first = a.first,
          .last = b.last,
          .duration = a.duration + b.duration + travel + wait,
          .time_warp = a.time_warp + b.time_warp + warp,
          .earliest = std::max(b.earliest - reach, a.earliest) - wait,
          .latest = std::min(b.latest - reach, a.latest) + warp,
          .distance = a.distance + b.distance + model.Distance(a.last, b.first),
          .load = a.load + b.load,
          .jobs = a.jobs + b.jobs};
}

inline TimeSegment Join(const SearchModel& model, const TimeSegment& a, const TimeSegment& b,
                        const TimeSegment& c) {
  return Join(model, Join(model, a, b), c);
}

}  // namespace fieldservice::scheduling::routing

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_TIME_SEGMENT_H_
