#include "services/warranty/catalogue_cache.h"

#include "absl/strings/str_cat.h"

namespace fieldservice::warranty {

absl::StatusOr<std::shared_ptr<const Catalogue>> CatalogueCache::Parse(const std::string& text) {
  auto parsed = ParseCatalogue(text);
  if (!parsed.ok()) return parsed.status();
  return std::make_shared<const Catalogue>(*std::move(parsed));
}

absl::Status CatalogueCache::Bootstrap(const std::string& shipped_text) {
  auto shipped = Parse(shipped_text);
  if (!shipped.ok()) return shipped.status();
  auto active = repository_.ActiveCatalogue();
  if (!active.ok()) return active.status();
  bool first = !active->has_value();
  auto known = repository_.GetCatalogue((*shipped)->version());
  if (known.ok()) {
    if (known->text != shipped_text) {
      return absl::FailedPreconditionError(
          absl::StrCat("catalogue version ", (*shipped)->version(),
                       " is stored with a different text; give the changed file a new version"));
    }
    if (!first) return absl::OkStatus();  // keep what is active
  } else if (known.status().code() != absl::StatusCode::kNotFound) {
    return known.status();
  }
  auto stored = repository_.StoreCatalogue((*shipped)->version(), shipped_text, clock_.Now(),
                                           /*activate=*/true);
  return stored.status();
}

absl::StatusOr<CatalogueRecord> CatalogueCache::Load(const std::string& text) {
  auto parsed = Parse(text);
  if (!parsed.ok()) return parsed.status();
  auto stored = repository_.StoreCatalogue((*parsed)->version(), text, clock_.Now(),
                                           /*activate=*/true);
  if (!stored.ok()) return stored.status();
  absl::MutexLock lock(&mu_);
  current_ = *parsed;
  checked_at_ = clock_.Now();
  return stored;
}

absl::StatusOr<std::shared_ptr<const Catalogue>> CatalogueCache::Current() {
  absl::Time now = clock_.Now();
  {
    absl::MutexLock lock(&mu_);
    if (current_ != nullptr && now - checked_at_ < refresh_) return current_;
  }
  auto active = repository_.ActiveCatalogue();
  if (!active.ok()) return active.status();
  if (!active->has_value()) return absl::FailedPreconditionError("no catalogue is loaded");
  absl::MutexLock lock(&mu_);
  if (current_ == nullptr || current_->version() != (*active)->version) {
    auto parsed = Parse((*active)->text);
    if (!parsed.ok()) return parsed.status();
    current_ = *parsed;
  }
  checked_at_ = now;
  return current_;
}

}  // namespace fieldservice::warranty
