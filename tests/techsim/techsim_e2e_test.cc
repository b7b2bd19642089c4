// techsim end to end (issue 12): the real scheduling server; techsim run as
// a process creates three technicians (--create); jobs synced, assigned and
// booked through the API; then techsim again, the three until idle. Every
// job must end completed, rescheduled (customer not home) or waiting for
// parts as the API tells it; the printed figures must match; and every
// operation, replays included, must have acted once (each job's version
// moved by exactly one change per step).
//
// The server runs on fake_now (a Monday morning) and techsim's simulated
// clock starts at the same instant, an hour of it per wall-clock second.
// Jobs are synced here as the orders service would (its certificate):
// techsim needs no orders service.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "services/common/auth/token_signer.h"
#include "tests/support/e2e_calls.h"
#include "tests/support/json_tree.h"
#include "tests/support/reflection_client.h"
#include "tests/support/server_process.h"
#include "tests/support/service_under_test.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"
#include "tests/techsim/techsim_key.h"
#include "tests/techsim/techsim_output.h"

namespace fieldservice::techsim {
namespace {

namespace pb = ::google::protobuf;
using ::fieldservice::testing::MustCall;
using ::fieldservice::testing::ParseJson;
using ::fieldservice::testing::ReflectionClient;
using ::fieldservice::testing::Rfc3339;
using ::fieldservice::testing::Text;

constexpr char kDispatch[] = "fieldservice.scheduling.v1.Dispatch/";
constexpr int kTechnicians = 3;
constexpr int kJobsEach = 2;

// Monday 2026-11-23 07:00 in Guangzhou: the first windows offered start at 09:00.
const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 11, 23, 7, 0, 0), absl::FixedTimeZone(8 * 3600));

class TechsimE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    scheduling_ = fieldservice::testing::StartService(
        {SCHEDULING_SERVER_PATH,
         "scheduling",
         "techsim_e2e",
         {absl::StrCat("--jwks=", key_.jwks_file()), absl::StrCat("--fake_now=", Rfc3339(kNow)),
          "--allow_fake_now=true", "--app_stream_poll_interval=200ms"}},
        dbs_);
    ASSERT_NE(scheduling_, nullptr);
    at_ = absl::StrCat("127.0.0.1:", scheduling_->port());
  }

  void TearDown() override {
    if (scheduling_ != nullptr) {
      auto code = scheduling_->Terminate(absl::Seconds(15));
      EXPECT_TRUE(code.ok() && *code == 0) << scheduling_->Log();
    }
    for (auto& db : dbs_) fieldservice::testing::DropTestDatabase(db);
  }

  ReflectionClient As(const std::string& user, const std::string& role) {
    return ReflectionClient(at_, key_.CredentialsOf(user, role));
  }

  // The first `want` changes of technician `id`'s feed.
  std::vector<pb::Struct> Feed(const std::string& id, size_t want) {
    ReflectionClient phone = As(id, "technician");
    auto streamed = phone.StreamJson("fieldservice.scheduling.v1.TechnicianApp/StreamJobs",
                                     R"({"after_cursor": 0})", want, absl::Seconds(10));
    std::vector<pb::Struct> events;
    for (const std::string& m : streamed.messages) events.push_back(ParseJson(m));
    return events;
  }

  const TechsimKey key_{"techsim"};
  std::vector<common::DbSettings> dbs_;
  std::unique_ptr<fieldservice::testing::ServerProcess> scheduling_;
  std::string at_;
};

