// The orders -> scheduling journey with the real binaries (issue 9 "The
// order follows"): an on-site order a dispatcher queues reaches the dispatch
// queue through the orders outbox, and leaves it when it is cancelled;
// taken while scheduling is down, it arrives once scheduling is up.
// Clients know the APIs only through server reflection and JSON.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "tests/support/json_tree.h"
#include "tests/support/reflection_client.h"
#include "tests/support/server_process.h"
#include "tests/support/service_under_test.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"

namespace fieldservice::scheduling {
namespace {

namespace pb = ::google::protobuf;
using ::fieldservice::testing::ParseJson;
using ::fieldservice::testing::ReflectionClient;
using ::fieldservice::testing::Rfc3339;
using ::fieldservice::testing::ServerProcess;
using ::fieldservice::testing::ServerProcessOptions;
using ::fieldservice::testing::Text;

constexpr char kOrders[] = "fieldservice.orders.v1.RepairOrders";
constexpr char kDispatch[] = "fieldservice.scheduling.v1.Dispatch";

// The orders server's clock (fake_now): nothing depends on the day it runs.
const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 11, 23, 10, 0, 0), absl::FixedTimeZone(8 * 3600));

class DispatchE2ETest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (auto* p : {&orders_, &scheduling_}) {
      if (*p != nullptr) {
        auto code = (*p)->Terminate(absl::Seconds(15));
        EXPECT_TRUE(code.ok() && *code == 0) << (*p)->Log();
      }
    }
    for (auto& db : dbs_) fieldservice::testing::DropTestDatabase(db);
  }

  void StartScheduling(const std::string& listen = "127.0.0.1:0") {
    ServerProcessOptions options = fieldservice::testing::ServiceOptions(
        {SCHEDULING_SERVER_PATH, "scheduling", "sched_e2e", {}}, dbs_);
    options.args[0] = "--listen=" + listen;
    auto started = ServerProcess::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    scheduling_ = *std::move(started);
  }

  // `scheduling_port` 0: orders runs without a scheduling service.
  void StartOrders(int scheduling_port) {
    ServerProcessOptions options = fieldservice::testing::ServiceOptions(
        {ORDERS_SERVER_PATH,
         "orders",
         "orders_sched_e2e",
         {"--warranty_address=",
          scheduling_port == 0 ? "--scheduling_address="
                               : absl::StrCat("--scheduling_address=127.0.0.1:", scheduling_port),
          "--scheduling_timeout=1s", "--outbox_poll_interval=200ms",
          "--outbox_initial_backoff=200ms", "--outbox_max_backoff=1s",
          absl::StrCat("--fake_now=", Rfc3339(kNow)), "--allow_fake_now=true"}},
        dbs_);
    orders_options_ = options;
    auto started = ServerProcess::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    orders_ = *std::move(started);
  }

  // An on-site repair taken by the agent, then queued for dispatch.
  pb::Struct TakeAndQueue(ReflectionClient& desk, const std::string& request_id) {
    auto created = desk.CallJson(absl::StrCat(kOrders, "/CreateRepairOrder"),
                                 absl::StrCat(R"json({
      "request_id": ")json",
                                              request_id, R"json(",
      "repair_order": {
        "contact_type": "REPAIR",
        "customer": {"name": "张三", "phone": "13812345678",
                     "address": {"region_code": "440106", "detail": "天河区天河路385号太古汇2座1201室",
                                 "location": {"latitude": 23.1335, "longitude": 113.3275}}},
        "product": {"category": "refrigerator", "brand": "海尔", "model": "BCD-470WDPG",
                    "serial": "BA0123456789", "purchase_date": {"year": 2026, "month": 3, "day": 1},
                    "invoice_number": "24440000000012345678", "warranty_card_present": true},
        "warranty_claim": {"price_paid": {"amount_fen": 329900}},
        "fault_description": "冷藏室不制冷，冷冻正常",
        "service_mode": "ON_SITE",
        "call_ended_time": ")json",
                                              Rfc3339(kNow - absl::Minutes(1)), R"json("
      }})json"));
    EXPECT_TRUE(created.ok()) << created.status();
    pb::Struct order = ParseJson(created.value_or("{}"));
    auto queued = desk.CallJson(
        absl::StrCat(kOrders, "/TransitionRepairOrder"),
        absl::StrCat(R"({"name": ")", Text(order, "name"), R"(", "event": "QUEUE_FOR_DISPATCH",)",
                     R"( "etag": ")", Text(order, "etag"), R"("})"));
    EXPECT_TRUE(queued.ok()) << queued.status();
    return ParseJson(queued.value_or("{}"));
  }

  // The dispatch queue's orders, read until `want` of them are there (or a
  // minute passed): the relay delivers asynchronously.
  std::vector<std::string> QueueOnce(ReflectionClient& dispatcher) {
    auto listed = dispatcher.CallJson(absl::StrCat(kDispatch, "/ListDispatchQueue"), "{}");
    EXPECT_TRUE(listed.ok()) << listed.status();
    std::vector<std::string> orders;
    pb::Struct page = ParseJson(listed.value_or("{}"));
    auto it = page.fields().find("jobs");
    if (it == page.fields().end()) return orders;
    for (const auto& job : it->second.list_value().values()) {
      orders.push_back(job.struct_value().fields().at("order").string_value());
    }
    return orders;
  }
  std::vector<std::string> QueueWhen(ReflectionClient& dispatcher, size_t want) {
    std::vector<std::string> orders;
    const absl::Time until = absl::Now() + absl::Minutes(1);
    do {
      orders = QueueOnce(dispatcher);
      if (orders.size() == want) break;
      absl::SleepFor(absl::Milliseconds(100));
    } while (absl::Now() < until);
    return orders;
  }

  std::vector<common::DbSettings> dbs_;
  std::unique_ptr<ServerProcess> scheduling_;
  std::unique_ptr<ServerProcess> orders_;
  ServerProcessOptions orders_options_;  // as orders_ was last started
};

