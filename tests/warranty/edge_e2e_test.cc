// End-to-end tests of the server edge (services/common/server.cc) with both
// real binaries: what a broken or hostile client's bytes get back before any
// handler runs. Requests are hand-built bytes, not generated messages.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "tests/support/json_tree.h"
#include "tests/support/raw_call.h"
#include "tests/support/reflection_client.h"
#include "tests/support/server_process.h"
#include "tests/support/service_under_test.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"

namespace fieldservice::warranty {
namespace {

using ::fieldservice::testing::LengthDelimitedField;
using ::fieldservice::testing::RawUnaryCall;
using ::fieldservice::testing::ServerProcess;
using ::fieldservice::testing::ServerProcessOptions;
using ::fieldservice::testing::VarintField;

constexpr char kInvalidUtf8[] = "\xff\xfe bad";
// The orders server runs with a small receive limit and idle time, so the
// tests can cross them quickly; the warranty server keeps the defaults.
constexpr int kOrdersMaxReceiveBytes = 1 << 20;

class EdgeE2ETest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    orders_ =
        Start(ORDERS_SERVER_PATH, "orders_edge",
              {"--warranty_address=", absl::StrCat("--max_receive_bytes=", kOrdersMaxReceiveBytes),
               "--connection_idle=1s"});
    warranty_ = Start(WARRANTY_SERVER_PATH, "warranty_edge", {});
  }
  static void TearDownTestSuite() {
    for (auto* p : {&orders_, &warranty_}) {
      if (*p != nullptr) {
        auto code = (*p)->Terminate(absl::Seconds(15));
        EXPECT_TRUE(code.ok() && *code == 0) << (*p)->Log();
        p->reset();
      }
    }
    for (auto& db : dbs_) fieldservice::testing::DropTestDatabase(db);
    dbs_.clear();
  }

  static std::unique_ptr<ServerProcess> Start(const char* path, const std::string& db_prefix,
                                              std::vector<std::string> args) {
    const std::string service = path == std::string(ORDERS_SERVER_PATH) ? "orders" : "warranty";
    return fieldservice::testing::StartService({path, service, db_prefix, std::move(args)}, dbs_);
  }

  // As a caller whose roles reach every method these tests send bad requests
  // to: the edge admits the caller before it judges the request.
  static std::shared_ptr<grpc::Channel> Channel(const ServerProcess& server) {
    return grpc::CreateChannel(absl::StrCat("127.0.0.1:", server.port()),
                               fieldservice::testing::CredentialsOf(
                                   "edge-tester", {"agent", "supervisor", "catalogue_admin"}));
  }

  static std::vector<common::DbSettings> dbs_;
  static std::unique_ptr<ServerProcess> orders_;
  static std::unique_ptr<ServerProcess> warranty_;
};

std::vector<common::DbSettings> EdgeE2ETest::dbs_;
std::unique_ptr<ServerProcess> EdgeE2ETest::orders_;
std::unique_ptr<ServerProcess> EdgeE2ETest::warranty_;

struct RawCase {
  bool orders;  // which server
  std::string method;
  std::string request;
  std::string field;  // the path the answer must name
};

