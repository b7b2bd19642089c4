// A real orders stack on a fresh MariaDB database: pool, migrations, the
// shipped policies and calendar, MySQL repositories and the domain services,
// driven by a FakeClock. Shared by the storage/service and API tests.
#ifndef FIELDSERVICE_TESTS_ORDERS_ORDERS_FIXTURE_H_
#define FIELDSERVICE_TESTS_ORDERS_ORDERS_FIXTURE_H_

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "services/common/calendar.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/orders/domain/approval_service.h"
#include "services/orders/domain/order_service.h"
#include "services/orders/storage/mysql_approval_repository.h"
#include "services/orders/storage/mysql_order_repository.h"

namespace fieldservice::orders::testing {

inline const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

// A local (UTC+8) time as an instant.
inline absl::Time China(int y, int mo, int d, int h, int mi) {
  return absl::FromCivil(absl::CivilMinute(y, mo, d, h, mi), kChina);
}

class OrdersFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A repair order that passes every intake rule at the fixture's clock.
  NewOrder ValidOrder() const;
  // Records a 三包 decision on `order` as the warranty service would answer
  // its pending request: the remedies, and a refund of `refund_fen` when
  // return is one of them.
  void MustDecide(const RepairOrder& order, std::vector<Remedy> remedies, int64_t refund_fen = 0);
  // Creates ValidOrder() (or `order`) with a fresh request id; fails the test on error.
  RepairOrder MustCreate();
  RepairOrder MustCreate(const NewOrder& order);
  // Runs one SQL statement on the test database outside the repositories:
  // for setting up states the API cannot make (old rows, broken rows).
  void ExecuteSql(const std::string& statement);
  // A derived table `seq` of n = 0 .. 99,999 from five cross-joined digit
  // tables (portable SQL), for filling a table with many rows in one INSERT.
  static std::string DigitSequence();

  common::DbSettings db_;
  std::unique_ptr<common::ConnectionPool> pool_;
  common::FakeClock clock_{China(2026, 11, 23, 10, 0)};
  std::unique_ptr<common::WorkingCalendar> calendar_;
  std::unique_ptr<MySqlOrderRepository> order_repository_;
  std::unique_ptr<MySqlApprovalRepository> approval_repository_;
  std::unique_ptr<OrderService> orders_;
  std::unique_ptr<ApprovalService> approvals_;
  // The call agent taking the orders; the policy lets agents see (and so
  // correct) customers' phones and addresses.
  const Actor agent_{.principal = "agent-1001", .roles = {"agent"}, .grants = {"phone"}};
};

}  // namespace fieldservice::orders::testing

#endif  // FIELDSERVICE_TESTS_ORDERS_ORDERS_FIXTURE_H_
