// End-to-end tests of the orders service: the real orders_server binary runs
// as a child process against a fresh database, and is driven over gRPC the
// way a stock tool (grpcurl) would drive it: with nothing but server
// reflection and JSON. No generated orders stubs are used or linked, so these
// tests prove the service describes itself well enough to be used blind.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "test_rpc_status.pb.h"
#include "tests/orders/e2e_requests.h"
#include "tests/support/json_tree.h"
#include "tests/support/reflection_client.h"
#include "tests/support/server_process.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"

namespace fieldservice::orders {
namespace {

namespace pb = ::google::protobuf;
using ::fieldservice::testing::Field;
using ::fieldservice::testing::ParseJson;
using ::fieldservice::testing::ReflectionClient;
using ::fieldservice::testing::Remove;
using ::fieldservice::testing::Rfc3339;
using ::fieldservice::testing::ServerProcess;
using ::fieldservice::testing::Set;
using ::fieldservice::testing::Text;
using ::fieldservice::testing::ToJson;

constexpr char kService[] = "fieldservice.orders.v1.RepairOrders";

// google.rpc.BadRequest field violations carried in a failed call's
// grpc-status-details-bin, by field path.
std::map<std::string, std::string> FieldViolations(const absl::Status& status) {
  std::map<std::string, std::string> out;
  std::optional<std::string> bin = fieldservice::testing::StatusDetailsBin(status);
  if (!bin.has_value()) return out;
  fieldservice::testing::rpc::Status details;
  if (!details.ParseFromString(*bin)) return out;
  for (const pb::Any& any : details.details()) {
    // Compared by URL: the test's mirror type has a different full name.
    if (any.type_url() != "type.googleapis.com/google.rpc.BadRequest") continue;
    fieldservice::testing::rpc::BadRequest bad_request;
    if (!bad_request.ParseFromString(any.value())) continue;
    for (const auto& v : bad_request.field_violations()) out[v.field()] = v.description();
  }
  return out;
}

// ---- The fixture ----------------------------------------------------------

class OrdersE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = fieldservice::testing::CreateTestDatabase("orders_e2e");
    database_created_ = true;
    fieldservice::testing::ServerProcessOptions options;
    options.path = ORDERS_SERVER_PATH;
    options.args = {"--listen=127.0.0.1:0", absl::StrCat("--data_dir=", FS_SOURCE_DIR, "/data"),
                    "--sweep_interval=1s",
                    // No warranty service in this test: orders do not ask.
                    "--warranty_address="};
    for (const std::string& flag : FakeNowFlags()) options.args.push_back(flag);
    for (const std::string& flag : fieldservice::testing::ServerSecurityFlags("orders")) {
      options.args.push_back(flag);
    }
    options.env = {{"FS_DB_HOST", db_.host},
                   {"FS_DB_PORT", absl::StrCat(db_.port)},
                   {"FS_DB_USER", db_.user},
                   {"FS_DB_PASSWORD", db_.password},
                   {"FS_DB_NAME", db_.database}};
    auto started = ServerProcess::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = std::move(*started);
    client_ = std::make_unique<ReflectionClient>(
        absl::StrCat("127.0.0.1:", server_->port()),
        fieldservice::testing::CredentialsOf("agent-1001", {"dispatcher"}));
  }

  // Every test ends with a clean SIGTERM shutdown; the process is killed
  // (by ~ServerProcess) whatever happened before.
  void TearDown() override {
    client_.reset();
    if (server_ != nullptr) {
      absl::StatusOr<int> exit_code = server_->Terminate(absl::Seconds(30));
      EXPECT_TRUE(exit_code.ok()) << exit_code.status();
      if (exit_code.ok()) {
        EXPECT_EQ(*exit_code, 0) << "exit code after SIGTERM";
      }
      if (HasFailure()) std::cerr << "---- orders_server log ----\n" << server_->Log();
      server_.reset();
    }
    if (database_created_) fieldservice::testing::DropTestDatabase(db_);
  }

