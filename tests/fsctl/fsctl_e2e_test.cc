// fsctl tested by running the binary, as a script or a person would, against
// a real orders_server (its own database, TLS with the test PKI, tokens from
// the test key): a call taken at prompts fed by a script through a pipe, a
// table and its --json twin, a refused field named with exit code 3, a bad
// command line with exit code 2, and the other exit codes scripts rely on.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "services/common/ids.h"
#include "tests/fsctl/fsctl_runner.h"
#include "tests/fsctl/tool_run.h"
#include "tests/support/json_tree.h"
#include "tests/support/sample_requests.h"
#include "tests/support/sample_time.h"
#include "tests/support/server_process.h"
#include "tests/support/service_under_test.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"

namespace fieldservice::fsctl {
namespace {

namespace pb = ::google::protobuf;
using ::fieldservice::testing::FsctlRunner;
using ::fieldservice::testing::ParseJson;
using ::fieldservice::testing::RunTool;
using ::fieldservice::testing::ServerProcess;
using ::fieldservice::testing::Text;
using ::fieldservice::testing::ToolResult;

// Columns a terminal gives `text`: the tests' non-ASCII text is all Chinese
// (two columns a character).
int Columns(std::string_view text) {
  int columns = 0;
  for (unsigned char c : text) {
    if (c < 0x80) columns += 1;
    if (c >= 0xC0) columns += 2;  // the lead byte of a multi-byte character
  }
  return columns;
}

// The orders server's clock (fake_now): no date here depends on the day the
// test runs. Calls end a minute before it; the purchase is months before.
const absl::Time kNow = testing::SampleMonday();
constexpr char kPurchaseDate[] = "2026-03-01";
std::string CallEnded() { return fieldservice::testing::Rfc3339(kNow - absl::Minutes(1)); }

class FsctlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    databases_ = new std::vector<common::DbSettings>();
    orders_ = fieldservice::testing::StartService(
                  {ORDERS_SERVER_PATH,
                   "orders",
                   "fsctl_e2e",
                   {"--warranty_address=", "--allow_fake_now=true",
                    absl::StrCat("--fake_now=", fieldservice::testing::Rfc3339(kNow))}},
                  *databases_)
                  .release();
    ASSERT_NE(orders_, nullptr);
    fsctl_ =
        new FsctlRunner(absl::StrCat(fieldservice::testing::TestPkiDir(), "/fsctl-", getpid()));
  }

  static void TearDownTestSuite() {
    if (orders_ != nullptr) {
      auto code = orders_->Terminate(absl::Seconds(30));
      EXPECT_TRUE(code.ok() && *code == 0) << orders_->Log();
      delete orders_;
    }
    for (const auto& db : *databases_) fieldservice::testing::DropTestDatabase(db);
    delete databases_;
    delete fsctl_;
  }

  static std::string OrdersAddress() { return absl::StrCat("127.0.0.1:", orders_->port()); }
  static std::string TokenFile(const std::string& user, const std::vector<std::string>& roles) {
    return fsctl_->TokenFile(user, roles);
  }

  // fsctl with the token in `token_file`, against the orders server at
  // `orders`.
  static ToolResult FsctlAs(const std::string& token_file, const std::string& orders,
                            const std::vector<std::string>& args, const std::string& input = "") {
    std::vector<std::string> all = {"--orders", orders, "--token-file", token_file};
    all.insert(all.end(), args.begin(), args.end());
    return fsctl_->Run(all, input);
  }

  // fsctl as the call agent agent-1001.
  static ToolResult Fsctl(const std::vector<std::string>& args, const std::string& input = "") {
    return FsctlAs(TokenFile("agent-1001", {"agent"}), OrdersAddress(), args, input);
  }

  // The flags of a valid on-site repair call, with `phone`.
  static std::vector<std::string> CallFlags(const std::string& request_id,
                                            const std::string& phone = "13812345678") {
    std::vector<std::string> flags = {"order", "create", "--request-id", request_id};
    for (const std::string& flag :
         fieldservice::testing::TianheFridgeCallFlags(kNow - absl::Minutes(1), phone)) {
      flags.push_back(flag);
    }
    return flags;
  }

