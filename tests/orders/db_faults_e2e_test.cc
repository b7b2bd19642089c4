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
#include "tests/support/test_identity.h"

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
    if (holder_ != nullptr) holder_->rollback();
    if (caller_.joinable()) caller_.join();
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
    for (const std::string& flag : FakeNowFlags()) options.args.push_back(flag);
    options.args.insert(options.args.end(), flags.begin(), flags.end());
    for (const std::string& flag : fieldservice::testing::ServerSecurityFlags("orders")) {
      options.args.push_back(flag);
    }
    options.env = {{"FS_DB_HOST", db_.host},
                   {"FS_DB_PORT", absl::StrCat(db_port)},
                   {"FS_DB_USER", db_.user},
                   {"FS_DB_PASSWORD", db_.password},
                   {"FS_DB_NAME", db_.database}};
    auto started = ServerProcess::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = std::move(*started);
    client_ = std::make_unique<ReflectionClient>(address(), Dispatcher());
  }
  std::string address() const { return absl::StrCat("127.0.0.1:", server_->port()); }
  static std::shared_ptr<grpc::ChannelCredentials> Dispatcher() {
    return fieldservice::testing::CredentialsOf("agent-1001", {"dispatcher"});
  }

  static absl::StatusOr<pb::Struct> Call(ReflectionClient& client, const std::string& method,
                                         const pb::Struct& request) {
    auto response = client.CallJson(absl::StrCat(kService, "/", method), ToJson(request));
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

  // Creates an order, then holds its row lock from another client of the
  // database (holder_) and starts a transition of it (with the client
  // deadline `call_timeout`) that waits for that lock. False, with a test
  // failure, if the transition never reached the lock.
  bool StartTransitionStuckOnALock(const std::string& request_id, absl::Duration call_timeout) {
    auto created = Call(*client_, "CreateRepairOrder", ValidCreateRequest(request_id));
    EXPECT_TRUE(created.ok()) << created.status();
    if (!created.ok()) return false;
    order_number_ = Text(*created, "order_number");
    holder_ = fieldservice::testing::ConnectTestDatabase(db_);
    holder_->setAutoCommit(false);
    std::unique_ptr<sql::PreparedStatement> lock(holder_->prepareStatement(
        "SELECT id FROM repair_orders WHERE order_number = ? FOR UPDATE"));
    lock->setString(1, order_number_);
    std::unique_ptr<sql::ResultSet> locked(lock->executeQuery());
    EXPECT_TRUE(locked->next());

    caller_ = std::thread([this, order = *created, call_timeout] {
      ReflectionClient own(address(), Dispatcher(), call_timeout);
      pb::Struct request;
      Set(request, "name", Text(order, "name"));
      Set(request, "event", "QUEUE_FOR_DISPATCH");
      Set(request, "etag", Text(order, "etag"));
      transition_status_ = Call(own, "TransitionRepairOrder", request).status();
      answered_ = true;
    });
    // Polled: the server shows no other sign of waiting. Its locking read
    // of the order is listed as running while it waits.
    observer_ = fieldservice::testing::ConnectTestDatabase(db_);
    const std::string waiting_query = absl::StrCat(
        "SELECT COUNT(*) FROM information_schema.processlist WHERE db = '", db_.database,
        "' AND id <> CONNECTION_ID() AND command IN ('Query', 'Execute') AND info LIKE '%FROM "
        "repair_orders%FOR UPDATE'");
    absl::Time give_up = absl::Now() + absl::Seconds(20);
    while (!answered_ && absl::Now() < give_up) {
      if (QueryInt(*observer_, waiting_query) > 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "the transition never waited for the lock";
    return false;
  }

  // Ends the transition's call (the caller thread) and releases the lock;
  // returns the order's stored status afterwards, i.e. whether a change the
  // caller was told failed got committed once the lock was gone.
  std::string ReleaseLockAndReadStatus() {
    holder_->rollback();
    if (caller_.joinable()) caller_.join();
    std::unique_ptr<sql::PreparedStatement> read(
        observer_->prepareStatement("SELECT status FROM repair_orders WHERE order_number = ?"));
    read->setString(1, order_number_);
    std::unique_ptr<sql::ResultSet> rs(read->executeQuery());
    return rs->next() ? std::string(rs->getString(1)) : "";
  }

  common::DbSettings db_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ReflectionClient> client_;
  // The lock scenario.
  std::string order_number_;
  std::unique_ptr<sql::Connection> holder_;
  std::unique_ptr<sql::Connection> observer_;
  std::thread caller_;
  absl::Status transition_status_;
  std::atomic<bool> answered_{false};
};

// A call stuck on a row lock when SIGTERM arrives: the process still exits
// within its grace period, the caller is told the call failed, and the change
// is not committed later when the lock is released.
TEST_F(DbFaultsE2ETest, ShutdownEndsACallStuckOnALockWithoutALateCommit) {
  const absl::Duration grace = absl::Seconds(3);
  StartServer(db_.port, {absl::StrCat("--shutdown_grace=", absl::FormatDuration(grace)),
                         "--shutdown_db_abort_margin=1s"});
  bool stuck = StartTransitionStuckOnALock("dbfaults-lock-0001", absl::Seconds(60));

  absl::Time signalled = absl::Now();
  absl::StatusOr<int> exit_code = server_->Terminate(grace + absl::Seconds(5));
  absl::Duration took = absl::Now() - signalled;
  if (caller_.joinable()) caller_.join();
  ASSERT_TRUE(stuck);
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0);
  EXPECT_LE(took, grace + absl::Seconds(1)) << "exit took " << took;
  EXPECT_FALSE(transition_status_.ok());
  // Had the server's statement survived, it would commit now.
  EXPECT_EQ(ReleaseLockAndReadStatus(), "received");  // not queued
}

// The caller's deadline bounds the call's database work: the lock wait ends
// with it (not after db_lock_wait_timeout), and nothing commits afterwards.
TEST_F(DbFaultsE2ETest, CallDeadlineEndsALockWaitWithoutALateCommit) {
  StartServer(db_.port, {"--db_lock_wait_timeout=30s"});
  absl::Time start = absl::Now();
  bool stuck = StartTransitionStuckOnALock("dbfaults-deadline-0001", absl::Seconds(2));
  while (stuck && !answered_ && absl::Now() < start + absl::Seconds(20)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // The server gave up on its own: its statement is gone before the lock is.
  const std::string still_running =
      absl::StrCat("SELECT COUNT(*) FROM information_schema.processlist WHERE db = '", db_.database,
                   "' AND id <> CONNECTION_ID() AND command IN ('Query', 'Execute') AND info LIKE "
                   "'%repair_orders%'");
  absl::Time give_up = absl::Now() + absl::Seconds(5);
  while (stuck && QueryInt(*observer_, still_running) > 0 && absl::Now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(QueryInt(*observer_, still_running), 0) << "the server still waits for the lock";
  EXPECT_EQ(ReleaseLockAndReadStatus(), "received");
  ASSERT_TRUE(stuck);
  EXPECT_EQ(transition_status_.code(), absl::StatusCode::kDeadlineExceeded) << transition_status_;
}

// While the database is unreachable: health says NOT_SERVING, calls fail
// UNAVAILABLE, and the log gets one warning per interval with a failure
// count, not one line per failed call. Back again: SERVING.
TEST_F(DbFaultsE2ETest, DatabaseOutageIsOneWarningPerIntervalAndNotServing) {
  auto proxy = TcpProxy::Start(db_.host, db_.port);
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  StartServer((*proxy)->port(), {"--db_health_interval=200ms", "--db_outage_log_interval=1h",
                                 "--db_connect_timeout=2s"});
  ASSERT_TRUE(AwaitHealth(grpc::health::v1::HealthCheckResponse::SERVING, absl::Seconds(10)));

  auto created = Call(*client_, "CreateRepairOrder", ValidCreateRequest("dbfaults-outage-0001"));
  ASSERT_TRUE(created.ok()) << created.status();
  pb::Struct get;
  Set(get, "name", Text(*created, "name"));

  (*proxy)->Cut();
  int failed = 0;
  for (int i = 0; i < 50; ++i) {
    failed +=
        Call(*client_, "GetRepairOrder", get).status().code() == absl::StatusCode::kUnavailable;
  }
  EXPECT_EQ(failed, 50);
  EXPECT_TRUE(AwaitHealth(grpc::health::v1::HealthCheckResponse::NOT_SERVING, absl::Seconds(10)));
  // Liveness does not follow the database: restarting would not help.
  EXPECT_EQ(Health("liveness"), grpc::health::v1::HealthCheckResponse::SERVING);

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