  // Calls a RepairOrders method as the dispatcher agent-1001, whom the
  // policy lets see customers' phones (the only identity of this fixture).
  absl::StatusOr<pb::Struct> Call(const std::string& method, const pb::Struct& request) {
    auto response = client_->CallJson(absl::StrCat(kService, "/", method), ToJson(request));
    if (!response.ok()) return response.status();
    return ParseJson(*response);
  }

  // Applies `event` to the order, with the etag from `order`, and returns the
  // moved order; `extra` adds event-specific fields.
  absl::StatusOr<pb::Struct> Transition(const pb::Struct& order, const std::string& event,
                                        const std::map<std::string, std::string>& extra = {}) {
    pb::Struct request;
    Set(request, "name", Text(order, "name"));
    Set(request, "event", event);
    Set(request, "etag", Text(order, "etag"));
    for (const auto& [path, value] : extra) Set(request, path, value);
    return Call("TransitionRepairOrder", request);
  }

  common::DbSettings db_;
  bool database_created_ = false;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ReflectionClient> client_;
};

// ---- Tests ----------------------------------------------------------------

TEST_F(OrdersE2ETest, ServesHealthAndReflection) {
  auto health = grpc::health::v1::Health::NewStub(client_->channel());
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = health->Check(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  auto services = client_->ListServices();
  ASSERT_TRUE(services.ok()) << services.status();
  for (const char* expected : {"fieldservice.orders.v1.RepairOrders", "grpc.health.v1.Health",
                               "grpc.reflection.v1alpha.ServerReflection"}) {
    EXPECT_NE(std::find(services->begin(), services->end(), expected), services->end())
        << expected << " not listed";
  }
}

TEST_F(OrdersE2ETest, DrivesAnOrderThroughItsLifeByReflectionAlone) {
  // Create, and a retry of the same request that must not duplicate it.
  pb::Struct create = ValidCreateRequest("e2e-create-0001");
  auto created = Call("CreateRepairOrder", create);
  ASSERT_TRUE(created.ok()) << created.status();
  const std::string name = Text(*created, "name");
  const std::string number = Text(*created, "order_number");
  ASSERT_FALSE(number.empty());
  EXPECT_EQ(number.substr(0, 6), "261123") << "numbered on the fake clock's business day";
  EXPECT_EQ(name, "repairOrders/" + number);
  EXPECT_EQ(Text(*created, "status"), "RECEIVED");
  EXPECT_EQ(Text(*created, "owner_agent"), "agent-1001");
  EXPECT_FALSE(Text(*created, "etag").empty());

  auto retried = Call("CreateRepairOrder", create);
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(Text(*retried, "order_number"), number);

  // Read and list.
  pb::Struct get;
  Set(get, "name", name);
  auto read = Call("GetRepairOrder", get);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(Text(*read, "customer.name"), "张三");
  EXPECT_EQ(Text(*read, "fault_description"), "冷藏室不制冷，冷冻正常");

  pb::Struct list;
  Set(list, "phone", "13812345678");
  auto listed = Call("ListRepairOrders", list);
  ASSERT_TRUE(listed.ok()) << listed.status();
  const pb::ListValue& orders = Field(*listed, "repair_orders").list_value();
  ASSERT_EQ(orders.values_size(), 1) << "the retry must not have created a second order";
  EXPECT_EQ(Text(orders.values(0).struct_value(), "order_number"), number);

  // Update one field by mask with the etag last read.
  pb::Struct update;
  Set(update, "repair_order.name", name);
  Set(update, "repair_order.etag", Text(*read, "etag"));
  Set(update, "repair_order.customer.phone", "13987654321");
  Set(update, "update_mask", "customer.phone");
  Set(update, "reason", "the customer gave a new number");
  auto updated = Call("UpdateRepairOrder", update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(Text(*updated, "customer.phone"), "13987654321");
  EXPECT_NE(Text(*updated, "etag"), Text(*read, "etag"));

  // An illegal move is refused, naming the legal ones.
  auto early_close = Transition(*updated, "CLOSE");
  ASSERT_EQ(early_close.status().code(), absl::StatusCode::kFailedPrecondition)
      << early_close.status();
  std::string why = absl::AsciiStrToLower(std::string(early_close.status().message()));
  EXPECT_TRUE(absl::StrContains(why, "queue_for_dispatch")) << why;
  EXPECT_TRUE(absl::StrContains(why, "cancel")) << why;

  // The on-site journey, each step with the latest etag.
  const absl::Time now = kFakeNow;  // the server's clock has moved on by the test's run time
  const std::vector<std::pair<std::string, std::map<std::string, std::string>>> steps = {
      {"QUEUE_FOR_DISPATCH", {}},
      {"ASSIGN", {{"technician_id", "tech-0042"}}},
      {"BOOK_APPOINTMENT",
       {{"appointment.start_time", Rfc3339(now + absl::Hours(2))},
        {"appointment.end_time", Rfc3339(now + absl::Hours(4))}}},
      {"DEPART", {}},
      {"ARRIVE", {}},
      {"COMPLETE", {}},
      {"CLOSE", {}},
  };
  pb::Struct order = *updated;
  for (const auto& [event, extra] : steps) {
    auto moved = Transition(order, event, extra);
    ASSERT_TRUE(moved.ok()) << event << ": " << moved.status();
    order = *moved;
  }
  EXPECT_EQ(Text(order, "status"), "CLOSED");
  EXPECT_EQ(Text(order, "technician_id"), "tech-0042");

  // The audit trail: every change once, in order; the refused CLOSE left none.
  pb::Struct events_request;
  Set(events_request, "name", name);
  auto events = Call("ListRepairOrderEvents", events_request);
  ASSERT_TRUE(events.ok()) << events.status();
  std::vector<std::string> trail;
  for (const pb::Value& v : Field(*events, "events").list_value().values()) {
    const pb::Struct& e = v.struct_value();
    std::string entry = Text(e, "action");
    if (entry == "TRANSITIONED") absl::StrAppend(&entry, " ", Text(e, "event"));
    trail.push_back(entry);
  }
  const std::vector<std::string> expected = {
      "CREATED",
      "UPDATED",
      "TRANSITIONED QUEUE_FOR_DISPATCH",
      "TRANSITIONED ASSIGN",
      "TRANSITIONED BOOK_APPOINTMENT",
      "TRANSITIONED DEPART",
      "TRANSITIONED ARRIVE",
      "TRANSITIONED COMPLETE",
      "TRANSITIONED CLOSE",
  };
  EXPECT_EQ(trail, expected);
  const pb::Struct& update_event = Field(*events, "events").list_value().values(1).struct_value();
  EXPECT_EQ(Field(update_event, "changed_fields").list_value().values(0).string_value(),
            "customer.phone");
}

TEST_F(OrdersE2ETest, RefusesAMalformedOrderNamingEveryBadField) {
  pb::Struct create = ValidCreateRequest("e2e-malformed-0001");
  Set(create, "repair_order.customer.phone", "12345");
  Set(create, "repair_order.fault_description", "有点问题");
  // 首问负责制: the owner is the caller; naming another agent is refused.
  Set(create, "repair_order.taking_agent", "agent-2002");

  auto refused = Call("CreateRepairOrder", create);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument) << refused.status();
  std::map<std::string, std::string> violations = FieldViolations(refused.status());
  for (const char* field : {"repair_order.customer.phone", "repair_order.fault_description",
                            "repair_order.taking_agent"}) {
    EXPECT_EQ(violations.count(field), 1u) << field << " not named; got " << refused.status();
  }

  // Nothing was written.
  auto listed = Call("ListRepairOrders", pb::Struct());
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(Field(*listed, "repair_orders").list_value().values_size(), 0);
}

TEST_F(OrdersE2ETest, RefusesAnOversizedFieldByName) {
  pb::Struct create = ValidCreateRequest("e2e-oversized-0001");
  std::string long_name;
  for (int i = 0; i < 500; ++i) long_name += "张";
  Set(create, "repair_order.customer.name", long_name);

  auto refused = Call("CreateRepairOrder", create);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument) << refused.status();
  std::map<std::string, std::string> violations = FieldViolations(refused.status());
  ASSERT_EQ(violations.count("repair_order.customer.name"), 1u) << refused.status();
  EXPECT_EQ(violations.size(), 1u) << "only the name is wrong; got " << refused.status();
}

