#include "tests/journey/journey.h"

#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "tests/support/e2e_calls.h"
#include "tests/support/json_tree.h"
#include "tests/support/sample_requests.h"
#include "tests/support/sample_time.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"

namespace fieldservice::testing {
namespace {

namespace pb = ::google::protobuf;

constexpr char kOrders[] = "fieldservice.orders.v1.RepairOrders/";
constexpr char kWarranty[] = "fieldservice.warranty.v1.Warranty/";
constexpr char kDispatch[] = "fieldservice.scheduling.v1.Dispatch/";
constexpr char kTechnicians[] = "fieldservice.scheduling.v1.Technicians/";
constexpr char kApp[] = "fieldservice.scheduling.v1.TechnicianApp/";
constexpr char kCallbacks[] = "fieldservice.callback.v1.Callbacks/";

// How long a restarted service (or database) may take to answer again, and
// a relay to deliver through it.
constexpr absl::Duration kPatience = absl::Seconds(90);

std::unique_ptr<ReflectionClient> Client(const std::string& address, const std::string& user,
                                         const std::string& role) {
  return std::make_unique<ReflectionClient>(address, CredentialsOf(user, {role}),
                                            absl::Seconds(10));
}

std::string NameJson(const std::string& name) { return absl::StrCat(R"({"name": ")", name, "\"}"); }

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

}  // namespace

absl::Time JourneyNow() { return SampleMonday(); }
absl::Time JourneyCallbackNow() { return JourneyNow() + absl::Hours(48); }

Journey::Journey(JourneySystem& system) : system_(system) {
  agent_ = Client(system.Address("orders"), "agent-01", "agent");
  supervisor_ = Client(system.Address("orders"), "sup-01", "supervisor");
  warranty_reader_ = Client(system.Address("warranty"), "sup-01", "supervisor");
  dispatcher_ = Client(system.Address("scheduling"), "disp-01", "dispatcher");
  phone_ = Client(system.Address("scheduling"), "zhang.wei", "technician");
  callback_agent_ = Client(system.Address("callback"), "cb-01", "callback_agent");
}

Journey::~Journey() = default;

std::vector<Journey::Step> Journey::Steps() {
  auto order_is = [this](const std::string& status) {
    return [this, status] { AwaitOrder(status); };
  };
  std::vector<Step> steps = {
      {"technician joins", [this] { CreateTechnician(); }, [] {}},
      {"call taken", [this] { TakeCall(); }, [this] { AwaitWarrantyDecision(); }},
      {"queued for dispatch", [this] { QueueForDispatch(); }, [this] { AwaitJob("QUEUED"); }},
  };
  for (int visit = 1; visit <= 2; ++visit) {
    const std::string v = absl::StrCat("visit ", visit, ": ");
    steps.push_back({v + "assigned and booked", [this] { AssignAndBook(); },
                     [this] {
                       AwaitJob("BOOKED");
                       AwaitOrder("APPOINTMENT_BOOKED");
                     }});
    steps.push_back({v + "accepted", [this] { AppStep("AcceptJob", 1, ""); }, [] {}});
    steps.push_back({v + "on the way",
                     [this] {
                       AppStep(
                           "UpdateJobStatus", 2,
                           absl::StrCat(R"("status": "DEPARTED", "eta": ")", window_start_, "\""));
                     },
                     order_is("EN_ROUTE")});
    steps.push_back({v + "arrived",
                     [this] { AppStep("UpdateJobStatus", 3, R"("status": "ARRIVED")"); },
                     order_is("ON_SITE_VISIT")});
    // SHA-256 of "abc", the published test vector.
    steps.push_back({v + "completed",
                     [this] {
                       AppStep("CompleteJob", 4, R"json("record": {
        "fault_found": "温控器损坏", "work_done": "更换温控器，试机制冷正常",
        "parts_used": [{"part_id": "thermostat", "serial": "TH-0001", "quantity": 1}],
        "function_test_passed": true, "customer_opinion": "满意",
        "signature": "YWJj",
        "signature_sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"})json");
                     },
                     [this] {
                       AwaitOrder("COMPLETED");
                       RefuseCloseBeforeCallback();
                     }});
    // The task exists once orders' relay has reported the visit.
    steps.push_back({v + "callback claimed", [this] { ClaimCallback(); }, [] {}});
    if (visit == 1) {
      steps.push_back({v + "callback: not solved",
                       [this] { SubmitSurvey("no", "3", "NOT_SOLVED"); },
                       [this] {
                         AwaitOrder("PENDING_DISPATCH");
                         AwaitJob("QUEUED");
                       }});
    } else {
      steps.push_back({v + "callback: satisfied", [this] { SubmitSurvey("yes", "5", "SATISFIED"); },
                       order_is("CLOSED")});
    }
  }
  return steps;
}