TEST_F(TechsimE2ETest, SimulatedTechniciansTakeEveryJobToItsEndAndCountIt) {
  ReflectionClient dispatcher = As("disp-01", "dispatcher");
  ReflectionClient orders(at_, fieldservice::testing::ServiceCredentials("orders"));
  // techsim creates its technicians (and, run again with --create, finds
  // them there).
  const std::string techsim =
      absl::StrCat("timeout 50 ", TECHSIM_PATH, " --scheduling=", at_,
                   " --ca=", fieldservice::testing::TestCaFile(), " --key=", key_.key_file(),
                   " --technician_prefix=sim- --technicians=", kTechnicians, " --create");
  auto [created, creating] = RunCommand(techsim + " --duration=1m");
  ASSERT_EQ(created, 0) << creating;
  for (int t = 1; t <= kTechnicians; ++t) {
    pb::Struct technician =
        MustCall(dispatcher, "fieldservice.scheduling.v1.Technicians/GetTechnician",
                 absl::StrCat(R"({"name": "technicians/sim-)", t, R"("})"));
    EXPECT_TRUE(fieldservice::testing::Field(technician, "active").bool_value());
  }
  // Jobs as the orders service syncs them, each assigned and booked.
  std::map<std::string, int64_t> version_before;
  for (int i = 0; i < kTechnicians * kJobsEach; ++i) {
    const std::string number = absl::StrCat(8001 + i);
    const std::string job = "dispatchJobs/" + number;
    MustCall(orders, absl::StrCat(kDispatch, "SyncJob"),
             absl::StrCat(R"json({
      "order": "repairOrders/)json",
                          number, R"json(", "order_version": 1, "in_dispatch": true,
      "region_code": "440106", "location": {"latitude": 23.13, "longitude": 113.33},
      "category": "refrigerator", "brand": "海尔", "change_time": ")json",
                          Rfc3339(kNow), R"("})"));
    MustCall(dispatcher, absl::StrCat(kDispatch, "AssignJob"),
             absl::StrCat(R"({"job": ")", job, R"(", "technician": "technicians/sim-)",
                          i % kTechnicians + 1, R"("})"));
    pb::Struct offer = MustCall(dispatcher, absl::StrCat(kDispatch, "OfferAppointmentSlots"),
                                absl::StrCat(R"({"job": ")", job, R"("})"));
    const pb::Value& slots = fieldservice::testing::Field(offer, "slots");
    ASSERT_GT(slots.list_value().values_size(), 0) << fieldservice::testing::ToJson(offer);
    const pb::Struct& slot = slots.list_value().values(0).struct_value();
    pb::Struct booked =
        MustCall(dispatcher, absl::StrCat(kDispatch, "BookAppointment"),
                 absl::StrCat(R"({"job": ")", job, R"(", "window": {"start_time": ")",
                              Text(slot, "window.start_time"), R"(", "end_time": ")",
                              Text(slot, "window.end_time"), R"("}})"));
    ASSERT_EQ(Text(booked, "step"), "BOOKED");
    ASSERT_TRUE(absl::SimpleAtoi(Text(booked, "version"), &version_before[job]));
  }

  auto [code, output] = RunCommand(absl::StrCat(
      techsim,
      " --seed=1 --parts_rate=0.25 --not_home_rate=0.25 --drop_rate=0.3 --offline_rate=0.5",
      " --time_scale=3600 --start=", Rfc3339(kNow), " --until_idle --idle_after=2s"));
  ASSERT_EQ(code, 0) << output;
  std::map<std::string, int64_t> figures = Figures(output);
  ASSERT_FALSE(figures.empty()) << output;

  // Where each job ended, as the API tells it.
  int completed = 0, not_home = 0, parts = 0;
  for (const auto& [job, before] : version_before) {
    pb::Struct got = MustCall(dispatcher, absl::StrCat(kDispatch, "GetDispatchJob"),
                              absl::StrCat(R"({"name": ")", job, R"("})"));
    const std::string step = Text(got, "step");
    if (step == "COMPLETED") {
      ++completed;
    } else if (step == "WAITING_FOR_PARTS") {
      ++parts;
    } else if (step == "ASSIGNED" &&
               fieldservice::testing::Field(got, "missed_windows").list_value().values_size() ==
                   1) {
      ++not_home;  // rescheduled: to be rebooked, the missed window kept
    } else {
      ADD_FAILURE() << job << " ended " << fieldservice::testing::ToJson(got);
    }
    // Accepted, departed, arrived, and the outcome: one change each, however
    // often an operation was sent.
    int64_t after = 0;
    ASSERT_TRUE(absl::SimpleAtoi(Text(got, "version"), &after));
    EXPECT_EQ(after - before, 4) << job << "\n" << output;
  }
  EXPECT_EQ(figures["jobs_seen"], kTechnicians * kJobsEach) << output;
  EXPECT_EQ(figures["visits"], kTechnicians * kJobsEach) << output;
  EXPECT_EQ(figures["completed"], completed) << output;
  EXPECT_EQ(figures["not_home"], not_home) << output;
  EXPECT_EQ(figures["waiting_for_parts"], parts) << output;
  EXPECT_EQ(figures["on_time_arrivals"] + figures["late_arrivals"], kTechnicians * kJobsEach);
  EXPECT_EQ(figures["errors"], 0) << output;
  // The seed makes every kind of ending and fault happen.
  EXPECT_GT(completed, 0) << output;
  EXPECT_GT(not_home, 0) << output;
  EXPECT_GT(parts, 0) << output;
  EXPECT_GT(figures["replays"], 0) << output;
  EXPECT_GT(figures["resumes"], 0) << output;

  // Each technician's feed shows each step of their jobs once, in order:
  // added, booked, then the four above.
  for (int t = 1; t <= kTechnicians; ++t) {
    std::vector<pb::Struct> feed = Feed(absl::StrCat("sim-", t), kJobsEach * 6);
    ASSERT_EQ(feed.size(), kJobsEach * 6u) << "sim-" << t;
    std::map<std::string, std::vector<std::string>> steps;
    for (const pb::Struct& change : feed) {
      steps[Text(change, "job.name")].push_back(Text(change, "job.step"));
    }
    for (const auto& [job, seen] : steps) {
      ASSERT_EQ(seen.size(), 6u) << job;
      EXPECT_EQ(seen[3], "EN_ROUTE") << job;
      EXPECT_EQ(seen[4], "ON_SITE") << job;
    }
  }
}

}  // namespace
}  // namespace fieldservice::techsim

