// End-to-end tests of the warranty service as a real process, and of the
// orders -> warranty journey with both binaries: an order taken while the
// warranty service is down is decided once it starts. Clients know the APIs
// only through server reflection and JSON.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/support/json_tree.h"
#include "tests/support/reflection_client.h"
#include "tests/support/sample_time.h"
#include "tests/support/server_process.h"
#include "tests/support/service_under_test.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"

namespace fieldservice::warranty {
namespace {

namespace pb = ::google::protobuf;
using ::fieldservice::testing::Field;
using ::fieldservice::testing::ParseJson;
using ::fieldservice::testing::ReflectionClient;
using ::fieldservice::testing::Rfc3339;
using ::fieldservice::testing::ServerProcess;
using ::fieldservice::testing::ServerProcessOptions;
using ::fieldservice::testing::Text;

constexpr char kWarranty[] = "fieldservice.warranty.v1.Warranty";
constexpr char kOrders[] = "fieldservice.orders.v1.RepairOrders";

class SystemE2ETest : public ::testing::Test {
 protected:
  void TearDown() override {
    // A failed assertion must not leave servers behind.
    for (auto* p : {&orders_, &warranty_}) {
      if (*p != nullptr) {
        auto code = (*p)->Terminate(absl::Seconds(15));
        EXPECT_TRUE(code.ok() && *code == 0) << (*p)->Log();
      }
    }
    for (auto& db : dbs_) fieldservice::testing::DropTestDatabase(db);
  }

  // A call agent, and the admin who loads catalogues.
  static std::shared_ptr<grpc::ChannelCredentials> Agent() {
    return fieldservice::testing::CredentialsOf("agent-1001", {"agent"});
  }
  static std::shared_ptr<grpc::ChannelCredentials> Admin() {
    return fieldservice::testing::CredentialsOf("alice", {"catalogue_admin"});
  }

  // The certificate names the service (orders calls warranty with it).
  ServerProcessOptions Options(const char* path, const std::string& db_prefix) {
    const std::string service = absl::EndsWith(path, "orders_server") ? "orders" : "warranty";
    return fieldservice::testing::ServiceOptions({path, service, db_prefix, {}}, dbs_);
  }

  void StartWarranty(const std::string& listen = "127.0.0.1:0") {
    ServerProcessOptions options = Options(WARRANTY_SERVER_PATH, "warranty_e2e");
    options.args[0] = "--listen=" + listen;
    auto started = ServerProcess::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    warranty_ = *std::move(started);
  }

