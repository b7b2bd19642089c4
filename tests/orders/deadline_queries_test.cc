// The deadline queries the orders repository issues are served by indexes
// (migration 0010): on 100,000 orders, EXPLAIN of each shows an index on
// every base table and a number of rows examined that follows the deadlines
// due, not the size of the table. The SQL is the repository's own
// (ListOrdersQuery, DeadlinesToSweepQuery), bound as the repository binds it.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "services/common/sql.h"
#include "services/orders/storage/order_rows.h"
#include "tests/orders/orders_fixture.h"

namespace fieldservice::orders::testing {
namespace {

constexpr int kOrders = 100000;
// Open deadlines past their warning time in the data below: 50 overdue and
// one at risk. A plan may read these and a little more, never the table.
constexpr int kLateDeadlines = 51;
constexpr int kMostRowsExamined = 4 * kLateDeadlines;

struct PlanRow {
  std::string table, type, key;
  int64_t rows = 0;
};

class DeadlineQueriesTest : public OrdersFixture {
 protected:
  // Copies one real order (made through the service, so every column the
  // schema has is filled) kOrders times with their own numbers; a third of
  // them closed (never one of the 1 in 50 with an open follow-up below).
  void InsertOrders() {
    RepairOrder model = MustCreate();
    // The column list of the repository's own INSERT.
    const std::string& insert = rows::InsertOrderSql();
    const size_t open = insert.find('(') + 1;
    const std::string columns = insert.substr(open, insert.find(')') - open);
    std::vector<std::string> values;
    for (absl::string_view column : absl::StrSplit(columns, ", ")) {
      if (column == "order_number") {
        values.push_back("CONCAT('B', seq.n)");
      } else if (column == "request_id") {
        values.push_back("CONCAT('bulk-', seq.n)");
      } else if (column == "status") {
        values.push_back("IF(seq.n % 3 = 0 AND seq.n % 50 <> 1, 'closed', m.status)");
      } else {
        values.push_back(absl::StrCat("m.", column));
      }
    }
    // Copied from a table of its own: a table read while it is inserted
    // into would be buffered whole in a temporary table first.
    ExecuteSql(absl::StrCat("CREATE TABLE bulk_model AS SELECT * FROM repair_orders WHERE id = ",
                            model.id));
    ExecuteSql(absl::StrCat("INSERT INTO repair_orders (", columns, ") SELECT ",
                            absl::StrJoin(values, ", "), " FROM bulk_model m, ", DigitSequence()));
    ExecuteSql("DROP TABLE bulk_model");
  }

  // Every order's entry deadline was met. One in five has a follow-up: met,
  // closed with its closed order, or (1 in 50 orders) open. Open ones fall
  // due an hour apart from 50 hours ago: 50 overdue, one at risk (due now,
  // warned 30 minutes before), the rest on track.
  void InsertDeadlines(absl::Time now) {
    const std::string t = absl::StrCat("'", common::FormatSqlTime(now), "'");
    ExecuteSql(
        absl::StrCat("INSERT INTO order_deadlines (order_id, kind, due_at, warn_at, met_at)"
                     " SELECT id, 'order_entry', ",
                     t, ", ", t, " - INTERVAL 36 SECOND, ", t,
                     " - INTERVAL 1 MINUTE FROM repair_orders WHERE order_number LIKE 'B%'"));
    const std::string n = "CAST(SUBSTRING(o.order_number, 2) AS SIGNED)";
    const std::string due = absl::StrCat(t, " + INTERVAL (", n, " DIV 50 - 50) HOUR");
    const std::string open = absl::StrCat("(", n, " % 50 = 1)");
    ExecuteSql(absl::StrCat(
        "INSERT INTO order_deadlines (order_id, kind, due_at, warn_at, met_at, closed_at,"
        " sweep_at) SELECT o.id, 'follow_up', ",
        due, ", ", due, " - INTERVAL 30 MINUTE,", " IF(", open, " OR o.status = 'closed', NULL, ",
        due, " - INTERVAL 1 HOUR),", " IF(NOT ", open, " AND o.status = 'closed', ", t, ", NULL),",
        " IF(", open, ", ", due, " - INTERVAL 30 MINUTE, NULL)",
        " FROM repair_orders o WHERE o.order_number LIKE 'B%' AND ", n, " % 5 = 1"));
    ExecuteSql("ANALYZE TABLE repair_orders, order_deadlines");
  }

