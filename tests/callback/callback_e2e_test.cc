// Issue 11 "Must show", end to end with the real binaries: an order
// completed by a technician gets a callback task; an agent claims it and
// submits the survey; the customer says the product still does not work, so
// the order reopens and its job is back in the dispatch queue; a second
// visit fixes it, the second callback is satisfied and the order closes.
// orders, scheduling and callback run as processes, each on its own
// database; clients know the APIs only through server reflection and JSON.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "tests/support/e2e_calls.h"
#include "tests/support/json_tree.h"
#include "tests/support/reflection_client.h"
#include "tests/support/server_process.h"
#include "tests/support/service_under_test.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"

namespace fieldservice::callback {
namespace {

namespace pb = ::google::protobuf;
using ::fieldservice::testing::CallUntil;
using ::fieldservice::testing::MustCall;
using ::fieldservice::testing::ParseJson;
using ::fieldservice::testing::ReflectionClient;
using ::fieldservice::testing::Rfc3339;
using ::fieldservice::testing::ServerProcess;
using ::fieldservice::testing::ServerProcessOptions;
using ::fieldservice::testing::Text;

constexpr char kOrders[] = "fieldservice.orders.v1.RepairOrders/";
constexpr char kDispatch[] = "fieldservice.scheduling.v1.Dispatch/";
constexpr char kTechnicians[] = "fieldservice.scheduling.v1.Technicians/";
constexpr char kApp[] = "fieldservice.scheduling.v1.TechnicianApp/";
constexpr char kCallbacks[] = "fieldservice.callback.v1.Callbacks/";

// Orders and scheduling run on Monday 23 November 2026, 10:00 in China; the
// callback service two days later, when a repair's callback (from the next
// working day on) is due.
const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 11, 23, 10, 0, 0), absl::FixedTimeZone(8 * 3600));
const absl::Time kCallbackNow = kNow + absl::Hours(48);

// The relays' settings: deliver within a second or so.
std::vector<std::string> QuickOutbox() {
  return {"--outbox_poll_interval=200ms", "--outbox_initial_backoff=200ms",
          "--outbox_max_backoff=1s", "--allow_fake_now=true"};
}

std::vector<std::string> With(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The default survey's answers with nothing wrong, but for the ones given.
std::string Answers(const std::string& product_working, const std::string& rating) {
  return absl::StrCat(R"({"product_working": ")", product_working,
                      R"(", "technician_satisfaction": ")", rating, R"(",
    "work_id_shown": "yes", "tidy_dress": "yes", "proper_language": "yes",
    "argued_or_insulted": "no", "on_time": "yes", "fees_paid": "0", "use_explained": "yes",
    "function_tested": "yes", "repair_quality_satisfied": "yes",
    "opinion_written_by_customer": "yes", "signed_by_customer": "yes",
    "product_cleaned": "yes", "polite_goodbye": "yes", "other_comments": "没有了"})");
}

