// A region's day as a routing problem for the solver (its answer is read
// back in day_plan_read.cc). Minute 0 is the business day's midnight.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/scheduling/domain/availability.h"
#include "services/scheduling/domain/candidate_ranking.h"
#include "services/scheduling/domain/day_plan.h"
#include "services/scheduling/domain/intervals.h"
#include "services/scheduling/domain/job_transitions.h"
#include "services/scheduling/domain/routing/vrptw_solver.h"
#include "services/scheduling/domain/service_area.h"

namespace fieldservice::scheduling {
namespace {

using routing::kUnlimited;
using routing::RoutingJob;
using routing::RoutingVehicle;

bool UnderWay(JobStep step) { return step == JobStep::kEnRoute || step == JobStep::kOnSite; }

// Shares `total` jobs out between stretches by their length (largest
// remainder), so the shares never sum past the technician's most jobs.
std::vector<int> ShareByLength(const std::vector<Interval>& stretches, int total) {
  std::vector<int> shares(stretches.size(), 0);
  absl::Duration sum;
  for (const Interval& s : stretches) sum += s.length();
  if (total <= 0 || sum <= absl::ZeroDuration()) return shares;
  std::vector<std::pair<double, size_t>> remainders;
  int given = 0;
  for (size_t i = 0; i < stretches.size(); ++i) {
    const double exact = total * absl::FDivDuration(stretches[i].length(), sum);
    shares[i] = static_cast<int>(std::floor(exact));
    given += shares[i];
    remainders.push_back({exact - shares[i], i});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; given < total && k < remainders.size(); ++k, ++given) {
    ++shares[remainders[k].second];
  }
  return shares;
}

// The van's capacity shared out between stretches by their length, for
// the same reason (the van is loaded once for the day); none: unlimited.
double CapacityShare(const std::optional<double>& capacity, const std::vector<Interval>& stretches,
                     const Interval& stretch) {
  if (!capacity.has_value()) return kUnlimited;
  absl::Duration sum;
  for (const Interval& s : stretches) sum += s.length();
  return *capacity * absl::FDivDuration(stretch.length(), sum);
}

class ProblemBuilder {
 public:
  ProblemBuilder(const DayPlanInputs& inputs, const TravelEstimator& travel, absl::TimeZone zone,
                 absl::CivilDay date)
      : inputs_(inputs), travel_(travel), zone_(zone), date_(date) {
    out_.day_start = absl::FromCivil(date, zone);
  }

  double Minutes(absl::Time t) const {
    return absl::FDivDuration(t - out_.day_start, absl::Minutes(1));
  }

  int Location(const GeoPoint& p) {
    places_.push_back(p);
    return static_cast<int>(places_.size()) - 1;
  }

  // Wherever the technician happens to be: no distance to or from it.
  int Anywhere() {
    if (!anywhere_.has_value()) anywhere_ = Location({});
    return *anywhere_;
  }

