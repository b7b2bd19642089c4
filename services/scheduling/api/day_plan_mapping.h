// The day plan between the domain and the API's DayPlan, both ways. Storage
// keeps a preview as the JSON of the same message, so what CommitPlan
// applies is exactly what PlanDay showed.
#ifndef FIELDSERVICE_SCHEDULING_API_DAY_PLAN_MAPPING_H_
#define FIELDSERVICE_SCHEDULING_API_DAY_PLAN_MAPPING_H_

#include <string>

#include "absl/status/statusor.h"
#include "fieldservice/scheduling/v1/dispatch.pb.h"
#include "services/scheduling/domain/day_plan.h"

namespace fieldservice::scheduling::api {

namespace v1 = ::fieldservice::scheduling::v1;

inline constexpr char kDayPlanPrefix[] = "dayPlans/";

void DayPlanToProto(const DayPlan& plan, v1::DayPlan* out);

// The stored form, and back (DATA_LOSS when it does not read).
std::string DayPlanJson(const DayPlan& plan);
absl::StatusOr<DayPlan> ReadDayPlanJson(const std::string& json);

}  // namespace fieldservice::scheduling::api

#endif  // FIELDSERVICE_SCHEDULING_API_DAY_PLAN_MAPPING_H_
