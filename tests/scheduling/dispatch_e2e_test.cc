// The orders <-> scheduling journey with the real binaries (issue 9 "The
// order follows"): an on-site order a dispatcher queues reaches the dispatch
// queue through the orders outbox, and leaves it when it is cancelled;
// taken while scheduling is down, it arrives once scheduling is up; a call
// becomes a completed visit with the order showing each step and holding
// the visit's repair record and the technician's outlet.
// Clients know the APIs only through server reflection and JSON.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "tests/support/e2e_calls.h"
#include "tests/support/json_tree.h"
#include "tests/support/reflection_client.h"
#include "tests/support/sample_requests.h"
#include "tests/support/sample_time.h"
#include "tests/support/server_process.h"
#include "tests/support/service_under_test.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"

namespace fieldservice::scheduling {
namespace {

namespace pb = ::google::protobuf;
using ::fieldservice::testing::MustCall;
using ::fieldservice::testing::ParseJson;
using ::fieldservice::testing::ReflectionClient;
using ::fieldservice::testing::Rfc3339;
using ::fieldservice::testing::ServerProcess;
using ::fieldservice::testing::ServerProcessOptions;
using ::fieldservice::testing::Text;

constexpr char kOrders[] = "fieldservice.orders.v1.RepairOrders";
constexpr char kDispatch[] = "fieldservice.scheduling.v1.Dispatch";

// The orders server's clock (fake_now): nothing depends on the day it runs.
const absl::Time kNow = testing::SampleMonday();

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

  void StartScheduling(const std::string& listen = "127.0.0.1:0",
                       std::vector<std::string> args = {}) {
    ServerProcessOptions options = fieldservice::testing::ServiceOptions(
        {SCHEDULING_SERVER_PATH, "scheduling", "sched_e2e", std::move(args)}, dbs_);
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
    auto created = desk.CallJson(
        absl::StrCat(kOrders, "/CreateRepairOrder"),
        fieldservice::testing::TianheFridgeOrderRequest(request_id, kNow - absl::Minutes(1)));
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

// Polls the order until it reaches `status` (or a minute passed): the
// scheduling relay tells orders asynchronously.
pb::Struct OrderWhen(ReflectionClient& desk, const std::string& name, const std::string& status) {
  pb::Struct order;
  const absl::Time until = absl::Now() + absl::Minutes(1);
  do {
    auto got = desk.CallJson(absl::StrCat(kOrders, "/GetRepairOrder"),
                             absl::StrCat(R"({"name": ")", name, R"("})"));
    EXPECT_TRUE(got.ok()) << got.status();
    order = ParseJson(got.value_or("{}"));
    if (Text(order, "status") == status) break;
    absl::SleepFor(absl::Milliseconds(100));
  } while (absl::Now() < until);
  return order;
}

// The i-th object of the list at `path` (an empty one, and a failure, when
// there is none).
pb::Struct Item(const pb::Struct& s, const std::string& path, int i) {
  const pb::Value& list = fieldservice::testing::Field(s, path);
  if (i >= list.list_value().values_size()) {
    ADD_FAILURE() << "no " << path << "[" << i << "] in " << fieldservice::testing::ToJson(s);
    return pb::Struct();
  }
  return list.list_value().values(i).struct_value();
}

// Issue 9 "Must show": a call becomes an order, reaches the dispatch queue,
// is assigned from the candidates, and the technician's streamed app takes
// it to completed; the order in `orders` shows each step.
TEST_F(DispatchE2ETest, ACallBecomesACompletedVisitAndTheOrderShowsEachStep) {
  // Each calls the other: scheduling's port is learned first, then orders
  // starts knowing it, then scheduling starts on it knowing orders'.
  StartScheduling();
  const int port = scheduling_->port();
  ASSERT_EQ(*scheduling_->Terminate(absl::Seconds(15)), 0);
  scheduling_.reset();
  StartOrders(port);
  StartScheduling(
      absl::StrCat("127.0.0.1:", port),
      {absl::StrCat("--orders_address=127.0.0.1:", orders_->port()), "--orders_timeout=1s",
       "--outbox_poll_interval=200ms", "--outbox_initial_backoff=200ms", "--outbox_max_backoff=1s",
       "--app_stream_poll_interval=200ms", absl::StrCat("--fake_now=", Rfc3339(kNow)),
       "--allow_fake_now=true"});
  const std::string at = absl::StrCat("127.0.0.1:", port);
  ReflectionClient desk(absl::StrCat("127.0.0.1:", orders_->port()),
                        fieldservice::testing::CredentialsOf("agent-01", {"agent"}));
  ReflectionClient dispatcher(at, fieldservice::testing::CredentialsOf("disp-01", {"dispatcher"}));
  ReflectionClient agent(at, fieldservice::testing::CredentialsOf("agent-01", {"agent"}));
  ReflectionClient phone(at, fieldservice::testing::CredentialsOf("zhang.wei", {"technician"}));
  const std::string app = "fieldservice.scheduling.v1.TechnicianApp/";

  // A refrigerator technician of Tianhe, Monday to Friday 09:00-18:00.
  MustCall(dispatcher, "fieldservice.scheduling.v1.Technicians/CreateTechnician",
           fieldservice::testing::TianheTechnicianRequest("journey-tech", "广州天河网点"));

  // The call: an order, queued for dispatch, arrives in the queue.
  pb::Struct order = TakeAndQueue(desk, "journey-1");
  const std::string name = Text(order, "name");
  const std::string job = "dispatchJobs/" + name.substr(std::string("repairOrders/").size());
  ASSERT_EQ(QueueWhen(dispatcher, 1), std::vector<std::string>{name});

  // Assigned from the candidates.
  pb::Struct proposal = MustCall(dispatcher, absl::StrCat(kDispatch, "/ProposeCandidates"),
                                 absl::StrCat(R"({"job": ")", job, R"("})"));
  const pb::Struct best = Item(proposal, "candidates", 0);
  ASSERT_EQ(Text(best, "technician"), "technicians/zhang.wei");
  pb::Struct assigned = MustCall(dispatcher, absl::StrCat(kDispatch, "/AssignJob"),
                                 absl::StrCat(R"({"job": ")", job, R"(", "technician": ")",
                                              Text(best, "technician"), R"("})"));
  EXPECT_EQ(Text(assigned, "step"), "ASSIGNED");
  EXPECT_EQ(Text(OrderWhen(desk, name, "ASSIGNED"), "technician_id"), "zhang.wei");

  // The technician's phone streams the job in, with nothing from before.
  auto first = phone.StreamJson(app + "StreamJobs", R"({"after_cursor": 0})", 1, absl::Seconds(20));
  ASSERT_EQ(first.messages.size(), 1u) << first.status;
  pb::Struct added = ParseJson(first.messages[0]);
  EXPECT_EQ(Text(added, "kind"), "JOB_ADDED");
  EXPECT_EQ(Text(added, "job.name"), job);

  // The agent books a window the offer gives.
  pb::Struct offer = MustCall(agent, absl::StrCat(kDispatch, "/OfferAppointmentSlots"),
                              absl::StrCat(R"({"job": ")", job, R"("})"));
  const pb::Struct slot = Item(offer, "slots", 0);
  const std::string window =
      absl::StrCat(R"({"start_time": ")", Text(slot, "window.start_time"), R"(", "end_time": ")",
                   Text(slot, "window.end_time"), R"("})");
  MustCall(agent, absl::StrCat(kDispatch, "/BookAppointment"),
           absl::StrCat(R"({"job": ")", job, R"(", "window": )", window, "}"));
  OrderWhen(desk, name, "APPOINTMENT_BOOKED");