  // One vehicle per stretch of the technician's working time on the day.
  void AddTechnician(int index, absl::Time now) {
    const Technician& t = inputs_.technicians[index];
    if (!t.active) return;
    std::vector<Interval> off;
    for (const Absence& a : t.absences) off.push_back({a.start, a.end});
    off.push_back({absl::InfinitePast(), now});
    std::vector<std::pair<Interval, int>> busy;  // a job under way, its location
    int busy_jobs = 0;
    for (const DispatchJob& j : inputs_.jobs) {
      if (j.technician_id != t.id || !UnderWay(j.step) || !j.visit.has_value()) continue;
      off.push_back(*j.visit);
      busy.push_back({*j.visit, Location(j.job.location)});
      if (absl::ToCivilDay(j.visit->start, zone_) == date_) ++busy_jobs;
    }
    const std::vector<Interval> stretches = Subtract(ShiftsOn(t, date_, zone_), off);
    const std::vector<int> shares = ShareByLength(stretches, t.max_jobs_per_day - busy_jobs);
    const int home = Location(t.home_base);
    for (size_t i = 0; i < stretches.size(); ++i) {
      if (shares[i] <= 0) continue;
      // Home at the end of the day; before a break or an absence they may
      // stay where the last visit was (as the assignment rules allow a
      // visit to end with the shift).
      const bool last = i + 1 == stretches.size();
      RoutingVehicle v{.start_location = home,
                       .end_location = last ? home : Anywhere(),
                       .shift_start = Minutes(stretches[i].start),
                       .shift_end = Minutes(stretches[i].end),
                       .capacity = CapacityShare(t.van_capacity, stretches, stretches[i]),
                       .max_jobs = shares[i]};
      for (const auto& [when, place] : busy) {
        if (when.end == stretches[i].start) v.start_location = place;
        if (when.start == stretches[i].end) v.end_location = place;
      }
      vehicles_of_[index].push_back(static_cast<int>(out_.problem.vehicles.size()));
      out_.problem.vehicles.push_back(v);
      out_.vehicle_technician.push_back(index);
    }
  }

  // Who may take the job, by the candidate rules: skills and area.
  std::vector<int> AllowedVehicles(const Job& job) {
    std::vector<int> allowed;
    for (const auto& [index, vehicles] : vehicles_of_) {
      const Technician& t = inputs_.technicians[index];
      std::vector<ExclusionReason> broken;
      CheckSkills(t, job, broken);
      if (!broken.empty() || !AreaCovers(t.area, t.home_base, PlaceOf(job))) continue;
      allowed.insert(allowed.end(), vehicles.begin(), vehicles.end());
    }
    std::sort(allowed.begin(), allowed.end());
    return allowed;
  }

  // The pinned technician's stretches that hold the slot.
  std::vector<int> PinnedVehicles(const DispatchJob& job, const Interval& slot) {
    std::vector<int> allowed;
    for (size_t i = 0; i < inputs_.technicians.size(); ++i) {
      if (inputs_.technicians[i].id != job.technician_id) continue;
      for (int v : vehicles_of_[static_cast<int>(i)]) {
        const RoutingVehicle& vehicle = out_.problem.vehicles[v];
        if (vehicle.shift_start <= Minutes(slot.end) && Minutes(slot.start) <= vehicle.shift_end) {
          allowed.push_back(v);
        }
      }
    }
    return allowed;
  }

  void AddJob(int index, bool pinned) {
    const DispatchJob& j = inputs_.jobs[index];
    std::optional<Interval> window;
    std::optional<std::vector<int>> allowed;
    if (pinned) {
      // The booked window, else the planned start itself.
      window =
          j.appointment.has_value() ? *j.appointment : Interval{j.visit->start, j.visit->start};
      allowed = PinnedVehicles(j, *window);
    } else {
      if (j.step == JobStep::kBooked && j.appointment.has_value()) {
        window = j.appointment;
      } else {
        window = j.job.window;
      }
      allowed = AllowedVehicles(j.job);
    }
    RoutingJob job{.location = Location(j.job.location),
                   .ready = window.has_value() ? std::max(0.0, Minutes(window->start)) : 0,
                   .due = window.has_value() ? Minutes(window->end) : kUnlimited,
                   .service = absl::FDivDuration(j.job.service_time, absl::Minutes(1)),
                   .demand = j.job.load,
                   .allowed_vehicles = std::move(allowed),
                   .pinned = pinned};
    out_.problem.jobs.push_back(std::move(job));
    out_.job_index.push_back(index);
    out_.windows.push_back(window);
  }

