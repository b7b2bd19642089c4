#include "services/callback/domain/callback_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/callback/domain/attempt_policy.h"
#include "services/callback/domain/default_survey.h"
#include "services/callback/domain/findings.h"
#include "services/common/utf8.h"

namespace fieldservice::callback {
namespace {

void CheckText(const std::string& path, const std::string& text, size_t max_chars,
               common::Violations& v) {
  if (!common::IsValidUtf8(text) || common::CountChars(text) > max_chars) {
    v.Add(path, absl::StrCat("at most ", max_chars, " characters of valid UTF-8"));
  }
}

// What the task carries besides the visit (CheckVisitCompleted checks that).
void CheckReportExtras(const VisitReport& r, common::Violations& v) {
  if (r.facts.charged_fen < 0) v.Add("repair_facts.charged_fen", "0 or more");
  CheckText("summary.product", r.summary.product, kMaxProductChars, v);
  CheckText("summary.fault", r.summary.fault, kMaxSummaryTextChars, v);
  CheckText("summary.work_done", r.summary.work_done, kMaxSummaryTextChars, v);
  CheckText("customer.name", r.customer.name, kMaxCustomerNameChars, v);
  CheckText("customer.phone", r.customer.phone, kMaxPhoneChars, v);
  const RecordDetail& d = r.detail;
  if (d.parts.size() > kMaxRecordLines) {
    v.Add("record.parts", absl::StrCat("at most ", kMaxRecordLines));
  }
  if (d.fees.size() > kMaxRecordLines) {
    v.Add("record.fees", absl::StrCat("at most ", kMaxRecordLines));
  }
  for (size_t i = 0; i < d.parts.size(); ++i) {
    const std::string at = absl::StrCat("record.parts[", i, "]");
    CheckText(at + ".part_id", d.parts[i].part_id, 64, v);
    CheckText(at + ".serial", d.parts[i].serial, 64, v);
    if (d.parts[i].quantity < 1) v.Add(at + ".quantity", "1 or more");
  }
  for (size_t i = 0; i < d.fees.size(); ++i) {
    const std::string at = absl::StrCat("record.fees[", i, "]");
    CheckText(at + ".kind", d.fees[i].kind, 16, v);
    CheckText(at + ".part_id", d.fees[i].part_id, 64, v);
    if (d.fees[i].amount_fen < 0) v.Add(at + ".amount", "0 or more");
  }
  CheckText("record.coverage", d.coverage, 16, v);
  CheckText("record.coverage_reason", d.coverage_reason, kMaxCoverageReasonChars, v);
}

}  // namespace

absl::StatusOr<std::unique_ptr<CallbackService>> CallbackService::Create(
    CallbackRepository& repository, const common::Clock& clock,
    const common::WorkingCalendar& calendar, CallbackPolicy policy, SurveyPolicy survey_policy,
    SurveyStore* surveys, SurveyCatalogueOptions survey_options) {
  std::unique_ptr<CallbackService> service(
      new CallbackService(repository, clock, calendar, policy));
  auto catalogue =
      SurveyCatalogue::Create(surveys, clock, survey_policy, std::move(survey_options));
  if (!catalogue.ok()) return catalogue.status();
  service->surveys_ = *std::move(catalogue);
  // The active survey must exist before a task is asked it.
  if (auto active = service->surveys_->Active(); !active.ok()) {
    return absl::Status(active.status().code(),
                        absl::StrCat("the active survey: ", active.status().message()));
  }
  return service;
}

absl::StatusOr<CallbackRecord> CallbackService::RecordVisitCompleted(const VisitReport& report) {
  common::Violations v;
  CheckVisitCompleted(report.visit, v);
  CheckReportExtras(report, v);
  if (!v.empty()) return v.ToStatus();
  auto task = NewCallbackTask(report.visit, policy_, calendar_);
  if (!task.ok()) return task.status();
  CallbackRecord record{.task = *std::move(task),
                        .facts = report.facts,
                        .summary = report.summary,
                        .detail = report.detail,
                        .customer = report.customer};
  auto stored = repository_.InsertOnce(record);
  if (!stored.ok() || quality_ == nullptr) return stored;
  // The stored visit: a redelivery counts as the first delivery did. A
  // failure here fails the delivery, which the reporter retries.
  if (auto recorded = quality_->RecordVisit(stored->task.visit); !recorded.ok()) {
    return recorded.status();
  }
  return stored;
}

absl::StatusOr<CallbackRecord> CallbackService::ClaimNext(const std::string& agent_id) {
  const absl::Time now = clock_.Now();
  return repository_.ChangeMostUrgent(
      now, policy_.claim_lapse, [&](CallbackRecord record) -> absl::StatusOr<CallbackRecord> {
        auto claimed = Claim(std::move(record.task), agent_id, now, policy_);
        if (!claimed.ok()) return claimed.status();
        record.task = *std::move(claimed);
        return record;
      });
}

absl::StatusOr<CallbackRecord> CallbackService::Get(const std::string& key) {
  return repository_.Get(key);
}

absl::StatusOr<CallbackRecord> CallbackService::Heartbeat(const std::string& key,
                                                          const std::string& agent_id) {
  const absl::Time now = clock_.Now();
  return repository_.Change(key, now, [&](CallbackRecord record) -> absl::StatusOr<CallbackRecord> {
    auto beat = callback::Heartbeat(std::move(record.task), agent_id, now);
    if (!beat.ok()) return beat.status();
    record.task = *std::move(beat);
    return record;
  });
}

absl::StatusOr<CallbackRecord> CallbackService::Release(const std::string& key,
                                                        const std::string& agent_id) {
  const absl::Time now = clock_.Now();
  return repository_.Change(key, now, [&](CallbackRecord record) -> absl::StatusOr<CallbackRecord> {
    auto released = callback::Release(std::move(record.task), agent_id);
    if (!released.ok()) return released.status();
    record.task = *std::move(released);
    return record;
  });
}

absl::StatusOr<CallbackRecord> CallbackService::RecordAttempt(
    const std::string& key, const std::string& agent_id, AttemptOutcome outcome,
    std::optional<absl::Time> call_back_at) {
  const absl::Time now = clock_.Now();
  return repository_.Change(key, now, [&](CallbackRecord record) -> absl::StatusOr<CallbackRecord> {
    auto after = callback::RecordAttempt(std::move(record.task), agent_id, outcome, call_back_at,
                                         now, policy_);
    if (!after.ok()) return after.status();
    record.task = *std::move(after);
    // A task that gave up flags its order for a supervisor: telling orders
    // is the next step (through the outbox, with the submission's message).
    return record;
  });
}

absl::StatusOr<CallbackRecord> CallbackService::SubmitSurvey(const std::string& key,
                                                             const std::string& agent_id,
                                                             const SubmittedSurvey& submitted) {
  const absl::Time now = clock_.Now();
  return repository_.Change(key, now, [&](CallbackRecord record) -> absl::StatusOr<CallbackRecord> {
    // Who may submit first, then what: a non-holder learns nothing of the
    // answers' faults.
    if (absl::Status held = CheckHeldBy(record.task, agent_id, "submit the survey"); !held.ok()) {
      return held;
    }
    auto survey = surveys_->Checked(submitted);
    if (!survey.ok()) return survey.status();
    auto done = Submit(std::move(record.task), agent_id, now);
    if (!done.ok()) return done.status();
    record.task = *std::move(done);
    SurveyResult result;
    result.submitted = submitted;
    result.findings = Findings(*survey, submitted.answers, record.facts);
    result.outcome = OutcomeOf(result.findings);
    record.result = std::move(result);
    // The storage owes orders the verdict and scheduling the rating in this
    // same transaction (outcome_report.h).
    return record;
  });
}

absl::StatusOr<Survey> CallbackService::GetSurvey(const std::string& id, int version) {
  return surveys_->Get(id, version);
}

absl::StatusOr<Survey> CallbackService::DefineSurvey(const Survey& survey,
                                                     const std::string& defined_by) {
  return surveys_->Define(survey, defined_by);
}

}  // namespace fieldservice::callback
