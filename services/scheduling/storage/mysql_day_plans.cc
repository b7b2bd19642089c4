// MySqlDispatchRepository's day planner port (domain/day_plan_repository.h):
// a region's day read (and, to commit, locked), and the previews kept.
#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "services/common/sql.h"
#include "services/scheduling/api/day_plan_mapping.h"
#include "services/scheduling/domain/service_area.h"
#include "services/scheduling/storage/job_rows.h"
#include "services/scheduling/storage/mysql_dispatch_repository.h"
#include "services/scheduling/storage/mysql_technician_repository.h"

namespace fieldservice::scheduling {
namespace {

using common::Statement;
using job_rows::kStepsHoldingTime;
using job_rows::Placeholders;

// Most expired previews one PlanDay deletes.
constexpr int kPurgeBatch = 100;

// The region's technicians, in id order. With `lock`: the region is picked
// from a plain read of everyone, then its rows are read again locked, in id
// order as every job change locks days, so their versions are the ones
// that hold until commit.
std::vector<Technician> RegionTechnicians(sql::Connection& c, const DayPlanScope& scope,
                                          bool lock) {
  std::vector<Technician> in_region;
  {
    auto rs = Statement(c, absl::StrCat(technician_rows::kSelect, " ORDER BY id").c_str()).Query();
    while (rs->next()) {
      Technician t = technician_rows::ReadTechnician(*rs);
      if (scope.in_region(t)) in_region.push_back(std::move(t));
    }
  }
  if (!lock || in_region.empty()) return in_region;
  Statement locked(c, absl::StrCat(technician_rows::kSelect, " WHERE id IN ",
                                   Placeholders(in_region.size()), " ORDER BY id FOR UPDATE"));
  for (const Technician& t : in_region) locked.Bind(t.id);
  auto rs = locked.Query();
  std::vector<Technician> out;
  while (rs->next()) {
    Technician t = technician_rows::ReadTechnician(*rs);
    if (scope.in_region(t)) out.push_back(std::move(t));
  }
  return out;
}

// The queued jobs of the region and the jobs holding time on the day with
// its technicians, as ConsideredJobs keeps them. With `lock` (after the
// technicians: the same order as a job change), the jobs with those
// technicians are read locked by technician, and the region's queued jobs
// are picked by a plain read and then read again locked by order number:
// a locking read of the queue itself would lock every queued row of every
// region (and the gaps between them) until commit. A job queued in the
// region meanwhile is simply not in the plan; one that changed meanwhile
// reads with its new version, so the fingerprint tells.
DayPlanInputs ReadInputs(sql::Connection& c, const DayPlanScope& scope, bool lock) {
  DayPlanInputs inputs;
  inputs.technicians = RegionTechnicians(c, scope, lock);
  std::vector<DispatchJob> read;
  {
    auto rs = Statement(c, absl::StrCat(job_rows::SelectJobs(),
                                        " WHERE queued AND region_code LIKE ? ORDER BY id"))
                  .Bind(std::string(RegionCoverPrefix(scope.region_code)) + "%")
                  .Query();
    while (rs->next()) read.push_back(job_rows::ReadJob(*rs));
  }
  if (lock && !read.empty()) {
    std::vector<std::string> orders;
    for (const DispatchJob& j : read) orders.push_back(j.job.order_number);
    std::sort(orders.begin(), orders.end());
    read.clear();
    Statement st(c, absl::StrCat(job_rows::SelectJobs(), " WHERE order_number IN ",
                                 Placeholders(orders.size()), " ORDER BY order_number FOR UPDATE"));
    for (const std::string& order : orders) st.Bind(order);
    auto rs = st.Query();
    while (rs->next()) read.push_back(job_rows::ReadJob(*rs));
  }
  if (!inputs.technicians.empty()) {
    Statement st(c, absl::StrCat(job_rows::SelectJobs(), " WHERE technician_id IN ",
                                 Placeholders(inputs.technicians.size()),
                                 " AND visit_start < ? AND visit_end > ? AND step IN ",
                                 kStepsHoldingTime, " ORDER BY id", lock ? " FOR UPDATE" : ""));
    for (const Technician& t : inputs.technicians) st.Bind(t.id);
    auto rs = st.Bind(scope.day.end).Bind(scope.day.start).Query();
    while (rs->next()) read.push_back(job_rows::ReadJob(*rs));
  }
  inputs.jobs = ConsideredJobs(read, scope.region_code, scope.day, inputs.technicians);
  return inputs;
}

}  // namespace

absl::StatusOr<DayPlanInputs> MySqlDispatchRepository::ReadDayInputs(const DayPlanScope& scope) {
  DayPlanInputs inputs;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    inputs = ReadInputs(c, scope, /*lock=*/false);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return inputs;
}

absl::Status MySqlDispatchRepository::StoreDayPlan(const DayPlan& plan, absl::Time purge_before) {
  return common::RunAutocommit(pool_, retry_, [&](sql::Connection& c) {
    Statement(c, "DELETE FROM day_plans WHERE expire_at < ? LIMIT ?")
        .Bind(purge_before)
        .Bind(kPurgeBatch)
        .Execute();
    Statement(c,
              "INSERT INTO day_plans (id, region_code, plan_date, fingerprint, plan, created_at,"
              " expire_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .Bind(plan.id)
        .Bind(plan.region_code)
        .Bind(absl::FormatCivilTime(plan.date))
        .Bind(plan.etag())
        .Bind(api::DayPlanJson(plan))
        .Bind(plan.create_time)
        .Bind(plan.expire_time)
        .Execute();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<DayPlan>> MySqlDispatchRepository::GetDayPlan(const std::string& id) {
  std::optional<DayPlan> found;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    found.reset();
    auto rs = Statement(c, "SELECT plan FROM day_plans WHERE id = ?").Bind(id).Query();
    if (!rs->next()) return absl::OkStatus();
    auto plan = api::ReadDayPlanJson(common::GetString(*rs, "plan"));
    if (!plan.ok()) throw common::UnreadableValue("day_plans.plan");
    found = *std::move(plan);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return found;
}

absl::StatusOr<std::vector<DispatchJob>> MySqlDispatchRepository::CommitDay(
    const DayPlanScope& scope, absl::Time now, const DecideFn& decide) {
  std::vector<DispatchJob> stored;
  bool fed = false;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    stored.clear();
    fed = false;
    const DayPlanInputs inputs = ReadInputs(c, scope, /*lock=*/true);
    absl::StatusOr<std::vector<DispatchJob>> changed = decide(inputs);
    if (!changed.ok()) return changed.status();
    std::map<std::string, const DispatchJob*> before;
    for (const DispatchJob& j : inputs.jobs) before[j.job.order_number] = &j;
    for (DispatchJob& job : *changed) {
      auto it = before.find(job.job.order_number);
      if (it == before.end()) {
        return absl::InternalError(
            absl::StrCat("the day plan changes ", job.job.order_number, ", which it did not read"));
      }
      job.version = it->second->version + 1;
      fed |= Store(c, *it->second, job, JobMutation{.order_number = job.job.order_number}, now);
      stored.push_back(std::move(job));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (fed && on_feed_) on_feed_();
  return stored;
}

}  // namespace fieldservice::scheduling
