// ApprovalRepository on a MySQL-protocol database. Every change locks the
// order row and appends to the order's audit trail in the same transaction.
#ifndef FIELDSERVICE_ORDERS_STORAGE_MYSQL_APPROVAL_REPOSITORY_H_
#define FIELDSERVICE_ORDERS_STORAGE_MYSQL_APPROVAL_REPOSITORY_H_

#include "services/common/db_pool.h"
#include "services/common/transaction.h"
#include "services/orders/domain/approval_service.h"

namespace fieldservice::orders {

class MySqlApprovalRepository final : public ApprovalRepository {
 public:
  MySqlApprovalRepository(common::ConnectionPool& pool, common::RetryPolicy retry)
      : pool_(pool), retry_(retry) {}

  absl::StatusOr<ApprovalCreateResult> Create(ApprovalRecord record, const AuditEvent& event,
                                              const CheckOrderFn& check_order) override;
  absl::StatusOr<ApprovalRecord> Get(const std::string& order_number, int64_t approval_id) override;
  absl::StatusOr<std::vector<ApprovalRecord>> List(const std::string& order_number) override;
  absl::StatusOr<ApprovalRecord> Mutate(const std::string& order_number, int64_t approval_id,
                                        const ChangeFn& change) override;

 private:
  common::ConnectionPool& pool_;
  common::RetryPolicy retry_;
};

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_STORAGE_MYSQL_APPROVAL_REPOSITORY_H_
