// The surveys agents ask (issue 11: "surveys are versioned and new ones can
// be defined; a submitted survey keeps its version"). The default survey
// (default_survey.h) is built in as version 1 of "default"; quality or a
// supervisor defines further versions, or new surveys, and each is stored
// (SurveyStore) so every replica and every restart knows it. A version,
// once defined, never changes: a task answered under it is read under it.
//
// Thread-safe. Another replica's definitions are read from the store when a
// version asked for is not known here, and at most `refresh` after the last
// read when the latest version is asked for.
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_SURVEY_CATALOGUE_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_SURVEY_CATALOGUE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/callback/domain/survey.h"
#include "services/common/clock.h"

namespace fieldservice::callback {

// The storage port of defined surveys.
class SurveyStore {
 public:
  virtual ~SurveyStore() = default;
  // Every stored survey version, in any order.
  virtual absl::StatusOr<std::vector<Survey>> LoadAll() = 0;
  // Stores a new version; ALREADY_EXISTS when (id, version) is stored.
  virtual absl::Status Insert(const Survey& survey, const std::string& defined_by,
                              absl::Time at) = 0;
};

struct SurveyCatalogueOptions {
  // The survey tasks are asked: its latest version.
  std::string active_survey_id = "default";
  // How stale "the latest version" may be on this replica.
  absl::Duration refresh = absl::Seconds(10);
};

class SurveyCatalogue {
 public:
  // The built-in default survey and every stored version; an error when one
  // does not pass `policy` or the versions of an id are not 1, 2, ...
  // `store` may be null: definitions then live in memory only (tests).
  static absl::StatusOr<std::unique_ptr<SurveyCatalogue>> Create(SurveyStore* store,
                                                                 const common::Clock& clock,
                                                                 SurveyPolicy policy,
                                                                 SurveyCatalogueOptions options);

  // Defines the next version of `survey.id` (the first is 1): INVALID_ARGUMENT
  // naming each broken rule (CheckSurvey); FAILED_PRECONDITION when
  // survey.version is not the next one; the same version with the same
  // content again is OK (a retried definition); with other content
  // ALREADY_EXISTS.
  absl::StatusOr<Survey> Define(const Survey& survey, const std::string& defined_by);
  // `id` empty: the active survey's; `version` 0: the latest. NOT_FOUND
  // naming the id and version.
  absl::StatusOr<Survey> Get(const std::string& id, int version);
  // The latest version of the active survey.
  absl::StatusOr<Survey> Active();
  // The version `submitted` names, once its answers pass CheckSubmission
  // (NOT_FOUND for an unknown version, INVALID_ARGUMENT naming each bad
  // answer).
  absl::StatusOr<Survey> Checked(const SubmittedSurvey& submitted);

  const SurveyPolicy& policy() const { return policy_; }

 private:
  SurveyCatalogue(SurveyStore* store, const common::Clock& clock, SurveyPolicy policy,
                  SurveyCatalogueOptions options)
      : store_(store), clock_(clock), policy_(policy), options_(std::move(options)) {}
  // Defines what the store has that this replica does not.
  absl::Status ReloadLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  SurveyStore* const store_;
  const common::Clock& clock_;
  const SurveyPolicy policy_;
  const SurveyCatalogueOptions options_;
  absl::Mutex mu_;
  SurveyVersions versions_ ABSL_GUARDED_BY(mu_);
  absl::Time loaded_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_SURVEY_CATALOGUE_H_
