// The run command's demo data (tools/fs_demo), loaded as scripts/run.sh
// loads it: the binary run as a process against the four real servers
// (each on its own database, TLS with the test PKI, tokens from the test
// key), in its three parts. Every status a real flow reaches today is then
// there, each on-site one with a technician of the right city, and the
// lifecycle part run again adds nothing; once the callback is due, the
// callback part closes the completed visit's order. The servers and fs_demo run on a
// fixed Monday morning (fake_now, fs_demo's --now), so shifts, leave and
// deadlines never depend on the day the test runs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "tests/fsctl/tool_run.h"
#include "tests/support/e2e_calls.h"
#include "tests/support/json_tree.h"
#include "tests/support/reflection_client.h"
#include "tests/support/sample_time.h"
#include "tests/support/server_process.h"
#include "tests/support/service_under_test.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"

namespace fieldservice::tools {
namespace {

namespace pb = ::google::protobuf;
using ::fieldservice::testing::ReflectionClient;
using ::fieldservice::testing::Rfc3339;
using ::fieldservice::testing::ServerProcess;
using ::fieldservice::testing::ServerProcessOptions;
using ::fieldservice::testing::Text;
using ::fieldservice::testing::ToolResult;

// Monday 23 November 2026, 10:00 in China.
const absl::Time kNow = testing::SampleMonday();

// The relays' settings (deliver within a second or so), and the service's
// clock at `now`.
std::vector<std::string> QuickOutbox(std::vector<std::string> more, absl::Time now = kNow) {
  std::vector<std::string> args = {"--outbox_poll_interval=200ms", "--outbox_initial_backoff=200ms",
                                   "--outbox_max_backoff=1s", "--allow_fake_now=true",
                                   absl::StrCat("--fake_now=", Rfc3339(now))};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

class FsDemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One token file per user, `<user>.jwt`: the technicians' token
    // directory fs_demo reads.
    tokens_ = absl::StrCat(fieldservice::testing::TestPkiDir(), "/fs-demo-", getpid());
    std::filesystem::create_directories(tokens_);
    StartAll();
  }

  void TearDown() override {
    for (auto* p : {&orders_, &callback_, &scheduling_, &warranty_}) {
      if (*p != nullptr) {
        auto code = (*p)->Terminate(absl::Seconds(15));
        EXPECT_TRUE(code.ok() && *code == 0) << (*p)->Log();
      }
    }
    for (auto& db : dbs_) fieldservice::testing::DropTestDatabase(db);
    std::error_code ignored;
    std::filesystem::remove_all(tokens_, ignored);
  }

  // A file holding a token for `user` with `roles`, signed by the test key.
  std::string TokenFile(const std::string& user, const std::vector<std::string>& roles) {
    const std::string path = absl::StrCat(tokens_, "/", user, ".jwt");
    std::ofstream(path) << fieldservice::testing::TestToken(user, roles);
    return path;
  }

  std::unique_ptr<ServerProcess> Start(const char* path, const std::string& service,
                                       const std::string& listen, std::vector<std::string> args) {
    ServerProcessOptions options = fieldservice::testing::ServiceOptions(
        {path, service, absl::StrCat(service, "_demo_e2e"), std::move(args)}, dbs_);
    options.args[0] = "--listen=" + listen;
    auto started = ServerProcess::Start(options);
    EXPECT_TRUE(started.ok()) << started.status();
    return started.ok() ? *std::move(started) : nullptr;
  }

  static std::string At(const std::unique_ptr<ServerProcess>& server) {
    return absl::StrCat("127.0.0.1:", server->port());
  }

