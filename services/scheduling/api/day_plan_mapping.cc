#include "services/scheduling/api/day_plan_mapping.h"

#include <google/protobuf/util/json_util.h>

#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/proto_time.h"
#include "services/scheduling/api/job_mapping.h"

namespace fieldservice::scheduling::api {
namespace {

int32_t WholeMinutes(absl::Duration d) {
  return static_cast<int32_t>(std::llround(absl::FDivDuration(d, absl::Minutes(1))));
}

std::string JobNameOf(const std::string& order) { return absl::StrCat(kJobPrefix, order); }

std::string TechnicianNameOf(const std::string& id) {
  return id.empty() ? "" : absl::StrCat(kTechnicianPrefix, id);
}

std::string Strip(const std::string& name, const char* prefix) {
  return std::string(absl::StripPrefix(name, prefix));
}

}  // namespace

void DayPlanToProto(const DayPlan& plan, v1::DayPlan* out) {
  out->set_name(absl::StrCat(kDayPlanPrefix, plan.id));
  out->set_etag(plan.etag());
  out->set_region_code(plan.region_code);
  common::SetDate(plan.date, out->mutable_date());
  for (const std::string& order : plan.pinned_jobs) out->add_pinned_jobs(JobNameOf(order));
  for (const TechnicianRoute& r : plan.routes) {
    v1::TechnicianRoute* route = out->add_routes();
    route->set_technician(TechnicianNameOf(r.technician_id));
    common::SetTimestamp(r.departure, route->mutable_departure_time());
    common::SetTimestamp(r.return_time, route->mutable_return_time());
    route->set_km(r.km);
    route->set_travel_minutes(WholeMinutes(r.travel));
    route->set_waiting_minutes(WholeMinutes(r.waiting));
    route->set_lateness_minutes(WholeMinutes(r.lateness));
    for (const PlannedJobVisit& v : r.visits) {
      v1::PlannedVisit* visit = route->add_visits();
      visit->set_job(JobNameOf(v.order_number));
      common::SetTimestamp(v.arrival, visit->mutable_arrival_time());
      common::SetTimestamp(v.start, visit->mutable_start_time());
      common::SetTimestamp(v.end, visit->mutable_end_time());
      visit->set_travel_km(v.travel_km);
      visit->set_travel_minutes(WholeMinutes(v.travel));
      visit->set_waiting_minutes(WholeMinutes(v.waiting));
      visit->set_lateness_minutes(WholeMinutes(v.lateness));
      if (v.window.has_value()) WindowToProto(*v.window, visit->mutable_window());
      visit->set_pinned(v.pinned);
      visit->set_technician_before(TechnicianNameOf(v.technician_before));
    }
  }
  for (const UnplannedJob& u : plan.unassigned) {
    v1::UnplannedJob* job = out->add_unassigned();
    job->set_job(JobNameOf(u.order_number));
    job->set_reason(u.reason);
    job->set_requeue(u.requeue);
    job->set_technician_before(TechnicianNameOf(u.technician_before));
  }
  for (const std::string& order : plan.under_way) out->add_under_way(JobNameOf(order));
  out->set_total_km(plan.total_km);
  out->set_total_lateness_minutes(WholeMinutes(plan.total_lateness));
  common::SetTimestamp(plan.create_time, out->mutable_create_time());
  common::SetTimestamp(plan.expire_time, out->mutable_expire_time());
}

std::string DayPlanJson(const DayPlan& plan) {
  v1::DayPlan proto;
  DayPlanToProto(plan, &proto);
  std::string json;
  // Serialising a message this process built cannot fail.
  (void)google::protobuf::util::MessageToJsonString(proto, &json);
  return json;
}

absl::StatusOr<DayPlan> ReadDayPlanJson(const std::string& json) {
  v1::DayPlan proto;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // written by a newer build: keep what this one knows
  if (!google::protobuf::util::JsonStringToMessage(json, &proto, options).ok()) {
    return absl::DataLossError("a stored day plan is not readable JSON");
  }
  std::vector<common::FieldViolation> bad;
  DayPlan plan;
  plan.id = Strip(proto.name(), kDayPlanPrefix);
  uint64_t fingerprint = 0;
  if (!absl::SimpleHexAtoi(proto.etag(), &fingerprint)) bad.push_back({"etag", "not hex"});
  plan.fingerprint = fingerprint;
  plan.region_code = proto.region_code();
  plan.date = common::ToDay(proto.date(), true, "date", bad).value_or(absl::CivilDay());
  for (const std::string& name : proto.pinned_jobs()) {
    plan.pinned_jobs.push_back(Strip(name, kJobPrefix));
  }
  auto time = [&](const google::protobuf::Timestamp& t, const char* field) {
    return common::ToTime(t, true, field, bad).value_or(absl::InfinitePast());
  };
  for (const v1::TechnicianRoute& r : proto.routes()) {
    TechnicianRoute route;
    route.technician_id = Strip(r.technician(), kTechnicianPrefix);
    route.departure = time(r.departure_time(), "departure_time");
    route.return_time = time(r.return_time(), "return_time");
    route.km = r.km();
    route.travel = absl::Minutes(r.travel_minutes());
    route.waiting = absl::Minutes(r.waiting_minutes());
    route.lateness = absl::Minutes(r.lateness_minutes());
    for (const v1::PlannedVisit& v : r.visits()) {
      PlannedJobVisit visit;
      visit.order_number = Strip(v.job(), kJobPrefix);
      visit.arrival = time(v.arrival_time(), "arrival_time");
      visit.start = time(v.start_time(), "start_time");
      visit.end = time(v.end_time(), "end_time");
      visit.travel_km = v.travel_km();
      visit.travel = absl::Minutes(v.travel_minutes());
      visit.waiting = absl::Minutes(v.waiting_minutes());
      visit.lateness = absl::Minutes(v.lateness_minutes());
      if (v.has_window()) visit.window = WindowFromProto(v.window(), "window", bad);
      visit.pinned = v.pinned();
      visit.technician_before = Strip(v.technician_before(), kTechnicianPrefix);
      route.visits.push_back(std::move(visit));
    }
    plan.routes.push_back(std::move(route));
  }
  for (const v1::UnplannedJob& u : proto.unassigned()) {
    plan.unassigned.push_back(
        {.order_number = Strip(u.job(), kJobPrefix),
         .reason = u.reason(),
         .requeue = u.requeue(),
         .technician_before = Strip(u.technician_before(), kTechnicianPrefix)});
  }
  for (const std::string& name : proto.under_way())
    plan.under_way.push_back(Strip(name, kJobPrefix));
  plan.total_km = proto.total_km();
  plan.total_lateness = absl::Minutes(proto.total_lateness_minutes());
  plan.create_time = time(proto.create_time(), "create_time");
  plan.expire_time = time(proto.expire_time(), "expire_time");
  if (!bad.empty()) {
    return absl::DataLossError(absl::StrCat("a stored day plan holds ", bad.front().field,
                                            " that this build cannot read"));
  }
  return plan;
}

}  // namespace fieldservice::scheduling::api