  std::vector<common::DbSettings> dbs_;
  std::unique_ptr<ServerProcess> warranty_;
  std::unique_ptr<ServerProcess> orders_;
};

// Issue 3 through a stock-style client: a performance fault on day 7 lets the
// customer choose return, exchange or repair, with a full refund.
TEST_F(SystemE2ETest, WarrantyBinaryDecidesThroughReflection) {
  StartWarranty();
  ReflectionClient client(absl::StrCat("127.0.0.1:", warranty_->port()), Agent());
  grpc::health::v1::HealthCheckRequest health_request;
  grpc::health::v1::HealthCheckResponse health;
  grpc::ClientContext context;
  ASSERT_TRUE(grpc::health::v1::Health::NewStub(client.channel())
                  ->Check(&context, health_request, &health)
                  .ok());
  EXPECT_EQ(health.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  auto decided = client.CallJson(absl::StrCat(kWarranty, "/DecideCoverage"), R"json({
    "request_id": "e2e-7-days",
    "product": {"category": "refrigerator", "brand": "美的", "model": "BCD-215", "serial": "E2E1"},
    "invoice_date": {"year": 2025, "month": 5, "day": 1},
    "proof": {"invoice_present": true, "warranty_card_present": true},
    "fault": {"performance_fault": true, "component": "defrost_heater"},
    "price_paid": {"amount_fen": "399900"},
    "request_time": "2025-05-08T15:30:00Z"
  })json");
  ASSERT_TRUE(decided.ok()) << decided.status();
  pb::Struct d = ParseJson(*decided);
  EXPECT_EQ(Text(d, "coverage"), "FREE");
  ASSERT_EQ(Field(d, "remedies").list_value().values_size(), 3);
  EXPECT_EQ(Text(d, "refund.amount.amount_fen"), "399900");
  bool seven_day_rule = false;
  for (const auto& rule : Field(d, "rules").list_value().values()) {
    seven_day_rule |= rule.struct_value().fields().at("id").string_value() == "SB-7D-CHOICE";
  }
  EXPECT_TRUE(seven_day_rule) << *decided;

  auto read = client.CallJson(absl::StrCat(kWarranty, "/GetDecision"),
                              absl::StrCat(R"({"name": ")", Text(d, "name"), R"("})"));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(Text(ParseJson(*read), "decision_id"), Text(d, "decision_id"));
}

// Two replicas starting together on one fresh database both start (the
// migrations and the shipped catalogue are stored once) and answer; a
// version an admin loads stays active when a replica restarts with the
// shipped file.
TEST_F(SystemE2ETest, TwoWarrantyReplicasStartTogetherOnOneDatabase) {
  const ServerProcessOptions options = Options(WARRANTY_SERVER_PATH, "warranty_e2e_pair");
  std::unique_ptr<ServerProcess> replicas[2];
  absl::Status started[2];
  {
    std::thread second([&] {
      auto s = ServerProcess::Start(options);
      started[1] = s.status();
      if (s.ok()) replicas[1] = *std::move(s);
    });
    auto s = ServerProcess::Start(options);
    started[0] = s.status();
    if (s.ok()) replicas[0] = *std::move(s);
    second.join();
  }
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(started[i].ok()) << "replica " << i << ": " << started[i];
  }
  const auto active_version = [](const ServerProcess& replica) -> std::string {
    ReflectionClient client(absl::StrCat("127.0.0.1:", replica.port()), Agent());
    auto active = client.CallJson(absl::StrCat(kWarranty, "/GetCatalogue"),
                                  R"({"name": "catalogues/active"})");
    EXPECT_TRUE(active.ok()) << active.status() << replica.Log();
    return active.ok() ? Text(ParseJson(*active), "version") : "";
  };
  const std::string shipped_version = active_version(*replicas[0]);
  EXPECT_FALSE(shipped_version.empty());
  EXPECT_EQ(active_version(*replicas[1]), shipped_version);

  // An admin loads a new version through one replica.
  // The end-to-end tests link no service code, so the file is read here.
  std::ifstream file(absl::StrCat(FS_SOURCE_DIR, "/data/warranty/catalogue.txt"));
  std::stringstream text;
  text << file.rdbuf();
  const std::string shipped = text.str();
  ASSERT_FALSE(shipped.empty());
  const size_t at = shipped.find("\nversion");
  const size_t eol = shipped.find('\n', at + 1);
  pb::Struct load;
  ::fieldservice::testing::Set(
      load, "text", shipped.substr(0, at) + "\nversion = e2e-admin" + shipped.substr(eol));
  ReflectionClient admin(absl::StrCat("127.0.0.1:", replicas[0]->port()), Admin());
  auto loaded = admin.CallJson(absl::StrCat(kWarranty, "/LoadCatalogue"),
                               ::fieldservice::testing::ToJson(load));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(Text(ParseJson(*loaded), "loaded_by"), "alice");
  for (auto& replica : replicas) {
    auto code = replica->Terminate(absl::Seconds(15));
    EXPECT_TRUE(code.ok() && *code == 0) << replica->Log();
  }

