// The callback service's use cases: the domain's rules (callback_task.h,
// attempt_policy.h, survey.h, findings.h) applied to stored tasks, with the
// time from the service's clock.
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_SERVICE_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_SERVICE_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/callback/domain/callback_policy.h"
#include "services/callback/domain/callback_repository.h"
#include "services/callback/domain/quality_service.h"
#include "services/callback/domain/survey.h"
#include "services/callback/domain/survey_catalogue.h"
#include "services/common/calendar.h"
#include "services/common/clock.h"

namespace fieldservice::callback {

class CallbackService {
 public:
  // The service with the default survey (version 1) defined; an error
  // when the survey does not pass `survey_policy`. `policy` and
  // `survey_policy` are checked by the caller at start-up
  // (CheckCallbackPolicy, CheckSurveyPolicy).
  // `surveys` stores defined surveys (null: in memory only; tests).
  static absl::StatusOr<std::unique_ptr<CallbackService>> Create(
      CallbackRepository& repository, const common::Clock& clock,
      const common::WorkingCalendar& calendar, CallbackPolicy policy, SurveyPolicy survey_policy,
      SurveyStore* surveys = nullptr, SurveyCatalogueOptions survey_options = {});

  // The visit's task, made once: the same order and visit again return the
  // stored task unchanged.
  absl::StatusOr<CallbackRecord> RecordVisitCompleted(const VisitReport& report);
  // The most urgent claimable task, claimed for `agent_id`.
  absl::StatusOr<CallbackRecord> ClaimNext(const std::string& agent_id);
  absl::StatusOr<CallbackRecord> Get(const std::string& key);
  absl::StatusOr<CallbackRecord> Heartbeat(const std::string& key, const std::string& agent_id);
  absl::StatusOr<CallbackRecord> Release(const std::string& key, const std::string& agent_id);
  absl::StatusOr<CallbackRecord> RecordAttempt(const std::string& key, const std::string& agent_id,
                                               AttemptOutcome outcome,
                                               std::optional<absl::Time> call_back_at);
  // Checks the answers against the version named, computes the findings
  // and completes the task.
  absl::StatusOr<CallbackRecord> SubmitSurvey(const std::string& key, const std::string& agent_id,
                                              const SubmittedSurvey& submitted);
  // `id` empty: the active survey; `version` 0: the latest.
  absl::StatusOr<Survey> GetSurvey(const std::string& id, int version);
  // The questions an open task is asked: the active survey's latest version.
  absl::StatusOr<Survey> ActiveSurvey() { return surveys_->Active(); }
  // A new survey version (survey_catalogue.h), by `defined_by`.
  absl::StatusOr<Survey> DefineSurvey(const Survey& survey, const std::string& defined_by);

  // Recording a visit also records its fault for the quality signals
  // (quality_service.h), once per visit; unset, it does not.
  void RecordFaultsWith(QualityService* quality) { quality_ = quality; }

 private:
  CallbackService(CallbackRepository& repository, const common::Clock& clock,
                  const common::WorkingCalendar& calendar, CallbackPolicy policy)
      : repository_(repository), clock_(clock), calendar_(calendar), policy_(policy) {}

  CallbackRepository& repository_;
  const common::Clock& clock_;
  const common::WorkingCalendar& calendar_;
  const CallbackPolicy policy_;
  std::unique_ptr<SurveyCatalogue> surveys_;  // with the survey policy
  QualityService* quality_ = nullptr;
};

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_SERVICE_H_
