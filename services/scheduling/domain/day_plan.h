// The day planner's rules (issue 10 "PlanDay"): which technicians and jobs
// a region's day is made of, the routing problem they make for the solver
// (routing/vrptw_solver.h), the plan read back in the dispatcher's terms,
// and the changes committing it makes to each job. Pure: no I/O, no clock.
//
// A technician's day may have several stretches of working time (a lunch
// break, an absence in the middle, a job under way): each stretch is one
// vehicle of the routing problem, leaving from the home base (or from the
// job under way that ends just before it), back home by the end of the day
// (or at the job under way that starts right after a stretch; before a
// break or an absence they may stay where they are, as the assignment rules
// let a visit end with its shift). The technician's most jobs a day are
// shared out between their stretches by length, so no plan can exceed it;
// so is their van's capacity (the van is loaded once for the day; a job's
// load is its demand; no capacity: unlimited).
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_DAY_PLAN_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_DAY_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/scheduling/domain/dispatch_queue.h"
#include "services/scheduling/domain/routing/routing_problem.h"
#include "services/scheduling/domain/travel.h"

namespace fieldservice::scheduling {

// How plans are made and kept; the service fills it from configuration.
struct DayPlanPolicy {
  // The most a PlanDay call spends searching: a dispatcher waits for it.
  absl::Duration solver_time_limit = absl::Seconds(5);
  // Search iterations per thread; with it the same inputs and seed give the
  // same plan whatever the machine's speed (as long as the budget ends the
  // search inside the time limit). Negative: no budget, time alone.
  int64_t solver_iterations = 20000;
  // Independent searches at once: both cores of a small server for the
  // seconds a dispatcher waits (the best of two seeds is a better plan).
  int solver_threads = 2;
  // The first search's seed.
  uint64_t solver_seed = 1;
  // How long a preview may be committed; older ones are purged.
  absl::Duration preview_retention = absl::Hours(24);
  // The business time zone: a plan's date and its minutes are of it.
  absl::TimeZone business_zone = absl::FixedTimeZone(8 * 3600);
};

// OK, or INVALID_ARGUMENT naming each setting out of range.
absl::Status CheckDayPlanPolicy(const DayPlanPolicy& policy);

// What a dispatcher asks for.
struct DayPlanRequest {
  // A GB/T 2260 code: the region's districts (RegionCovers).
  std::string region_code;
  absl::CivilDay date;
  // Order numbers of assigned or booked jobs that keep their technician
  // and their slot.
  std::vector<std::string> pinned_jobs;
  // The most the search may take for this caller (the rest of their
  // deadline goes to reading and storing); the policy's limit when longer.
  absl::Duration search_limit = absl::InfiniteDuration();
};

// Whether the technician works in the region: one of their area's region
// codes lies in it or holds it. (A technician whose area is only a polygon
// or a radius belongs to no region.)
bool WorksInRegion(const Technician& t, const std::string& region_code);

// The steps a plan changes: a queued job, or one with a technician before
// the visit.
bool IsPlannable(JobStep step);

// The jobs a day plan considers, of those read: queued ones in the region
// whose window overlaps the day or who have none, and the ones holding
// time (assigned, booked, en route, on site) on the day with one of
// `technicians`. The others read are dropped.
std::vector<DispatchJob> ConsideredJobs(const std::vector<DispatchJob>& read,
                                        const std::string& region_code, const Interval& day,
                                        const std::vector<Technician>& technicians);

// What a plan is made from: the region's technicians and the considered
// jobs, each as read.
struct DayPlanInputs {
  std::vector<Technician> technicians;
  std::vector<DispatchJob> jobs;
};

// A hash over everything the plan depends on: the region and date, each
// technician's id and version, each considered job's order number, version
// and step. Any change to one of them (or one more or less) changes it.
uint64_t DayPlanFingerprint(const std::string& region_code, absl::CivilDay date,
                            const DayPlanInputs& inputs);

// One visit of a planned route.
struct PlannedJobVisit {
  std::string order_number;
  absl::Time arrival;
  absl::Time start;  // max(arrival, the window's start)
  absl::Time end;    // start + the job's service time
  // The leg into it, from the home base or the visit before.
  double travel_km = 0;
  absl::Duration travel;
  absl::Duration waiting;  // start - arrival
  // How far the start lies past the window's end (zero when inside).
  absl::Duration lateness;
  // The window the start was planned in: the appointment, the preferred
  // window or the pinned slot (none: the shift).
  std::optional<Interval> window;
  bool pinned = false;
  // Who had the job before (empty: it was queued).
  std::string technician_before;
};

struct TechnicianRoute {
  std::string technician_id;
  absl::Time departure;                 // from home (or a job under way)
  absl::Time return_time;               // back there
  std::vector<PlannedJobVisit> visits;  // by start
  double km = 0;                        // every leg, home and back included
  absl::Duration travel;
  absl::Duration waiting;
  absl::Duration lateness;
};

// A job the plan leaves out.
struct UnplannedJob {
  std::string order_number;
  // For a dispatcher: why nobody could take it, and what commit does.
  std::string reason;
  // Committing puts it back in the queue (it was with a technician and is
  // not pinned); otherwise it stays as it is.
  bool requeue = false;
  std::string technician_before;
};

struct DayPlan {
  std::string id;  // `dayPlans/{id}`
  std::string region_code;
  absl::CivilDay date;
  std::vector<std::string> pinned_jobs;
  uint64_t fingerprint = 0;
  std::vector<TechnicianRoute> routes;   // by technician id; only those with visits
  std::vector<UnplannedJob> unassigned;  // by order number
  double total_km = 0;
  absl::Duration total_lateness;
  // Under way (en route, on site): not planned, they keep their time.
  std::vector<std::string> under_way;
  absl::Time create_time;
  absl::Time expire_time;