  // Creates an order with flags; its order number.
  static std::string CreateOrder(const std::string& request_id) {
    std::vector<std::string> args = {"--json"};
    for (const std::string& a : CallFlags(request_id)) args.push_back(a);
    ToolResult created = Fsctl(args);
    EXPECT_EQ(created.exit_code, 0) << created.err;
    return Text(ParseJson(created.out), "order_number");
  }

  static std::vector<common::DbSettings>* databases_;
  static ServerProcess* orders_;
  static FsctlRunner* fsctl_;
};

std::vector<common::DbSettings>* FsctlTest::databases_ = nullptr;
ServerProcess* FsctlTest::orders_ = nullptr;
FsctlRunner* FsctlTest::fsctl_ = nullptr;

// A script feeds the answers through a pipe, one a line, in the order the
// README lists the prompts. The phone is wrong first: the server's
// violation is shown by field, the phone alone is asked again, and the call
// ends with the read-back the agent reads to the customer.
TEST_F(FsctlTest, TakesACallAtPromptsFedByAScript) {
  const std::string answers = absl::StrCat(
      "REPAIR\n", "张伟\n", "12345\n", "440106\n", "天河区天河路385号太古汇2座1201室\n",
      "23.1335,113.3275\n", "refrigerator\n", "海尔\n", "BCD-470WDPG\n", "BA2026X0301\n",
      kPurchaseDate, "\n", "24440000000012345678\n", "yes\n", "3299\n",
      "\n",  // no earlier repairs
      "冷藏室不制冷，冷冻正常\n",
      "\n",              // the mode's default, ON_SITE
      "13812345678\n");  // the phone again, after the server refused the first
  ToolResult call = Fsctl({"--prompt", "order", "create", "--call-ended", CallEnded()}, answers);
  ASSERT_EQ(call.exit_code, 0) << call.err << call.out;
  EXPECT_TRUE(absl::StrContains(call.err, "Customer's phone: 12345")) << call.err;
  EXPECT_TRUE(absl::StrContains(call.err, "repair_order.customer.phone: ")) << call.err;
  EXPECT_TRUE(absl::StrContains(call.err, "Customer's phone: 13812345678")) << call.err;
  EXPECT_TRUE(absl::StrContains(call.out, "Read back to the customer:")) << call.out;

  // The read-back printed is the order's, as stored.
  const std::string number = call.out.substr(call.out.find("Order number:") + 13);
  const std::string order_number(absl::StripAsciiWhitespace(number.substr(0, number.find('\n'))));
  ToolResult got = Fsctl({"--json", "order", "get", order_number});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  pb::Struct order = ParseJson(got.out);
  EXPECT_EQ(Text(order, "customer.name"), "张伟");
  EXPECT_EQ(Text(order, "customer.phone"), "13812345678");
  EXPECT_EQ(Text(order, "service_mode"), "ON_SITE");
  EXPECT_TRUE(fieldservice::testing::Field(order, "product.warranty_card_present").bool_value());
  EXPECT_EQ(
      fieldservice::testing::Field(order, "warranty_claim.price_paid.amount_fen").string_value(),
      "329900");  // int64 is a JSON string
  ASSERT_FALSE(Text(order, "read_back_text").empty());
  EXPECT_TRUE(absl::StrContains(call.out, Text(order, "read_back_text"))) << call.out;
}

// The input ending before every question is answered is a usage error.
TEST_F(FsctlTest, PromptsEndingEarlyExit2) {
  ToolResult call = Fsctl({"--prompt", "order", "create"}, "REPAIR\n张伟\n");
  EXPECT_EQ(call.exit_code, 2) << call.err;
  EXPECT_TRUE(absl::StrContains(call.err, "the input ended before 'Customer's phone'")) << call.err;
}

