// fsctl's technician steps (`fsctl jobs`, `fsctl job ...`) run as a process
// against a real scheduling server on port 0: a visit driven from the shell
// (the day's jobs as a table and its --json twin, accept, depart, arrive,
// complete with a part and a signature file), an operation sent twice
// acting once, the fields the service and fsctl refuse named (exit 3 and
// 2), the bash completion offering the steps, another
// technician's job refused, and an unreachable service tried again with the
// same operation id before exit 6. The server runs on a fixed Monday
// (fake_now); ETAs are given on its clock (`+DURATION` is the real clock's,
// tested in fsctl_values_test).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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
using ::fieldservice::testing::MustCall;
using ::fieldservice::testing::ParseJson;
using ::fieldservice::testing::ReflectionClient;
using ::fieldservice::testing::Rfc3339;
using ::fieldservice::testing::ServerProcess;
using ::fieldservice::testing::Text;
using ::fieldservice::testing::ToolResult;

// Monday 23 November 2026, 10:00 in China.
const absl::TimeZone kChina = testing::ChinaTime();
const absl::Time kNow = testing::SampleMonday();

class FsctlJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fsctl_ = std::make_unique<FsctlRunner>(
        absl::StrCat(fieldservice::testing::TestPkiDir(), "/fsctl-job-", getpid()));
    scheduling_ = fieldservice::testing::StartService(
        {SCHEDULING_SERVER_PATH,
         "scheduling",
         "scheduling_fsctl_job",
         {"--orders_address=", "--allow_fake_now=true", "--fake_now=" + Rfc3339(kNow)}},
        dbs_);
    ASSERT_NE(scheduling_, nullptr);
    const std::string at = absl::StrCat("127.0.0.1:", scheduling_->port());
    ReflectionClient dispatcher(at,
                                fieldservice::testing::CredentialsOf("disp-01", {"dispatcher"}));
    MustCall(dispatcher, "fieldservice.scheduling.v1.Technicians/CreateTechnician",
             fieldservice::testing::TianheTechnicianRequest("fsctl-job-tech"));
    ReflectionClient orders(at, fieldservice::testing::ServiceCredentials("orders"));
    MustCall(orders, "fieldservice.scheduling.v1.Dispatch/SyncJob",
             absl::StrCat(R"({"order": "repairOrders/2611230001", "order_version": 1,
               "in_dispatch": true, "region_code": "440106",
               "location": {"latitude": 23.1335, "longitude": 113.3275},
               "category": "refrigerator", "brand": "海尔", "change_time": ")",
                          Rfc3339(kNow - absl::Hours(1)), R"("})"));
    // The agent books the first window offered, with its technician.
    ReflectionClient agent(at, fieldservice::testing::CredentialsOf("agent-01", {"agent"}));
    const pb::Struct offer =
        MustCall(agent, "fieldservice.scheduling.v1.Dispatch/OfferAppointmentSlots",
                 R"({"job": "dispatchJobs/2611230001"})");
    const pb::Struct& slot = Field(offer, "slots").list_value().values(0).struct_value();
    const std::string start = Text(slot, "window.start_time");
    MustCall(
        agent, "fieldservice.scheduling.v1.Dispatch/BookAppointment",
        absl::StrCat(
            R"({"job": "dispatchJobs/2611230001", "window": {"start_time": ")", start,
            R"(", "end_time": ")", Text(slot, "window.end_time"), R"("}, "technician": ")",
            Text(Field(slot, "technicians").list_value().values(0).struct_value(), "technician"),
            R"("})"));
    absl::Time booked;
    std::string error;
    ASSERT_TRUE(absl::ParseTime(absl::RFC3339_full, start, &booked, &error)) << error;
    day_ = absl::FormatCivilTime(absl::ToCivilDay(booked, kChina));
  }

  void TearDown() override {
    if (scheduling_ != nullptr) {
      auto code = scheduling_->Terminate(absl::Seconds(15));
      EXPECT_TRUE(code.ok() && *code == 0) << scheduling_->Log();
    }
    for (auto& db : dbs_) fieldservice::testing::DropTestDatabase(db);
  }

  // fsctl as technician `user` against the scheduling server.
  ToolResult Fsctl(const std::string& user, std::vector<std::string> args) {
    std::vector<std::string> all = {"--token-file", fsctl_->TokenFile(user, {"technician"}),
                                    "--scheduling",
                                    absl::StrCat("127.0.0.1:", scheduling_->port())};
    all.insert(all.end(), args.begin(), args.end());
    return fsctl_->Run(all);
  }

  std::unique_ptr<FsctlRunner> fsctl_;
  std::vector<common::DbSettings> dbs_;
  std::unique_ptr<ServerProcess> scheduling_;
  std::string day_;  // the booked visit's business day, 2026-11-23
};