std::vector<std::string> Journey::StepNames() {
  std::vector<std::string> names;
  for (const Step& step : Steps()) names.push_back(step.name);
  return names;
}

void Journey::Run(const std::function<void(int, const std::string&)>& after_step) {
  std::vector<Step> steps = Steps();
  for (size_t i = 0; i < steps.size(); ++i) {
    SCOPED_TRACE(steps[i].name);
    steps[i].run();
    if (::testing::Test::HasFailure()) return;
    after_step(static_cast<int>(i), steps[i].name);
    if (::testing::Test::HasFailure()) return;
    steps[i].settled();
    if (::testing::Test::HasFailure()) return;
  }
}

pb::Struct Journey::Acknowledged(ReflectionClient& client, const std::string& method,
                                 const std::string& json) {
  const absl::Time give_up = absl::Now() + kPatience;
  while (true) {
    auto answer = client.CallJson(method, json);
    if (answer.ok()) return ParseJson(*answer);
    if (answer.status().code() != absl::StatusCode::kUnavailable || absl::Now() > give_up) {
      ADD_FAILURE() << method << ": " << answer.status();
      return {};
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
}

pb::Struct Journey::GetOrder() {
  return Acknowledged(*agent_, absl::StrCat(kOrders, "GetRepairOrder"), NameJson(order_name_));
}

pb::Struct Journey::GetJob() {
  return Acknowledged(*dispatcher_, absl::StrCat(kDispatch, "GetDispatchJob"), NameJson(job_));
}

void Journey::AwaitOrder(const std::string& status) {
  pb::Struct order = CallUntil(
      *agent_, absl::StrCat(kOrders, "GetRepairOrder"), NameJson(order_name_),
      [&](const pb::Struct& o) { return Text(o, "status") == status; }, kPatience);
  etag_ = Text(order, "etag");
}

void Journey::AwaitJob(const std::string& step) {
  CallUntil(
      *dispatcher_, absl::StrCat(kDispatch, "GetDispatchJob"), NameJson(job_),
      [&](const pb::Struct& j) { return Text(j, "step") == step; }, kPatience);
}

void Journey::CreateTechnician() {
  pb::Struct technician = Acknowledged(*dispatcher_, absl::StrCat(kTechnicians, "CreateTechnician"),
                                       TianheTechnicianRequest("journey-tech"));
  EXPECT_EQ(Text(technician, "name"), "technicians/zhang.wei");
}

void Journey::TakeCall() {
  pb::Struct order =
      Acknowledged(*agent_, absl::StrCat(kOrders, "CreateRepairOrder"),
                   TianheFridgeOrderRequest("journey-1", JourneyNow() - absl::Minutes(1)));
  EXPECT_EQ(Text(order, "status"), "RECEIVED");
  order_name_ = Text(order, "name");
  number_ = order_name_.substr(std::string("repairOrders/").size());
  job_ = "dispatchJobs/" + number_;
  etag_ = Text(order, "etag");
}

// Inside the whole-unit period (bought in March, called in November), the
// repair is free (DOMAIN.md "三包").
void Journey::AwaitWarrantyDecision() {
  pb::Struct order = CallUntil(
      *agent_, absl::StrCat(kOrders, "GetRepairOrder"), NameJson(order_name_),
      [](const pb::Struct& o) { return Text(o, "warranty.state") == "WARRANTY_DECIDED"; },
      kPatience);
  EXPECT_EQ(Text(order, "warranty.coverage"), "FREE") << ToJson(order);
  etag_ = Text(order, "etag");
}

void Journey::QueueForDispatch() {
  pb::Struct order =
      Acknowledged(*agent_, absl::StrCat(kOrders, "TransitionRepairOrder"),
                   absl::StrCat(R"({"name": ")", order_name_,
                                R"(", "event": "QUEUE_FOR_DISPATCH", "etag": ")", etag_, R"("})"));
  EXPECT_EQ(Text(order, "status"), "PENDING_DISPATCH");
}

void Journey::AssignAndBook() {
  ++visit_;
  Acknowledged(*dispatcher_, absl::StrCat(kDispatch, "AssignJob"),
               absl::StrCat(R"({"job": ")", job_, R"(", "technician": "technicians/zhang.wei"})"));
  pb::Struct offer = Acknowledged(*dispatcher_, absl::StrCat(kDispatch, "OfferAppointmentSlots"),
                                  absl::StrCat(R"({"job": ")", job_, R"("})"));
  const pb::Value& slots = Field(offer, "slots");
  ASSERT_GT(slots.list_value().values_size(), 0) << ToJson(offer);
  const pb::Struct& slot = slots.list_value().values(0).struct_value();
  window_start_ = Text(slot, "window.start_time");
  Acknowledged(*dispatcher_, absl::StrCat(kDispatch, "BookAppointment"),
               absl::StrCat(R"({"job": ")", job_, R"(", "window": {"start_time": ")", window_start_,
                            R"(", "end_time": ")", Text(slot, "window.end_time"), R"("}})"));
  AwaitJob("BOOKED");
  AwaitOrder("APPOINTMENT_BOOKED");
}