TEST_F(OrdersE2ETest, StopsCleanlyOnSigterm) {
  absl::StatusOr<int> exit_code = server_->Terminate(absl::Seconds(30));
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0);
  const std::string log = server_->Log();
  EXPECT_TRUE(absl::StrContains(log, "shutting_down")) << log;
  EXPECT_TRUE(absl::StrContains(log, "stopped")) << log;
  server_.reset();  // already stopped; TearDown has nothing left to do
}

// The load generator of issue 8 against the real server: it keeps its calls
// in flight, counts exactly the calls asked for, stops by itself, and writes
// its results as JSON.
TEST_F(OrdersE2ETest, LoadGeneratorCountsWhatItWasAskedAndStops) {
  const std::string dir = ::testing::TempDir();
  const std::string token_file = absl::StrCat(dir, "/load-", getpid(), ".jwt");
  const std::string json_file = absl::StrCat(dir, "/load-", getpid(), ".json");
  std::ofstream(token_file) << fieldservice::testing::TestToken("agent-1001", {"agent"});
  const std::string command =
      absl::StrCat(FS_LOAD_PATH, " --target=127.0.0.1:", server_->port(),
                   " --ca=", fieldservice::testing::TestCaFile(), " --token_file=", token_file,
                   " --method=create --concurrency=4 --requests=40 --warmup=0s --duration=60s",
                   " --now=", Rfc3339(kFakeNow), " --json=", json_file, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output;
  EXPECT_TRUE(absl::StrContains(output, "calls=40 ok=40")) << output;
  EXPECT_TRUE(absl::StrContains(output, "codes OK=40")) << output;
  std::ifstream json(json_file);
  std::stringstream text;
  text << json.rdbuf();
  pb::Struct results = ParseJson(text.str());
  EXPECT_EQ(results.fields().at("calls").number_value(), 40);
  EXPECT_EQ(results.fields().at("ok").number_value(), 40);
  EXPECT_GT(results.fields().at("p99_ms").number_value(), 0);
  std::remove(token_file.c_str());
  std::remove(json_file.c_str());
}

// fake_now is for tests only: without allow_fake_now the server refuses to
// start rather than run on a clock that is not the wall clock.
TEST(OrdersServerSettingsTest, FakeNowIsRefusedUnlessAllowed) {
  fieldservice::testing::ServerProcessOptions options;
  options.path = ORDERS_SERVER_PATH;
  options.args = {"--listen=127.0.0.1:0", absl::StrCat("--data_dir=", FS_SOURCE_DIR, "/data"),
                  absl::StrCat("--fake_now=", Rfc3339(kFakeNow))};
  for (const std::string& flag : fieldservice::testing::ServerSecurityFlags("orders")) {
    options.args.push_back(flag);
  }
  auto started = ServerProcess::Start(options);
  ASSERT_FALSE(started.ok()) << "the server started with fake_now and no allow_fake_now";
  EXPECT_TRUE(absl::StrContains(started.status().message(), "allow_fake_now")) << started.status();
}

}  // namespace
}  // namespace fieldservice::orders