  std::vector<PlanRow> Explain(const BoundQuery& query) {
    std::vector<PlanRow> plan;
    auto lease = pool_->Acquire();
    EXPECT_TRUE(lease.ok()) << lease.status();
    if (!lease.ok()) return plan;
    common::Statement st(lease->connection(), absl::StrCat("EXPLAIN ", query.sql).c_str());
    query.BindAll(st);
    auto rs = st.Query();
    while (rs->next()) {
      plan.push_back({std::string(rs->getString("table")), std::string(rs->getString("type")),
                      rs->isNull("key") ? "" : std::string(rs->getString("key")),
                      rs->getInt64("rows")});
    }
    return plan;
  }

  // No base table is scanned whole (type ALL, or a full index scan), each is
  // read through a key, and none is estimated to examine more than `most`
  // rows. Rows "<subqueryN>"/"<derivedN>" are materialised results of the
  // rows already counted.
  void ExpectIndexed(const std::string& what, const BoundQuery& query) {
    std::vector<PlanRow> plan = Explain(query);
    ASSERT_FALSE(plan.empty()) << what;
    for (const PlanRow& row : plan) {
      if (row.table.starts_with("<")) continue;
      EXPECT_NE(row.type, "ALL") << what << ": full scan of " << row.table;
      EXPECT_NE(row.type, "index") << what << ": full index scan of " << row.table;
      EXPECT_FALSE(row.key.empty()) << what << ": no index on " << row.table;
      EXPECT_LE(row.rows, kMostRowsExamined)
          << what << ": " << row.table << " examines " << row.rows << " rows by " << row.key;
    }
  }
};

TEST_F(DeadlineQueriesTest, EveryDeadlineQueryUsesAnIndexOn100000Orders) {
  const absl::Time now = clock_.Now();
  InsertOrders();
  InsertDeadlines(now);

  // The data is what the comments say, through the repository.
  auto late =
      orders_->List({.deadline_filter = DeadlineFilter::kAtRiskOrOverdue, .limit = 500}, agent_);
  ASSERT_TRUE(late.ok()) << late.status();
  ASSERT_EQ(static_cast<int>(late->orders.size()), kLateDeadlines);
  auto overdue = orders_->List({.deadline_filter = DeadlineFilter::kOverdue, .limit = 500}, agent_);
  ASSERT_TRUE(overdue.ok()) << overdue.status();
  EXPECT_EQ(static_cast<int>(overdue->orders.size()), kLateDeadlines - 1);

  for (DeadlineFilter filter : {DeadlineFilter::kAtRiskOrOverdue, DeadlineFilter::kOverdue}) {
    OrderQuery q{.deadline_filter = filter, .now = now};
    ExpectIndexed("list, first page", ListOrdersQuery(q));
    q.before_id = late->orders[10].id;
    ExpectIndexed("list, next page", ListOrdersQuery(q));
    q.statuses = {OrderStatus::kReceived};
    ExpectIndexed("list by status", ListOrdersQuery(q));
  }
  auto due = order_repository_->DeadlinesToSweep(now, std::nullopt, 20);
  ASSERT_TRUE(due.ok()) << due.status();
  ASSERT_EQ(due->size(), 20u);
  ExpectIndexed("sweep, first page", DeadlinesToSweepQuery(now, std::nullopt, 200));
  ExpectIndexed("sweep, next page", DeadlinesToSweepQuery(now, due->back(), 200));
}

}  // namespace
}  // namespace fieldservice::orders::testing
