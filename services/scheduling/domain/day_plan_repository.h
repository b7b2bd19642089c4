// The storage port of the day planner: the inputs of a region's day, the
// previews kept for a commit, and the commit itself in one transaction.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_DAY_PLAN_REPOSITORY_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_DAY_PLAN_REPOSITORY_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/scheduling/domain/day_plan.h"

namespace fieldservice::scheduling {

// Which day of which region: what the repository reads for a plan.
struct DayPlanScope {
  std::string region_code;
  absl::CivilDay date;
  Interval day;  // the business day as instants
  // Picks the region's technicians from all of them (WorksInRegion).
  std::function<bool(const Technician&)> in_region;
};

class DayPlanRepository {
 public:
  virtual ~DayPlanRepository() = default;

  // The region's technicians (in id order) and the jobs ConsideredJobs
  // keeps: queued in the region, or holding time on the day with one of
  // those technicians.
  virtual absl::StatusOr<DayPlanInputs> ReadDayInputs(const DayPlanScope& scope) = 0;

  // Keeps the preview, and deletes previews that expired before `purge_before`.
  virtual absl::Status StoreDayPlan(const DayPlan& plan, absl::Time purge_before) = 0;
  // The preview (nullopt: none, or purged).
  virtual absl::StatusOr<std::optional<DayPlan>> GetDayPlan(const std::string& id) = 0;

  // In one transaction: locks the region's technicians (in id order, as
  // every job change does) and then the considered jobs, reads the inputs
  // as ReadDayInputs does, asks `decide` for the jobs to store (an error
  // rolls everything back and is returned) and stores each with its
  // version bumped, its technicians' feed entries and the orders service's
  // message, as a single job's change does. Returns the jobs as stored.
  using DecideFn =
      std::function<absl::StatusOr<std::vector<DispatchJob>>(const DayPlanInputs& inputs)>;
  virtual absl::StatusOr<std::vector<DispatchJob>> CommitDay(const DayPlanScope& scope,
                                                             absl::Time now,
                                                             const DecideFn& decide) = 0;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_DAY_PLAN_REPOSITORY_H_