  // The visit, from the app: each operation with its own id.
  auto step = [&](const std::string& method, const std::string& body) {
    return MustCall(phone, app + method, absl::StrCat(R"({"job": ")", job, R"(", )", body, "}"));
  };
  step("AcceptJob", R"("operation_id": "op-1")");
  step("UpdateJobStatus", absl::StrCat(R"("operation_id": "op-2", "status": "DEPARTED", "eta": ")",
                                       Text(slot, "window.start_time"), R"(")"));
  OrderWhen(desk, name, "EN_ROUTE");
  step("UpdateJobStatus", R"("operation_id": "op-3", "status": "ARRIVED")");
  OrderWhen(desk, name, "ON_SITE_VISIT");
  // SHA-256 of "abc", the published test vector.
  pb::Struct done = step("CompleteJob", R"json("operation_id": "op-4", "record": {
      "fault_found": "温控器损坏", "work_done": "更换温控器，试机制冷正常",
      "parts_used": [{"part_id": "thermostat", "serial": "TH-0001", "quantity": 1}],
      "function_test_passed": true, "customer_opinion": "满意",
      "signature": "YWJj",
      "signature_sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"})json");
  EXPECT_EQ(Text(done, "step"), "COMPLETED");

  // The order shows each step, each recorded by the scheduling service.
  pb::Struct completed = OrderWhen(desk, name, "COMPLETED");
  EXPECT_EQ(Text(completed, "status"), "COMPLETED");
  EXPECT_NE(Text(completed, "visit_summary").find("温控器损坏"), std::string::npos);
  // The repair record's facts and the technician's outlet reached the order
  // with the completion, for the callback service.
  EXPECT_EQ(Text(completed, "technician_outlet"), "广州天河网点");
  EXPECT_TRUE(
      fieldservice::testing::Field(completed, "visit_record.signed_by_customer").bool_value());
  EXPECT_TRUE(
      fieldservice::testing::Field(completed, "visit_record.function_test_passed").bool_value());
  const pb::Struct part = Item(completed, "visit_record.parts", 0);
  EXPECT_EQ(Text(part, "part_id"), "thermostat");
  EXPECT_EQ(Text(part, "serial"), "TH-0001");
  pb::Struct events = MustCall(desk, absl::StrCat(kOrders, "/ListRepairOrderEvents"),
                               absl::StrCat(R"({"name": ")", name, R"("})"));
  std::vector<std::string> by_scheduling;
  for (const pb::Value& v : events.fields().at("events").list_value().values()) {
    const pb::Struct& e = v.struct_value();
    if (Text(e, "actor").find("scheduling") != std::string::npos) {
      by_scheduling.push_back(Text(e, "event"));
    }
  }
  EXPECT_EQ(by_scheduling, (std::vector<std::string>{"ASSIGN", "BOOK_APPOINTMENT", "DEPART",
                                                     "ARRIVE", "COMPLETE"}));

  // The phone, back online, resumes after the one change it had: the rest
  // follow once each, in order, ending completed.
  auto rest = phone.StreamJson(app + "StreamJobs",
                               absl::StrCat(R"({"after_cursor": )", Text(added, "cursor"), "}"), 5,
                               absl::Seconds(20));
  ASSERT_EQ(rest.messages.size(), 5u) << rest.status;
  for (size_t i = 0; i < rest.messages.size(); ++i) {
    EXPECT_EQ(Text(ParseJson(rest.messages[i]), "cursor"), absl::StrCat(i + 2));
  }
  EXPECT_EQ(Text(ParseJson(rest.messages.back()), "job.step"), "COMPLETED");
}

}  // namespace
}  // namespace fieldservice::scheduling
