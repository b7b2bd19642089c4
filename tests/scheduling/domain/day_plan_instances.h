// Generated days for the day planner's tests: a Guangzhou region's
// technicians (skills, brands, levels, districts, split shifts, absences,
// most jobs a day, small vans) and jobs (queued with or without preferred
// windows, booked and assigned ones, some under way, some with a load for
// the van), and which of them are pinned.
// The same seed gives the same day every run.
#ifndef FIELDSERVICE_TESTS_SCHEDULING_DOMAIN_DAY_PLAN_INSTANCES_H_
#define FIELDSERVICE_TESTS_SCHEDULING_DOMAIN_DAY_PLAN_INSTANCES_H_

#include <cstdint>

#include "absl/time/time.h"
#include "services/scheduling/domain/day_plan.h"

namespace fieldservice::scheduling::generated {

struct GeneratedDay {
  DayPlanRequest request;  // region 440100 on a Monday, pins set
  DayPlanInputs inputs;    // as ConsideredJobs keeps them
  absl::Time now;          // the evening before
};

// `technicians` of the region and `jobs` in it (a few are not considered).
GeneratedDay Day(int technicians, int jobs, uint32_t seed);

}  // namespace fieldservice::scheduling::generated

#endif  // FIELDSERVICE_TESTS_SCHEDULING_DOMAIN_DAY_PLAN_INSTANCES_H_
