// The storage port of the warranty domain: catalogue versions and stored
// decisions, with no SQL in sight. storage/mysql_warranty_repository
// implements it. A decision is stored as an opaque document (the API's
// serialised Decision, rendered by the caller) plus the columns it is found
// by; storage never interprets the document.
#ifndef FIELDSERVICE_WARRANTY_DOMAIN_WARRANTY_REPOSITORY_H_
#define FIELDSERVICE_WARRANTY_DOMAIN_WARRANTY_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/warranty/domain/decision.h"

namespace fieldservice::warranty {

struct DecisionRecord {
  int64_t id = 0;  // storage order, for paging
  std::string decision_id;
  std::string request_id;
  // A hash of the request as sent (same request_id, other request: refused).
  // Empty for decisions stored before fingerprints were kept.
  std::string request_fingerprint;
  std::string order;  // "repairOrders/..." or empty
  std::string serial;
  std::string catalogue_version;
  Coverage coverage = Coverage::kPaid;
  std::string document;  // the Decision message as the API renders it
  absl::Time created_at;
};

// How a catalogue version came to be stored.
enum class CatalogueSource {
  kShipped,     // the file shipped with the binary, stored at start-up
  kAdmin,       // LoadCatalogue by an administrator
  kUnrecorded,  // stored before sources were recorded (migration 0002)
};
// Names: kCatalogueSourceNames (enum_names.h).

struct CatalogueRecord {
  std::string version;
  std::string text;
  bool active = false;
  absl::Time loaded_at;
  CatalogueSource source = CatalogueSource::kAdmin;
  std::string loaded_by;  // the admin's principal, or the shipped file's path
};

struct DecisionQuery {
  std::string serial;  // exactly one of serial and order
  std::string order;
  std::optional<int64_t> before_id;
  int limit = 50;
};

struct DecisionPage {
  std::vector<DecisionRecord> decisions;
  std::optional<int64_t> next_before_id;
};

struct InsertedDecision {
  DecisionRecord record;
  bool created = false;  // false: the request_id had already made `record`
};

class WarrantyRepository {
 public:
  virtual ~WarrantyRepository() = default;

  // Stores a decision; if its request_id is known returns the stored one
  // instead (created: false). Concurrent duplicates store one.
  virtual absl::StatusOr<InsertedDecision> InsertDecision(const DecisionRecord& record) = 0;
  virtual absl::StatusOr<DecisionRecord> GetDecision(const std::string& decision_id) = 0;
  virtual absl::StatusOr<DecisionPage> ListDecisions(const DecisionQuery& query) = 0;

  // An administrator's version: stored (if new) and made the active one. The
  // same version with the same text only activates it; with another text it
  // is ALREADY_EXISTS (a version is never rewritten).
  virtual absl::StatusOr<CatalogueRecord> StoreCatalogue(const CatalogueRecord& record) = 0;
  // The shipped file at start-up, safe when replicas start together: stored
  // if new, and then activated only if it is new or no version is active, so
  // a version an administrator loaded later stays active. The same version
  // with another text is FAILED_PRECONDITION.
  virtual absl::StatusOr<CatalogueRecord> BootstrapCatalogue(const CatalogueRecord& record) = 0;
  virtual absl::StatusOr<std::optional<CatalogueRecord>> ActiveCatalogue() = 0;
  virtual absl::StatusOr<CatalogueRecord> GetCatalogue(const std::string& version) = 0;
};

}  // namespace fieldservice::warranty

#endif  // FIELDSERVICE_WARRANTY_DOMAIN_WARRANTY_REPOSITORY_H_
