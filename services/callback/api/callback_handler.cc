#include "services/callback/api/callback_handler.h"

#include <optional>
#include <string>
#include <vector>

#include "services/callback/api/callback_mapping.h"
#include "services/callback/domain/default_survey.h"
#include "services/common/call_deadline.h"
#include "services/common/caller.h"
#include "services/common/errors.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_time.h"

namespace fieldservice::callback::api {
namespace {

using common::FieldViolation;
using common::ToGrpcStatus;

// The agent steps name the task only: the agent is the verified caller.
template <typename Request>
grpc::Status AsHolder(grpc::ServerContext* context, const Request& request, std::string& key,
                      std::string& agent) {
  std::vector<FieldViolation> violations;
  key = KeyOfName(request.name(), violations);
  if (!violations.empty()) return common::InvalidArgumentStatus(violations);
  agent = common::CallerOf(*context).principal;
  return grpc::Status::OK;
}

}  // namespace

grpc::Status CallbackHandler::Answer(const absl::StatusOr<CallbackRecord>& record,
                                     v1::CallbackTask* response, const std::string& viewer) {
  if (!record.ok()) return ToGrpcStatus(record.status());
  ToProto(*record, response);
  // The customer's phone is for the agent who holds the claim, to call;
  // everyone else reads the task without it (DOMAIN.md "Confidentiality").
  if (!viewer.empty() && IsHeldBy(record->task, viewer)) {
    response->mutable_customer()->set_phone(record->customer.phone);
  }
  // The questions the task is (or was) asked under.
  auto survey = record->result ? service_.GetSurvey(record->result->submitted.survey_id,
                                                    record->result->submitted.survey_version)
                               : service_.ActiveSurvey();
  if (!survey.ok()) return ToGrpcStatus(survey.status());
  ToProto(*survey, response->mutable_survey());
  return grpc::Status::OK;
}

grpc::Status CallbackHandler::RecordVisitCompleted(grpc::ServerContext* context,
                                                   const v1::RecordVisitCompletedRequest* request,
                                                   v1::CallbackTask* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  // Only service:orders gets here (data/access/policy.txt).
  std::vector<FieldViolation> violations;
  VisitReport report = ToVisitReport(*request, violations);
  if (!violations.empty()) return common::InvalidArgumentStatus(violations);
  return Answer(service_.RecordVisitCompleted(report), response, "");
}

grpc::Status CallbackHandler::ClaimNextCallback(grpc::ServerContext* context,
                                                const v1::ClaimNextCallbackRequest* /*request*/,
                                                v1::CallbackTask* response) {
  common::ScopedCallDeadline call_deadline(*context);
  const std::string& agent = common::CallerOf(*context).principal;
  return Answer(service_.ClaimNext(agent), response, agent);
}

grpc::Status CallbackHandler::GetCallback(grpc::ServerContext* context,
                                          const v1::GetCallbackRequest* request,
                                          v1::CallbackTask* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> violations;
  const std::string key = KeyOfName(request->name(), violations);
  if (!violations.empty()) return common::InvalidArgumentStatus(violations);
  auto record = service_.Get(key);
  const common::Caller& caller = common::CallerOf(*context);
  // claimed_callbacks (an agent without a wider role): only the tasks the
  // caller holds; another task, existing or not, is PERMISSION_DENIED.
  if (caller.Has(common::kRuleClaimedCallbacks) &&
      (!record.ok() || !IsHeldBy(record->task, caller.principal))) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "a callback agent reads only the callbacks they hold");
  }
  return Answer(record, response, caller.principal);
}

grpc::Status CallbackHandler::HeartbeatCallback(grpc::ServerContext* context,
                                                const v1::HeartbeatCallbackRequest* request,
                                                v1::CallbackTask* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::string key, agent;
  if (grpc::Status s = AsHolder(context, *request, key, agent); !s.ok()) return s;
  return Answer(service_.Heartbeat(key, agent), response, agent);
}

grpc::Status CallbackHandler::ReleaseCallback(grpc::ServerContext* context,
                                              const v1::ReleaseCallbackRequest* request,
                                              v1::CallbackTask* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::string key, agent;
  if (grpc::Status s = AsHolder(context, *request, key, agent); !s.ok()) return s;
  return Answer(service_.Release(key, agent), response, agent);
}

grpc::Status CallbackHandler::RecordAttempt(grpc::ServerContext* context,
                                            const v1::RecordAttemptRequest* request,
                                            v1::CallbackTask* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::string key, agent;
  if (grpc::Status s = AsHolder(context, *request, key, agent); !s.ok()) return s;
  std::vector<FieldViolation> violations;
  std::optional<AttemptOutcome> outcome = ToOutcome(request->outcome(), violations);
  std::optional<absl::Time> call_back_at = common::ToTime(
      request->call_back_time(), request->has_call_back_time(), "call_back_time", violations);
  if (!violations.empty()) return common::InvalidArgumentStatus(violations);
  return Answer(service_.RecordAttempt(key, agent, *outcome, call_back_at), response, agent);
}

grpc::Status CallbackHandler::SubmitSurvey(grpc::ServerContext* context,
                                           const v1::SubmitSurveyRequest* request,
                                           v1::CallbackTask* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::string key, agent;
  if (grpc::Status s = AsHolder(context, *request, key, agent); !s.ok()) return s;
  SubmittedSurvey submitted;
  submitted.survey_id = request->survey_id();
  submitted.survey_version = request->survey_version();
  for (const auto& [question, answer] : request->answers()) submitted.answers[question] = answer;
  return Answer(service_.SubmitSurvey(key, agent, submitted), response, agent);
}

grpc::Status CallbackHandler::GetSurvey(grpc::ServerContext* /*context*/,
                                        const v1::GetSurveyRequest* request, v1::Survey* response) {
  auto survey = service_.GetSurvey(request->survey_id(), request->version());
  if (!survey.ok()) return ToGrpcStatus(survey.status());
  ToProto(*survey, response);
  return grpc::Status::OK;
}

grpc::Status CallbackHandler::DefineSurvey(grpc::ServerContext* context,
                                           const v1::DefineSurveyRequest* request,
                                           v1::Survey* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> violations;
  Survey survey = FromProto(request->survey(), violations);
  if (!violations.empty()) return common::InvalidArgumentStatus(violations);
  auto defined = service_.DefineSurvey(survey, common::CallerOf(*context).principal);
  if (!defined.ok()) return ToGrpcStatus(defined.status());
  ToProto(*defined, response);
  return grpc::Status::OK;
}

}  // namespace fieldservice::callback::api