namespace fieldservice::techsim {
namespace {

// A bad command line is exit code 2 with a message naming what is wrong,
// before anything is called.
TEST(TechsimCommandLineTest, ABadCommandLineSaysWhatIsWrong) {
  const std::string techsim = absl::StrCat(TECHSIM_PATH, " --scheduling=127.0.0.1:1 --plaintext");
  auto [code, output] = RunCommand(techsim + " --until_idle --token_dir=/nowhere");
  EXPECT_EQ(code, 2) << output;
  EXPECT_TRUE(absl::StrContains(output, "technicians")) << output;

  std::tie(code, output) =
      RunCommand(techsim + " --technicians=0 --until_idle --token_dir=/nowhere");
  EXPECT_EQ(code, 2) << output;
  EXPECT_TRUE(absl::StrContains(output, "--technicians must be at least 1")) << output;

  std::tie(code, output) =
      RunCommand(techsim + " --technicians=2 --until_idle --token_dir=/nowhere --width=3");
  EXPECT_EQ(code, 2) << output;
  EXPECT_TRUE(absl::StrContains(output, "tech-001: token:")) << output;

  std::tie(code, output) =
      RunCommand(techsim +
                 " --technicians=1 --until_idle --token_dir=/nowhere --parts_rate=0.7 "
                 "--not_home_rate=0.5");
  EXPECT_EQ(code, 2) << output;
  EXPECT_TRUE(absl::StrContains(output, "parts_rate + not_home_rate")) << output;

  std::tie(code, output) = RunCommand(techsim + " --technicians=1 --token_dir=/nowhere");
  EXPECT_EQ(code, 2) << output;
  EXPECT_TRUE(absl::StrContains(output, "--duration and --until_idle")) << output;

  std::tie(code, output) =
      RunCommand(techsim + " --technicians=1 --token_dir=/nowhere --duration=1h --feed_orders=2");
  EXPECT_EQ(code, 2) << output;
  EXPECT_TRUE(absl::StrContains(output, "--feed_orders needs --orders and --duration")) << output;

  std::tie(code, output) = RunCommand(
      techsim + " --technicians=1 --token_dir=/nowhere --until_idle --start_anchor=soon");
  EXPECT_EQ(code, 2) << output;
  EXPECT_TRUE(absl::StrContains(output, "--start_anchor must be an RFC 3339 time")) << output;
}

}  // namespace
}  // namespace fieldservice::techsim
