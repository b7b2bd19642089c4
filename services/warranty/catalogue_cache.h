// The active catalogue, parsed once and shared by every call. The database
// says which version is active (LoadCatalogue on any replica changes it);
// each replica re-checks at most every `refresh` so all of them follow.
#ifndef FIELDSERVICE_WARRANTY_CATALOGUE_CACHE_H_
#define FIELDSERVICE_WARRANTY_CATALOGUE_CACHE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/common/clock.h"
#include "services/warranty/domain/catalogue.h"
#include "services/warranty/storage/warranty_repository.h"

namespace fieldservice::warranty {

class CatalogueCache {
 public:
  CatalogueCache(WarrantyRepository& repository, const common::Clock& clock, absl::Duration refresh)
      : repository_(repository), clock_(clock), refresh_(refresh) {}

  // Start-up: stores the shipped catalogue file's text as a version if it is
  // new and makes it active; a version already stored keeps whatever is
  // active (an admin may have loaded a later one).
  absl::Status Bootstrap(const std::string& shipped_text);

  // Parses, stores and activates a new catalogue text (LoadCatalogue). Parse
  // errors name the line; nothing is stored then.
  absl::StatusOr<CatalogueRecord> Load(const std::string& text);

  // The active catalogue (re-read from the database when stale).
  absl::StatusOr<std::shared_ptr<const Catalogue>> Current();

 private:
  absl::StatusOr<std::shared_ptr<const Catalogue>> Parse(const std::string& text);

  WarrantyRepository& repository_;
  const common::Clock& clock_;
  absl::Duration refresh_;
  absl::Mutex mu_;
  std::shared_ptr<const Catalogue> current_ ABSL_GUARDED_BY(mu_);
  absl::Time checked_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace fieldservice::warranty

#endif  // FIELDSERVICE_WARRANTY_CATALOGUE_CACHE_H_
