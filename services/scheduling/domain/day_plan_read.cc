// The solver's answer read back in the dispatcher's terms: per technician
// the visits in order with their times, legs, waiting and lateness
// recomputed from the routes; the jobs left out with reasons in words.
#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "services/scheduling/domain/day_plan.h"
#include "services/scheduling/domain/job_steps.h"

namespace fieldservice::scheduling {
namespace {

std::string Clock(absl::Time t, absl::TimeZone zone) { return absl::FormatTime("%H:%M", t, zone); }

std::string UnassignedText(routing::UnassignedReason reason, const DispatchJob& job,
                           const std::optional<Interval>& window, bool pinned,
                           absl::TimeZone zone) {
  using routing::UnassignedReason;
  if (pinned) {
    return absl::StrCat("pinned to technicians/", job.technician_id,
                        ", who cannot keep its slot that day (shift, absence, most jobs, or "
                        "another pinned visit)");
  }
  switch (reason) {
    case UnassignedReason::kNoAllowedVehicle:
      return absl::StrCat("no technician working in the region that day repairs ",
                          job.job.category.empty() ? "it" : job.job.category,
                          job.job.brand.empty() ? "" : absl::StrCat(" of brand ", job.job.brand),
                          " at level ", job.job.min_level, " or above and covers ",
                          job.job.region_code.empty() ? "its place" : job.job.region_code);
    case UnassignedReason::kWindowOutsideShifts:
      return window.has_value()
                 ? absl::StrCat("no technician who may take it can start inside its window ",
                                Clock(window->start, zone), "-", Clock(window->end, zone),
                                " (shifts, absences and travel)")
                 : "no technician who may take it has time for the travel and the visit";
    case UnassignedReason::kTooHeavy:
      return "its load is more than any van that may take it holds";
    case UnassignedReason::kNoRoom:
      break;
  }
  return "every technician who may take it has a full day (other visits' windows, travel, "
         "most jobs per day, van load)";
}

absl::Time At(const DayProblem& day, double minute) {
  return day.day_start + absl::Seconds(std::llround(minute * 60));
}

}  // namespace

DayPlan ReadDayPlan(const DayProblem& day, const DayPlanInputs& inputs,
                    const routing::RoutingPlan& plan, absl::TimeZone zone) {
  const routing::RoutingProblem& p = day.problem;
  DayPlan out;
  out.under_way = day.under_way;
  std::map<std::string, TechnicianRoute> routes;
  std::vector<bool> placed(p.jobs.size(), false);
  for (const routing::PlannedRoute& r : plan.routes) {
    const Technician& t = inputs.technicians[day.vehicle_technician[r.vehicle]];
    TechnicianRoute& route = routes[t.id];
    const bool first = route.visits.empty();
    route.technician_id = t.id;
    const absl::Time departure = At(day, r.departure);
    const absl::Time back = At(day, r.return_time);
    route.departure = first ? departure : std::min(route.departure, departure);
    route.return_time = first ? back : std::max(route.return_time, back);
    int from = p.vehicles[r.vehicle].start_location;
    for (const routing::PlannedVisit& visit : r.visits) {
      const routing::RoutingJob& rj = p.jobs[visit.job];
      const DispatchJob& job = inputs.jobs[day.job_index[visit.job]];
      placed[visit.job] = true;
      PlannedJobVisit pv;
      pv.order_number = job.job.order_number;
      pv.arrival = At(day, visit.arrival);
      pv.start = At(day, visit.start);
      pv.end = pv.start + job.job.service_time;
      pv.travel_km = p.Distance(from, rj.location);
      pv.travel = absl::Seconds(std::llround(p.TravelTime(from, rj.location) * 60));
      pv.waiting = std::max(absl::ZeroDuration(), pv.start - pv.arrival);
      pv.window = day.windows[visit.job];
      if (pv.window.has_value() && pv.start > pv.window->end) {
        pv.lateness = pv.start - pv.window->end;
      }
      pv.pinned = rj.pinned;
      pv.technician_before = job.technician_id;
      route.km += pv.travel_km;
      route.travel += pv.travel;
      route.waiting += pv.waiting;
      route.lateness += pv.lateness;
      from = rj.location;
      route.visits.push_back(std::move(pv));
    }
    const int end = p.vehicles[r.vehicle].end_location;
    route.km += p.Distance(from, end);
    route.travel += absl::Seconds(std::llround(p.TravelTime(from, end) * 60));
  }
  for (auto& [id, route] : routes) {
    std::sort(route.visits.begin(), route.visits.end(),
              [](const PlannedJobVisit& a, const PlannedJobVisit& b) { return a.start < b.start; });
    out.total_km += route.km;
    out.total_lateness += route.lateness;
    out.routes.push_back(std::move(route));
  }
  auto unplanned = [&](int routing_job, routing::UnassignedReason reason) {
    if (placed[routing_job]) return;
    placed[routing_job] = true;
    const DispatchJob& job = inputs.jobs[day.job_index[routing_job]];
    const bool pinned = p.jobs[routing_job].pinned;
    UnplannedJob u{.order_number = job.job.order_number,
                   .reason = UnassignedText(reason, job, day.windows[routing_job], pinned, zone),
                   .requeue = IsMovable(job.step) && !pinned,
                   .technician_before = job.technician_id};
    absl::StrAppend(&u.reason, u.requeue ? "; committing puts it back in the queue"
                               : pinned  ? "; committing leaves it as it is"
                                         : "; it stays in the queue");
    out.unassigned.push_back(std::move(u));
  };
  for (const routing::UnassignedJob& u : plan.unassigned) unplanned(u.job, u.reason);
  // A job the solver neither routed nor reported: left out all the same.
  for (size_t j = 0; j < placed.size(); ++j) {
    unplanned(static_cast<int>(j), routing::UnassignedReason::kNoRoom);
  }
  for (const UnplannedJob& u : day.left_out) out.unassigned.push_back(u);
  std::sort(
      out.unassigned.begin(), out.unassigned.end(),
      [](const UnplannedJob& a, const UnplannedJob& b) { return a.order_number < b.order_number; });
  return out;
}

}  // namespace fieldservice::scheduling