  // Restarted with the shipped file, the admin's version stays active.
  auto restarted = ServerProcess::Start(options);
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  warranty_ = *std::move(restarted);
  EXPECT_EQ(active_version(*warranty_), "e2e-admin");
}

// Issue 3: if the warranty service is down the order is still created,
// marked pending, and decided when it returns.
TEST_F(SystemE2ETest, OrderTakenWhileWarrantyIsDownIsDecidedWhenItStarts) {
  // Learn a free port for the warranty service, then stop it: "down".
  StartWarranty();
  int warranty_port = warranty_->port();
  ASSERT_EQ(*warranty_->Terminate(absl::Seconds(15)), 0);
  warranty_.reset();

  ServerProcessOptions options = Options(ORDERS_SERVER_PATH, "orders_e2e_sys");
  options.args.push_back(absl::StrCat("--warranty_address=127.0.0.1:", warranty_port));
  options.args.push_back("--outbox_poll_interval=200ms");
  options.args.push_back("--outbox_initial_backoff=200ms");
  options.args.push_back("--outbox_max_backoff=1s");
  options.args.push_back("--warranty_timeout=1s");
  // A fixed clock for orders, which asks as of the order's creation: the
  // outcome never depends on the day the test runs.
  const absl::Time now = testing::SampleMonday();
  options.args.push_back(absl::StrCat("--fake_now=", Rfc3339(now)));
  options.args.push_back("--allow_fake_now=true");
  auto started = ServerProcess::Start(options);
  ASSERT_TRUE(started.ok()) << started.status();
  orders_ = *std::move(started);

  ReflectionClient orders(absl::StrCat("127.0.0.1:", orders_->port()), Agent());
  // Bought 2026-03-01: inside the one-year period on 2026-11-23.
  const absl::Time call_ended = now - absl::Minutes(1);
  const absl::CivilDay bought(2026, 3, 1);
  auto created = orders.CallJson(absl::StrCat(kOrders, "/CreateRepairOrder"),
                                 absl::StrCat(R"json({
    "request_id": "sys-e2e-1",
    "repair_order": {
      "contact_type": "REPAIR",
      "customer": {"name": "张三", "phone": "13812345678",
                   "address": {"region_code": "440106", "detail": "天河区天河路385号太古汇2座1201室"}},
      "product": {"category": "refrigerator", "brand": "海尔", "model": "BCD-470WDPG",
                  "serial": "BA0123456789", "purchase_date": {"year": )json",
                                              bought.year(), R"json(, "month": )json",
                                              bought.month(), R"json(, "day": )json", bought.day(),
                                              R"json(},
                  "invoice_number": "24440000000012345678", "warranty_card_present": true},
      "warranty_claim": {"price_paid": {"amount_fen": 329900}},
      "fault_description": "冷藏室不制冷，冷冻正常",
      "service_mode": "ON_SITE",
      "call_ended_time": ")json",
                                              Rfc3339(call_ended), R"json("
    }})json"));
  ASSERT_TRUE(created.ok()) << created.status();
  pb::Struct order = ParseJson(*created);
  EXPECT_EQ(Text(order, "warranty.state"), "WARRANTY_PENDING");
  // Down: the relay tries and backs off; the order waits.
  ASSERT_TRUE(orders_->WaitForLog("outbox_delivery_failed", absl::Seconds(30))) << orders_->Log();

  StartWarranty(absl::StrCat("127.0.0.1:", warranty_port));
  ASSERT_TRUE(orders_->WaitForLog("warranty_recorded", absl::Seconds(60))) << orders_->Log();
  auto read = orders.CallJson(absl::StrCat(kOrders, "/GetRepairOrder"),
                              absl::StrCat(R"({"name": ")", Text(order, "name"), R"("})"));
  ASSERT_TRUE(read.ok()) << read.status();
  pb::Struct decided = ParseJson(*read);
  EXPECT_EQ(Text(decided, "warranty.state"), "WARRANTY_DECIDED") << *read;
  EXPECT_EQ(Text(decided, "warranty.coverage"), "FREE");

  ReflectionClient warranty(absl::StrCat("127.0.0.1:", warranty_port), Agent());
  auto stored =
      warranty.CallJson(absl::StrCat(kWarranty, "/GetDecision"),
                        absl::StrCat(R"({"name": ")", Text(decided, "warranty.decision"), R"("})"));
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(Text(ParseJson(*stored), "order"), Text(order, "name"));
}

}  // namespace
}  // namespace fieldservice::warranty
