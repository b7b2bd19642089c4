#include "services/warranty/domain/catalogue_service.h"

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/logging.h"
#include "services/common/utf8.h"
#include "services/warranty/domain/field_limits.h"

namespace fieldservice::warranty {
namespace {

// The text as a catalogue, or INVALID_ARGUMENT on `text` naming the line.
absl::StatusOr<std::shared_ptr<const Catalogue>> Parse(const std::string& text) {
  auto parsed = ParseCatalogue(text);
  if (!parsed.ok()) {
    if (parsed.status().code() != absl::StatusCode::kInvalidArgument) return parsed.status();
    return common::InvalidArgumentError({{"text", std::string(parsed.status().message())}});
  }
  common::Violations v;
  CheckLength("catalogue.version", "text", parsed->version(), v);
  if (!v.empty()) {
    return common::InvalidArgumentError(
        {{"text", absl::StrCat("the version line: ", v.list().front().description)}});
  }
  return std::make_shared<const Catalogue>(*std::move(parsed));
}

}  // namespace

absl::Status CatalogueService::Bootstrap(const std::string& shipped_text, const std::string& file) {
  auto shipped = Parse(shipped_text);
  if (!shipped.ok()) return shipped.status();
  CatalogueRecord record{(*shipped)->version(),
                         shipped_text,
                         false,
                         clock_.Now(),
                         CatalogueSource::kShipped,
                         std::string(common::LeadingChars(absl::StrCat("shipped:", file),
                                                          MaxChars("catalogue.loaded_by")))};
  return repository_.BootstrapCatalogue(record).status();
}

absl::StatusOr<CatalogueVersion> CatalogueService::Load(const std::string& text,
                                                        const std::string& principal) {
  if (text.empty()) return common::InvalidArgumentError({{"text", "required: the catalogue text"}});
  auto parsed = Parse(text);
  if (!parsed.ok()) return parsed.status();
  const absl::Time now = clock_.Now();
  CatalogueRecord record{
      (*parsed)->version(),
      text,
      false,
      now,
      CatalogueSource::kAdmin,
      std::string(common::LeadingChars(principal, MaxChars("catalogue.loaded_by")))};
  auto stored = repository_.StoreCatalogue(record);
  if (!stored.ok()) return stored.status();
  absl::MutexLock lock(&mu_);
  current_ = *parsed;
  checked_at_ = now;
  return CatalogueVersion{*std::move(stored), *parsed};
}

absl::StatusOr<CatalogueVersion> CatalogueService::Get(const std::string& version) {
  common::Violations v;
  CheckLength("catalogue.version", "name", version, v);
  if (!v.empty()) return v.ToStatus();
  absl::StatusOr<CatalogueRecord> record;
  if (version == "active") {
    auto active = repository_.ActiveCatalogue();
    if (!active.ok()) return active.status();
    if (!active->has_value()) return absl::NotFoundError("no catalogue is active");
    record = **active;
  } else {
    record = repository_.GetCatalogue(version);
  }
  if (!record.ok()) return record.status();
  auto parsed = ParseCatalogue(record->text);
  std::shared_ptr<const Catalogue> catalogue;
  if (parsed.ok()) catalogue = std::make_shared<const Catalogue>(*std::move(parsed));
  return CatalogueVersion{*std::move(record), std::move(catalogue)};
}

absl::StatusOr<std::shared_ptr<const Catalogue>> CatalogueService::Current() {
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
    if (!parsed.ok()) {
      // Stored at load, so it parsed then: not the caller's mistake.
      common::LogError("catalogue_unreadable", {{"version", (*active)->version}});
      return absl::DataLossError(
          absl::StrCat("the active catalogue ", (*active)->version, " cannot be read"));
    }
    current_ = *parsed;
  }
  checked_at_ = now;
  return current_;
}

}  // namespace fieldservice::warranty
