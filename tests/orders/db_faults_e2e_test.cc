// The real orders_server binary when its database misbehaves: a call stuck on
// a row lock during shutdown, and a database that becomes unreachable and
// comes back. Driven over gRPC by reflection, like e2e_test.cc.
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <google/protobuf/struct.pb.h>
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/orders/e2e_requests.h"
#include "tests/support/json_tree.h"
#include "tests/support/reflection_client.h"
#include "tests/support/server_process.h"
#include "tests/support/tcp_proxy.h"
#include "tests/support/test_db.h"

namespace fieldservice::orders {
namespace {

namespace pb = ::google::protobuf;
using ::fieldservice::testing::ParseJson;
using ::fieldservice::testing::ReflectionClient;
using ::fieldservice::testing::ServerProcess;
using ::fieldservice::testing::Set;
using ::fieldservice::testing::TcpProxy;
using ::fieldservice::testing::Text;
using ::fieldservice::testing::ToJson;
using HealthStatus = ::grpc::health::v1::HealthCheckResponse::ServingStatus;

constexpr char kService[] = "fieldservice.orders.v1.RepairOrders";

int64_t QueryInt(sql::Connection& c, const std::string& query) {
  std::unique_ptr<sql::Statement> st(c.createStatement());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery(query));
  rs->next();
  return rs->getInt64(1);
}

class DbFaultsE2ETest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = fieldservice::testing::CreateTestDatabase("orders_dbfaults"); }
  void TearDown() override {
    client_.reset();
    if (server_ != nullptr && HasFailure()) {
      std::cerr << "---- orders_server log ----\n" << server_->Log();
    }
    server_.reset();  // kills it if still running
    fieldservice::testing::DropTestDatabase(db_);
  }

  void StartServer(int db_port, const std::vector<std::string>& flags) {
    fieldservice::testing::ServerProcessOptions options;
    options.path = ORDERS_SERVER_PATH;
    options.args = {"--listen=127.0.0.1:0", absl::StrCat("--data_dir=", FS_SOURCE_DIR, "/data"),
                    "--warranty_address="};
    options.args.insert(options.args.end(), flags.begin(), flags.end());
    options.env = {{"FS_DB_HOST", db_.host},
                   {"FS_DB_PORT", absl::StrCat(db_port)},
                   {"FS_DB_USER", db_.user},
                   {"FS_DB_PASSWORD", db_.password},
                   {"FS_DB_NAME", db_.database}};
    auto started = ServerProcess::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = std::move(*started);
    client_ = std::make_unique<ReflectionClient>(address());
  }
  std::string address() const { return absl::StrCat("127.0.0.1:", server_->port()); }

  static absl::StatusOr<pb::Struct> Call(ReflectionClient& client, const std::string& method,
                                         const pb::Struct& request) {
    auto response =
        client.CallJson(absl::StrCat(kService, "/", method), ToJson(request),
                        {{"x-fs-principal", "agent-1001"}, {"x-fs-role", "dispatcher"}});
    if (!response.ok()) return response.status();
    return ParseJson(*response);
  }

  HealthStatus Health(const std::string& service) {
    auto stub = grpc::health::v1::Health::NewStub(client_->channel());
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = stub->Check(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.status();
  }

  // Asks until both the server ("") and the service report `want`, or
  // `timeout` passes (false). Health changes on the server's own schedule,
  // so asking again is the only way to see it.
  bool AwaitHealth(HealthStatus want, absl::Duration timeout) {
    absl::Time give_up = absl::Now() + timeout;
    while (absl::Now() < give_up) {
      if (Health("") == want && Health(kService) == want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  common::DbSettings db_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ReflectionClient> client_;
};

// A call stuck on a row lock when SIGTERM arrives: the process still exits
// within its grace period, the caller is told the call failed, and the change
// is not committed later when the lock is released.
TEST_F(DbFaultsE2ETest, ShutdownEndsACallStuckOnALockWithoutALateCommit) {
  const absl::Duration grace = absl::Seconds(3);
  StartServer(db_.port, {absl::StrCat("--shutdown_grace=", absl::FormatDuration(grace)),
                         "--shutdown_db_abort_margin=1s"});
  auto created = Call(*client_, "CreateRepairOrder", ValidCreateRequest("dbfaults-lock-0001"));
  ASSERT_TRUE(created.ok()) << created.status();
  const std::string number = Text(*created, "order_number");

  // Another client holds the order's row lock.
  std::unique_ptr<sql::Connection> holder = fieldservice::testing::ConnectTestDatabase(db_);
  holder->setAutoCommit(false);
  {
    std::unique_ptr<sql::PreparedStatement> lock(
        holder->prepareStatement("SELECT id FROM repair_orders WHERE order_number = ? FOR UPDATE"));
    lock->setString(1, number);
    std::unique_ptr<sql::ResultSet> rs(lock->executeQuery());
    ASSERT_TRUE(rs->next());
  }

  // The transition waits for that lock.
  absl::Status transition_status;
  std::atomic<bool> answered{false};
  std::thread caller([&] {
    ReflectionClient own(address(), absl::Seconds(60));
    pb::Struct request;
    Set(request, "name", Text(*created, "name"));
    Set(request, "event", "QUEUE_FOR_DISPATCH");
    Set(request, "etag", Text(*created, "etag"));
    transition_status = Call(own, "TransitionRepairOrder", request).status();
    answered = true;
  });
  std::unique_ptr<sql::Connection> observer = fieldservice::testing::ConnectTestDatabase(db_);
  absl::Time give_up = absl::Now() + absl::Seconds(20);
  bool waiting = false;
  while (!waiting && !answered && absl::Now() < give_up) {
    // The server's locking read of the order, still running.
    waiting = QueryInt(*observer, absl::StrCat("SELECT COUNT(*) FROM information_schema.processlist"
                                               " WHERE db = '",
                                               db_.database,
                                               "' AND command IN ('Query', 'Execute')"
                                               " AND info LIKE '%FROM repair_orders%FOR UPDATE'")) >
              0;
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!waiting) {
    holder->rollback();
    caller.join();
    FAIL() << "the transition never waited for the lock: " << transition_status;
  }

  absl::Time signalled = absl::Now();
  absl::StatusOr<int> exit_code = server_->Terminate(grace + absl::Seconds(5));
  absl::Duration took = absl::Now() - signalled;
  caller.join();
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0);
  EXPECT_LE(took, grace + absl::Seconds(1)) << "exit took " << took;
  EXPECT_FALSE(transition_status.ok());

  // Released now: had the server's statement survived, it would commit here.
  holder->rollback();
  std::unique_ptr<sql::PreparedStatement> read(
      observer->prepareStatement("SELECT status FROM repair_orders WHERE order_number = ?"));
  read->setString(1, number);
  std::unique_ptr<sql::ResultSet> rs(read->executeQuery());
  ASSERT_TRUE(rs->next());
  EXPECT_EQ(std::string(rs->getString(1)), "received");  // not queued
  EXPECT_EQ(QueryInt(*observer, "SELECT COUNT(*) FROM information_schema.processlist"
                                " WHERE command = 'Query' AND info LIKE 'UPDATE repair_orders%'"),
            0);
}

// While the database is unreachable: health says NOT_SERVING, calls fail
// UNAVAILABLE, and the log gets one warning per interval with a failure
// count, not one line per failed call. Back again: SERVING.
TEST_F(DbFaultsE2ETest, DatabaseOutageIsOneWarningPerIntervalAndNotServing) {
  auto proxy = TcpProxy::Start(db_.host, db_.port);
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  StartServer((*proxy)->port(),
              {"--db_health_interval=200ms", "--db_outage_log_interval=1h",
               "--db_connect_timeout=2s"});
  ASSERT_TRUE(AwaitHealth(grpc::health::v1::HealthCheckResponse::SERVING, absl::Seconds(10)));

  auto created = Call(*client_, "CreateRepairOrder", ValidCreateRequest("dbfaults-outage-0001"));
  ASSERT_TRUE(created.ok()) << created.status();
  pb::Struct get;
  Set(get, "name", Text(*created, "name"));

  (*proxy)->Cut();
  int failed = 0;
  for (int i = 0; i < 50; ++i) {
    failed += Call(*client_, "GetRepairOrder", get).status().code() ==
              absl::StatusCode::kUnavailable;
  }
  EXPECT_EQ(failed, 50);
  EXPECT_TRUE(AwaitHealth(grpc::health::v1::HealthCheckResponse::NOT_SERVING, absl::Seconds(10)));

  int warnings = 0;
  for (absl::string_view line : absl::StrSplit(server_->Log(), '\n')) {
    if (absl::StrContains(line, " WARN ") && absl::StrContains(line, "db_")) ++warnings;
  }
  EXPECT_EQ(warnings, 1) << "one warning for the whole outage (interval 1h)";
  EXPECT_TRUE(absl::StrContains(server_->Log(), "failures=")) << "the warning counts failures";

  (*proxy)->Restore();
  EXPECT_TRUE(AwaitHealth(grpc::health::v1::HealthCheckResponse::SERVING, absl::Seconds(10)));
  EXPECT_TRUE(server_->WaitForLog("db_reachable_again", absl::Seconds(5)));
  EXPECT_TRUE(Call(*client_, "GetRepairOrder", get).ok());
  absl::StatusOr<int> exit_code = server_->Terminate(absl::Seconds(30));
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0);
}

}  // namespace
}  // namespace fieldservice::orders
