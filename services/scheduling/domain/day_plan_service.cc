#include "services/scheduling/domain/day_plan_service.h"

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/ids.h"
#include "services/scheduling/domain/technician_validation.h"

namespace fieldservice::scheduling {
namespace {

std::string PlanName(const std::string& id) { return absl::StrCat("dayPlans/", id); }

}  // namespace

DayPlanScope DayPlanService::ScopeOf(const std::string& region_code, absl::CivilDay date) const {
  const absl::TimeZone zone = policy_.business_zone;
  return DayPlanScope{
      .region_code = region_code,
      .date = date,
      .day = {absl::FromCivil(date, zone), absl::FromCivil(date + 1, zone)},
      .in_region = [region_code](const Technician& t) { return WorksInRegion(t, region_code); }};
}

absl::StatusOr<DayPlan> DayPlanService::PlanDay(const DayPlanRequest& request, absl::Time now) {
  if (!IsRegionCode(request.region_code)) {
    common::Violations v;
    v.Add("region_code", "required: a GB/T 2260 code, six digits");
    return v.ToStatus();
  }
  auto inputs = repository_.ReadDayInputs(ScopeOf(request.region_code, request.date));
  if (!inputs.ok()) return inputs.status();
  auto solved = SolveDay(request, *inputs, travel_, policy_, now);
  if (!solved.ok()) return solved.status();
  DayPlan plan = *std::move(solved);
  plan.id = common::NewUuid();
  plan.region_code = request.region_code;
  plan.date = request.date;
  plan.pinned_jobs = request.pinned_jobs;
  plan.fingerprint = DayPlanFingerprint(request.region_code, request.date, *inputs);
  plan.create_time = now;
  plan.expire_time = now + policy_.preview_retention;
  if (absl::Status s = repository_.StoreDayPlan(plan, now); !s.ok()) return s;
  return plan;
}

absl::StatusOr<std::vector<DispatchJob>> DayPlanService::CommitPlan(const std::string& id,
                                                                    const std::string& etag,
                                                                    absl::Time now) {
  auto stored = repository_.GetDayPlan(id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value() || (*stored)->expire_time <= now) {
    return absl::NotFoundError(absl::StrCat(PlanName(id), " does not exist (a preview is kept for ",
                                            absl::FormatDuration(policy_.preview_retention),
                                            "): plan the day again"));
  }
  const DayPlan& plan = **stored;
  if (etag != plan.etag()) {
    return absl::AbortedError(
        absl::StrCat("etag ", etag, " is not ", PlanName(id), "'s (", plan.etag(), ")"));
  }
  return repository_.CommitDay(
      ScopeOf(plan.region_code, plan.date), now,
      [&](const DayPlanInputs& inputs) -> absl::StatusOr<std::vector<DispatchJob>> {
        if (DayPlanFingerprint(plan.region_code, plan.date, inputs) != plan.fingerprint) {
          return absl::AbortedError(absl::StrCat(
              PlanName(id),
              " went stale: a technician or job of its day changed since it was planned "
              "(or the plan was committed already); plan the day again"));
        }
        return PlanChanges(plan, inputs, now);
      });
}

}  // namespace fieldservice::scheduling
