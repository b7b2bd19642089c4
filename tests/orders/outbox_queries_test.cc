// The outbox relay's statements stay on indexes as the outbox grows
// (migrations 0003 and 0030): on the orders schema with 20,000 delivered and
// 2,000 due messages, EXPLAIN of the lease, the read of the leases and the
// purge shows an index range and no sort of the backlog. The SQL is the
// relay's own (outbox_sql in services/common/outbox.h), bound as it binds it.
#include <cppconn/resultset.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "services/common/outbox.h"
#include "services/common/sql.h"
#include "tests/orders/orders_fixture.h"

namespace fieldservice::orders::testing {
namespace {

constexpr int kDelivered = 20000;
constexpr int kDue = 2000;
constexpr int kBatch = 100;

struct PlanRow {
  std::string type, key, extra;
  int64_t rows = 0;
};

class OutboxQueriesTest : public OrdersFixture {
 protected:
  // Messages one second apart before `now`: delivered ones, then due ones.
  void InsertMessages(absl::Time now) {
    const std::string t = absl::StrCat("'", common::FormatSqlTime(now), "'");
    auto insert = [&](int count, const std::string& delivered) {
      ExecuteSql(absl::StrCat(
          "INSERT INTO outbox (message_id, topic, payload, created_at, attempts, next_attempt_at,"
          " delivered_at) SELECT UUID(), 'warranty.decide', 'p', ",
          t, " - INTERVAL seq.n SECOND, 0, ", t, " - INTERVAL seq.n SECOND, ", delivered, " FROM ",
          DigitSequence(), " WHERE seq.n < ", count));
    };
    insert(kDelivered, absl::StrCat(t, " - INTERVAL seq.n SECOND"));
    insert(kDue, "NULL");
    ExecuteSql("ANALYZE TABLE outbox");
  }

  std::vector<PlanRow> Explain(const char* sql,
                               const std::function<void(common::Statement&)>& bind) {
    std::vector<PlanRow> plan;
    auto lease = pool_->Acquire();
    EXPECT_TRUE(lease.ok()) << lease.status();
    if (!lease.ok()) return plan;
    common::Statement st(lease->connection(), absl::StrCat("EXPLAIN ", sql).c_str());
    bind(st);
    auto rs = st.Query();
    while (rs->next()) {
      plan.push_back({std::string(rs->getString("type")),
                      rs->isNull("key") ? "" : std::string(rs->getString("key")),
                      rs->isNull("Extra") ? "" : std::string(rs->getString("Extra")),
                      rs->isNull("rows") ? 0 : rs->getInt64("rows")});
    }
    return plan;
  }

  // One range read on `key`, estimated to examine at most `most` rows, with
  // no filesort unless `sort_allowed` (a sort of the rows read, not of the
  // table).
  void ExpectRange(const std::string& what, const std::vector<PlanRow>& plan,
                   const std::string& key, int64_t most, bool sort_allowed = false) {
    ASSERT_EQ(plan.size(), 1u) << what;
    EXPECT_EQ(plan[0].type, "range") << what << ": " << plan[0].extra;
    EXPECT_EQ(plan[0].key, key) << what;
    EXPECT_LE(plan[0].rows, most) << what << " examines " << plan[0].rows << " rows";
    if (!sort_allowed) {
      EXPECT_EQ(plan[0].extra.find("filesort"), std::string::npos) << what << ": " << plan[0].extra;
    }
  }
};

TEST_F(OutboxQueriesTest, RelayStatementsUseIndexesWithoutSortingTheBacklog) {
  const absl::Time now = clock_.Now();
  InsertMessages(now);
  const std::string replica = "host-1/orders";
  const absl::Time until = now + absl::Seconds(60);

  ExpectRange("lease",
              Explain(common::outbox_sql::kLeaseDue,
                      [&](common::Statement& st) {
                        st.Bind(replica).Bind(until).Bind(until).Bind(now).Bind(now).Bind(kBatch);
                      }),
              "ix_outbox_due", kBatch);

  // With a batch leased, reading it back reads the batch.
  ExecuteSql(absl::StrCat("UPDATE outbox SET leased_by = '", replica, "', lease_until = '",
                          common::FormatSqlTime(until), "' WHERE delivered_at IS NULL LIMIT ",
                          kBatch));
  ExecuteSql("ANALYZE TABLE outbox");
  ExpectRange("read leases",
              Explain(common::outbox_sql::kReadLeases,
                      [&](common::Statement& st) { st.Bind(replica).Bind(now); }),
              "ix_outbox_leased", 4 * kBatch, /*sort_allowed=*/true);

  ExpectRange("purge",
              Explain(common::outbox_sql::kPurgeDelivered,
                      [&](common::Statement& st) { st.Bind(now - absl::Hours(1)).Bind(1000); }),
              "ix_outbox_due", 4000);
}

}  // namespace
}  // namespace fieldservice::orders::testing
