// fsctl's planner, feed, outbox, approval and order-move commands run as a
// process against real servers on port 0: a day plan previewed as a table
// and its --json twin, committed, and the technician's feed receiving the
// assignment; a bad region named with exit code 3; an outbox backlog of a
// scheduling service whose orders receiver is down (exit 7), and an
// unreachable service (exit 6); an approval decided at a prompt and the
// field a rejection needs. The servers run on a fixed Monday (fake_now).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "tests/fsctl/fsctl_runner.h"
#include "tests/support/e2e_calls.h"
#include "tests/support/json_tree.h"
#include "tests/support/reflection_client.h"
#include "tests/support/sample_requests.h"
#include "tests/support/sample_time.h"
#include "tests/support/server_process.h"
#include "tests/support/service_under_test.h"
#include "tests/support/tcp_proxy.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"

namespace fieldservice::fsctl {
namespace {

namespace pb = ::google::protobuf;
using ::fieldservice::testing::Field;
using ::fieldservice::testing::FsctlRunner;
using ::fieldservice::testing::MustCall;
using ::fieldservice::testing::ParseJson;
using ::fieldservice::testing::ReflectionClient;
using ::fieldservice::testing::Rfc3339;
using ::fieldservice::testing::ServerProcess;
using ::fieldservice::testing::Text;
using ::fieldservice::testing::ToolResult;

// Monday 23 November 2026, 10:00 in China; the plans are for the Tuesday.
const absl::Time kNow = testing::SampleMonday();

// A loopback port bound but not listening: connections to it are refused.
class ClosedPort {
 public:
  ClosedPort() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    address_ = absl::StrCat("127.0.0.1:", ntohs(address.sin_port));
  }
  ~ClosedPort() { ::close(fd_); }
  const std::string& address() const { return address_; }

 private:
  int fd_;
  std::string address_;
};

class FsctlOperationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fsctl_ = std::make_unique<FsctlRunner>(
        absl::StrCat(fieldservice::testing::TestPkiDir(), "/fsctl-operations-", getpid()));
  }

  void TearDown() override {
    for (auto* p : {&orders_, &scheduling_}) {
      if (*p != nullptr) {
        auto code = (*p)->Terminate(absl::Seconds(15));
        EXPECT_TRUE(code.ok() && *code == 0) << (*p)->Log();
      }
    }
    for (auto& db : dbs_) fieldservice::testing::DropTestDatabase(db);
  }

  static std::string At(const std::unique_ptr<ServerProcess>& server) {
    return absl::StrCat("127.0.0.1:", server->port());
  }

  // Scheduling on kNow with `args`, a technician in Tianhe who mends
  // Haier refrigerators on Mondays and Tuesdays, and two queued jobs there:
  // 2611230001 (a refrigerator) and 2611230002 (a washing machine nobody
  // can take).
  void StartScheduling(std::vector<std::string> args) {
    args.insert(args.end(), {"--allow_fake_now=true", "--fake_now=" + Rfc3339(kNow)});
    scheduling_ = fieldservice::testing::StartService(
        {SCHEDULING_SERVER_PATH, "scheduling", "scheduling_fsctl_ops", std::move(args)}, dbs_);
    ASSERT_NE(scheduling_, nullptr);
    ReflectionClient dispatcher(At(scheduling_),
                                fieldservice::testing::CredentialsOf("disp-01", {"dispatcher"}));
    MustCall(dispatcher, "fieldservice.scheduling.v1.Technicians/CreateTechnician",
             fieldservice::testing::TianheTechnicianRequest("fsctl-tech"));
    ReflectionClient orders(At(scheduling_), fieldservice::testing::ServiceCredentials("orders"));
    for (const auto& [number, category] :
         {std::pair{"2611230001", "refrigerator"}, std::pair{"2611230002", "washing_machine"}}) {
      MustCall(orders, "fieldservice.scheduling.v1.Dispatch/SyncJob",
               absl::StrCat(R"({"order": "repairOrders/)", number,
                            R"(", "order_version": 1, "in_dispatch": true,
                 "region_code": "440106", "location": {"latitude": 23.1335, "longitude": 113.3275},
                 "category": ")",
                            category, R"(", "brand": "海尔", "change_time": ")",
                            Rfc3339(kNow - absl::Hours(1)), R"("})"));
    }
  }

  // fsctl as `user` with `roles`, against the servers started.
  ToolResult Fsctl(const std::string& user, const std::vector<std::string>& roles,
                   std::vector<std::string> args, const std::string& input = "") {
    std::vector<std::string> all = {"--token-file", fsctl_->TokenFile(user, roles)};
    if (orders_ != nullptr) all.insert(all.end(), {"--orders", At(orders_)});
    if (scheduling_ != nullptr) all.insert(all.end(), {"--scheduling", At(scheduling_)});
    all.insert(all.end(), args.begin(), args.end());
    return fsctl_->Run(all, input);
  }

  std::unique_ptr<FsctlRunner> fsctl_;
  std::vector<common::DbSettings> dbs_;
  std::unique_ptr<ServerProcess> orders_, scheduling_;
};