TEST_F(DispatchE2ETest, AQueuedOrderReachesTheQueueAndACancelledOneLeavesIt) {
  StartScheduling();
  StartOrders(scheduling_->port());
  ReflectionClient desk(absl::StrCat("127.0.0.1:", orders_->port()),
                        fieldservice::testing::CredentialsOf("disp-01", {"dispatcher"}));
  ReflectionClient dispatcher(absl::StrCat("127.0.0.1:", scheduling_->port()),
                              fieldservice::testing::CredentialsOf("disp-01", {"dispatcher"}));
  pb::Struct order = TakeAndQueue(desk, "sched-e2e-1");
  ASSERT_EQ(Text(order, "status"), "PENDING_DISPATCH");
  EXPECT_EQ(QueueWhen(dispatcher, 1), std::vector<std::string>{Text(order, "name")});

  auto listed = dispatcher.CallJson(absl::StrCat(kDispatch, "/ListDispatchQueue"), "{}");
  ASSERT_TRUE(listed.ok()) << listed.status();
  pb::Struct job = ParseJson(*listed).fields().at("jobs").list_value().values(0).struct_value();
  EXPECT_EQ(Text(job, "region_code"), "440106");
  EXPECT_EQ(Text(job, "category"), "refrigerator");
  EXPECT_EQ(Text(job, "brand"), "海尔");
  EXPECT_EQ(Text(job, "order_version"), Text(order, "etag"));

  auto cancelled = desk.CallJson(
      absl::StrCat(kOrders, "/TransitionRepairOrder"),
      absl::StrCat(R"({"name": ")", Text(order, "name"), R"(", "event": "CANCEL",)",
                   R"( "reason": "客户已自行修好", "etag": ")", Text(order, "etag"), R"("})"));
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_TRUE(QueueWhen(dispatcher, 0).empty());
}

TEST_F(DispatchE2ETest, AnOrderQueuedWhileSchedulingIsDownArrivesWhenItStarts) {
  // Learn a free port for scheduling, then stop it: "down".
  StartScheduling();
  const int port = scheduling_->port();
  ASSERT_EQ(*scheduling_->Terminate(absl::Seconds(15)), 0);
  scheduling_.reset();
  StartOrders(port);
  ReflectionClient desk(absl::StrCat("127.0.0.1:", orders_->port()),
                        fieldservice::testing::CredentialsOf("disp-01", {"dispatcher"}));
  pb::Struct order = TakeAndQueue(desk, "sched-e2e-2");
  ASSERT_TRUE(orders_->WaitForLog("outbox_delivery_failed", absl::Seconds(30))) << orders_->Log();

  StartScheduling(absl::StrCat("127.0.0.1:", port));
  ReflectionClient dispatcher(absl::StrCat("127.0.0.1:", port),
                              fieldservice::testing::CredentialsOf("disp-01", {"dispatcher"}));
  EXPECT_EQ(QueueWhen(dispatcher, 1), std::vector<std::string>{Text(order, "name")});
}

TEST_F(DispatchE2ETest, OrdersQueuedBeforeSchedulingWasConfiguredAreSyncedAtStart) {
  StartOrders(0);
  ReflectionClient desk(absl::StrCat("127.0.0.1:", orders_->port()),
                        fieldservice::testing::CredentialsOf("disp-01", {"dispatcher"}));
  pb::Struct order = TakeAndQueue(desk, "sched-e2e-3");
  ASSERT_EQ(Text(order, "status"), "PENDING_DISPATCH");
  // The same database, now with scheduling: the restart owes the sync.
  ServerProcessOptions again = orders_options_;
  ASSERT_EQ(*orders_->Terminate(absl::Seconds(15)), 0);
  orders_.reset();
  StartScheduling();
  for (std::string& arg : again.args) {
    if (arg == "--scheduling_address=") {
      arg = absl::StrCat("--scheduling_address=127.0.0.1:", scheduling_->port());
    }
  }
  auto restarted = ServerProcess::Start(again);
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  orders_ = *std::move(restarted);
  ReflectionClient dispatcher(absl::StrCat("127.0.0.1:", scheduling_->port()),
                              fieldservice::testing::CredentialsOf("disp-01", {"dispatcher"}));
  EXPECT_EQ(QueueWhen(dispatcher, 1), std::vector<std::string>{Text(order, "name")});
}

}  // namespace
}  // namespace fieldservice::scheduling