  // The preview's etag (AIP-154): the fingerprint, in hex.
  std::string etag() const;
};

// The routing problem of a day, and how to read its answer back.
struct DayProblem {
  routing::RoutingProblem problem;
  // Per routing vehicle: the technician (an index into inputs.technicians).
  std::vector<int> vehicle_technician;
  // Per routing job: the job (an index into inputs.jobs).
  std::vector<int> job_index;
  // Per routing job: its window as planned (none: the shift's).
  std::vector<std::optional<Interval>> windows;
  // Jobs not given to the solver at all, with why.
  std::vector<UnplannedJob> left_out;
  std::vector<std::string> under_way;
  absl::Time day_start;  // minute 0 of the problem
};

// The day's problem. INVALID_ARGUMENT naming `pinned_jobs[i]` for a pin
// that is not one of the considered assigned or booked jobs. `now`: no
// visit is planned before it (and a date before today is refused).
absl::StatusOr<DayProblem> BuildDayProblem(const DayPlanRequest& request,
                                           const DayPlanInputs& inputs,
                                           const TravelEstimator& travel, absl::TimeZone zone,
                                           absl::Time now);

// The plan in the dispatcher's terms: per technician the visits in order,
// times, kilometres, travel, waiting and lateness recomputed from the
// routes; the jobs left out with reasons.
DayPlan ReadDayPlan(const DayProblem& day, const DayPlanInputs& inputs,
                    const routing::RoutingPlan& plan, absl::TimeZone zone);

// BuildDayProblem, the solver with the policy's options, ReadDayPlan: the
// plan of the inputs, without its id, fingerprint and times (the caller's).
absl::StatusOr<DayPlan> SolveDay(const DayPlanRequest& request, const DayPlanInputs& inputs,
                                 const TravelEstimator& travel, const DayPlanPolicy& policy,
                                 absl::Time now);

// The jobs committing `plan` changes, given the inputs as they are now (the
// caller checked their fingerprint): each planned job assigned, moved or
// re-timed, each `requeue` job back in the queue. Unchanged jobs are left
// out.
absl::StatusOr<std::vector<DispatchJob>> PlanChanges(const DayPlan& plan,
                                                     const DayPlanInputs& inputs, absl::Time now);

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_DAY_PLAN_H_
