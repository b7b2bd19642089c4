// The orders binary's /metrics endpoint (issue 8, "Metrics"), as deployed:
// metrics_listen turns it on, the port is logged, and a scrape over HTTP has
// the calls made (refused ones with their code), the pool and the outbox.
#include <gtest/gtest.h>

#include <iostream>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tests/support/metrics_scrape.h"
#include "tests/support/reflection_client.h"
#include "tests/support/server_process.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"

namespace fieldservice::orders {
namespace {

using ::fieldservice::testing::SampleValue;

// The N of "metrics_port=N" in the service's log, or 0.
int MetricsPort(const std::string& log) {
  constexpr char kKey[] = " metrics_port=";
  size_t at = log.find(kKey);
  if (at == std::string::npos) return 0;
  at += sizeof(kKey) - 1;
  int port = 0;
  return absl::SimpleAtoi(log.substr(at, log.find_first_not_of("0123456789", at) - at), &port)
             ? port
             : 0;
}

class OrdersMetricsE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = fieldservice::testing::CreateTestDatabase("orders_metrics");
    database_created_ = true;
    fieldservice::testing::ServerProcessOptions options;
    options.path = ORDERS_SERVER_PATH;
    options.args = {"--listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0",
                    absl::StrCat("--data_dir=", FS_SOURCE_DIR, "/data"), "--warranty_address="};
    for (const std::string& flag : fieldservice::testing::ServerSecurityFlags("orders")) {
      options.args.push_back(flag);
    }
    options.env = {{"FS_DB_HOST", db_.host},
                   {"FS_DB_PORT", absl::StrCat(db_.port)},
                   {"FS_DB_USER", db_.user},
                   {"FS_DB_PASSWORD", db_.password},
                   {"FS_DB_NAME", db_.database}};
    auto started = fieldservice::testing::ServerProcess::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = std::move(*started);
  }
  void TearDown() override {
    if (server_ != nullptr) {
      absl::StatusOr<int> exit_code = server_->Terminate(absl::Seconds(30));
      EXPECT_TRUE(exit_code.ok()) << exit_code.status();
      if (HasFailure()) std::cerr << "---- orders_server log ----\n" << server_->Log();
      server_.reset();
    }
    if (database_created_) fieldservice::testing::DropTestDatabase(db_);
  }

  common::DbSettings db_;
  bool database_created_ = false;
  std::unique_ptr<fieldservice::testing::ServerProcess> server_;
};

TEST_F(OrdersMetricsE2ETest, ScrapeShowsCallsByCodeThePoolAndTheOutbox) {
  // Logged before server_listening, so it is there once the server is up.
  const int metrics_port = MetricsPort(server_->Log());
  ASSERT_NE(metrics_port, 0) << server_->Log();

  fieldservice::testing::ReflectionClient client(
      absl::StrCat("127.0.0.1:", server_->port()),
      fieldservice::testing::CredentialsOf("agent-1001", {"dispatcher"}));
  // A name that is no order's: refused, with whatever code the service
  // gives; the scrape must name the same one.
  auto refused = client.CallJson("fieldservice.orders.v1.RepairOrders/GetRepairOrder",
                                 R"({"name": "not-an-order"})");
  ASSERT_FALSE(refused.ok());
  const std::string code = absl::StatusCodeToString(refused.status().code());

  auto text = fieldservice::testing::ScrapeMetrics(metrics_port);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(SampleValue(*text, "fs_grpc_server_handling_seconds_count",
                        {{"method", "/fieldservice.orders.v1.RepairOrders/GetRepairOrder"},
                         {"code", code}}),
            1)
      << *text;
  // The client learnt the schema over reflection, a stream now ended.
  EXPECT_GE(SampleValue(*text, "fs_grpc_server_handling_seconds_count",
                        {{"method",
                          "/grpc.reflection.v1alpha.ServerReflection/"
                          "ServerReflectionInfo"},
                         {"code", "OK"}})
                .value_or(0),
            1);
  // Migrations and the health watcher took connections of this database.
  EXPECT_GE(
      SampleValue(*text, "fs_db_pool_wait_seconds_count", {{"database", db_.database}}).value_or(0),
      1);
  EXPECT_TRUE(SampleValue(*text, "fs_db_pool_connections_in_use", {{"database", db_.database}})
                  .has_value());
  // The outbox was read for the scrape (it is empty: no topic has series).
  EXPECT_EQ(SampleValue(*text, "fs_outbox_metrics_errors_total", {}), 0);
}

// A metrics address that cannot be served stops start-up, naming the
// setting: an operator who asked for metrics never runs without them.
TEST_F(OrdersMetricsE2ETest, AMetricsPortInUseStopsStartUp) {
  const int taken = MetricsPort(server_->Log());
  ASSERT_NE(taken, 0);
  common::DbSettings db = fieldservice::testing::CreateTestDatabase("orders_metrics");
  fieldservice::testing::ServerProcessOptions options;
  options.path = ORDERS_SERVER_PATH;
  options.args = {"--listen=127.0.0.1:0", absl::StrCat("--metrics_listen=127.0.0.1:", taken),
                  absl::StrCat("--data_dir=", FS_SOURCE_DIR, "/data"), "--warranty_address="};
  for (const std::string& flag : fieldservice::testing::ServerSecurityFlags("orders")) {
    options.args.push_back(flag);
  }
  options.env = {{"FS_DB_HOST", db.host},
                 {"FS_DB_PORT", absl::StrCat(db.port)},
                 {"FS_DB_USER", db.user},
                 {"FS_DB_PASSWORD", db.password},
                 {"FS_DB_NAME", db.database}};
  auto second = fieldservice::testing::ServerProcess::Start(options);
  fieldservice::testing::DropTestDatabase(db);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("metrics_listen"), std::string::npos) << second.status();
}

}  // namespace
}  // namespace fieldservice::orders
