#include "services/scheduling/domain/technician_app_service.h"

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/hashing.h"
#include "services/common/utf8.h"
#include "services/scheduling/domain/geo.h"

namespace fieldservice::scheduling {
namespace {

absl::Status CheckCall(const AppCall& call) {
  common::Violations v;
  if (call.operation_id.empty() || call.operation_id.size() > 64) {
    v.Add("operation_id", "required: 1 to 64 characters chosen by the app, one per operation");
  }
  if (call.order_number.empty() || call.order_number.size() > 64) {
    v.Add("job", "must be dispatchJobs/{order_number}");
  }
  return v.ToStatus();
}

}  // namespace

bool TechnicianAppService::ShowsCustomer(const DispatchJob& job, const std::string& technician_id) {
  return job.technician_id == technician_id && IsWithTechnician(job.step);
}

absl::StatusOr<std::pair<std::vector<DispatchJob>, int64_t>> TechnicianAppService::ListMyJobs(
    const std::string& technician_id, absl::CivilDay day) {
  // The cursor first: a change after it may also show in the list, so the
  // stream from it can repeat what the list shows, never miss a change.
  auto cursor = repository_.FeedCursor(technician_id);
  if (!cursor.ok()) return cursor.status();
  auto jobs = repository_.JobsOf(technician_id,
                                 {absl::FromCivil(day, zone_), absl::FromCivil(day + 1, zone_)});
  if (!jobs.ok()) return jobs.status();
  return std::make_pair(*std::move(jobs), *cursor);
}

absl::Status TechnicianAppService::NotTheirs(const std::optional<DispatchJob>& job,
                                             const AppCall& call) {
  const std::string name = JobName(call.order_number);
  // Asked only on this path, so a step on one's own job costs no extra read.
  auto ever_had = repository_.EverHad(call.technician_id, call.order_number);
  if (!ever_had.ok()) return ever_had.status();
  if (*ever_had) {
    return absl::FailedPreconditionError(absl::StrCat(
        name, " is no longer yours (",
        job.has_value() && job->step == JobStep::kEnded ? "the order was withdrawn"
                                                        : "it was reassigned or unassigned",
        "); this operation no longer applies"));
  }
  // Existing or not, another's job looks the same: nothing is given away.
  return absl::PermissionDeniedError(absl::StrCat(name, " is not assigned to you"));
}

absl::StatusOr<std::optional<DispatchJob>> TechnicianAppService::Replay(const AppCall& call) {
  auto done = repository_.FindOperation(call.technician_id, call.operation_id);
  if (!done.ok()) return done.status();
  if (!done->has_value()) return std::optional<DispatchJob>();
  if ((*done)->request_hash != call.request_hash || (*done)->order_number != call.order_number) {
    common::Violations v;
    v.Add("operation_id", "already used for a different request; use a new id per operation");
    return v.ToStatus();
  }
  auto job = repository_.GetJob(call.order_number);
  if (!job.ok()) return job.status();
  if (!job->has_value()) {
    return absl::NotFoundError(absl::StrCat(JobName(call.order_number), " does not exist"));
  }
  return job;
}

absl::StatusOr<DispatchJob> TechnicianAppService::Act(const AppCall& call, absl::Time now,
                                                      const std::optional<StoredRecord>& record,
                                                      const StepFn& step) {
  if (absl::Status s = CheckCall(call); !s.ok()) return s;
  auto replayed = Replay(call);
  if (!replayed.ok()) return replayed.status();
  if (replayed->has_value()) return **replayed;
  JobMutation m{.order_number = call.order_number,
                .technician_id = call.technician_id,
                .operation = AppOperation{.technician_id = call.technician_id,
                                          .operation_id = call.operation_id,
                                          .request_hash = call.request_hash,
                                          .order_number = call.order_number},
                .record = record};
  // Set when the job is not the caller's (as locked): the transaction rolls
  // back and NotTheirs says why.
  std::optional<std::optional<DispatchJob>> not_theirs;
  auto changed = repository_.MutateJob(
      m, now, [&](const JobContext& context) -> absl::StatusOr<std::optional<DispatchJob>> {
        const std::optional<DispatchJob>& job = context.job;
        if (!job.has_value() || job->technician_id != call.technician_id ||
            job->step == JobStep::kQueued || job->step == JobStep::kEnded) {
          not_theirs = job;
          return absl::PermissionDeniedError("not the caller's job");
        }
        return step(*job);
      });
  if (not_theirs.has_value()) return NotTheirs(*not_theirs, call);
  // The same operation sent twice at once: the second met the first's
  // record; answer it as the replay it is.
  if (changed.status().code() == absl::StatusCode::kAlreadyExists) {
    auto again = Replay(call);
    if (!again.ok()) return again.status();
    if (again->has_value()) return **again;
  }
  return changed;
}

absl::StatusOr<DispatchJob> TechnicianAppService::Accept(const AppCall& call, absl::Time now) {
  return Act(call, now, std::nullopt,
             [&](DispatchJob job) { return AcceptJob(std::move(job), now); });
}

absl::StatusOr<DispatchJob> TechnicianAppService::Decline(const AppCall& call,
                                                          const std::string& reason,
                                                          absl::Time now) {
  common::Violations v;
  CheckReason(reason, "reason", /*required=*/true, v);
  if (!v.empty()) return v.ToStatus();
  return Act(call, now, std::nullopt,
             [&](DispatchJob job) { return DeclineJob(std::move(job), reason, now); });
}

absl::StatusOr<DispatchJob> TechnicianAppService::UpdateStatus(const AppCall& call,
                                                               StatusUpdate update,
                                                               std::optional<absl::Time> eta,
                                                               const std::string& reason,
                                                               absl::Time now) {
  common::Violations v;
  if (update == StatusUpdate::kDeparted && !eta.has_value()) {
    v.Add("eta", "required when departing: when you expect to arrive");
  }
  const bool needs_reason = update == StatusUpdate::kCustomerNotHome ||
                            update == StatusUpdate::kNeedsParts ||
                            update == StatusUpdate::kNeedsCarryIn;
  CheckReason(reason, "reason", needs_reason, v);
  if (!v.empty()) return v.ToStatus();
  return Act(call, now, std::nullopt, [&](DispatchJob job) -> absl::StatusOr<DispatchJob> {
    switch (update) {
      case StatusUpdate::kDeparted:
        // Checked for a new departure only: a phone replaying one that got
        // through before it went offline gets its answer, however late.
        if (*eta < now - absl::Minutes(1)) {
          common::Violations past;
          past.Add("eta", "must not be in the past");
          return past.ToStatus();
        }
        return DepartForJob(std::move(job), *eta, now);
      case StatusUpdate::kArrived:
        return ArriveAtJob(std::move(job), now);
      case StatusUpdate::kCustomerNotHome:
        return CustomerNotHome(std::move(job), reason, now);
      case StatusUpdate::kNeedsParts:
        return WaitForParts(std::move(job), reason, now);
      case StatusUpdate::kNeedsCarryIn:
        return ConvertToCarryIn(std::move(job), reason, now);
      case StatusUpdate::kPartsArrived:
        return PartsArrived(std::move(job), now);
    }
    return absl::InvalidArgumentError("status: unknown update");
  });
}

absl::StatusOr<DispatchJob> TechnicianAppService::Complete(const AppCall& call,
                                                           const RepairRecord& record,
                                                           std::string encoded, absl::Time now) {
  // The summary goes to the order (and its callback agent) in one line that
  // fits the order's visit summary; the whole record stays here.
  const StoredRecord stored{
      .encoded = std::move(encoded),
      .signature_sha256 = common::Sha256Hex(record.signature),
      .summary = std::string(common::LeadingChars(RepairSummary(record), kMaxReasonChars))};
  return Act(call, now, stored, [&](DispatchJob job) -> absl::StatusOr<DispatchJob> {
    auto completed = CompleteJob(job, stored.summary, now);
    if (!completed.ok()) return completed.status();
    common::Violations v;
    CheckRepairRecord(record, job.charges, records_, v);
    if (!v.empty()) return v.ToStatus();
    return completed;
  });
}

absl::StatusOr<std::pair<GeoPoint, absl::Time>> TechnicianAppService::ReportLocation(
    const std::string& technician_id, const GeoPoint& position, std::optional<absl::Time> fix_time,
    absl::Time now) {
  common::Violations v;
  if (!IsOnEarth(position)) v.Add("position", "latitude -90 to 90, longitude -180 to 180");
  // A phone's clock may run a little ahead; a fix from the future would
  // pin the position until then.
  if (fix_time.has_value() && *fix_time > now + absl::Minutes(1)) {
    v.Add("fix_time", "must not be in the future");
  }
  if (!v.empty()) return v.ToStatus();
  return repository_.ReportPosition(technician_id, position, fix_time.value_or(now));
}

}  // namespace fieldservice::scheduling
