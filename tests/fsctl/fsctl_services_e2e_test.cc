// fsctl's dispatcher and callback commands run as a process against real
// servers: scheduling with orders syncing its queued jobs to it (the queue
// as a table and its --json twin, candidates with their score parts,
// assign), and the callback service (a callback claimed and its survey
// answered at prompts fed by a script; a report's tables, CSV and JSON; an
// empty callback queue is exit code 4). The servers run on a fixed Monday
// morning (fake_now), so shifts and deadlines never depend on today.
#include <gtest/gtest.h>
#include <unistd.h>

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "tests/fsctl/fsctl_runner.h"
#include "tests/support/e2e_calls.h"
#include "tests/support/json_tree.h"
#include "tests/support/reflection_client.h"
#include "tests/support/sample_requests.h"
#include "tests/support/sample_time.h"
#include "tests/support/server_process.h"
#include "tests/support/service_under_test.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"

namespace fieldservice::fsctl {
namespace {

namespace pb = ::google::protobuf;
using ::fieldservice::testing::Field;
using ::fieldservice::testing::FsctlRunner;
using ::fieldservice::testing::ParseJson;
using ::fieldservice::testing::ReflectionClient;
using ::fieldservice::testing::Rfc3339;
using ::fieldservice::testing::ServerProcess;
using ::fieldservice::testing::Text;
using ::fieldservice::testing::ToolResult;

// Monday 23 November 2026, 10:00 in China.
const absl::Time kNow = testing::SampleMonday();

class FsctlServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fsctl_ = std::make_unique<FsctlRunner>(
        absl::StrCat(fieldservice::testing::TestPkiDir(), "/fsctl-services-", getpid()));
  }

  void TearDown() override {
    for (auto* p : {&orders_, &scheduling_, &callback_}) {
      if (*p != nullptr) {
        auto code = (*p)->Terminate(absl::Seconds(15));
        EXPECT_TRUE(code.ok() && *code == 0) << (*p)->Log();
      }
    }
    for (auto& db : dbs_) fieldservice::testing::DropTestDatabase(db);
  }

  std::unique_ptr<ServerProcess> Start(const char* path, const std::string& service,
                                       std::vector<std::string> args) {
    return fieldservice::testing::StartService(
        {path, service, absl::StrCat(service, "_fsctl"), std::move(args)}, dbs_);
  }

  static std::string At(const std::unique_ptr<ServerProcess>& server) {
    return absl::StrCat("127.0.0.1:", server->port());
  }

  // fsctl as `user` with `roles`.
  ToolResult Fsctl(const std::string& user, const std::vector<std::string>& roles,
                   std::vector<std::string> args) {
    std::vector<std::string> all = {"--token-file", fsctl_->TokenFile(user, roles)};
    if (orders_ != nullptr) all.insert(all.end(), {"--orders", At(orders_)});
    if (scheduling_ != nullptr) all.insert(all.end(), {"--scheduling", At(scheduling_)});
    if (callback_ != nullptr) all.insert(all.end(), {"--callback", At(callback_)});
    all.insert(all.end(), args.begin(), args.end());
    return fsctl_->Run(all);
  }

  std::unique_ptr<FsctlRunner> fsctl_;
  std::vector<common::DbSettings> dbs_;
  std::unique_ptr<ServerProcess> orders_, scheduling_, callback_;
};