void ExpectInvalidField(const std::shared_ptr<grpc::Channel>& channel, const RawCase& c) {
  grpc::Status status = RawUnaryCall(channel, c.method, c.request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << c.method << ": " << status.error_message();
  EXPECT_NE(status.error_message().find(c.field + ":"), std::string::npos)
      << c.method << ": " << status.error_message();
  EXPECT_FALSE(status.error_details().empty()) << c.method << ": no google.rpc.BadRequest";
}

TEST_F(EdgeE2ETest, InvalidUtf8InAnyStringFieldIsInvalidArgumentNamingTheField) {
  ASSERT_TRUE(orders_ && warranty_);
  const std::vector<RawCase> cases = {
      {true, "/fieldservice.orders.v1.RepairOrders/GetRepairOrder",
       LengthDelimitedField(1, kInvalidUtf8), "name"},
      {true, "/fieldservice.orders.v1.RepairOrders/ListRepairOrders",
       LengthDelimitedField(5, kInvalidUtf8), "phone"},
      {false, "/fieldservice.warranty.v1.Warranty/GetDecision",
       LengthDelimitedField(1, kInvalidUtf8), "name"},
      // Nested: DecideCoverageRequest.product.brand.
      {false, "/fieldservice.warranty.v1.Warranty/DecideCoverage",
       LengthDelimitedField(1, "req-1") +
           LengthDelimitedField(3, LengthDelimitedField(2, kInvalidUtf8)),
       "product.brand"},
  };
  for (const RawCase& c : cases) ExpectInvalidField(Channel(c.orders ? *orders_ : *warranty_), c);
  // Protobuf never got to log its own complaint.
  for (const auto* server : {orders_.get(), warranty_.get()}) {
    EXPECT_EQ(server->Log().find("UTF-8"), std::string::npos) << server->Log();
  }
}

TEST_F(EdgeE2ETest, UnknownEnumValuesAreInvalidArgumentNamingTheField) {
  ASSERT_TRUE(orders_ && warranty_);
  const std::vector<RawCase> cases = {
      // deadline_filter = 7 used to mean "no filter".
      {true, "/fieldservice.orders.v1.RepairOrders/ListRepairOrders", VarintField(10, 7),
       "deadline_filter"},
      // statuses, packed: one known value and one unknown.
      {true, "/fieldservice.orders.v1.RepairOrders/ListRepairOrders",
       LengthDelimitedField(3, std::string("\x01\x63", 2)), "statuses"},
      {false, "/fieldservice.warranty.v1.Warranty/DecideCoverage",
       LengthDelimitedField(1, "req-2") + VarintField(11, 9), "sale_type"},
  };
  for (const RawCase& c : cases) {
    ExpectInvalidField(Channel(c.orders ? *orders_ : *warranty_), c);
    grpc::Status status =
        RawUnaryCall(Channel(c.orders ? *orders_ : *warranty_), c.method, c.request);
    EXPECT_NE(status.error_message().find("is not a known"), std::string::npos)
        << status.error_message();
  }
}

TEST_F(EdgeE2ETest, BytesThatAreNotProtobufAreInvalidArgument) {
  ASSERT_TRUE(orders_);
  // Field 1 claims 100 bytes and the message ends after 3.
  grpc::Status status =
      RawUnaryCall(Channel(*orders_), "/fieldservice.orders.v1.RepairOrders/GetRepairOrder",
                   std::string("\x0a\x64xyz", 5));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_NE(status.error_message().find("GetRepairOrderRequest"), std::string::npos)
      << status.error_message();
}

TEST_F(EdgeE2ETest, OversizedRequestIsResourceExhaustedNamingTheLimit) {
  ASSERT_TRUE(orders_ && warranty_);
  // The warranty server's default limit, 4 MiB, against 5 MB.
  grpc::Status status =
      RawUnaryCall(Channel(*warranty_), "/fieldservice.warranty.v1.Warranty/GetDecision",
                   LengthDelimitedField(1, std::string(5'000'000, 'a')));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_NE(status.error_message().find(absl::StrCat(4 << 20)), std::string::npos)
      << status.error_message();
  // A configured limit.
  status = RawUnaryCall(Channel(*orders_), "/fieldservice.orders.v1.RepairOrders/GetRepairOrder",
                        LengthDelimitedField(1, std::string(2 * kOrdersMaxReceiveBytes, 'a')));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_NE(status.error_message().find(absl::StrCat(kOrdersMaxReceiveBytes)), std::string::npos)
      << status.error_message();
}

TEST_F(EdgeE2ETest, IdleConnectionIsClosedAfterTheConfiguredTime) {
  ASSERT_TRUE(orders_);
  auto channel = Channel(*orders_);
  ASSERT_TRUE(channel->WaitForConnected(absl::ToChronoTime(absl::Now() + absl::Seconds(30))));
  // The server closes the connection after 1 s without calls; the channel
  // then leaves READY. Without the setting it would stay connected.
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (channel->GetState(false) == GRPC_CHANNEL_READY) {
    ASSERT_TRUE(channel->WaitForStateChange(GRPC_CHANNEL_READY, absl::ToChronoTime(deadline)))
        << "still connected 20 s after the last call";
  }
  EXPECT_NE(channel->GetState(false), GRPC_CHANNEL_READY);
}

// Every service serves Operations next to its own API.
TEST_F(EdgeE2ETest, BothServicesServeOperations) {
  ASSERT_TRUE(orders_ && warranty_);
  for (const auto& [server, name] :
       {std::pair{orders_.get(), "orders"}, std::pair{warranty_.get(), "warranty"}}) {
    fieldservice::testing::ReflectionClient client(
        absl::StrCat("127.0.0.1:", server->port()),
        fieldservice::testing::CredentialsOf("ops-1", {"operator"}));
    auto services = client.ListServices();
    ASSERT_TRUE(services.ok()) << services.status();
    EXPECT_NE(std::find(services->begin(), services->end(), "fieldservice.ops.v1.Operations"),
              services->end());
    auto status = client.CallJson("fieldservice.ops.v1.Operations/GetServiceStatus", "{}");
    ASSERT_TRUE(status.ok()) << status.status();
    auto tree = fieldservice::testing::ParseJson(*status);
    EXPECT_EQ(fieldservice::testing::Text(tree, "service"), name) << *status;
    EXPECT_NE(status->find("\"calendar\""), std::string::npos) << *status;
    // The database's reachability, and for orders the outbox backlog.
    EXPECT_NE(status->find("\"database\""), std::string::npos) << *status;
    EXPECT_EQ(status->find("\"outbox\"") != std::string::npos, std::string(name) == "orders")
        << *status;
    // calendar_admin only.
    auto reload = client.CallJson("fieldservice.ops.v1.Operations/ReloadCalendar", "{}");
    EXPECT_EQ(reload.status().code(), absl::StatusCode::kPermissionDenied) << reload.status();
  }
}

}  // namespace
}  // namespace fieldservice::warranty