  DayProblem Finish() {
    routing::RoutingProblem& p = out_.problem;
    p.location_count = static_cast<int>(places_.size());
    p.distance.resize(places_.size() * places_.size());
    p.travel_time.resize(places_.size() * places_.size());
    for (size_t from = 0; from < places_.size(); ++from) {
      for (size_t to = 0; to < places_.size(); ++to) {
        const bool nowhere =
            static_cast<int>(from) == anywhere_ || static_cast<int>(to) == anywhere_;
        const Travel leg = nowhere ? Travel{} : travel_.Estimate(places_[from], places_[to]);
        p.distance[from * places_.size() + to] = leg.distance_km;
        p.travel_time[from * places_.size() + to] = absl::FDivDuration(leg.time, absl::Minutes(1));
      }
    }
    return std::move(out_);
  }

  DayProblem& out() { return out_; }

 private:
  const DayPlanInputs& inputs_;
  const TravelEstimator& travel_;
  const absl::TimeZone zone_;
  const absl::CivilDay date_;
  std::vector<GeoPoint> places_;
  std::map<int, std::vector<int>> vehicles_of_;  // technician index -> vehicles
  std::optional<int> anywhere_;
  DayProblem out_;
};

}  // namespace

absl::StatusOr<DayProblem> BuildDayProblem(const DayPlanRequest& request,
                                           const DayPlanInputs& inputs,
                                           const TravelEstimator& travel, absl::TimeZone zone,
                                           absl::Time now) {
  common::Violations v;
  const absl::CivilDay today = absl::ToCivilDay(now, zone);
  if (request.date < today) {
    v.Add("date", absl::StrCat("must not be before today (", absl::FormatCivilTime(today), ")"));
  }
  std::set<std::string> pinned;
  for (size_t i = 0; i < request.pinned_jobs.size(); ++i) {
    const std::string& order = request.pinned_jobs[i];
    const bool known = std::any_of(inputs.jobs.begin(), inputs.jobs.end(), [&](const auto& j) {
      return j.job.order_number == order && IsMovable(j.step) && j.visit.has_value();
    });
    if (!known) {
      v.Add(absl::StrCat("pinned_jobs[", i, "]"),
            absl::StrCat(JobName(order),
                         " is not an assigned or booked job on this region's technicians' day"));
    }
    pinned.insert(order);
  }
  if (!v.empty()) return v.ToStatus();

  ProblemBuilder builder(inputs, travel, zone, request.date);
  for (size_t i = 0; i < inputs.technicians.size(); ++i) {
    builder.AddTechnician(static_cast<int>(i), now);
  }
  for (size_t i = 0; i < inputs.jobs.size(); ++i) {
    const DispatchJob& j = inputs.jobs[i];
    if (UnderWay(j.step)) {
      // Under way: not planned; its time is taken out of the technician's
      // stretches (AddTechnician) and it stays as it is.
      builder.out().under_way.push_back(j.job.order_number);
      continue;
    }
    const bool is_pinned = pinned.contains(j.job.order_number);
    if (!j.has_location) {
      builder.out().left_out.push_back(
          {.order_number = j.job.order_number,
           .reason = "has no map position, so no travel can be estimated: add "
                     "customer.address.location to the order",
           .requeue = false,
           .technician_before = j.technician_id});
      continue;
    }
    builder.AddJob(static_cast<int>(i), is_pinned);
  }
  return builder.Finish();
}

absl::StatusOr<DayPlan> SolveDay(const DayPlanRequest& request, const DayPlanInputs& inputs,
                                 const TravelEstimator& travel, const DayPlanPolicy& policy,
                                 absl::Time now) {
  auto day = BuildDayProblem(request, inputs, travel, policy.business_zone, now);
  if (!day.ok()) return day.status();
  routing::SolverOptions options;
  options.seed = policy.solver_seed;
  options.time_limit =
      std::max(absl::Milliseconds(1), std::min(policy.solver_time_limit, request.search_limit));
  options.max_iterations = policy.solver_iterations;
  options.threads = policy.solver_threads;
  return ReadDayPlan(*day, inputs, routing::Solve(day->problem, options), policy.business_zone);
}

}  // namespace fieldservice::scheduling