TEST_F(FsctlServicesTest, QueueCandidatesAssignAndBook) {
  const std::string fake_now = absl::StrCat("--fake_now=", Rfc3339(kNow));
  scheduling_ = Start(SCHEDULING_SERVER_PATH, "scheduling",
                      {"--orders_address=", "--allow_fake_now=true", fake_now});
  ASSERT_NE(scheduling_, nullptr);
  orders_ = Start(
      ORDERS_SERVER_PATH, "orders",
      {"--warranty_address=", "--scheduling_address=" + At(scheduling_), "--scheduling_timeout=1s",
       "--outbox_poll_interval=200ms", "--outbox_initial_backoff=200ms", "--outbox_max_backoff=1s",
       "--allow_fake_now=true", fake_now});
  ASSERT_NE(orders_, nullptr);
  ReflectionClient dispatcher(At(scheduling_),
                              fieldservice::testing::CredentialsOf("disp-01", {"dispatcher"}));
  fieldservice::testing::MustCall(dispatcher,
                                  "fieldservice.scheduling.v1.Technicians/CreateTechnician",
                                  fieldservice::testing::TianheTechnicianRequest("fsctl-tech"));

  // The call, taken with fsctl, then queued for dispatch.
  std::vector<std::string> call = {"--json", "order", "create"};
  for (const std::string& flag :
       fieldservice::testing::TianheFridgeCallFlags(kNow - absl::Minutes(1))) {
    call.push_back(flag);
  }
  ToolResult created = Fsctl("agent-01", {"agent"}, call);
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const pb::Struct order = ParseJson(created.out);
  const std::string number = Text(order, "order_number");
  ReflectionClient desk(At(orders_), fieldservice::testing::CredentialsOf("agent-01", {"agent"}));
  fieldservice::testing::MustCall(
      desk, "fieldservice.orders.v1.RepairOrders/TransitionRepairOrder",
      absl::StrCat(R"({"name": ")", Text(order, "name"),
                   R"(", "event": "QUEUE_FOR_DISPATCH", "etag": ")", Text(order, "etag"), R"("})"));
  fieldservice::testing::CallUntil(
      dispatcher, "fieldservice.scheduling.v1.Dispatch/GetDispatchJob",
      absl::StrCat(R"({"name": "dispatchJobs/)", number, R"("})"),
      [](const pb::Struct& job) { return Text(job, "step") == "QUEUED"; });

  // The queue: a table, and the same jobs as JSON.
  ToolResult table = Fsctl("disp-01", {"dispatcher"}, {"queue"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  ToolResult json = Fsctl("disp-01", {"dispatcher"}, {"queue", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  std::vector<std::string> lines = absl::StrSplit(table.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << table.out;
  EXPECT_TRUE(absl::StartsWith(lines[0], "JOB  ")) << table.out;
  EXPECT_TRUE(absl::StartsWith(lines[1], number + "  440106  refrigerator  海尔")) << table.out;
  const pb::Struct queue = ParseJson(json.out);
  const pb::Value& jobs = Field(queue, "jobs");
  ASSERT_EQ(jobs.list_value().values_size(), 1) << json.out;
  EXPECT_EQ(Text(jobs.list_value().values(0).struct_value(), "name"), "dispatchJobs/" + number);

  // Candidates with their score parts; then the job assigned to the best.
  ToolResult candidates = Fsctl("disp-01", {"dispatcher"}, {"candidates", number});
  ASSERT_EQ(candidates.exit_code, 0) << candidates.err;
  EXPECT_TRUE(absl::StrContains(candidates.out, "TECHNICIAN  NAME  SCORE  SKILL  TRAVEL"))
      << candidates.out;
  EXPECT_TRUE(absl::StrContains(candidates.out, "\nzhang.wei   张伟  ")) << candidates.out;
  ToolResult candidates_json =
      Fsctl("disp-01", {"dispatcher"}, {"--json", "candidates", "dispatchJobs/" + number});
  ASSERT_EQ(candidates_json.exit_code, 0) << candidates_json.err;
  const pb::Struct proposed = ParseJson(candidates_json.out);
  const pb::Struct& best = Field(proposed, "candidates").list_value().values(0).struct_value();
  EXPECT_EQ(Text(best, "technician"), "technicians/zhang.wei");
  EXPECT_GT(Field(best, "parts.skill_fit").number_value(), 0) << candidates_json.out;

  ToolResult assigned = Fsctl("disp-01", {"dispatcher"}, {"assign", number, "zhang.wei"});
  ASSERT_EQ(assigned.exit_code, 0) << assigned.err;
  EXPECT_TRUE(absl::StrContains(assigned.out, "Technician:  technicians/zhang.wei"))
      << assigned.out;
  // No longer queued: refused, exit code 3.
  ToolResult again = Fsctl("disp-01", {"dispatcher"}, {"assign", number, "zhang.wei"});
  EXPECT_EQ(again.exit_code, 3) << again.err;

  // The windows to offer the customer, as a table and its JSON twin; the
  // first one booked (预约).
  ToolResult slots = Fsctl("disp-01", {"dispatcher"}, {"slots", number});
  ASSERT_EQ(slots.exit_code, 0) << slots.err;
  EXPECT_TRUE(absl::StartsWith(slots.out, "SLOT  WINDOW")) << slots.out;
  ToolResult slots_json = Fsctl("disp-01", {"dispatcher"}, {"--json", "slots", number});
  ASSERT_EQ(slots_json.exit_code, 0) << slots_json.err;
  const pb::Struct offer = ParseJson(slots_json.out);
  const pb::Value& offered = Field(offer, "slots");
  ASSERT_GT(offered.list_value().values_size(), 0) << slots_json.out;
  const pb::Struct& first = offered.list_value().values(0).struct_value();
  EXPECT_TRUE(absl::StrContains(slots.out, "zhang.wei")) << slots.out;
  ToolResult no_such = Fsctl("disp-01", {"dispatcher"}, {"book", number, "--slot", "99"});
  EXPECT_EQ(no_such.exit_code, 3);
  EXPECT_TRUE(absl::StrContains(no_such.err, "--slot")) << no_such.err;
  ToolResult booked = Fsctl("disp-01", {"dispatcher"}, {"--json", "book", number});
  ASSERT_EQ(booked.exit_code, 0) << booked.err;
  const pb::Struct job = ParseJson(booked.out);
  EXPECT_EQ(Text(job, "step"), "BOOKED");
  EXPECT_EQ(Text(job, "appointment.start_time"), Text(first, "window.start_time"));
  EXPECT_EQ(Text(job, "appointment.end_time"), Text(first, "window.end_time"));
  ToolResult empty = Fsctl("disp-01", {"dispatcher"}, {"queue"});
  EXPECT_EQ(empty.out,
            "JOB  REGION  CATEGORY  BRAND  LEVEL  PRIORITY  DEADLINE  WAITING  PREFERRED\n");
}

TEST_F(FsctlServicesTest, CallbackReportsAndAnEmptyQueue) {
  callback_ =
      Start(CALLBACK_SERVER_PATH, "callback", {"--orders_address=", "--scheduling_address="});
  ASSERT_NE(callback_, nullptr);
  ToolResult claim = Fsctl("cb-01", {"callback_agent"}, {"callback", "claim"});
  EXPECT_EQ(claim.exit_code, 4) << claim.err;

  const std::vector<std::string> report = {"report", "satisfaction", "--month", "2026-11"};
  ToolResult table = Fsctl("sup-01", {"supervisor"}, report);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_TRUE(absl::StrContains(table.out, "BY     KEY  CALLBACKS  SATISFIED")) << table.out;
  std::vector<std::string> args = report;
  args.push_back("--json");
  ToolResult json = Fsctl("sup-01", {"supervisor"}, args);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const pb::Struct parsed = ParseJson(json.out);
  EXPECT_EQ(Text(parsed, "month"), "2026-11");
  args.back() = "--csv";
  ToolResult csv = Fsctl("sup-01", {"supervisor"}, args);
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out, Text(parsed, "csv"));
  // A callback agent may not read reports.
  EXPECT_EQ(Fsctl("cb-01", {"callback_agent"}, report).exit_code, 5);
}

// The survey's answers for the prompts, one a line, in the survey's order:
// every answer good but the product still not working; the first rating
// is out of range first, so it is asked again.
std::string SurveyAnswers(const pb::Struct& survey) {
  std::string lines;
  bool rating_refused = false;
  for (const pb::Value& v : Field(survey, "questions").list_value().values()) {
    const pb::Struct& q = v.struct_value();
    const std::string type = Text(q, "type");
    if (Text(q, "key") == "product_working") {
      lines += "no\n";
    } else if (type == "YES_NO") {
      lines += Field(q, "bad_when_yes").bool_value() ? "no\n" : "yes\n";
    } else if (type == "RATING") {
      if (!rating_refused) lines += "9\n";
      rating_refused = true;
      lines += "5\n";
    } else if (type == "CHOICE") {
      std::set<std::string> bad;
      for (const pb::Value& b : Field(q, "bad_choices").list_value().values()) {
        bad.insert(b.string_value());
      }
      for (const pb::Value& o : Field(q, "options").list_value().values()) {
        if (bad.count(Text(o.struct_value(), "key")) == 0) {
          lines += Text(o.struct_value(), "key") + "\n";
          break;
        }
      }
    } else if (type == "AMOUNT") {
      lines += "0\n";
    } else {
      lines += "没有了\n";
    }
  }
  return lines;
}

// A completed visit's callback claimed with fsctl, and its survey answered
// at prompts fed by a script.
TEST_F(FsctlServicesTest, ClaimACallbackAndAnswerItsSurveyAtPrompts) {
  callback_ = Start(CALLBACK_SERVER_PATH, "callback",
                    {"--orders_address=", "--scheduling_address=", "--allow_fake_now=true",
                     absl::StrCat("--fake_now=", Rfc3339(kNow + absl::Hours(48)))});
  ASSERT_NE(callback_, nullptr);
  ReflectionClient orders(At(callback_), fieldservice::testing::ServiceCredentials("orders"));
  fieldservice::testing::MustCall(
      orders, "fieldservice.callback.v1.Callbacks/RecordVisitCompleted",
      absl::StrCat(
          R"json({"order_number": "2611230001", "visit_number": 1, "completed_time": ")json",
          Rfc3339(kNow), R"json(", "product_model": "BCD-470WDPG", "brand": "海尔",
        "category": "refrigerator", "region_code": "440106", "technician_id": "zhang.wei",
        "outlet_id": "gz-tianhe",
        "repair_facts": {"free_under_warranty": true, "record_known": true,
                         "record_signed": true, "function_test_recorded": true},
        "summary": {"product": "冰箱", "fault": "冷藏室不制冷", "work_done": "更换温控器"},
        "customer": {"name": "张三", "phone": "13812345678"}})json"));

  ToolResult claim = Fsctl("cb-01", {"callback_agent"}, {"callback", "claim"});
  ASSERT_EQ(claim.exit_code, 0) << claim.err;
  EXPECT_TRUE(absl::StrContains(claim.out, "Callback:    callbacks/2611230001/1")) << claim.out;
  EXPECT_TRUE(absl::StrContains(claim.out, "张三  13812345678")) << claim.out;
  EXPECT_FALSE(absl::StrContains(claim.out, "Parts:")) << claim.out;  // none fitted
  EXPECT_TRUE(absl::StrContains(claim.out, "Next: fsctl callback survey 2611230001/1"))
      << claim.out;

  ReflectionClient agent(At(callback_),
                         fieldservice::testing::CredentialsOf("cb-01", {"callback_agent"}));
  const pb::Struct task =
      fieldservice::testing::MustCall(agent, "fieldservice.callback.v1.Callbacks/GetCallback",
                                      R"({"name": "callbacks/2611230001/1"})");
  const pb::Struct& survey = Field(task, "survey").struct_value();
  ToolResult done = fsctl_->Run(
      {"--callback", At(callback_), "--token-file", fsctl_->TokenFile("cb-01", {"callback_agent"}),
       "--prompt", "callback", "survey", "2611230001/1"},
      SurveyAnswers(survey));
  ASSERT_EQ(done.exit_code, 0) << done.err << done.out;
  EXPECT_TRUE(absl::StrContains(done.err, "'9': a rating from 1 to 5")) << done.err;
  EXPECT_TRUE(absl::StrContains(done.out, "State:     COMPLETED")) << done.out;
  EXPECT_TRUE(absl::StrContains(done.out, "Outcome:   NOT_SOLVED")) << done.out;
  EXPECT_TRUE(absl::StrContains(done.out, "\nNOT_SOLVED  REOPENS  ANSWER  product_working"))
      << done.out;
}

}  // namespace
}  // namespace fieldservice::fsctl
