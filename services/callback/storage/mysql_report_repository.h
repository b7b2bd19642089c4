// The reports' storage port (domain/report_repository.h) on a MySQL-protocol
// database: read-only queries over the callback tasks and their child rows.
#ifndef FIELDSERVICE_CALLBACK_STORAGE_MYSQL_REPORT_REPOSITORY_H_
#define FIELDSERVICE_CALLBACK_STORAGE_MYSQL_REPORT_REPOSITORY_H_

#include <vector>

#include "services/callback/domain/report_repository.h"
#include "services/common/db_pool.h"
#include "services/common/transaction.h"

namespace fieldservice::callback {

class MySqlReportRepository final : public ReportRepository {
 public:
  MySqlReportRepository(common::ConnectionPool& pool, common::RetryPolicy retry)
      : pool_(pool), retry_(retry) {}

  absl::StatusOr<std::vector<ReportVisit>> Visits(VisitSelection which, absl::Time from,
                                                  absl::Time to) override;

 private:
  common::ConnectionPool& pool_;
  common::RetryPolicy retry_;
};

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_STORAGE_MYSQL_REPORT_REPOSITORY_H_
