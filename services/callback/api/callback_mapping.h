// Between fieldservice.callback.v1 messages and the callback domain.
#ifndef FIELDSERVICE_CALLBACK_API_CALLBACK_MAPPING_H_
#define FIELDSERVICE_CALLBACK_API_CALLBACK_MAPPING_H_

#include <optional>
#include <string>
#include <vector>

#include "fieldservice/callback/v1/callback.pb.h"
#include "fieldservice/callback/v1/callback_service.pb.h"
#include "services/callback/domain/callback_repository.h"
#include "services/callback/domain/survey.h"
#include "services/common/errors.h"

namespace fieldservice::callback::api {

namespace v1 = ::fieldservice::callback::v1;

// "callbacks/{key}" to the key; a violation on `name` otherwise.
std::string KeyOfName(const std::string& name, std::vector<common::FieldViolation>& violations);

// The request's facts; a violation for a missing completed_time. The
// domain checks the rest (CheckVisitCompleted).
VisitReport ToVisitReport(const v1::RecordVisitCompletedRequest& request,
                          std::vector<common::FieldViolation>& violations);
// nullopt and a violation on `outcome` when unspecified.
std::optional<AttemptOutcome> ToOutcome(v1::AttemptOutcome outcome,
                                        std::vector<common::FieldViolation>& violations);

void ToProto(const Survey& survey, v1::Survey* out);
// A survey definition from the API; each unknown type, finding or moment is
// a violation (paths as "survey.questions[2].type"). The domain checks the
// rest (CheckSurvey).
Survey FromProto(const v1::Survey& proto, std::vector<common::FieldViolation>& violations);

// The stored form of a survey version (storage/mysql_survey_store.h): the
// API's Survey message, serialised.
std::string EncodeSurvey(const Survey& survey);
absl::StatusOr<Survey> DecodeSurvey(const std::string& bytes);
// The task, without the survey's questions (the handler adds them).
void ToProto(const CallbackRecord& record, v1::CallbackTask* out);

}  // namespace fieldservice::callback::api

#endif  // FIELDSERVICE_CALLBACK_API_CALLBACK_MAPPING_H_