TEST_F(FsctlTest, ATableAndItsJsonTwin) {
  const std::string first = CreateOrder("fsctl-table-1");
  const std::string second = CreateOrder("fsctl-table-2");
  ToolResult table = Fsctl({"order", "list"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  ToolResult json = Fsctl({"order", "list", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;

  std::vector<std::string> lines = absl::StrSplit(table.out, '\n', absl::SkipEmpty());
  ASSERT_GE(lines.size(), 3u) << table.out;
  ASSERT_TRUE(absl::StartsWith(lines[0], "ORDER  ")) << table.out;
  // Each column starts where its heading does, Chinese names included.
  const int product_at = Columns(lines[0].substr(0, lines[0].find("PRODUCT")));
  std::set<std::string> numbers_in_table;
  for (size_t i = 1; i < lines.size(); ++i) {
    numbers_in_table.insert(lines[i].substr(0, lines[i].find(' ')));
    const size_t product = lines[i].find("海尔");
    ASSERT_NE(product, std::string::npos) << lines[i];
    EXPECT_EQ(Columns(lines[i].substr(0, product)), product_at) << table.out;
  }
  std::set<std::string> numbers_in_json;
  pb::Struct list = ParseJson(json.out);
  for (const pb::Value& o :
       fieldservice::testing::Field(list, "repair_orders").list_value().values()) {
    numbers_in_json.insert(Text(o.struct_value(), "order_number"));
    EXPECT_TRUE(absl::StrContains(table.out, Text(o.struct_value(), "status")));
  }
  EXPECT_EQ(numbers_in_table, numbers_in_json) << table.out << json.out;
  EXPECT_TRUE(numbers_in_table.count(first) && numbers_in_table.count(second)) << table.out;

  // The audit trail: a table, and the same events as JSON.
  ToolResult events = Fsctl({"order", "events", first});
  ASSERT_EQ(events.exit_code, 0) << events.err;
  EXPECT_TRUE(absl::StartsWith(events.out, "SEQ  ")) << events.out;
  EXPECT_TRUE(absl::StrContains(events.out, "CREATED")) << events.out;
  ToolResult events_json = Fsctl({"--json", "order", "events", first});
  ASSERT_EQ(events_json.exit_code, 0) << events_json.err;
  const pb::Struct events_list = ParseJson(events_json.out);
  const pb::Value& trail = fieldservice::testing::Field(events_list, "events");
  ASSERT_GT(trail.list_value().values_size(), 0) << events_json.out;
  EXPECT_EQ(Text(trail.list_value().values(0).struct_value(), "action"), "CREATED");
}

TEST_F(FsctlTest, ARefusedFieldIsNamedWithExitCode3) {
  ToolResult call = Fsctl(CallFlags("fsctl-bad-phone", "12345"));
  EXPECT_EQ(call.exit_code, 3) << call.err;
  EXPECT_TRUE(absl::StrContains(call.err, "INVALID_ARGUMENT")) << call.err;
  EXPECT_TRUE(absl::StrContains(call.err, "\n  repair_order.customer.phone: ")) << call.err;
  EXPECT_TRUE(call.out.empty()) << call.out;

  // For scripts: the google.rpc.Status as JSON on stderr, the field in it.
  std::vector<std::string> args = CallFlags("fsctl-bad-phone-json", "12345");
  args.push_back("--json");
  ToolResult json = Fsctl(args);
  EXPECT_EQ(json.exit_code, 3) << json.err;
  pb::Struct status = ParseJson(json.err);
  EXPECT_EQ(fieldservice::testing::Field(status, "code").number_value(), 3) << json.err;
  EXPECT_TRUE(absl::StrContains(json.err, "\"repair_order.customer.phone\"")) << json.err;
}

TEST_F(FsctlTest, ABadCommandLineExits2) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"order", "create", "--no-such-flag", "x"},
           {"order", "get"},
           {"order", "frobnicate"},
           {},
           {"--timeout", "soon", "order", "list"},
           {"order", "create", "--type", "visit"},
           {"report", "nonsense", "--month", "2026-11"},
           {"report", "quality", "--month", "November"},
       }) {
    ToolResult run = Fsctl(args);
    EXPECT_EQ(run.exit_code, 2) << absl::StrJoin(args, " ") << "\n" << run.err;
    EXPECT_FALSE(run.err.empty()) << absl::StrJoin(args, " ");
  }
  ToolResult type = Fsctl({"order", "create", "--type", "visit"});
  EXPECT_TRUE(absl::StrContains(type.err, "--type: 'visit' is not one of CONSULTATION, REPAIR"))
      << type.err;
  ToolResult help = Fsctl({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(help.out, "order create")) << help.out;
}

// Not found 4, denied 5, unavailable 6.
TEST_F(FsctlTest, ExitCodesScriptsCanTrust) {
  const std::string missing = "2001010001" + std::string(1, common::DammCheckDigit("2001010001"));
  ToolResult not_found = Fsctl({"order", "get", missing});
  EXPECT_EQ(not_found.exit_code, 4) << not_found.err;

  ToolResult denied =
      FsctlAs(TokenFile("tech-0007", {"technician"}), OrdersAddress(), CallFlags("fsctl-denied"));
  EXPECT_EQ(denied.exit_code, 5) << denied.err;

  // A port bound but not listening refuses connections.
  int socket_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  ::getsockname(socket_fd, reinterpret_cast<sockaddr*>(&address), &length);
  ToolResult unavailable = FsctlAs(TokenFile("agent-1001", {"agent"}),
                                   absl::StrCat("127.0.0.1:", ntohs(address.sin_port)),
                                   {"--timeout", "2s", "order", "list"});
  ::close(socket_fd);
  EXPECT_EQ(unavailable.exit_code, 6) << unavailable.err;
}

// With no --orders and no --ca, the addresses file and the CA of a running
// scripts/run.sh (var/run/addresses, var/pki/ca.pem) are used.
TEST_F(FsctlTest, FindsARunningSystemFromItsVarDirectory) {
  std::ofstream(fsctl_->dir() + "/var/run/addresses")
      << "mariadb    127.0.0.1:1 (data in var/mariadb)\n"
      << "orders     " << OrdersAddress() << " (log var/log/orders.log, metrics ...)\n";
  std::filesystem::copy_file(fieldservice::testing::TestCaFile(), fsctl_->dir() + "/var/pki/ca.pem",
                             std::filesystem::copy_options::overwrite_existing);
  // No --ca either: RunTool, not fsctl_->Run.
  ToolResult list =
      RunTool(FSCTL_PATH, {"order", "list", "--token-file", TokenFile("agent-1001", {"agent"})}, "",
              fsctl_->Environment());
  std::remove((fsctl_->dir() + "/var/run/addresses").c_str());
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(absl::StartsWith(list.out, "ORDER  ")) << list.out;
}

TEST_F(FsctlTest, HealthOfEachService) {
  const std::string operator_token = TokenFile("ops-01", {"operator"});
  std::vector<std::string> args = {"health"};
  ToolResult table = FsctlAs(operator_token, OrdersAddress(), args);
  EXPECT_EQ(table.exit_code, 0) << table.err << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "SERVING")) << table.out;
  args.push_back("--json");
  ToolResult json = FsctlAs(operator_token, OrdersAddress(), args);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  pb::Struct health = ParseJson(json.out);
  const pb::Struct& orders =
      fieldservice::testing::Field(health, "services").list_value().values(0).struct_value();
  EXPECT_EQ(Text(orders, "service"), "orders");
  EXPECT_EQ(Text(orders, "health"), "SERVING");
  EXPECT_EQ(Text(orders, "status.service"), "orders") << json.out;
}

