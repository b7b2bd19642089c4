// The dispatch queue's storage port (domain/dispatch_repository.h) on a
// MySQL-protocol database.
#ifndef FIELDSERVICE_SCHEDULING_STORAGE_MYSQL_DISPATCH_REPOSITORY_H_
#define FIELDSERVICE_SCHEDULING_STORAGE_MYSQL_DISPATCH_REPOSITORY_H_

#include "services/common/db_pool.h"
#include "services/common/transaction.h"
#include "services/scheduling/domain/dispatch_repository.h"

namespace fieldservice::scheduling {

class MySqlDispatchRepository final : public DispatchRepository {
 public:
  MySqlDispatchRepository(common::ConnectionPool& pool, common::RetryPolicy retry)
      : pool_(pool), retry_(retry) {}

  absl::StatusOr<DispatchJob> SyncJob(const std::string& order_number, const SyncFn& sync) override;
  absl::StatusOr<std::optional<DispatchJob>> GetJob(const std::string& order_number) override;
  absl::StatusOr<QueuePage> ListQueue(std::optional<int64_t> after, int limit) override;

 private:
  common::ConnectionPool& pool_;
  common::RetryPolicy retry_;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_STORAGE_MYSQL_DISPATCH_REPOSITORY_H_
