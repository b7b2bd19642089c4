// The day planner's use cases (issue 10): PlanDay builds a region's day,
// solves it and keeps the preview; CommitPlan applies a preview if nothing
// it depends on changed since.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_DAY_PLAN_SERVICE_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_DAY_PLAN_SERVICE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/scheduling/domain/day_plan.h"
#include "services/scheduling/domain/day_plan_repository.h"
#include "services/scheduling/domain/travel.h"

namespace fieldservice::scheduling {

class DayPlanService {
 public:
  DayPlanService(DayPlanRepository& repository, const TravelEstimator& travel, DayPlanPolicy policy)
      : repository_(repository), travel_(travel), policy_(std::move(policy)) {}

  // The preview of the region's day (stored, `dayPlans/{id}` with its etag).
  // INVALID_ARGUMENT naming region_code, date or pinned_jobs[i].
  absl::StatusOr<DayPlan> PlanDay(const DayPlanRequest& request, absl::Time now);

  // Applies the preview in one transaction. NOT_FOUND for an unknown or
  // purged preview; ABORTED when `etag` is not the preview's, or when a
  // technician or job it depends on changed since (the plan went stale:
  // plan again). Committing the same preview twice: the first commit
  // changed the jobs, so the second is ABORTED as stale (a preview that
  // changed nothing commits again as a no-op). Returns the jobs changed.
  absl::StatusOr<std::vector<DispatchJob>> CommitPlan(const std::string& id,
                                                      const std::string& etag, absl::Time now);

  const DayPlanPolicy& policy() const { return policy_; }

 private:
  DayPlanScope ScopeOf(const std::string& region_code, absl::CivilDay date) const;

  DayPlanRepository& repository_;
  const TravelEstimator& travel_;
  const DayPlanPolicy policy_;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_DAY_PLAN_SERVICE_H_
