#include "services/scheduling/domain/dispatch_queue.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/utf8.h"
#include "services/scheduling/domain/geo.h"
#include "services/scheduling/domain/technician_validation.h"

namespace fieldservice::scheduling {
namespace {

void CheckLevel(const char* name, int level, common::Violations& v) {
  if (level < kMinSkillLevel || level > kMaxSkillLevel) {
    v.Add(name, absl::StrCat(kMinSkillLevel, " to ", kMaxSkillLevel));
  }
}

void CheckCode(const char* field, const std::string& value, common::Violations& v) {
  if (value.empty()) {
    v.Add(field, "required");
  } else if (!common::IsValidUtf8(value) || common::CountChars(value) > 64) {
    v.Add(field, "1 to 64 characters of valid UTF-8");
  }
}

}  // namespace

absl::Status CheckDispatchPolicy(const DispatchPolicy& p) {
  common::Violations v;
  if (p.visit_within <= absl::ZeroDuration()) v.Add("dispatch_visit_within", "must be positive");
  if (p.complaint_visit_within <= absl::ZeroDuration()) {
    v.Add("dispatch_complaint_visit_within", "must be positive");
  }
  CheckLevel("dispatch_min_level", p.min_level, v);
  CheckLevel("dispatch_complaint_min_level", p.complaint_min_level, v);
  CheckLevel("dispatch_major_complaint_min_level", p.major_complaint_min_level, v);
  if (p.position_max_age <= absl::ZeroDuration()) {
    v.Add("dispatch_position_max_age", "must be positive");
  }
  if (p.service_time <= absl::ZeroDuration() || p.service_time > absl::Hours(12)) {
    v.Add("dispatch_service_time", "more than 0 and at most 12h");
  }
  return v.ToStatus();
}

void CheckOrderFacts(const OrderFacts& f, common::Violations& v) {
  if (f.order_number.empty() || f.order_number.size() > 64) {
    v.Add("order", "must be repairOrders/{order_number}");
  }
  if (f.order_version < 1) v.Add("order_version", "the order's version, 1 or more");
  if (!f.in_dispatch) return;  // leaving the queue needs no more
  if (!IsRegionCode(f.region_code)) v.Add("region_code", "a GB/T 2260 code: six digits");
  CheckCode("category", f.category, v);
  CheckCode("brand", f.brand, v);
  if (f.location.has_value() && !IsOnEarth(*f.location)) {
    v.Add("location", "latitude -90 to 90, longitude -180 to 180");
  }
  if (f.preferred_window.has_value() && f.preferred_window->start >= f.preferred_window->end) {
    v.Add("preferred_window", "start_time before end_time");
  }
  if (!(f.load >= 0 && f.load <= kMaxJobLoad)) {  // NaN fails too
    v.Add("load", absl::StrCat("0 to ", kMaxJobLoad));
  }
}

DispatchJob JobFromFacts(const OrderFacts& f, const std::optional<DispatchJob>& before,
                         const DispatchPolicy& policy) {
  // Scheduling's part of the job (step, technician, visit) carries over
  // while the order stays in dispatch and the job is open.
  const bool open = before.has_value() && !IsFinished(before->step);
  // Completed for this visit already (a sender of old says no visit: 0).
  const bool visit_done = before.has_value() && before->step == JobStep::kCompleted &&
                          f.visit != 0 && f.visit <= before->order_visit;
  DispatchJob out;
  if (before.has_value()) {
    out = *before;
    out.job = Job{};
  }
  out.order_version = f.order_version;
  if (f.in_dispatch && !open && !visit_done) {
    // New, or back in dispatch after it ended, or reopened after it completed.
    out = DispatchJob();
    out.order_version = f.order_version;
    out.order_visit = f.visit;
    out.queue_time = f.change_time;
    out.step = JobStep::kQueued;
    out.version = before.has_value() ? before->version : 0;
    out.step_time = f.change_time;
  } else if (!f.in_dispatch && !before.has_value()) {
    out.queue_time = f.change_time;
    out.step = JobStep::kEnded;
    out.step_time = f.change_time;
  } else if (!f.in_dispatch && open) {
    out.step = JobStep::kEnded;
    out.step_reason = "the order left dispatch";
    out.step_time = f.change_time;
    out.eta.reset();
  }
  out.customer = f.customer;
  out.model = f.model;
  out.fault_description = f.fault_description;
  out.charges = f.charges;
  Job& job = out.job;
  job.order_number = f.order_number;
  job.region_code = f.region_code;
  out.has_location = f.location.has_value();
  if (f.location.has_value()) job.location = *f.location;
  job.category = f.category;
  job.brand = f.brand;
  job.window = f.preferred_window;
  job.load = f.load;
  job.complaint = f.complaint;
  job.min_level = f.major_complaint ? policy.major_complaint_min_level
                  : f.complaint     ? policy.complaint_min_level
                                    : policy.min_level;
  job.priority = f.major_complaint ? policy.major_complaint_priority
                 : f.complaint     ? policy.complaint_priority
                                   : 0;
  job.service_time = policy.service_time;
  job.deadline =
      out.queue_time + (f.complaint ? policy.complaint_visit_within : policy.visit_within);
  if (f.preferred_window.has_value()) {
    job.deadline = std::min(job.deadline, f.preferred_window->end);
  }
  return out;
}

}  // namespace fieldservice::scheduling