TEST_F(FsctlJobTest, ATechniciansVisitFromTheShell) {
  ToolResult table = Fsctl("zhang.wei", {"jobs", "--day", day_});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_TRUE(absl::StartsWith(table.out, "JOB         STEP    ACCEPTED  VISIT")) << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "\n2611230001  BOOKED  no        " + day_)) << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "  refrigerator 海尔  440106  ")) << table.out;

  ToolResult json = Fsctl("zhang.wei", {"jobs", "--day", day_, "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const pb::Struct list = ParseJson(json.out);
  const pb::Struct& listed = Field(list, "jobs").list_value().values(0).struct_value();
  EXPECT_EQ(Text(listed, "name"), "dispatchJobs/2611230001");
  EXPECT_EQ(Text(listed, "step"), "BOOKED");
  EXPECT_FALSE(Field(listed, "accepted").bool_value());

  // Accepted with an id of our own: sent again, it acts once.
  ToolResult accepted = Fsctl("zhang.wei", {"job", "accept", "2611230001", "--op", "acc-1"});
  ASSERT_EQ(accepted.exit_code, 0) << accepted.err;
  EXPECT_TRUE(absl::StrContains(accepted.out, "Accepted:")) << accepted.out;
  EXPECT_TRUE(absl::StrContains(accepted.out, "yes\n")) << accepted.out;
  EXPECT_EQ(accepted.err, "");  // no id made up, none told
  ToolResult again =
      Fsctl("zhang.wei", {"job", "accept", "dispatchJobs/2611230001", "--op", "acc-1", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const std::string version = Text(ParseJson(again.out), "version");
  ToolResult third = Fsctl("zhang.wei", {"job", "accept", "2611230001", "--op", "acc-1", "--json"});
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(Text(ParseJson(third.out), "version"), version);
  EXPECT_TRUE(absl::StrContains(accepted.out, " " + version + "\n")) << accepted.out;

  // A departure whose ETA is past is refused naming the field; one ahead is not.
  ToolResult past =
      Fsctl("zhang.wei", {"job", "depart", "2611230001", "--eta", Rfc3339(kNow - absl::Hours(2))});
  EXPECT_EQ(past.exit_code, 3) << past.err;
  EXPECT_TRUE(absl::StrContains(past.err, "eta: must not be in the past")) << past.err;
  ToolResult bad_eta = Fsctl("zhang.wei", {"job", "depart", "2611230001", "--eta", "soon"});
  EXPECT_EQ(bad_eta.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(bad_eta.err, "job depart: --eta: 'soon' is not")) << bad_eta.err;
  ToolResult departed = Fsctl(
      "zhang.wei", {"job", "depart", "2611230001", "--eta", Rfc3339(kNow + absl::Minutes(30))});
  ASSERT_EQ(departed.exit_code, 0) << departed.err;
  EXPECT_TRUE(absl::StrContains(departed.out, "EN_ROUTE")) << departed.out;
  EXPECT_TRUE(absl::StrContains(departed.out, "ETA:")) << departed.out;
  // Without --op an id is made up and told, so the step can be sent again.
  EXPECT_TRUE(absl::StartsWith(departed.err, "operation ")) << departed.err;
  EXPECT_TRUE(absl::StrContains(departed.err, " to retry safely)\n")) << departed.err;

  ToolResult arrived = Fsctl("zhang.wei", {"job", "arrive", "2611230001"});
  ASSERT_EQ(arrived.exit_code, 0) << arrived.err;
  EXPECT_TRUE(absl::StrContains(arrived.out, "ON_SITE")) << arrived.out;

  // The signature as captured; fsctl sends its SHA-256 with it.
  const std::string signature = fsctl_->dir() + "/signature.png";
  std::ofstream(signature, std::ios::binary) << std::string("\x89PNG\r\n\x1a\n\0signed", 15);
  const std::vector<std::string> complete = {"job",
                                             "complete",
                                             "2611230001",
                                             "--work",
                                             "更换温控器，试机制冷正常",
                                             "--part",
                                             "thermostat:TH-0001:1",
                                             "--function-test",
                                             "yes",
                                             "--opinion",
                                             "满意",
                                             "--signature-file",
                                             signature};
  // Without --fault: the service names the field, and nothing changes.
  ToolResult no_fault = Fsctl("zhang.wei", complete);
  EXPECT_EQ(no_fault.exit_code, 3) << no_fault.err;
  EXPECT_TRUE(absl::StrContains(no_fault.err, "record.fault_found: ")) << no_fault.err;
  std::vector<std::string> bad_part = complete;
  bad_part[6] = "thermostat";
  ToolResult part_refused = Fsctl("zhang.wei", bad_part);
  EXPECT_EQ(part_refused.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(part_refused.err, "job complete: --part: 'thermostat' is not"))
      << part_refused.err;

  // A fee on a visit whose charges are not decided yet: the service names it.
  std::vector<std::string> fee = complete;
  fee.insert(fee.end(), {"--fault", "温控器损坏", "--fee", "labour:80"});
  ToolResult fee_refused = Fsctl("zhang.wei", fee);
  EXPECT_EQ(fee_refused.exit_code, 3) << fee_refused.err;
  EXPECT_TRUE(absl::StrContains(fee_refused.err, "\n  record.fees[0]")) << fee_refused.err;
  fee.back() = "tip:80";
  ToolResult bad_fee = Fsctl("zhang.wei", fee);
  EXPECT_EQ(bad_fee.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(bad_fee.err, "job complete: --fee: ")) << bad_fee.err;
  std::vector<std::string> no_file = complete;
  no_file.back() = fsctl_->dir() + "/no-such-signature.png";
  ToolResult unreadable = Fsctl("zhang.wei", no_file);
  EXPECT_EQ(unreadable.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(unreadable.err, "job complete: --signature-file: cannot read "))
      << unreadable.err;

  std::vector<std::string> whole = complete;
  whole.insert(whole.end(), {"--fault", "温控器损坏", "--op", "done-1", "--json"});
  ToolResult done = Fsctl("zhang.wei", whole);
  ASSERT_EQ(done.exit_code, 0) << done.err;
  const pb::Struct completed = ParseJson(done.out);
  EXPECT_EQ(Text(completed, "step"), "COMPLETED");
  ToolResult replayed = Fsctl("zhang.wei", whole);
  ASSERT_EQ(replayed.exit_code, 0) << replayed.err;
  EXPECT_EQ(Text(ParseJson(replayed.out), "version"), Text(completed, "version"));
}

TEST_F(FsctlJobTest, TheBashCompletionOffersTheSteps) {
  ToolResult script = fsctl_->Run({"completion", "bash"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  EXPECT_TRUE(absl::StrContains(
      script.out, R"("job") offer="accept arrive carry-in complete decline depart not-home parts )"
                  R"(parts-arrived" ;;)"))
      << script.out;
  EXPECT_TRUE(absl::StrContains(script.out, " --signature-file ")) << script.out;
}

TEST_F(FsctlJobTest, AnotherTechniciansJobIsRefused) {
  ToolResult refused = Fsctl("li.na", {"job", "accept", "2611230001", "--op", "not-mine"});
  EXPECT_EQ(refused.exit_code, 5) << refused.err;
  EXPECT_TRUE(absl::StrContains(refused.err, "PERMISSION_DENIED")) << refused.err;
  // Nor does it show on their list.
  ToolResult table = Fsctl("li.na", {"jobs", "--day", day_});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out, "no jobs\n");
}

TEST_F(FsctlJobTest, AnUnreachableServiceIsTriedAgainWithTheSameOperation) {
  // A loopback port bound but not listening: connections are refused.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ToolResult unreachable = fsctl_->Run(
      {"--token-file", fsctl_->TokenFile("zhang.wei", {"technician"}), "--scheduling",
       absl::StrCat("127.0.0.1:", ntohs(address.sin_port)), "--timeout", "2s", "job", "arrive",
       "2611230001", "--op", "arr-1", "--retries", "2", "--retry-wait", "50ms"});
  ::close(fd);
  EXPECT_EQ(unreachable.exit_code, 6) << unreachable.err;
  EXPECT_TRUE(absl::StrContains(unreachable.err, "sending it again in 50ms (1 of 2)"))
      << unreachable.err;
  EXPECT_TRUE(absl::StrContains(unreachable.err, "sending it again in 100ms (2 of 2)"))
      << unreachable.err;
  // The job was untouched; with the service back the same id acts.
  ToolResult departed = Fsctl("zhang.wei", {"job", "depart", "2611230001", "--eta",
                                            Rfc3339(kNow + absl::Minutes(30)), "--op", "dep-1"});
  ASSERT_EQ(departed.exit_code, 0) << departed.err;
  ToolResult arrived = Fsctl("zhang.wei", {"job", "arrive", "2611230001", "--op", "arr-1"});
  ASSERT_EQ(arrived.exit_code, 0) << arrived.err;
  EXPECT_TRUE(absl::StrContains(arrived.out, "ON_SITE")) << arrived.out;
}

}  // namespace
}  // namespace fieldservice::fsctl