  // As scripts/run.sh starts them: orders' port is learned first (a start
  // and a stop), so scheduling and callback start knowing it, then orders
  // starts on it knowing every other.
  void StartAll() {
    auto probe = Start(ORDERS_SERVER_PATH, "orders", "127.0.0.1:0", {});
    ASSERT_NE(probe, nullptr);
    orders_at_ = At(probe);
    ASSERT_EQ(*probe->Terminate(absl::Seconds(15)), 0);
    // The 三包 decision counts from the request time orders sends (its fake now).
    warranty_ = Start(WARRANTY_SERVER_PATH, "warranty", "127.0.0.1:0", {});
    ASSERT_NE(warranty_, nullptr);
    scheduling_ = Start(SCHEDULING_SERVER_PATH, "scheduling", "127.0.0.1:0",
                        QuickOutbox({"--orders_address=" + orders_at_, "--orders_timeout=1s"}));
    ASSERT_NE(scheduling_, nullptr);
    callback_ =
        Start(CALLBACK_SERVER_PATH, "callback", "127.0.0.1:0",
              QuickOutbox({"--orders_address=" + orders_at_, "--orders_timeout=1s",
                           "--scheduling_address=" + At(scheduling_), "--scheduling_timeout=1s",
                           absl::StrCat("--quality_sales_file=", FS_SOURCE_DIR,
                                        "/data/callback/sales_figures.csv")},
                          // Two days on, when the completed visit's callback is due.
                          kNow + absl::Hours(48)));
    ASSERT_NE(callback_, nullptr);
    orders_ =
        Start(ORDERS_SERVER_PATH, "orders", orders_at_,
              QuickOutbox({"--warranty_address=" + At(warranty_),
                           "--scheduling_address=" + At(scheduling_), "--scheduling_timeout=1s",
                           "--callback_address=" + At(callback_), "--callback_timeout=1s"}));
    ASSERT_NE(orders_, nullptr);
  }

  // fs_demo with `args`, as scripts/run.sh runs it.
  ToolResult FsDemo(std::vector<std::string> args) {
    args.insert(args.end(), {absl::StrCat("--tls_ca=", fieldservice::testing::TestCaFile()),
                             absl::StrCat("--now=", Rfc3339(kNow))});
    return fieldservice::testing::RunTool(FS_DEMO_PATH, args, "",
                                          {{"PATH", "/usr/bin:/bin"}, {"TZ", "UTC"}});
  }

  ToolResult Lifecycle() {
    std::vector<std::string> args = {"--lifecycle=true",
                                     "--orders=" + orders_at_,
                                     "--scheduling_address=" + At(scheduling_),
                                     "--token_file=" + TokenFile("agent-1001", {"agent"}),
                                     "--dispatcher_token_file=" + Dispatcher(),
                                     "--technician_token_dir=" + tokens_};
    return FsDemo(args);
  }

  ToolResult CloseCallback() {
    return FsDemo({"--close_callback=true", "--orders=" + orders_at_,
                   "--callback_address=" + At(callback_),
                   "--token_file=" + TokenFile("agent-1001", {"agent"}),
                   "--callback_agent_token_file=" + TokenFile("cb-01", {"callback_agent"})});
  }

  std::string Dispatcher() { return TokenFile("disp-01", {"dispatcher"}); }

  // Every order: its number -> "STATUS technician region".
  std::map<std::string, std::string> Orders() {
    ReflectionClient supervisor(orders_at_,
                                fieldservice::testing::CredentialsOf("sup-01", {"supervisor"}));
    pb::Struct listed = fieldservice::testing::MustCall(
        supervisor, "fieldservice.orders.v1.RepairOrders/ListRepairOrders",
        R"({"page_size": 100})");
    std::map<std::string, std::string> orders;
    for (const pb::Value& o :
         fieldservice::testing::Field(listed, "repair_orders").list_value().values()) {
      const pb::Struct& order = o.struct_value();
      orders[Text(order, "order_number")] =
          absl::StrCat(Text(order, "status"), " ", Text(order, "technician_id"), " ",
                       Text(order, "customer.address.region_code"));
    }
    return orders;
  }

