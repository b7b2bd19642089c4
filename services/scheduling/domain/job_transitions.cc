#include "services/scheduling/domain/job_transitions.h"

#include <initializer_list>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "services/common/utf8.h"

namespace fieldservice::scheduling {
namespace {

absl::Status RequireStep(const DispatchJob& job, std::initializer_list<JobStep> allowed,
                         const char* action) {
  for (JobStep s : allowed) {
    if (job.step == s) return absl::OkStatus();
  }
  std::vector<std::string> names;
  for (JobStep s : allowed) names.push_back(JobStepName(s));
  return absl::FailedPreconditionError(absl::StrCat(JobName(job.job.order_number), " is ",
                                                    JobStepName(job.step), "; ", action, " needs ",
                                                    absl::StrJoin(names, " or ")));
}

// The job moved to `step` at `now` for `reason`.
DispatchJob Stepped(DispatchJob job, JobStep step, const std::string& reason, absl::Time now) {
  job.step = step;
  job.step_reason = reason;
  job.step_time = now;
  if (step != JobStep::kEnRoute) job.eta.reset();
  return job;
}

DispatchJob WithAssignment(DispatchJob job, const Assignment& a) {
  if (job.technician_id != a.technician_id) job.accepted = false;
  job.technician_id = a.technician_id;
  job.visit = a.visit;
  job.overridden_rules = a.overridden_rules;
  job.override_reason = a.override_reason;
  return job;
}

// Back to the queue: no technician, no visit, no appointment. The queue
// time (and so the deadline) is the one the order was first queued with.
DispatchJob Requeued(DispatchJob job, const std::string& reason, absl::Time now) {
  job = Stepped(std::move(job), JobStep::kQueued, reason, now);
  job.technician_id.clear();
  job.accepted = false;
  job.visit.reset();
  job.appointment.reset();
  job.overridden_rules.clear();
  job.override_reason.clear();
  return job;
}

}  // namespace

std::string JobName(const std::string& order_number) {
  return absl::StrCat("dispatchJobs/", order_number);
}

void CheckReason(const std::string& text, const char* field, bool required, common::Violations& v) {
  if (required && absl::StripAsciiWhitespace(text).empty()) {
    v.Add(field, "required: say why (kept with the job and in the order's audit trail)");
  } else if (common::CountChars(text) > kMaxReasonChars) {
    v.Add(field, absl::StrCat("at most ", kMaxReasonChars, " characters"));
  }
}

absl::StatusOr<DispatchJob> AssignJob(DispatchJob job, const Assignment& a, absl::Time now) {
  if (auto s = RequireStep(job, {JobStep::kQueued}, "assigning"); !s.ok()) return s;
  return Stepped(WithAssignment(std::move(job), a), JobStep::kAssigned, "", now);
}

absl::StatusOr<DispatchJob> ReassignJob(DispatchJob job, const Assignment& a,
                                        const std::string& reason, absl::Time now) {
  if (auto s = RequireStep(job, {JobStep::kAssigned, JobStep::kBooked}, "reassigning"); !s.ok()) {
    return s;
  }
  if (job.technician_id == a.technician_id) {
    return absl::FailedPreconditionError(absl::StrCat(
        JobName(job.job.order_number), " is already with technicians/", a.technician_id));
  }
  const JobStep step = job.step;  // a booked job keeps its appointment
  return Stepped(WithAssignment(std::move(job), a), step, reason, now);
}

absl::StatusOr<DispatchJob> UnassignJob(DispatchJob job, const std::string& reason,
                                        absl::Time now) {
  if (auto s = RequireStep(job, {JobStep::kAssigned, JobStep::kBooked}, "unassigning"); !s.ok()) {
    return s;
  }
  return Requeued(std::move(job), reason, now);
}

absl::StatusOr<DispatchJob> BookJob(DispatchJob job, const Assignment& a, const Interval& window,
                                    absl::Time now) {
  if (auto s = RequireStep(job, {JobStep::kQueued, JobStep::kAssigned, JobStep::kBooked},
                           "booking an appointment");
      !s.ok()) {
    return s;
  }
  job = Stepped(WithAssignment(std::move(job), a), JobStep::kBooked, "", now);
  job.appointment = window;
  return job;
}

absl::StatusOr<DispatchJob> AcceptJob(DispatchJob job, absl::Time now) {
  if (auto s = RequireStep(job, {JobStep::kAssigned, JobStep::kBooked}, "accepting"); !s.ok()) {
    return s;
  }
  job.accepted = true;
  job.step_time = now;
  return job;
}

absl::StatusOr<DispatchJob> DeclineJob(DispatchJob job, const std::string& reason, absl::Time now) {
  if (auto s = RequireStep(job, {JobStep::kAssigned, JobStep::kBooked}, "declining"); !s.ok()) {
    return s;
  }
  return Requeued(std::move(job), reason, now);
}

absl::StatusOr<DispatchJob> DepartForJob(DispatchJob job, absl::Time eta, absl::Time now) {
  if (auto s = RequireStep(job, {JobStep::kBooked}, "departing (book the appointment first)");
      !s.ok()) {
    return s;
  }
  job = Stepped(std::move(job), JobStep::kEnRoute, "", now);
  job.accepted = true;  // going there is accepting it
  job.eta = eta;
  return job;
}

absl::StatusOr<DispatchJob> ArriveAtJob(DispatchJob job, absl::Time now) {
  if (auto s = RequireStep(job, {JobStep::kEnRoute}, "arriving"); !s.ok()) return s;
  return Stepped(std::move(job), JobStep::kOnSite, "", now);
}

absl::StatusOr<DispatchJob> CustomerNotHome(DispatchJob job, const std::string& reason,
                                            absl::Time now) {
  if (auto s = RequireStep(job, {JobStep::kEnRoute, JobStep::kOnSite}, "customer not home");
      !s.ok()) {
    return s;
  }
  job = Stepped(std::move(job), JobStep::kAssigned, reason, now);
  job.missed = job.appointment;
  job.appointment.reset();
  job.visit.reset();
  return job;
}

absl::StatusOr<DispatchJob> WaitForParts(DispatchJob job, const std::string& reason,
                                         absl::Time now) {
  if (auto s = RequireStep(job, {JobStep::kOnSite}, "waiting for parts"); !s.ok()) return s;
  job = Stepped(std::move(job), JobStep::kWaitingForParts, reason, now);
  job.appointment.reset();
  job.visit.reset();
  return job;
}

absl::StatusOr<DispatchJob> PartsArrived(DispatchJob job, absl::Time now) {
  if (auto s = RequireStep(job, {JobStep::kWaitingForParts}, "parts arrived"); !s.ok()) return s;
  return Stepped(std::move(job), JobStep::kAssigned, "parts arrived", now);
}

absl::StatusOr<DispatchJob> ConvertToCarryIn(DispatchJob job, const std::string& reason,
                                             absl::Time now) {
  if (auto s = RequireStep(job, {JobStep::kOnSite}, "carry-in"); !s.ok()) return s;
  return Stepped(std::move(job), JobStep::kCarryIn, reason, now);
}

absl::StatusOr<DispatchJob> CompleteJob(DispatchJob job, const std::string& summary,
                                        absl::Time now) {
  if (auto s = RequireStep(job, {JobStep::kOnSite}, "completing"); !s.ok()) return s;
  return Stepped(std::move(job), JobStep::kCompleted, summary, now);
}

bool OwesOrdersProgress(const std::optional<DispatchJob>& before, const DispatchJob& after) {
  if (after.step == JobStep::kEnded) return false;
  if (!before.has_value()) return false;  // a new job is queued, as the order already is
  if (before->step == JobStep::kEnded && after.step == JobStep::kQueued) return false;
  return before->step != after.step || before->technician_id != after.technician_id ||
         before->appointment != after.appointment;
}

}  // namespace fieldservice::scheduling
