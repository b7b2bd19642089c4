// The quality storage port (domain/quality_repository.h) on a
// MySQL-protocol database, in the callback service's database (migration
// 0004_quality.sql). All of the quality signals' SQL lives here.
#ifndef FIELDSERVICE_CALLBACK_STORAGE_MYSQL_QUALITY_REPOSITORY_H_
#define FIELDSERVICE_CALLBACK_STORAGE_MYSQL_QUALITY_REPOSITORY_H_

#include <string>
#include <vector>

#include "services/callback/domain/quality_repository.h"
#include "services/common/db_pool.h"
#include "services/common/transaction.h"

namespace fieldservice::callback {

class MySqlQualityRepository final : public QualityRepository {
 public:
  MySqlQualityRepository(common::ConnectionPool& pool, common::RetryPolicy retry)
      : pool_(pool), retry_(retry) {}

  absl::StatusOr<FaultRecorded> RecordFault(const FaultReport& report, absl::Time now,
                                            const SheetRule& rule) override;
  absl::StatusOr<SalesImported> ImportSales(const std::vector<SalesFigure>& rows,
                                            const std::string& actor, absl::Time now,
                                            const SheetRule& rule) override;
  absl::StatusOr<std::vector<SalesFigure>> ListSales(const std::string& model) override;
  absl::StatusOr<QualitySheet> GetSheet(int64_t id) override;
  absl::StatusOr<SheetPage> ListSheets(const SheetFilter& filter, std::optional<int64_t> after,
                                       int limit) override;
  absl::StatusOr<QualitySheet> ChangeSheet(int64_t id, const SheetChange& change) override;
  absl::StatusOr<std::vector<QualitySheet>> SheetsActive(absl::Time from, absl::Time to) override;

 private:
  common::ConnectionPool& pool_;
  common::RetryPolicy retry_;
};

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_STORAGE_MYSQL_QUALITY_REPOSITORY_H_