TEST_F(FsctlOperationsTest, PlanPreviewCommitAndTheTechniciansFeed) {
  StartScheduling({"--orders_address="});
  // The technician's feed, from the first change kept, until one arrives.
  ToolResult feed;
  std::thread technician([&] {
    feed = Fsctl("zhang.wei", {"technician"},
                 {"feed", "--after", "0", "--count", "1", "--for", "60s"});
  });

  const std::vector<std::string> preview = {"plan",   "preview", "--region",
                                            "440106", "--date",  "2026-11-24"};
  ToolResult table = Fsctl("disp-01", {"dispatcher"}, preview);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_TRUE(absl::StrContains(table.out, " for 440106 on 2026-11-24: 1 route, 1 job left out"))
      << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "\nzhang.wei: leaves ")) << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "\n  #  JOB         ARRIVE  START  END")) << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "\n  1  2611230001  ")) << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "\nLeft out:\nJOB         BEFORE  ON COMMIT       WHY"))
      << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "\n2611230002  queued  stays as it is  ")) << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "fsctl plan commit dayPlans/")) << table.out;

  std::vector<std::string> json_preview = preview;
  json_preview.push_back("--json");
  ToolResult json = Fsctl("disp-01", {"dispatcher"}, json_preview);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const pb::Struct plan = ParseJson(json.out);
  const pb::Struct& route = Field(plan, "routes").list_value().values(0).struct_value();
  EXPECT_EQ(Text(route, "technician"), "technicians/zhang.wei");
  EXPECT_EQ(Text(Field(route, "visits").list_value().values(0).struct_value(), "job"),
            "dispatchJobs/2611230001");
  EXPECT_EQ(Text(Field(plan, "unassigned").list_value().values(0).struct_value(), "job"),
            "dispatchJobs/2611230002");

  ToolResult committed =
      Fsctl("disp-01", {"dispatcher"},
            {"plan", "commit", Text(plan, "name"), "--etag", Text(plan, "etag")});
  ASSERT_EQ(committed.exit_code, 0) << committed.err;
  EXPECT_TRUE(absl::StrContains(committed.out, "\n2611230001  ASSIGNED  zhang.wei   2026-11-24 "))
      << committed.out;
  // The day changed since that preview: committing it again is ABORTED.
  EXPECT_EQ(Fsctl("disp-01", {"dispatcher"},
                  {"plan", "commit", Text(plan, "name"), "--etag", Text(plan, "etag")})
                .exit_code,
            1);

  technician.join();
  ASSERT_EQ(feed.exit_code, 0) << feed.err;
  EXPECT_TRUE(absl::StrContains(feed.out, "  ADDED    2611230001  ASSIGNED  visit 2026-11-24 "))
      << feed.out;
  EXPECT_TRUE(absl::StrContains(feed.out, "  refrigerator 海尔  cursor 1\n")) << feed.out;
  EXPECT_TRUE(absl::StrContains(feed.err, "1 changes; resume with --after ")) << feed.err;

  // Without --after the feed starts where it stands: nothing new in 1s.
  ToolResult from_now = Fsctl("zhang.wei", {"technician"}, {"feed", "--for", "1s"});
  EXPECT_EQ(from_now.exit_code, 0) << from_now.err;
  EXPECT_EQ(from_now.out, "");
  EXPECT_TRUE(absl::StrContains(from_now.err, "following changes after cursor 1\n"))
      << from_now.err;

  // A bad region is named by the server (exit 3); a bad date by fsctl (exit 2).
  ToolResult bad = Fsctl("disp-01", {"dispatcher"},
                         {"plan", "preview", "--region", "44x106", "--date", "2026-11-24"});
  EXPECT_EQ(bad.exit_code, 3) << bad.err;
  EXPECT_TRUE(absl::StrContains(bad.err, "  region_code: ")) << bad.err;
  ToolResult bad_date = Fsctl("disp-01", {"dispatcher"},
                              {"plan", "preview", "--region", "440106", "--date", "24.11.2026"});
  EXPECT_EQ(bad_date.exit_code, 2) << bad_date.err;
  EXPECT_TRUE(absl::StrContains(bad_date.err, "--date")) << bad_date.err;
}