class CallbackE2ETest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (auto* p : {&orders_, &callback_, &scheduling_}) {
      if (*p != nullptr) {
        auto code = (*p)->Terminate(absl::Seconds(15));
        EXPECT_TRUE(code.ok() && *code == 0) << (*p)->Log();
      }
    }
    for (auto& db : dbs_) fieldservice::testing::DropTestDatabase(db);
  }

  std::unique_ptr<ServerProcess> Start(const char* path, const std::string& service,
                                       const std::string& listen, std::vector<std::string> args) {
    ServerProcessOptions options = fieldservice::testing::ServiceOptions(
        {path, service, absl::StrCat(service, "_cb_e2e"), std::move(args)}, dbs_);
    options.args[0] = "--listen=" + listen;
    auto started = ServerProcess::Start(options);
    EXPECT_TRUE(started.ok()) << started.status();
    return started.ok() ? *std::move(started) : nullptr;
  }

  // Each of the three calls another: orders' port is learned first (a start
  // and a stop), then scheduling and callback start knowing it, then orders
  // starts on it knowing theirs.
  void StartAll() {
    auto probe = Start(ORDERS_SERVER_PATH, "orders", "127.0.0.1:0", {});
    ASSERT_NE(probe, nullptr);
    const std::string orders_at = absl::StrCat("127.0.0.1:", probe->port());
    ASSERT_EQ(*probe->Terminate(absl::Seconds(15)), 0);
    scheduling_ = Start(SCHEDULING_SERVER_PATH, "scheduling", "127.0.0.1:0",
                        With(QuickOutbox(), {"--orders_address=" + orders_at, "--orders_timeout=1s",
                                             "--app_stream_poll_interval=200ms",
                                             absl::StrCat("--fake_now=", Rfc3339(kNow))}));
    ASSERT_NE(scheduling_, nullptr);
    scheduling_at_ = absl::StrCat("127.0.0.1:", scheduling_->port());
    callback_ = Start(
        CALLBACK_SERVER_PATH, "callback", "127.0.0.1:0",
        With(QuickOutbox(), {"--orders_address=" + orders_at, "--orders_timeout=1s",
                             "--scheduling_address=" + scheduling_at_, "--scheduling_timeout=1s",
                             absl::StrCat("--fake_now=", Rfc3339(kCallbackNow))}));
    ASSERT_NE(callback_, nullptr);
    callback_at_ = absl::StrCat("127.0.0.1:", callback_->port());
    orders_ = Start(
        ORDERS_SERVER_PATH, "orders", orders_at,
        With(QuickOutbox(), {"--warranty_address=", "--scheduling_address=" + scheduling_at_,
                             "--scheduling_timeout=1s", "--callback_address=" + callback_at_,
                             "--callback_timeout=1s", absl::StrCat("--fake_now=", Rfc3339(kNow))}));
    ASSERT_NE(orders_, nullptr);
    orders_at_ = orders_at;
  }

  // Assigns the job to zhang.wei, books the first window offered, and works
  // it to completed from the phone; `visit` numbers the app's operations.
  void Visit(const std::string& job, int visit) {
    ReflectionClient dispatcher(scheduling_at_,
                                fieldservice::testing::CredentialsOf("disp-01", {"dispatcher"}));
    ReflectionClient phone(scheduling_at_,
                           fieldservice::testing::CredentialsOf("zhang.wei", {"technician"}));
    MustCall(dispatcher, absl::StrCat(kDispatch, "AssignJob"),
             absl::StrCat(R"({"job": ")", job, R"(", "technician": "technicians/zhang.wei"})"));
    pb::Struct offer = MustCall(dispatcher, absl::StrCat(kDispatch, "OfferAppointmentSlots"),
                                absl::StrCat(R"({"job": ")", job, R"("})"));
    const pb::Value& slots = fieldservice::testing::Field(offer, "slots");
    ASSERT_GT(slots.list_value().values_size(), 0) << fieldservice::testing::ToJson(offer);
    const pb::Struct& slot = slots.list_value().values(0).struct_value();
    MustCall(dispatcher, absl::StrCat(kDispatch, "BookAppointment"),
             absl::StrCat(R"({"job": ")", job, R"(", "window": {"start_time": ")",
                          Text(slot, "window.start_time"), R"(", "end_time": ")",
                          Text(slot, "window.end_time"), R"("}})"));
    auto step = [&](const std::string& method, int op, const std::string& body) {
      return MustCall(phone, kApp + method,
                      absl::StrCat(R"({"job": ")", job, R"(", "operation_id": "v)", visit, "-", op,
                                   R"(")", body.empty() ? "" : ", ", body, "}"));
    };
    step("AcceptJob", 1, "");
    step(
        "UpdateJobStatus", 2,
        absl::StrCat(R"("status": "DEPARTED", "eta": ")", Text(slot, "window.start_time"), R"(")"));
    step("UpdateJobStatus", 3, R"("status": "ARRIVED")");
    // SHA-256 of "abc", the published test vector.
    pb::Struct done = step("CompleteJob", 4, R"json("record": {
        "fault_found": "温控器损坏", "work_done": "更换温控器，试机制冷正常",
        "parts_used": [{"part_id": "thermostat", "serial": "TH-0001", "quantity": 1}],
        "function_test_passed": true, "customer_opinion": "满意",
        "signature": "YWJj",
        "signature_sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"})json");
    EXPECT_EQ(Text(done, "step"), "COMPLETED");
  }

  std::vector<common::DbSettings> dbs_;
  std::unique_ptr<ServerProcess> scheduling_;
  std::unique_ptr<ServerProcess> callback_;
  std::unique_ptr<ServerProcess> orders_;
  std::string orders_at_, scheduling_at_, callback_at_;
};

