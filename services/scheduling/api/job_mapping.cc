#include "services/scheduling/api/job_mapping.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
#include "services/scheduling/api/technician_app_mapping.h"

namespace fieldservice::scheduling::api {
namespace {

void PointToProto(const GeoPoint& p, fieldservice::type::GeoPoint* out) {
  out->set_latitude(p.latitude);
  out->set_longitude(p.longitude);
}

v1::JobStep StepToProto(JobStep step) {
  v1::JobStep out = v1::JOB_STEP_UNSPECIFIED;
  // The proto's names are the domain's stable names.
  v1::JobStep_Parse(JobStepName(step), &out);
  return out;
}

}  // namespace

std::string IdFromName(const std::string& name, const char* prefix, const std::string& field,
                       std::vector<common::FieldViolation>& bad, bool required) {
  if (!required && name.empty()) return "";
  const size_t n = std::string_view(prefix).size();
  if (absl::StartsWith(name, prefix) && name.size() > n && name.size() <= n + 64) {
    return name.substr(n);
  }
  bad.push_back({field, absl::StrCat("must be ", prefix, "{id}")});
  return "";
}

std::string JobOrderNumber(const std::string& name, const std::string& field,
                           std::vector<common::FieldViolation>& bad) {
  return IdFromName(name, kJobPrefix, field, bad);
}

std::optional<Interval> WindowFromProto(const fieldservice::type::TimeWindow& w,
                                        const std::string& field,
                                        std::vector<common::FieldViolation>& bad) {
  auto start = common::ToTime(w.start_time(), true, field + ".start_time", bad);
  auto end = common::ToTime(w.end_time(), true, field + ".end_time", bad);
  if (!start.has_value() || !end.has_value()) return std::nullopt;
  if (*start >= *end) {
    bad.push_back({field, "start_time before end_time"});
    return std::nullopt;
  }
  return Interval{*start, *end};
}

void WindowToProto(const Interval& window, fieldservice::type::TimeWindow* out) {
  common::SetTimestamp(window.start, out->mutable_start_time());
  common::SetTimestamp(window.end, out->mutable_end_time());
}

void DispatchJobToProto(const DispatchJob& d, absl::Time now, v1::DispatchJob* out) {
  const Job& j = d.job;
  out->set_name(absl::StrCat(kJobPrefix, j.order_number));
  out->set_order(absl::StrCat(kOrderPrefix, j.order_number));
  out->set_queued(d.queued());
  out->set_region_code(j.region_code);
  if (d.has_location) PointToProto(j.location, out->mutable_location());
  out->set_category(j.category);
  out->set_brand(j.brand);
  out->set_min_level(j.min_level);
  if (j.window.has_value()) WindowToProto(*j.window, out->mutable_preferred_window());
  common::SetTimestamp(j.deadline, out->mutable_deadline());
  out->set_priority(j.priority);
  out->set_complaint(j.complaint);
  out->set_service_minutes(static_cast<int32_t>(absl::ToInt64Minutes(j.service_time)));
  out->set_load(j.load);
  common::SetTimestamp(d.queue_time, out->mutable_queue_time());
  out->set_age_seconds(d.queued() ? std::max<int64_t>(0, absl::ToInt64Seconds(now - d.queue_time))
                                  : 0);
  out->set_order_version(d.order_version);
  out->set_step(StepToProto(d.step));
  if (!d.technician_id.empty()) {
    out->set_technician(absl::StrCat(kTechnicianPrefix, d.technician_id));
  }
  out->set_accepted(d.accepted);
  if (d.visit.has_value()) WindowToProto(*d.visit, out->mutable_visit());
  if (d.appointment.has_value()) WindowToProto(*d.appointment, out->mutable_appointment());
  out->set_version(d.version);
  for (const std::string& rule : d.overridden_rules) out->add_overridden_rules(rule);
  out->set_override_reason(d.override_reason);
  if (d.missed.has_value()) WindowToProto(*d.missed, out->add_missed_windows());
}

void TechnicianJobToProto(const DispatchJob& d, bool show_customer, v1::TechnicianJob* out) {
  const Job& j = d.job;
  out->set_name(absl::StrCat(kJobPrefix, j.order_number));
  out->set_order(absl::StrCat(kOrderPrefix, j.order_number));
  out->set_step(StepToProto(d.step));
  out->set_accepted(d.accepted);
  if (d.visit.has_value()) WindowToProto(*d.visit, out->mutable_visit());
  if (d.appointment.has_value()) WindowToProto(*d.appointment, out->mutable_appointment());
  out->set_version(d.version);
  out->set_category(j.category);
  out->set_brand(j.brand);
  out->set_model(d.model);
  out->set_fault_description(d.fault_description);
  out->set_complaint(j.complaint);
  out->set_region_code(j.region_code);
  if (d.has_location) PointToProto(j.location, out->mutable_location());
  if (show_customer) {
    out->mutable_customer()->set_name(d.customer.name);
    out->mutable_customer()->set_phone(d.customer.phone);
    out->mutable_customer()->set_address(d.customer.address);
  }
  if (d.eta.has_value()) common::SetTimestamp(*d.eta, out->mutable_eta());
  ChargeTermsToProto(d.charges, out->mutable_charges());
}

std::string EncodeJobSnapshot(const DispatchJob& job) {
  v1::TechnicianJob snapshot;
  TechnicianJobToProto(job, /*show_customer=*/false, &snapshot);
  return snapshot.SerializeAsString();
}

OrderFacts OrderFactsFromProto(const v1::SyncJobRequest& r,
                               std::vector<common::FieldViolation>& bad) {
  OrderFacts f;
  f.order_number = IdFromName(r.order(), kOrderPrefix, "order", bad);
  f.order_version = r.order_version();
  f.in_dispatch = r.in_dispatch();
  f.visit = r.visit();
  f.region_code = r.region_code();
  if (r.has_location()) f.location = GeoPoint{r.location().latitude(), r.location().longitude()};
  f.category = r.category();
  f.brand = r.brand();
  if (r.has_preferred_window()) {
    f.preferred_window = WindowFromProto(r.preferred_window(), "preferred_window", bad);
  }
  f.load = r.load();
  f.complaint = r.complaint() || r.major_complaint();
  f.major_complaint = r.major_complaint();
  if (!r.has_change_time()) {
    bad.push_back({"change_time", "required: when the order changed"});
  } else if (auto changed = common::ToTime(r.change_time(), true, "change_time", bad)) {
    f.change_time = *changed;
  }
  f.customer = {r.customer().name(), r.customer().phone(), r.customer().address()};
  f.model = r.model();
  f.fault_description = r.fault_description();
  f.charges = ChargeTermsFromProto(r.charges());
  return f;
}

}  // namespace fieldservice::scheduling::api
