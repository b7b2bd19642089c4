// The day plan's scope (who and what it considers), its fingerprint, and the
// changes a commit makes. The routing problem itself: day_plan_problem.cc.
#include "services/scheduling/domain/day_plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/errors.h"
#include "services/common/hashing.h"
#include "services/scheduling/domain/intervals.h"
#include "services/scheduling/domain/job_transitions.h"
#include "services/scheduling/domain/service_area.h"

namespace fieldservice::scheduling {
namespace {

bool HoldsTime(JobStep step) {
  return step == JobStep::kAssigned || step == JobStep::kBooked || step == JobStep::kEnRoute ||
         step == JobStep::kOnSite;
}

}  // namespace

absl::Status CheckDayPlanPolicy(const DayPlanPolicy& p) {
  common::Violations v;
  if (p.solver_time_limit <= absl::ZeroDuration() || p.solver_time_limit > absl::Minutes(10)) {
    v.Add("plan_time_limit", "more than 0 and at most 10m");
  }
  if (p.solver_iterations == 0) v.Add("plan_iterations", "positive, or negative for no budget");
  if (p.solver_threads < 1 || p.solver_threads > 64) v.Add("plan_threads", "from 1 to 64");
  if (p.preview_retention < absl::Minutes(1)) v.Add("plan_preview_retention", "at least 1m");
  return v.ToStatus();
}

bool WorksInRegion(const Technician& t, const std::string& region_code) {
  return std::any_of(t.area.region_codes.begin(), t.area.region_codes.end(),
                     [&](const std::string& code) {
                       return RegionCovers(region_code, code) || RegionCovers(code, region_code);
                     });
}

bool IsPlannable(JobStep step) { return step == JobStep::kQueued || IsMovable(step); }

std::vector<DispatchJob> ConsideredJobs(const std::vector<DispatchJob>& read,
                                        const std::string& region_code, const Interval& day,
                                        const std::vector<Technician>& technicians) {
  std::set<std::string> ids;
  for (const Technician& t : technicians) ids.insert(t.id);
  std::vector<DispatchJob> out;
  for (const DispatchJob& job : read) {
    const bool queued_here = job.queued() && RegionCovers(region_code, job.job.region_code) &&
                             (!job.job.window.has_value() || Overlaps(*job.job.window, day));
    const bool on_the_day = HoldsTime(job.step) && ids.contains(job.technician_id) &&
                            job.visit.has_value() && Overlaps(*job.visit, day);
    if (queued_here || on_the_day) out.push_back(job);
  }
  std::sort(out.begin(), out.end(), [](const DispatchJob& a, const DispatchJob& b) {
    return a.job.order_number < b.job.order_number;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const DispatchJob& a, const DispatchJob& b) {
                          return a.job.order_number == b.job.order_number;
                        }),
            out.end());
  return out;
}

uint64_t DayPlanFingerprint(const std::string& region_code, absl::CivilDay date,
                            const DayPlanInputs& inputs) {
  std::vector<std::string> parts;
  for (const Technician& t : inputs.technicians) {
    parts.push_back(absl::StrCat("t\x1f", t.id, "\x1f", t.version));
  }
  for (const DispatchJob& j : inputs.jobs) {
    parts.push_back(
        absl::StrCat("j\x1f", j.job.order_number, "\x1f", j.version, "\x1f", JobStepName(j.step)));
  }
  std::sort(parts.begin(), parts.end());
  std::string text = absl::StrCat(region_code, "\x1e", absl::FormatCivilTime(date));
  for (const std::string& p : parts) absl::StrAppend(&text, "\x1e", p);
  return common::Fnv1a64(text);
}

std::string DayPlan::etag() const { return absl::StrFormat("%016x", fingerprint); }

absl::StatusOr<std::vector<DispatchJob>> PlanChanges(const DayPlan& plan,
                                                     const DayPlanInputs& inputs, absl::Time now) {
  std::map<std::string, const DispatchJob*> by_order;
  for (const DispatchJob& j : inputs.jobs) by_order[j.job.order_number] = &j;
  auto find = [&](const std::string& order) -> absl::StatusOr<DispatchJob> {
    auto it = by_order.find(order);
    if (it == by_order.end()) {
      return absl::InternalError(
          absl::StrCat("dayPlans/", plan.id, " plans ", JobName(order), ", which it did not read"));
    }
    return *it->second;
  };
  const std::string why = absl::StrCat("planned by dayPlans/", plan.id);
  std::vector<DispatchJob> changed;
  for (const TechnicianRoute& route : plan.routes) {
    for (const PlannedJobVisit& v : route.visits) {
      auto job = find(v.order_number);
      if (!job.ok()) return job.status();
      const Assignment a{.technician_id = route.technician_id, .visit = {v.start, v.end}};
      absl::StatusOr<DispatchJob> after = *job;
      if (job->queued()) {
        after = AssignJob(*job, a, now);
        if (after.ok()) after->step_reason = why;
      } else if (job->technician_id != route.technician_id) {
        after = ReassignJob(*job, a, why, now);
      } else if (job->visit != a.visit) {
        after->visit = a.visit;
      } else {
        continue;  // as planned already
      }
      if (!after.ok()) return after.status();
      changed.push_back(*std::move(after));
    }
  }
  for (const UnplannedJob& u : plan.unassigned) {
    if (!u.requeue) continue;
    auto job = find(u.order_number);
    if (!job.ok()) return job.status();
    auto after =
        UnassignJob(*job, absl::StrCat(why, ", which had no room for it: ", u.reason), now);
    if (!after.ok()) return after.status();
    changed.push_back(*std::move(after));
  }
  return changed;
}

}  // namespace fieldservice::scheduling