void Journey::AppStep(const std::string& method, int op, const std::string& body) {
  Acknowledged(*phone_, kApp + method,
               absl::StrCat(R"({"job": ")", job_, R"(", "operation_id": "v)", visit_, "-", op,
                            R"(")", body.empty() ? "" : ", ", body, "}"));
}

// With the callback service configured, nobody closes a completed order
// before its visit's callback (DOMAIN.md "The callback").
void Journey::RefuseCloseBeforeCallback() {
  auto early =
      supervisor_->CallJson(absl::StrCat(kOrders, "TransitionRepairOrder"),
                            absl::StrCat(R"({"name": ")", order_name_,
                                         R"(", "event": "CLOSE", "etag": ")", etag_, R"("})"));
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition) << early.status();
}

void Journey::ClaimCallback() {
  pb::Struct task = CallUntil(
      *callback_agent_, absl::StrCat(kCallbacks, "ClaimNextCallback"), "{}",
      [](const pb::Struct& t) { return !Text(t, "name").empty(); }, kPatience);
  task_ = Text(task, "name");
  EXPECT_EQ(task_, absl::StrCat("callbacks/", number_, "/", visit_));
  EXPECT_EQ(Text(task, "state"), "CLAIMED");
  EXPECT_EQ(Text(task, "technician_id"), "zhang.wei");
  EXPECT_EQ(Text(task, "customer.phone"), "13812345678");
  // The technician's record, through scheduling and orders: signed,
  // tested, the part fitted, the outlet.
  EXPECT_TRUE(Field(task, "repair_facts.record_known").bool_value()) << ToJson(task);
  EXPECT_TRUE(Field(task, "repair_facts.record_signed").bool_value());
  EXPECT_TRUE(Field(task, "repair_facts.function_test_recorded").bool_value());
  EXPECT_NE(Text(task, "summary.work_done").find("温控器损坏"), std::string::npos)
      << Text(task, "summary.work_done");
  EXPECT_EQ(Text(task, "outlet_id"), "gz-tianhe");
  EXPECT_EQ(Text(task, "serial"), "BA0123456789");
}

void Journey::SubmitSurvey(const std::string& product_working, const std::string& rating,
                           const std::string& outcome) {
  pb::Struct done =
      Acknowledged(*callback_agent_, absl::StrCat(kCallbacks, "SubmitSurvey"),
                   absl::StrCat(R"({"name": ")", task_,
                                R"(", "survey_id": "default", "survey_version": 1, "answers": )",
                                Answers(product_working, rating), "}"));
  EXPECT_EQ(Text(done, "outcome"), outcome);
}

}  // namespace fieldservice::testing

