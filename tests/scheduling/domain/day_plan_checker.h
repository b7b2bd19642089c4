// An independent check of a day plan, for the tests: it knows nothing of
// the routing problem or the solver's numbers. From the technicians and
// jobs as read and the travel estimate it recomputes each technician's
// working time and each visit's earliest arrival, and lists every rule the
// plan breaks (empty: none).
#ifndef FIELDSERVICE_TESTS_SCHEDULING_DOMAIN_DAY_PLAN_CHECKER_H_
#define FIELDSERVICE_TESTS_SCHEDULING_DOMAIN_DAY_PLAN_CHECKER_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/scheduling/domain/day_plan.h"
#include "services/scheduling/domain/travel.h"

namespace fieldservice::scheduling::testing_samples {

// Checks: each job at most once, every plannable one placed or left out
// with a reason, jobs under way in neither; skills, brand, level and
// district of each visit's technician (a pinned job: its own technician);
// each visit inside one stretch of working time (shifts less absences, jobs
// under way, and the time before `now`), reachable from the place before
// (home at a stretch's start) and leaving time to get home by the end of the
// day (or to the job under way that follows; before a break they stay); the
// start inside the appointment, preferred window or pinned slot; most jobs
// per day; the day's loads within the van's capacity; lateness as reported.
std::vector<std::string> CheckDayPlan(const DayPlan& plan, const DayPlanRequest& request,
                                      const DayPlanInputs& inputs, const TravelEstimator& travel,
                                      absl::TimeZone zone, absl::Time now);

}  // namespace fieldservice::scheduling::testing_samples

#endif  // FIELDSERVICE_TESTS_SCHEDULING_DOMAIN_DAY_PLAN_CHECKER_H_
