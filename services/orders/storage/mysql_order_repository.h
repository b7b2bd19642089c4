// OrderRepository on a MySQL-protocol database (MariaDB, MySQL 8, TiDB).
#ifndef FIELDSERVICE_ORDERS_STORAGE_MYSQL_ORDER_REPOSITORY_H_
#define FIELDSERVICE_ORDERS_STORAGE_MYSQL_ORDER_REPOSITORY_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "services/common/db_pool.h"
#include "services/common/migrations.h"
#include "services/common/sql.h"
#include "services/common/transaction.h"
#include "services/orders/domain/order_repository.h"
#include "services/orders/storage/order_number_blocks.h"

namespace fieldservice::orders {

// The schema files of services/orders/migrations, compiled in.
const std::vector<common::Migration>& EmbeddedMigrations();

// A query's text with the values it binds, in order. The repository runs
// exactly these; they are public so a storage test can EXPLAIN the real SQL.
struct BoundQuery {
  std::string sql;
  std::vector<std::function<void(common::Statement&)>> binders;
  void BindAll(common::Statement& st) const {
    for (const auto& bind : binders) bind(st);
  }
};

// ListRepairOrders: one page of orders matching `query` (limit + 1 rows).
BoundQuery ListOrdersQuery(const OrderQuery& query);
// The sweeper's page of due deadlines: DeadlinesToSweep.
BoundQuery DeadlinesToSweepQuery(absl::Time now, const std::optional<DueDeadline>& after,
                                 int limit);

class MySqlOrderRepository final : public OrderRepository {
 public:
  // `order_number_block`: order numbers reserved at once (order_number_blocks.h).
  MySqlOrderRepository(common::ConnectionPool& pool, common::RetryPolicy retry,
                       int order_number_block = kDefaultOrderNumberBlock)
      : pool_(pool), retry_(retry), numbers_(pool, retry, order_number_block) {}
  static constexpr int kDefaultOrderNumberBlock = 100;

  absl::StatusOr<CreateResult> Create(RepairOrder order, absl::CivilDay business_day,
                                      OrderChanges changes,
                                      const std::function<void(RepairOrder&)>& numbered) override;
  absl::StatusOr<RepairOrder> Get(const std::string& order_number) override;
  absl::StatusOr<OrderPage> List(const OrderQuery& query) override;
  absl::StatusOr<RepairOrder> Mutate(const std::string& order_number,
                                     std::optional<int64_t> expected_version,
                                     const ChangeFn& change) override;
  absl::StatusOr<EventPage> ListEvents(const std::string& order_number, int64_t after_sequence,
                                       int limit) override;
  absl::StatusOr<std::vector<DueDeadline>> DeadlinesToSweep(absl::Time now,
                                                            const std::optional<DueDeadline>& after,
                                                            int limit) override;
  absl::StatusOr<int> OweForStatuses(const std::string& topic,
                                     std::span<const OrderStatus> statuses, ServiceMode mode,
                                     absl::Time now) override;

 private:
  common::ConnectionPool& pool_;
  common::RetryPolicy retry_;
  OrderNumberBlocks numbers_;
};

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_STORAGE_MYSQL_ORDER_REPOSITORY_H_
