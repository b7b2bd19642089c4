#include "tests/cluster_load/load_checks.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"
#include "tools/techsim/create_technicians.h"

namespace fieldservice::testing {

using tools::cluster_load::LoadOrder;
using tools::cluster_load::LoadReport;
using tools::cluster_load::LoadSetup;

std::unique_ptr<sql::Connection> ConnectForChecks(const common::DbSettings& db, bool cluster_sync) {
  std::unique_ptr<sql::Connection> c = ConnectTestDatabase(db);
  if (cluster_sync) {
    std::unique_ptr<sql::Statement> st(c->createStatement());
    st->execute("SET SESSION wsrep_sync_wait = 1");
  }
  return c;
}

std::vector<std::string> ColumnOf(sql::Connection& c, const std::string& sql,
                                  const std::string& arg) {
  std::unique_ptr<sql::PreparedStatement> statement(c.prepareStatement(sql));
  if (!arg.empty()) statement->setString(1, arg);
  std::unique_ptr<sql::ResultSet> rows(statement->executeQuery());
  std::vector<std::string> out;
  while (rows->next()) out.push_back(rows->getString(1));
  return out;
}

absl::StatusOr<LoadSetup> PrepareLoad(const JourneySystem& system, int technicians,
                                      const std::string& prefix) {
  LoadSetup setup;
  setup.orders_address = system.Address("orders");
  setup.scheduling_address = system.Address("scheduling");
  setup.ca_file = TestCaFile();
  setup.agent_token = TestToken("agent-01", {"agent"});
  setup.dispatcher_token = TestToken("disp-01", {"dispatcher"});
  std::vector<std::string> ids;
  for (int i = 1; i <= technicians; ++i) {
    const std::string id = absl::StrCat(prefix, i);
    ids.push_back(id);
    setup.technicians.push_back({.id = id, .token = TestToken(id, {"technician"})});
  }
  auto channel = tools::cluster_load::OpenLoadChannel(setup, setup.scheduling_address);
  if (!channel.ok()) return channel.status();
  absl::Status created = tools::techsim::CreateTechnicians(
      *channel, {.ids = ids,
                 .region_code = "440106",
                 .latitude = 23.1291,
                 .longitude = 113.2644,
                 .authorization = absl::StrCat("Bearer ", setup.dispatcher_token)});
  if (!created.ok()) return created;
  return setup;
}

void CheckStoredOnce(const LoadReport& report, const common::DbSettings& orders_db,
                     const common::DbSettings& scheduling_db, absl::Duration patience,
                     bool cluster_sync) {
  auto orders = ConnectForChecks(orders_db, cluster_sync);
  auto scheduling = ConnectForChecks(scheduling_db, cluster_sync);
  auto count = [](sql::Connection& c, const std::string& sql) {
    return std::stoll(ColumnOf(c, sql).at(0));
  };
  ASSERT_EQ(static_cast<int64_t>(report.orders.size()), report.orders_attempted);
  std::set<std::string> numbers;
  for (const LoadOrder& o : report.orders) {
    SCOPED_TRACE(o.order_number);
    EXPECT_TRUE(o.completed);
    EXPECT_TRUE(numbers.insert(o.order_number).second) << "acknowledged twice";
    EXPECT_EQ(o.job, "dispatchJobs/" + o.order_number);
    EXPECT_EQ(ColumnOf(*orders, "SELECT request_id FROM repair_orders WHERE order_number = ?",
                       o.order_number),
              std::vector<std::string>{o.request_id});
    EXPECT_EQ(ColumnOf(*scheduling,
                       "SELECT CONCAT(step, ' ', technician_id) FROM dispatch_jobs"
                       " WHERE order_number = ?",
                       o.order_number),
              std::vector<std::string>{"COMPLETED " + o.technician_id});
    EXPECT_EQ(ColumnOf(*scheduling, "SELECT COUNT(*) FROM app_operations WHERE order_number = ?",
                       o.order_number),
              std::vector<std::string>{"4"});
    EXPECT_EQ(ColumnOf(*scheduling, "SELECT COUNT(*) FROM repair_records WHERE order_number = ?",
                       o.order_number),
              std::vector<std::string>{"1"});
  }
  const int64_t acknowledged = static_cast<int64_t>(report.orders.size());
  EXPECT_EQ(count(*orders, "SELECT COUNT(*) FROM repair_orders"), acknowledged);
  EXPECT_EQ(count(*scheduling, "SELECT COUNT(*) FROM dispatch_jobs"), acknowledged);
  // The orders service hears of each completion by scheduling's relay.
  const absl::Time give_up = absl::Now() + patience;
  int64_t completed = 0;
  while ((completed =
              count(*orders, "SELECT COUNT(*) FROM repair_orders WHERE status = 'completed'")) <
             acknowledged &&
         absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(200));
  }
  EXPECT_EQ(completed, acknowledged) << "orders COMPLETED in the orders service";
}

}  // namespace fieldservice::testing
