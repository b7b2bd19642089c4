// The warranty storage port (domain/warranty_repository.h) on a
// MySQL-protocol database. All of the warranty service's SQL lives here.
#ifndef FIELDSERVICE_WARRANTY_STORAGE_MYSQL_WARRANTY_REPOSITORY_H_
#define FIELDSERVICE_WARRANTY_STORAGE_MYSQL_WARRANTY_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "services/common/db_pool.h"
#include "services/common/migrations.h"
#include "services/common/transaction.h"
#include "services/warranty/domain/warranty_repository.h"

namespace fieldservice::warranty {

// The schema files of services/warranty/migrations, compiled in.
const std::vector<common::Migration>& EmbeddedMigrations();

class MySqlWarrantyRepository final : public WarrantyRepository {
 public:
  MySqlWarrantyRepository(common::ConnectionPool& pool, common::RetryPolicy retry)
      : pool_(pool), retry_(retry) {}

  absl::StatusOr<InsertedDecision> InsertDecision(const DecisionRecord& record) override;
  absl::StatusOr<DecisionRecord> GetDecision(const std::string& decision_id) override;
  absl::StatusOr<DecisionPage> ListDecisions(const DecisionQuery& query) override;

  absl::StatusOr<CatalogueRecord> StoreCatalogue(const CatalogueRecord& record) override;
  absl::StatusOr<CatalogueRecord> BootstrapCatalogue(const CatalogueRecord& record) override;
  absl::StatusOr<std::optional<CatalogueRecord>> ActiveCatalogue() override;
  absl::StatusOr<CatalogueRecord> GetCatalogue(const std::string& version) override;

 private:
  // The decision stored under a column's value, in a transaction of its own.
  absl::StatusOr<std::optional<DecisionRecord>> FindDecisionBy(const char* column,
                                                               const std::string& value);

  common::ConnectionPool& pool_;
  common::RetryPolicy retry_;
};

}  // namespace fieldservice::warranty

#endif  // FIELDSERVICE_WARRANTY_STORAGE_MYSQL_WARRANTY_REPOSITORY_H_
