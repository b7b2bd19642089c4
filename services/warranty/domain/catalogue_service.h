// The catalogue use cases: the active catalogue, parsed once and shared by
// every call; start-up storage of the shipped file; administrators' loads.
// The database says which version is active (LoadCatalogue on any replica
// changes it); each replica re-checks at most every `refresh` so all of them
// follow.
#ifndef FIELDSERVICE_WARRANTY_DOMAIN_CATALOGUE_SERVICE_H_
#define FIELDSERVICE_WARRANTY_DOMAIN_CATALOGUE_SERVICE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/common/clock.h"
#include "services/warranty/domain/catalogue.h"
#include "services/warranty/domain/warranty_repository.h"

namespace fieldservice::warranty {

// A stored version with its parsed form (null when the stored text no longer
// parses with this build's parser).
struct CatalogueVersion {
  CatalogueRecord record;
  std::shared_ptr<const Catalogue> parsed;
};

class CatalogueService {
 public:
  CatalogueService(WarrantyRepository& repository, const common::Clock& clock,
                   absl::Duration refresh)
      : repository_(repository), clock_(clock), refresh_(refresh) {}

  // Start-up: stores the shipped catalogue file's text as a version if it is
  // new and makes it active; a version already stored keeps whatever is
  // active (an admin may have loaded a later one). `file` is recorded as who
  // loaded it. Safe when replicas start together.
  absl::Status Bootstrap(const std::string& shipped_text, const std::string& file);

  // Parses, stores and activates a new catalogue text (LoadCatalogue) for
  // `principal`. Parse errors are INVALID_ARGUMENT on `text`, naming the
  // line; nothing is stored then.
  absl::StatusOr<CatalogueVersion> Load(const std::string& text, const std::string& principal);

  // A stored version by name, "active" for the active one; a version longer
  // than any stored one is INVALID_ARGUMENT on `name`.
  absl::StatusOr<CatalogueVersion> Get(const std::string& version);

  // The active catalogue (re-read from the database when stale).
  absl::StatusOr<std::shared_ptr<const Catalogue>> Current();

 private:
  WarrantyRepository& repository_;
  const common::Clock& clock_;
  absl::Duration refresh_;
  absl::Mutex mu_;
  std::shared_ptr<const Catalogue> current_ ABSL_GUARDED_BY(mu_);
  absl::Time checked_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace fieldservice::warranty

#endif  // FIELDSERVICE_WARRANTY_DOMAIN_CATALOGUE_SERVICE_H_
