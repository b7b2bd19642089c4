#include "services/callback/domain/survey.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace fieldservice::callback {

const Question* Survey::Find(std::string_view key) const {
  for (const Question& q : questions) {
    if (q.key == key) return &q;
  }
  return nullptr;
}

absl::Status SurveyVersions::Define(Survey survey, const SurveyPolicy& policy) {
  common::Violations v;
  CheckSurvey(survey, policy, v);
  if (!v.empty()) return v.ToStatus();
  std::vector<Survey>& versions = by_id_[survey.id];
  const int index = survey.version - 1;
  if (index < static_cast<int>(versions.size())) {
    // Versions are immutable: a stored submission names one and must find
    // the questions it was asked.
    if (versions[index] == survey) return absl::OkStatus();
    return absl::AlreadyExistsError(absl::StrCat("survey ", survey.id, " version ", survey.version,
                                                 " is already defined with other content; "
                                                 "define version ",
                                                 versions.size() + 1, " instead"));
  }
  if (index != static_cast<int>(versions.size())) {
    return absl::FailedPreconditionError(
        absl::StrCat("survey ", survey.id, " version ", survey.version,
                     " skips a version: the next is ", versions.size() + 1));
  }
  versions.push_back(std::move(survey));
  return absl::OkStatus();
}

absl::StatusOr<const Survey*> SurveyVersions::Get(std::string_view id, int version) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end() || version < 1 || version > static_cast<int>(it->second.size())) {
    return absl::NotFoundError(
        absl::StrCat("survey ", std::string(id), " version ", version, " is not defined"));
  }
  return &it->second[version - 1];
}

absl::StatusOr<const Survey*> SurveyVersions::Latest(std::string_view id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end() || it->second.empty()) {
    return absl::NotFoundError(absl::StrCat("survey ", std::string(id), " is not defined"));
  }
  return &it->second.back();
}

absl::Status CheckSubmission(const SurveyVersions& versions, const SubmittedSurvey& submitted,
                             const SurveyPolicy& policy) {
  absl::StatusOr<const Survey*> survey =
      versions.Get(submitted.survey_id, submitted.survey_version);
  if (!survey.ok()) return survey.status();
  common::Violations v;
  CheckAnswers(**survey, submitted.answers, policy, v);
  return v.ToStatus();
}

}  // namespace fieldservice::callback