namespace fieldservice::testing {
namespace {

// The order's audit trail (ListRepairOrderEvents), each "WHAT FROM -> TO by
// ACTOR" (DOMAIN.md "Order lifecycle"; the on-site steps after the queue
// come from the scheduling service, the verdicts from the callback service).
// Each step once: a message delivered twice would show here twice.
const std::vector<std::string> kTrail = {
    "CREATED RECEIVED -> RECEIVED by agent-01",
    "WARRANTY_RECORDED RECEIVED -> RECEIVED by warranty-service",
    "QUEUE_FOR_DISPATCH RECEIVED -> PENDING_DISPATCH by agent-01",
    "ASSIGN PENDING_DISPATCH -> ASSIGNED by scheduling",
    "BOOK_APPOINTMENT ASSIGNED -> APPOINTMENT_BOOKED by scheduling",
    "DEPART APPOINTMENT_BOOKED -> EN_ROUTE by scheduling",
    "ARRIVE EN_ROUTE -> ON_SITE_VISIT by scheduling",
    "COMPLETE ON_SITE_VISIT -> COMPLETED by scheduling",
    "REOPEN COMPLETED -> REOPENED by callback",
    "QUEUE_FOR_DISPATCH REOPENED -> PENDING_DISPATCH by callback",
    "ASSIGN PENDING_DISPATCH -> ASSIGNED by scheduling",
    "BOOK_APPOINTMENT ASSIGNED -> APPOINTMENT_BOOKED by scheduling",
    "DEPART APPOINTMENT_BOOKED -> EN_ROUTE by scheduling",
    "ARRIVE EN_ROUTE -> ON_SITE_VISIT by scheduling",
    "COMPLETE ON_SITE_VISIT -> COMPLETED by scheduling",
    "CLOSE COMPLETED -> CLOSED by callback",
};

}  // namespace

void Journey::CheckEnd() {
  AwaitOutboxesDelivered();
  // Orders: closed after one reopen, with its whole trail.
  pb::Struct order = GetOrder();
  EXPECT_EQ(Text(order, "status"), "CLOSED");
  EXPECT_EQ(Field(order, "reopen_count").number_value(), 1);
  pb::Struct events =
      Acknowledged(*agent_, absl::StrCat(kOrders, "ListRepairOrderEvents"), NameJson(order_name_));
  std::vector<std::string> trail;
  for (const pb::Value& v : Field(events, "events").list_value().values()) {
    const pb::Struct& e = v.struct_value();
    const std::string what = Text(e, "event").empty() ? Text(e, "action") : Text(e, "event");
    trail.push_back(absl::StrCat(what, " ", Text(e, "from_status"), " -> ", Text(e, "to_status"),
                                 " by ", Text(e, "actor")));
  }
  EXPECT_EQ(trail, kTrail);

  // Warranty: one decision for the order, a free repair.
  pb::Struct decisions = Acknowledged(*warranty_reader_, absl::StrCat(kWarranty, "ListDecisions"),
                                      absl::StrCat(R"({"order": ")", order_name_, R"("})"));
  const auto& decided = Field(decisions, "decisions").list_value().values();
  ASSERT_EQ(decided.size(), 1) << ToJson(decisions);
  EXPECT_EQ(Text(decided[0].struct_value(), "coverage"), "FREE");

  // Scheduling: the job completed by zhang.wei, with one record per visit
  // and 4 app operations per visit; both ratings in (3 and 5: 4.0).
  pb::Struct job = GetJob();
  EXPECT_EQ(Text(job, "step"), "COMPLETED");
  EXPECT_EQ(Text(job, "technician"), "technicians/zhang.wei");
  pb::Struct technician = Acknowledged(*dispatcher_, absl::StrCat(kTechnicians, "GetTechnician"),
                                       NameJson("technicians/zhang.wei"));
  EXPECT_EQ(Field(technician, "satisfaction").number_value(), 4.0);
  EXPECT_EQ(Rows("scheduling", "SELECT visit FROM repair_records ORDER BY visit"),
            (Table{{"1"}, {"2"}}));
  EXPECT_EQ(Rows("scheduling", "SELECT COUNT(*) FROM app_operations"), (Table{{"8"}}));

  // Callback: the two tasks, each completed with its verdict.
  ReflectionClient supervisor(system_.Address("callback"), CredentialsOf("sup-01", {"supervisor"}),
                              absl::Seconds(10));
  for (const auto& [visit, outcome] :
       std::vector<std::pair<int, std::string>>{{1, "NOT_SOLVED"}, {2, "SATISFIED"}}) {
    pb::Struct task = Acknowledged(supervisor, absl::StrCat(kCallbacks, "GetCallback"),
                                   NameJson(absl::StrCat("callbacks/", number_, "/", visit)));
    EXPECT_EQ(Text(task, "state"), "COMPLETED");
    EXPECT_EQ(Text(task, "outcome"), outcome);
  }

  CheckOutbox();
}

// Every outbox message delivered, and each acted on once. The messages
// that carry one fact are counted on both sides. Those that say "read my
// state now" (scheduling.sync, orders.dispatch_progress) are many to one by
// design (the receiver keeps the newest version, so several may make one
// step): their count is the trail above, where each step shows once.
void Journey::CheckOutbox() {
  std::map<std::string, std::vector<std::string>> sent;  // topic: sent, delivered, attempts
  for (const char* service : {"orders", "scheduling", "callback"}) {
    for (const std::vector<std::string>& row :
         Rows(service,
              "SELECT topic, COUNT(*), COUNT(delivered_at), SUM(attempts) FROM outbox"
              " GROUP BY topic ORDER BY topic")) {
      sent[row[0]] = {row[1], row[2], row[3]};
    }
  }
  const std::map<std::string, std::string> acted = {
      {"warranty.decide", Rows("warranty", "SELECT COUNT(*) FROM decisions")[0][0]},
      {"callback.visit_completed", Rows("callback", "SELECT COUNT(*) FROM callback_tasks")[0][0]},
      {"scheduling.callback_rating",
       Rows("scheduling", "SELECT COUNT(*) FROM technician_callback_ratings")[0][0]},
      // The verdicts: a REOPEN and a CLOSE.
      {"orders.callback_outcome", Rows("orders",
                                       "SELECT COUNT(*) FROM order_events WHERE actor = 'callback'"
                                       " AND event IN ('reopen', 'close')")[0][0]},
  };
  const std::map<std::string, std::string> expected_sent = {
      {"warranty.decide", "1"},
      {"callback.visit_completed", "2"},
      {"scheduling.callback_rating", "2"},
      {"orders.callback_outcome", "2"},
  };
  for (const auto& [topic, counts] : sent) {
    std::printf("outbox %-28s sent %s, delivered %s, attempts %s, acted on %s\n", topic.c_str(),
                counts[0].c_str(), counts[1].c_str(), counts[2].c_str(),
                acted.count(topic) ? acted.at(topic).c_str() : "(by version)");
    EXPECT_EQ(counts[1], counts[0]) << topic << ": every message delivered";
    if (expected_sent.count(topic)) {
      EXPECT_EQ(counts[0], expected_sent.at(topic)) << topic;
      EXPECT_EQ(acted.at(topic), counts[0]) << topic << ": acted on once each";
    }
  }
  EXPECT_EQ(sent.size(), 6u) << "every topic of the journey";
}

void Journey::AwaitOutboxesDelivered() {
  const absl::Time give_up = absl::Now() + kPatience;
  for (const char* service : {"orders", "scheduling", "callback"}) {
    while (
        Rows(
            service,
            "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL")[0][0] !=
        "0") {
      ASSERT_LT(absl::Now(), give_up) << service << " did not deliver its messages";
      absl::SleepFor(absl::Milliseconds(100));
    }
  }
}

void Journey::RedeliverEveryMessage() {
  const std::vector<std::string> senders = {"orders", "scheduling", "callback"};
  for (const std::string& service : senders) {
    // Due at once on any service's clock (the fake ones run in 2026).
    Execute(service,
            "UPDATE outbox SET delivered_at = NULL, leased_by = NULL, lease_until = NULL,"
            " next_attempt_at = '2000-01-01 00:00:00'");
  }
  const absl::Time give_up = absl::Now() + kPatience;
  for (const std::string& service : senders) {
    while (Rows(service, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL")[0][0] != "0") {
      ASSERT_LT(absl::Now(), give_up) << service << " did not deliver its messages again";
      absl::SleepFor(absl::Milliseconds(200));
    }
  }
}

void Journey::Execute(const std::string& service, const std::string& sql) {
  auto connection = ConnectTestDatabase(system_.Database(service));
  std::unique_ptr<sql::Statement> statement(connection->createStatement());
  statement->execute(sql);
}

Journey::Table Journey::Rows(const std::string& service, const std::string& sql) {
  Table out;
  auto connection = ConnectTestDatabase(system_.Database(service));
  std::unique_ptr<sql::Statement> statement(connection->createStatement());
  std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(sql));
  const int columns = static_cast<int>(rows->getMetaData()->getColumnCount());
  while (rows->next()) {
    std::vector<std::string> row;
    for (int i = 1; i <= columns; ++i) row.push_back(rows->getString(i));
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace fieldservice::testing
