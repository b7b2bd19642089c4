#include "tests/orders/orders_fixture.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/ids.h"
#include "services/common/migrations.h"
#include "services/orders/domain/orders_policy.h"
#include "tests/support/test_db.h"

namespace fieldservice::orders::testing {

void OrdersFixture::SetUp() {
  db_ = fieldservice::testing::CreateTestDatabase("orders");
  pool_ = std::make_unique<common::ConnectionPool>(db_);
  auto applied = common::ApplyMigrations(*pool_, EmbeddedMigrations(), absl::Seconds(30));
  ASSERT_TRUE(applied.ok()) << applied.status();
  auto calendar = common::WorkingCalendar::LoadFile(
      std::string(FS_SOURCE_DIR) + "/data/calendar/cn_holidays.txt", kChina);
  ASSERT_TRUE(calendar.ok()) << calendar.status();
  calendar_ = std::make_unique<common::WorkingCalendar>(*calendar);
  auto policy = LoadOrdersPolicy(std::string(FS_SOURCE_DIR) + "/data/orders");
  ASSERT_TRUE(policy.ok()) << policy.status();
  order_repository_ = std::make_unique<MySqlOrderRepository>(*pool_, common::RetryPolicy{});
  approval_repository_ = std::make_unique<MySqlApprovalRepository>(*pool_, common::RetryPolicy{});
  orders_ = std::make_unique<OrderService>(*order_repository_, clock_, *calendar_, *policy);
  approvals_ =
      std::make_unique<ApprovalService>(*approval_repository_, clock_, policy->approval_chains);
}

void OrdersFixture::TearDown() {
  approvals_.reset();
  orders_.reset();
  pool_.reset();
  fieldservice::testing::DropTestDatabase(db_);
}

NewOrder OrdersFixture::ValidOrder() const {
  NewOrder o;
  o.contact_type = ContactType::kRepair;
  o.customer.name = "张三";
  o.customer.phone = "138 1234 5678";
  o.customer.address = {"440106", "天河区天河路385号太古汇2座1201室", GeoPoint{23.13, 113.33}};
  o.product = {
      "refrigerator",         "海尔", "BCD-470WDPG", "BA0123456789", absl::CivilDay(2026, 3, 1),
      "24440000000012345678", true,   false};
  o.warranty_claim.price_paid_fen = 329900;  // on the invoice; a return refunds it
  o.fault_description = "冷藏室不制冷，冷冻正常";
  o.service_mode = ServiceMode::kOnSite;
  absl::Time now = clock_.Now();
  o.preferred_window = TimeWindow{now + absl::Hours(23), now + absl::Hours(26)};
  o.taking_agent = "agent-1001";
  o.call_ended_at = now - absl::Minutes(1);
  return o;
}

void OrdersFixture::MustDecide(const RepairOrder& order, std::vector<Remedy> remedies,
                               int64_t refund_fen) {
  WarrantyInfo info;
  info.state = WarrantyState::kDecided;
  info.decision = "decisions/test-" + order.order_number;
  info.coverage = "FREE";
  info.remedies = std::move(remedies);
  if (refund_fen > 0)
    info.refund = WarrantyRefund{.price_fen = refund_fen, .amount_fen = refund_fen};
  auto recorded =
      orders_->RecordWarrantyDecision(order.order_number, order.warranty.request_id, info);
  ASSERT_TRUE(recorded.ok()) << recorded.status();
  ASSERT_EQ(recorded->warranty.state, WarrantyState::kDecided);
}

RepairOrder OrdersFixture::MustCreate() { return MustCreate(ValidOrder()); }

RepairOrder OrdersFixture::MustCreate(const NewOrder& order) {
  auto created = orders_->Create(common::NewUuid(), order, agent_);
  EXPECT_TRUE(created.ok()) << created.status();
  return created.ok() ? created->order : RepairOrder{};
}

void OrdersFixture::ExecuteSql(const std::string& statement) {
  auto lease = pool_->Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  try {
    std::unique_ptr<sql::Statement> st(lease->connection().createStatement());
    // A statement that answers with rows (ANALYZE TABLE) has them read, so
    // the connection goes back to the pool ready for the next command.
    if (st->execute(statement)) std::unique_ptr<sql::ResultSet>(st->getResultSet());
  } catch (const sql::SQLException& e) {
    ADD_FAILURE() << e.what() << " in: " << statement;
  }
}

std::string OrdersFixture::DigitSequence() {
  std::vector<std::string> digits;
  for (int d = 0; d < 10; ++d) digits.push_back(absl::StrCat("SELECT ", d, " AS n"));
  const std::string ten = absl::StrCat("(", absl::StrJoin(digits, " UNION ALL "), ")");
  return absl::StrCat("(SELECT a.n + 10 * b.n + 100 * c.n + 1000 * d.n + 10000 * e.n AS n FROM ",
                      ten, " a, ", ten, " b, ", ten, " c, ", ten, " d, ", ten, " e) seq");
}

}  // namespace fieldservice::orders::testing