  std::vector<common::DbSettings> dbs_;
  std::string tokens_;  // the directory of token files
  std::unique_ptr<ServerProcess> warranty_, scheduling_, callback_, orders_;
  std::string orders_at_;
};

TEST_F(FsDemoTest, LoadsEveryStatusAFlowReachesOnceThroughThePublicApis) {
  for (const char* id :
       {"tech-0007", "tech-0008", "tech-0009", "tech-0010", "tech-0011", "tech-0012", "tech-0021",
        "tech-0022", "tech-0023", "tech-0024", "tech-0025"}) {
    TokenFile(id, {"technician"});
  }
  ToolResult technicians = FsDemo({"--orders=", "--scheduling_address=" + At(scheduling_),
                                   "--dispatcher_token_file=" + Dispatcher()});
  ASSERT_EQ(technicians.exit_code, 0) << technicians.err;
  ToolResult first =
      FsDemo({"--orders=" + orders_at_,
              "--scheduling_address=", "--token_file=" + TokenFile("agent-1001", {"agent"})});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ToolResult lifecycle = Lifecycle();
  ASSERT_EQ(lifecycle.exit_code, 0) << lifecycle.out << lifecycle.err;

  std::map<std::string, std::string> orders = Orders();
  std::multiset<std::string> statuses;
  for (const auto& [number, facts] : orders) {
    statuses.insert(facts.substr(0, facts.find(' ')));
    // A technician of the order's city: Shanghai's are tech-0007 to 0012,
    // Guangzhou's tech-0021 to 0025.
    if (absl::StrContains(facts, "tech-")) {
      const bool shanghai_technician =
          absl::StrContains(facts, "tech-000") || absl::StrContains(facts, "tech-001");
      EXPECT_EQ(shanghai_technician, absl::StrContains(facts, " 310")) << number << " " << facts;
    }
  }
  for (const char* status :
       {"RECEIVED", "RESOLVED_REMOTELY", "PENDING_DISPATCH", "ASSIGNED", "APPOINTMENT_BOOKED",
        "EN_ROUTE", "ON_SITE_VISIT", "WAITING_FOR_PARTS", "AWAITING_DROP_OFF", "IN_REPAIR",
        "READY_FOR_PICKUP", "COMPLETED", "CANCELLED"}) {
    EXPECT_GT(statuses.count(status), 0u) << status << " missing; " << lifecycle.out;
  }
  EXPECT_EQ(orders.size(), 17u) << lifecycle.out;

  // Run again: the same orders, each where it was.
  ToolResult again = Lifecycle();
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Orders(), orders);

  // The callback is due (the callback service runs two days on): the
  // callback agent closes the completed visit's order; again, nothing more.
  for (int run = 0; run < 2; ++run) {
    ToolResult closed = CloseCallback();
    ASSERT_EQ(closed.exit_code, 0) << closed.out << closed.err;
  }
  std::multiset<std::string> after;
  for (const auto& [number, facts] : Orders()) after.insert(facts.substr(0, facts.find(' ')));
  EXPECT_EQ(after.count("CLOSED"), 1u);
  EXPECT_EQ(after.count("COMPLETED"), statuses.count("COMPLETED") - 1);
  // The other completed visit's callback waits, due, for a person.
  ReflectionClient agent(At(callback_),
                         fieldservice::testing::CredentialsOf("cb-02", {"callback_agent"}));
  pb::Struct waiting = fieldservice::testing::MustCall(
      agent, "fieldservice.callback.v1.Callbacks/ClaimNextCallback", "{}");
  ASSERT_EQ(orders.count(Text(waiting, "order_number")), 1u)
      << fieldservice::testing::ToJson(waiting);
  EXPECT_EQ(orders[Text(waiting, "order_number")].substr(0, 9), "COMPLETED");
}

TEST_F(FsDemoTest, AFailedStepIsNamedAndTheExitCodeIsOne) {
  // No technicians: the dispatcher's booking finds nobody, named per order.
  ToolResult lifecycle = Lifecycle();
  EXPECT_EQ(lifecycle.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(lifecycle.err,
                                "demo-order-12 (to be APPOINTMENT_BOOKED): offer slots failed"))
      << lifecycle.err;
}

}  // namespace
}  // namespace fieldservice::tools
