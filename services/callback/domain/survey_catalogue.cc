#include "services/callback/domain/survey_catalogue.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/callback/domain/default_survey.h"

namespace fieldservice::callback {

absl::StatusOr<std::unique_ptr<SurveyCatalogue>> SurveyCatalogue::Create(
    SurveyStore* store, const common::Clock& clock, SurveyPolicy policy,
    SurveyCatalogueOptions options) {
  std::unique_ptr<SurveyCatalogue> catalogue(
      new SurveyCatalogue(store, clock, policy, std::move(options)));
  absl::MutexLock lock(&catalogue->mu_);
  absl::Status defined = catalogue->versions_.Define(DefaultSurvey(), policy);
  if (!defined.ok()) {
    return absl::Status(defined.code(), absl::StrCat("default survey: ", defined.message()));
  }
  if (absl::Status loaded = catalogue->ReloadLocked(); !loaded.ok()) return loaded;
  return catalogue;
}

absl::Status SurveyCatalogue::ReloadLocked() {
  loaded_at_ = clock_.Now();
  if (store_ == nullptr) return absl::OkStatus();
  auto stored = store_->LoadAll();
  if (!stored.ok()) return stored.status();
  // In version order, so each is the next of its id; the ones known here
  // define again as the harmless repeat they are.
  std::sort(stored->begin(), stored->end(), [](const Survey& a, const Survey& b) {
    return std::tie(a.id, a.version) < std::tie(b.id, b.version);
  });
  for (Survey& survey : *stored) {
    const std::string name = absl::StrCat("stored survey ", survey.id, " v", survey.version);
    absl::Status defined = versions_.Define(std::move(survey), policy_);
    if (!defined.ok()) {
      return absl::Status(defined.code(), absl::StrCat(name, ": ", defined.message()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Survey> SurveyCatalogue::Define(const Survey& survey,
                                               const std::string& defined_by) {
  absl::MutexLock lock(&mu_);
  // Another replica may have defined versions since this one last looked.
  if (absl::Status loaded = ReloadLocked(); !loaded.ok()) return loaded;
  // Checked on a copy first: nothing is stored that this replica would refuse.
  SurveyVersions trial = versions_;
  if (absl::Status ok = trial.Define(survey, policy_); !ok.ok()) return ok;
  if (store_ != nullptr) {
    absl::Status stored = store_->Insert(survey, defined_by, clock_.Now());
    if (absl::IsAlreadyExists(stored)) {
      // Another replica stored this version meanwhile: the same content is
      // this definition's retry, other content a conflict.
      if (absl::Status loaded = ReloadLocked(); !loaded.ok()) return loaded;
      auto existing = versions_.Get(survey.id, survey.version);
      if (existing.ok() && **existing == survey) return **existing;
      return absl::AlreadyExistsError(absl::StrCat("survey ", survey.id, " version ",
                                                   survey.version,
                                                   " was just defined with other content"));
    }
    if (!stored.ok()) return stored;
  }
  versions_ = std::move(trial);
  auto defined = versions_.Get(survey.id, survey.version);
  if (!defined.ok()) return defined.status();
  return **defined;
}

absl::StatusOr<Survey> SurveyCatalogue::Get(const std::string& asked_id, int version) {
  const std::string& id = asked_id.empty() ? options_.active_survey_id : asked_id;
  absl::MutexLock lock(&mu_);
  auto lookup = [&] { return version == 0 ? versions_.Latest(id) : versions_.Get(id, version); };
  auto found = lookup();
  // A version known here never changes; "the latest" may have moved on
  // another replica.
  const bool stale_latest = version == 0 && clock_.Now() - loaded_at_ >= options_.refresh;
  if (found.ok() && !stale_latest) return **found;
  if (!found.ok() && !absl::IsNotFound(found.status())) return found.status();
  if (absl::Status loaded = ReloadLocked(); !loaded.ok()) return loaded;
  found = lookup();
  if (!found.ok()) return found.status();
  return **found;
}

absl::StatusOr<Survey> SurveyCatalogue::Active() { return Get("", 0); }

absl::StatusOr<Survey> SurveyCatalogue::Checked(const SubmittedSurvey& submitted) {
  // Get reads another replica's new version from the store when needed.
  auto survey = Get(submitted.survey_id, submitted.survey_version);
  if (!survey.ok()) return survey.status();
  absl::MutexLock lock(&mu_);
  if (absl::Status checked = CheckSubmission(versions_, submitted, policy_); !checked.ok()) {
    return checked;
  }
  return survey;
}

}  // namespace fieldservice::callback