// The feed through a proxy that drops every connection once: it opens the
// stream again after the last cursor received, so the assignment before
// the drop and the unassignment after it arrive once each.
TEST_F(FsctlOperationsTest, TheFeedResumesAfterTheStreamDrops) {
  StartScheduling({"--orders_address="});
  auto proxy = fieldservice::testing::TcpProxy::Start("127.0.0.1", scheduling_->port());
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  ToolResult feed;
  std::thread technician([&] {
    feed =
        fsctl_->Run({"--token-file", fsctl_->TokenFile("zhang.wei", {"technician"}), "--scheduling",
                     absl::StrCat("127.0.0.1:", (*proxy)->port()), "feed", "--after", "0",
                     "--count", "2", "--for", "60s", "--reconnect-wait", "200ms"});
  });
  ASSERT_EQ(Fsctl("disp-01", {"dispatcher"}, {"assign", "2611230001", "zhang.wei"}).exit_code, 0);
  absl::SleepFor(absl::Seconds(1));
  (*proxy)->Cut();
  absl::SleepFor(absl::Milliseconds(500));
  (*proxy)->Restore();
  ReflectionClient dispatcher(At(scheduling_),
                              fieldservice::testing::CredentialsOf("disp-01", {"dispatcher"}));
  MustCall(dispatcher, "fieldservice.scheduling.v1.Dispatch/UnassignJob",
           R"({"job": "dispatchJobs/2611230001", "reason": "客户改约"})");
  technician.join();
  ASSERT_EQ(feed.exit_code, 0) << feed.err;
  const std::vector<std::string> lines = absl::StrSplit(feed.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << feed.out;
  EXPECT_TRUE(absl::StrContains(lines[0], "  ADDED    2611230001  ASSIGNED  ")) << feed.out;
  EXPECT_TRUE(absl::StrContains(lines[1], "  REMOVED  2611230001  QUEUED  ")) << feed.out;
  EXPECT_TRUE(absl::StrContains(feed.err, "; resuming after cursor ")) << feed.err;
}

TEST_F(FsctlOperationsTest, OutboxBacklogOfAServiceWhoseReceiverIsDown) {
  ClosedPort orders_down, callback_down;
  StartScheduling({"--orders_address=" + orders_down.address(), "--outbox_backlog_warn_age=1s"});
  // The assignment owes orders a progress report it cannot deliver.
  ASSERT_EQ(Fsctl("disp-01", {"dispatcher"}, {"assign", "2611230001", "zhang.wei"}).exit_code, 0);

  ToolResult table;
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  do {  // until the message is older than the warning age
    absl::SleepFor(absl::Milliseconds(500));
    table = Fsctl("ops-01", {"operator"}, {"outbox"});
  } while (table.exit_code != 7 && absl::Now() < give_up);
  ASSERT_EQ(table.exit_code, 7) << table.err << table.out;
  EXPECT_TRUE(absl::StartsWith(table.out, "SERVICE     ADDRESS  ")) << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "\nscheduling  " + At(scheduling_) + "  1        0  "))
      << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "LATE: pending 1, parked 0")) << table.out;

  ToolResult json = Fsctl("ops-01", {"operator"}, {"outbox", "--json"});
  EXPECT_EQ(json.exit_code, 7) << json.err;
  const pb::Struct backlog =
      Field(ParseJson(json.out), "services").list_value().values(0).struct_value();
  EXPECT_EQ(Field(backlog, "pending").number_value(), 1) << json.out;
  EXPECT_EQ(Field(backlog, "parked").number_value(), 0) << json.out;
  EXPECT_FALSE(Field(backlog, "ok").bool_value()) << json.out;

  // A service that does not answer: its row says so, and the exit code is 6.
  ToolResult unreachable = Fsctl(
      "ops-01", {"operator"}, {"--timeout", "2s", "--callback", callback_down.address(), "outbox"});
  EXPECT_EQ(unreachable.exit_code, 6) << unreachable.err;
  EXPECT_TRUE(absl::StrContains(unreachable.out, "\ncallback    " + callback_down.address()))
      << unreachable.out;
}