TEST_F(CallbackE2ETest, AnUnsolvedVisitReopensAndASatisfiedOneCloses) {
  StartAll();
  ReflectionClient desk(orders_at_, fieldservice::testing::CredentialsOf("agent-01", {"agent"}));
  ReflectionClient dispatcher(scheduling_at_,
                              fieldservice::testing::CredentialsOf("disp-01", {"dispatcher"}));
  ReflectionClient agent(callback_at_,
                         fieldservice::testing::CredentialsOf("cb-01", {"callback_agent"}));
  ReflectionClient supervisor(orders_at_,
                              fieldservice::testing::CredentialsOf("sup-01", {"supervisor"}));

  MustCall(dispatcher, absl::StrCat(kTechnicians, "CreateTechnician"), R"json({
    "request_id": "cb-e2e-tech", "technician_id": "zhang.wei",
    "technician": {"display_name": "张伟", "phone": "13800138000", "outlet": "gz-tianhe",
      "skills": {"categories": ["refrigerator"], "brands": ["海尔"], "level": 3},
      "service_area": {"region_codes": ["440106"]},
      "home_base": {"latitude": 23.1291, "longitude": 113.2644},
      "weekly_shifts": [
        {"weekday": "MONDAY", "start_minute": 540, "end_minute": 1080},
        {"weekday": "TUESDAY", "start_minute": 540, "end_minute": 1080}],
      "max_jobs_per_day": 6, "active": true}})json");

  // The call: an on-site repair, queued for dispatch.
  pb::Struct order = MustCall(desk, absl::StrCat(kOrders, "CreateRepairOrder"),
                              absl::StrCat(R"json({"request_id": "cb-e2e-1", "repair_order": {
      "contact_type": "REPAIR",
      "customer": {"name": "张三", "phone": "13812345678",
                   "address": {"region_code": "440106", "detail": "天河区天河路385号太古汇2座1201室",
                               "location": {"latitude": 23.1335, "longitude": 113.3275}}},
      "product": {"category": "refrigerator", "brand": "海尔", "model": "BCD-470WDPG",
                  "serial": "BA0123456789", "purchase_date": {"year": 2026, "month": 3, "day": 1},
                  "invoice_number": "24440000000012345678", "warranty_card_present": true},
      "warranty_claim": {"price_paid": {"amount_fen": 329900}},
      "fault_description": "冷藏室不制冷，冷冻正常", "service_mode": "ON_SITE",
      "call_ended_time": ")json",
                                           Rfc3339(kNow - absl::Minutes(1)), R"("}})"));
  const std::string name = Text(order, "name");
  const std::string number = name.substr(std::string("repairOrders/").size());
  const std::string job = "dispatchJobs/" + number;
  const std::string get_order = absl::StrCat(R"({"name": ")", name, R"("})");
  MustCall(desk, absl::StrCat(kOrders, "TransitionRepairOrder"),
           absl::StrCat(R"({"name": ")", name, R"(", "event": "QUEUE_FOR_DISPATCH", "etag": ")",
                        Text(order, "etag"), R"("})"));
  auto step_is = [](const std::string& want) {
    return [want](const pb::Struct& s) { return Text(s, "step") == want; };
  };
  auto status_is = [](const std::string& want) {
    return [want](const pb::Struct& s) { return Text(s, "status") == want; };
  };
  CallUntil(dispatcher, absl::StrCat(kDispatch, "GetDispatchJob"),
            absl::StrCat(R"({"name": ")", job, R"("})"), step_is("QUEUED"));

  // Visit 1: completed by the technician's app; the order follows.
  Visit(job, 1);
  CallUntil(desk, absl::StrCat(kOrders, "GetRepairOrder"), get_order, status_is("COMPLETED"));
  // Nobody closes it before its callback.
  pb::Struct completed = MustCall(desk, absl::StrCat(kOrders, "GetRepairOrder"), get_order);
  auto early =
      supervisor.CallJson(absl::StrCat(kOrders, "TransitionRepairOrder"),
                          absl::StrCat(R"({"name": ")", name, R"(", "event": "CLOSE", "etag": ")",
                                       Text(completed, "etag"), R"("})"));
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition) << early.status();

  // The callback task, claimed by the agent, with the visit's record.
  pb::Struct task = CallUntil(agent, absl::StrCat(kCallbacks, "ClaimNextCallback"), "{}",
                              [](const pb::Struct& t) { return !Text(t, "name").empty(); });
  EXPECT_EQ(Text(task, "name"), absl::StrCat("callbacks/", number, "/1"));
  EXPECT_EQ(Text(task, "state"), "CLAIMED");
  EXPECT_EQ(Text(task, "technician_id"), "zhang.wei");
  EXPECT_EQ(Text(task, "customer.phone"), "13812345678");
  EXPECT_NE(Text(task, "summary.work_done").find("温控器损坏"), std::string::npos)
      << Text(task, "summary.work_done");
  // The technician's record, through scheduling and orders: signed, tested,
  // the part fitted, the outlet.
  EXPECT_TRUE(fieldservice::testing::Field(task, "repair_facts.record_known").bool_value());
  EXPECT_TRUE(fieldservice::testing::Field(task, "repair_facts.record_signed").bool_value());
  EXPECT_TRUE(
      fieldservice::testing::Field(task, "repair_facts.function_test_recorded").bool_value());
  EXPECT_EQ(Text(task, "outlet_id"), "gz-tianhe");
  EXPECT_EQ(Text(task, "serial"), "BA0123456789");

  // Not solved: the order reopens and its job is back in the queue.
  pb::Struct unsolved =
      MustCall(agent, absl::StrCat(kCallbacks, "SubmitSurvey"),
               absl::StrCat(R"({"name": ")", Text(task, "name"),
                            R"(", "survey_id": "default", "survey_version": 1, "answers": )",
                            Answers("no", "3"), "}"));
  EXPECT_EQ(Text(unsolved, "outcome"), "NOT_SOLVED");
  pb::Struct reopened = CallUntil(desk, absl::StrCat(kOrders, "GetRepairOrder"), get_order,
                                  status_is("PENDING_DISPATCH"));
  EXPECT_EQ(fieldservice::testing::Field(reopened, "reopen_count").number_value(), 1);
  CallUntil(dispatcher, absl::StrCat(kDispatch, "GetDispatchJob"),
            absl::StrCat(R"({"name": ")", job, R"("})"), step_is("QUEUED"));

  // Visit 2 fixes it; its callback is satisfied and the order closes.
  Visit(job, 2);
  CallUntil(desk, absl::StrCat(kOrders, "GetRepairOrder"), get_order, status_is("COMPLETED"));
  pb::Struct second = CallUntil(agent, absl::StrCat(kCallbacks, "ClaimNextCallback"), "{}",
                                [](const pb::Struct& t) { return !Text(t, "name").empty(); });
  EXPECT_EQ(Text(second, "name"), absl::StrCat("callbacks/", number, "/2"));
  pb::Struct satisfied =
      MustCall(agent, absl::StrCat(kCallbacks, "SubmitSurvey"),
               absl::StrCat(R"({"name": ")", Text(second, "name"),
                            R"(", "survey_id": "default", "survey_version": 1, "answers": )",
                            Answers("yes", "5"), "}"));
  EXPECT_EQ(Text(satisfied, "outcome"), "SATISFIED");
  CallUntil(desk, absl::StrCat(kOrders, "GetRepairOrder"), get_order, status_is("CLOSED"));

  // The audit trail: the callback service reopened it into dispatch, then
  // closed it.
  pb::Struct events = MustCall(desk, absl::StrCat(kOrders, "ListRepairOrderEvents"), get_order);
  std::vector<std::string> by_callback;
  for (const pb::Value& v : events.fields().at("events").list_value().values()) {
    const pb::Struct& e = v.struct_value();
    if (Text(e, "actor").find("callback") != std::string::npos) {
      by_callback.push_back(Text(e, "event"));
    }
  }
  EXPECT_EQ(by_callback, (std::vector<std::string>{"REOPEN", "QUEUE_FOR_DISPATCH", "CLOSE"}));

  // Both ratings reached scheduling: 3 and 5, no conduct findings, so the
  // technician's satisfaction is their mean.
  CallUntil(dispatcher, absl::StrCat(kTechnicians, "GetTechnician"),
            R"({"name": "technicians/zhang.wei"})", [](const pb::Struct& t) {
              return fieldservice::testing::Field(t, "satisfaction").number_value() == 4.0;
            });
}

}  // namespace
}  // namespace fieldservice::callback