// The completion script, sourced in bash, completes command words and options.
TEST_F(FsctlTest, BashCompletion) {
  ToolResult script = Fsctl({"completion", "bash"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  const std::string file = fsctl_->dir() + "/completion.bash";
  std::ofstream(file) << script.out;
  auto complete = [&](const std::string& words, int current) {
    const std::string command =
        absl::StrCat("source ", file, "; COMP_WORDS=(", words, "); COMP_CWORD=", current,
                     "; _fsctl; echo \"${COMPREPLY[*]}\"");
    return RunTool("/bin/bash", {"-c", command}, "", fsctl_->Environment()).out;
  };
  EXPECT_EQ(complete("fsctl ord", 1), "order\n");
  EXPECT_EQ(complete("fsctl order c", 2), "create\n");
  EXPECT_EQ(complete("fsctl --orders 127.0.0.1:1 order get 1 --js", 6), "--json\n");
  EXPECT_EQ(complete("fsctl order create --pho", 3), "--phone\n");
  EXPECT_EQ(complete("fsctl report sat", 2), "satisfaction\n");
  EXPECT_EQ(complete("fsctl plan ", 2), "commit preview\n");
  EXPECT_EQ(complete("fsctl approval decide 2611230001/1 re", 4), "reject\n");
  EXPECT_EQ(complete("fsctl order move 2611230001 queue", 4), "queue_for_dispatch\n");
  EXPECT_EQ(complete("fsctl feed --aft", 2), "--after\n");
}

}  // namespace
}  // namespace fieldservice::fsctl