TEST_F(FsctlOperationsTest, ApprovalsDecidedAtAPromptAndAnOrderMoved) {
  orders_ = fieldservice::testing::StartService(
      {ORDERS_SERVER_PATH,
       "orders",
       "orders_fsctl_ops",
       {"--warranty_address=", "--allow_fake_now=true", "--fake_now=" + Rfc3339(kNow)}},
      dbs_);
  ASSERT_NE(orders_, nullptr);
  std::vector<std::string> call = {"--json", "order", "create"};
  for (const std::string& flag :
       fieldservice::testing::TianheFridgeCallFlags(kNow - absl::Minutes(1))) {
    call.push_back(flag);
  }
  ToolResult created = Fsctl("agent-01", {"agent"}, call);
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string number = Text(ParseJson(created.out), "order_number");
  ReflectionClient agent(At(orders_), fieldservice::testing::CredentialsOf("agent-01", {"agent"}));
  const pb::Struct approval = MustCall(agent, "fieldservice.orders.v1.RepairOrders/CreateApproval",
                                       absl::StrCat(R"({"parent": "repairOrders/)", number, R"(",
                 "request_id": "fsctl-apr", "approval": {"kind": "COMPENSATION",
                 "proposal": "上门迟到，补偿300元", "amount": {"amount_fen": 30000}}})"));
  const std::string name = Text(approval, "name");
  const std::string key = number + name.substr(name.rfind('/'));

  ToolResult list = Fsctl("agent-01", {"agent"}, {"approval", "list", number});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(absl::StrContains(
      list.out, "\n" + key + "  COMPENSATION  PENDING  regional_supervisor  300.00  "))
      << list.out;

  // The regional supervisor reviews it, confirming at the prompt.
  ToolResult reviewed =
      Fsctl("wang", {"regional_supervisor"}, {"approval", "decide", key, "approve"}, "yes\n");
  ASSERT_EQ(reviewed.exit_code, 0) << reviewed.err;
  EXPECT_TRUE(absl::StrContains(reviewed.err, "approve the step awaited from regional_supervisor?"))
      << reviewed.err;
  EXPECT_TRUE(absl::StrContains(reviewed.out, "Awaiting:  centre_manager")) << reviewed.out;
  // The centre manager says no at the prompt: nothing is decided.
  ToolResult declined =
      Fsctl("li", {"centre_manager"}, {"approval", "decide", key, "approve"}, "no\n");
  EXPECT_EQ(declined.exit_code, 1) << declined.err;
  EXPECT_TRUE(absl::StrContains(declined.err, "nothing decided")) << declined.err;
  // A rejection without its comment is refused, naming the field.
  ToolResult no_comment =
      Fsctl("li", {"centre_manager"}, {"approval", "decide", key, "reject", "--yes"});
  EXPECT_EQ(no_comment.exit_code, 3) << no_comment.err;
  EXPECT_TRUE(absl::StrContains(no_comment.err, "  comment: ")) << no_comment.err;
  ToolResult rejected = Fsctl("li", {"centre_manager"},
                              {"approval", "decide", key, "reject", "--comment",
                               "已电话致歉，不予补偿", "--yes", "--json"});
  ASSERT_EQ(rejected.exit_code, 0) << rejected.err;
  EXPECT_EQ(Text(ParseJson(rejected.out), "state"), "REJECTED") << rejected.out;

  // The order moved with the etag read first; an illegal move is exit 3.
  ToolResult illegal = Fsctl("agent-01", {"agent"}, {"order", "move", number, "close"});
  EXPECT_EQ(illegal.exit_code, 3) << illegal.err;
  ToolResult cancelled =
      Fsctl("agent-01", {"agent"}, {"order", "move", number, "cancel", "--reason", "客户撤诉"});
  ASSERT_EQ(cancelled.exit_code, 0) << cancelled.err;
  EXPECT_TRUE(absl::StrContains(cancelled.out, "Status:  CANCELLED")) << cancelled.out;
}

}  // namespace
}  // namespace fieldservice::fsctl
