// Storage of catalogue versions and decisions on a MySQL-protocol database.
// A decision is an opaque document (the API's serialised Decision) plus the
// columns it is found by; storage never interprets it.
#ifndef FIELDSERVICE_WARRANTY_STORAGE_WARRANTY_REPOSITORY_H_
#define FIELDSERVICE_WARRANTY_STORAGE_WARRANTY_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/db_pool.h"
#include "services/common/migrations.h"
#include "services/common/transaction.h"

namespace fieldservice::warranty {

// The schema files of services/warranty/migrations, compiled in.
const std::vector<common::Migration>& EmbeddedMigrations();

struct DecisionRecord {
  int64_t id = 0;  // storage order, for paging
  std::string decision_id;
  std::string request_id;
  std::string order;  // "repairOrders/..." or empty
  std::string serial;
  std::string catalogue_version;
  std::string coverage;
  std::string document;  // the Decision message as JSON
  absl::Time created_at;
};

struct CatalogueRecord {
  std::string version;
  std::string text;
  bool active = false;
  absl::Time loaded_at;
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

class WarrantyRepository {
 public:
  WarrantyRepository(common::ConnectionPool& pool, common::RetryPolicy retry)
      : pool_(pool), retry_(retry) {}

  // Stores a decision; if its request_id is known returns the stored one
  // instead (second: false). Concurrent duplicates store one.
  absl::StatusOr<std::pair<DecisionRecord, bool>> InsertDecision(const DecisionRecord& record);
  absl::StatusOr<DecisionRecord> GetDecision(const std::string& decision_id);
  absl::StatusOr<DecisionPage> ListDecisions(const DecisionQuery& query);

  // Stores a catalogue version and makes it the active one. The same version
  // with the same text is a no-op that activates it; with another text it is
  // ALREADY_EXISTS (a version is never rewritten).
  absl::StatusOr<CatalogueRecord> StoreCatalogue(const std::string& version,
                                                 const std::string& text, absl::Time now,
                                                 bool activate);
  absl::StatusOr<std::optional<CatalogueRecord>> ActiveCatalogue();
  absl::StatusOr<CatalogueRecord> GetCatalogue(const std::string& version);

 private:
  absl::StatusOr<std::optional<DecisionRecord>> FindByRequestId(const std::string& request_id);

  common::ConnectionPool& pool_;
  common::RetryPolicy retry_;
};

}  // namespace fieldservice::warranty

#endif  // FIELDSERVICE_WARRANTY_STORAGE_WARRANTY_REPOSITORY_H_
