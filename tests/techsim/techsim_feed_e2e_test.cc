// techsim's job feeder end to end (issue 12): the real orders and
// scheduling servers as processes on one fast fake clock (fake_now,
// fake_now_anchor, fake_clock_rate: an hour per wall-clock second), and
// techsim on the same clock with --feed_orders. Three technicians, two jobs
// each on one Monday, taken as orders through the orders service, synced to
// scheduling by its relay, booked by techsim's dispatcher; the technicians
// find customers out and need parts at high rates, so jobs are rebooked.
// When the run ends (Monday 14:30) every job must be completed or booked
// again for a window after it, as the API tells it, and the printed figures
// must match the API.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
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
using ::fieldservice::testing::CallUntil;
using ::fieldservice::testing::MustCall;
using ::fieldservice::testing::ReflectionClient;
using ::fieldservice::testing::Rfc3339;
using ::fieldservice::testing::ServerProcess;
using ::fieldservice::testing::Text;

constexpr char kOrders[] = "fieldservice.orders.v1.RepairOrders/";
constexpr char kDispatch[] = "fieldservice.scheduling.v1.Dispatch/";
constexpr int kTechnicians = 3;
constexpr int kJobsEach = 2;
// Simulated seconds per wall-clock second, for the services and techsim.
constexpr int kRate = 3600;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);
// Sunday 2026-11-22 20:00 in Guangzhou: the clock reaches Monday's first
// windows (09:00) about 13 wall-clock seconds after the anchor.
const absl::Time kStart = absl::FromCivil(absl::CivilSecond(2026, 11, 22, 20, 0, 0), kChina);
// The run ends Monday 14:30.
const absl::Time kEnd = absl::FromCivil(absl::CivilSecond(2026, 11, 23, 14, 30, 0), kChina);

class TechsimFeedE2ETest : public ::testing::Test {
 protected:
  void SetUp() override { anchor_ = absl::Now(); }

  void TearDown() override {
    for (auto* p : {&orders_, &scheduling_}) {
      if (*p != nullptr) {
        auto code = (*p)->Terminate(absl::Seconds(15));
        EXPECT_TRUE(code.ok() && *code == 0) << (*p)->Log();
      }
    }
    for (auto& db : dbs_) fieldservice::testing::DropTestDatabase(db);
  }

  // The flags of the shared fast clock; the outbox lease and round budget
  // and the technician index refresh are clock time, so scaled by the rate.
  std::vector<std::string> ClockFlags() const {
    return {absl::StrCat("--jwks=", key_.jwks_file()),
            absl::StrCat("--fake_now=", Rfc3339(kStart)),
            absl::StrCat("--fake_now_anchor=", Rfc3339(anchor_)),
            absl::StrCat("--fake_clock_rate=", kRate),
            "--allow_fake_now=true",
            absl::StrCat("--outbox_round_budget=", 30 * kRate, "s"),
            absl::StrCat("--outbox_lease=", 60 * kRate, "s"),
            "--outbox_poll_interval=200ms"};
  }

  std::unique_ptr<ServerProcess> Start(const char* path, const std::string& service,
                                       const std::string& listen, std::vector<std::string> args) {
    std::vector<std::string> all = ClockFlags();
    all.insert(all.end(), args.begin(), args.end());
    auto options = fieldservice::testing::ServiceOptions(
        {path, service, absl::StrCat(service, "_feed_e2e"), std::move(all)}, dbs_);
    options.args[0] = "--listen=" + listen;
    auto started = ServerProcess::Start(options);
    EXPECT_TRUE(started.ok()) << started.status();
    return started.ok() ? *std::move(started) : nullptr;
  }

  // Each calls the other: orders' port is learned first (a start and a
  // stop), then scheduling starts knowing it, then orders on it.
  void StartBoth() {
    auto probe = Start(ORDERS_SERVER_PATH, "orders", "127.0.0.1:0", {});
    ASSERT_NE(probe, nullptr);
    orders_at_ = absl::StrCat("127.0.0.1:", probe->port());
    ASSERT_EQ(*probe->Terminate(absl::Seconds(15)), 0);
    scheduling_ = Start(SCHEDULING_SERVER_PATH, "scheduling", "127.0.0.1:0",
                        {"--orders_address=" + orders_at_, "--app_stream_poll_interval=200ms",
                         absl::StrCat("--technician_index_refresh=", 10 * kRate, "s")});
    ASSERT_NE(scheduling_, nullptr);
    scheduling_at_ = absl::StrCat("127.0.0.1:", scheduling_->port());
    orders_ = Start(ORDERS_SERVER_PATH, "orders", orders_at_,
                    {"--warranty_address=", "--scheduling_address=" + scheduling_at_});
    ASSERT_NE(orders_, nullptr);
  }

  ReflectionClient As(const std::string& at, const std::string& user, const std::string& role) {
    return ReflectionClient(at, key_.CredentialsOf(user, role));
  }

  const TechsimKey key_{"techsim-feed"};
  absl::Time anchor_;
  std::vector<common::DbSettings> dbs_;
  std::unique_ptr<ServerProcess> orders_;
  std::unique_ptr<ServerProcess> scheduling_;
  std::string orders_at_;
  std::string scheduling_at_;
};

TEST_F(TechsimFeedE2ETest, FedJobsEndCompletedOrRescheduledAndTheFiguresMatchTheApi) {
  StartBoth();
  ASSERT_FALSE(HasFatalFailure());
  auto [code, output] = RunCommand(absl::StrCat(
      "timeout 120 ", TECHSIM_PATH, " --scheduling=", scheduling_at_, " --orders=", orders_at_,
      " --ca=", fieldservice::testing::TestCaFile(), " --key=", key_.key_file(),
      " --technician_prefix=feed- --technicians=", kTechnicians, " --create --seed=3",
      " --start=", Rfc3339(kStart), " --start_anchor=", Rfc3339(anchor_), " --time_scale=", kRate,
      " --duration=", absl::FormatDuration(kEnd - kStart), " --feed_orders=", kJobsEach,
      " --feed_days=1 --feed_first_day=2026-11-23",
      " --parts_rate=0.3 --not_home_rate=0.3 --drop_rate=0.2 --offline_rate=0.3 --parts_delay=1h"));
  ASSERT_EQ(code, 0) << output;
  std::map<std::string, int64_t> figures = Figures(output);
  ASSERT_FALSE(figures.empty()) << output;
  std::printf("%s", output.c_str());

  // Every order the feeder took, and where its job ended, as the APIs say.
  ReflectionClient agent = As(orders_at_, "agent-01", "agent");
  ReflectionClient dispatcher = As(scheduling_at_, "disp-01", "dispatcher");
  pb::Struct listed =
      MustCall(agent, absl::StrCat(kOrders, "ListRepairOrders"), R"({"page_size": 100})");
  const pb::ListValue& orders = fieldservice::testing::Field(listed, "repair_orders").list_value();
  ASSERT_EQ(orders.values_size(), kTechnicians * kJobsEach) << output;
  int completed = 0, rescheduled = 0;
  for (const pb::Value& order : orders.values()) {
    const std::string name = Text(order.struct_value(), "name");
    const std::string job = "dispatchJobs/" + name.substr(std::string("repairOrders/").size());
    pb::Struct got = MustCall(dispatcher, absl::StrCat(kDispatch, "GetDispatchJob"),
                              absl::StrCat(R"({"name": ")", job, R"("})"));
    const std::string step = Text(got, "step");
    if (step == "COMPLETED") {
      ++completed;
      // Orders hears of it through scheduling's relay.
      CallUntil(agent, absl::StrCat(kOrders, "GetRepairOrder"),
                absl::StrCat(R"({"name": ")", name, R"("})"),
                [](const pb::Struct& o) { return Text(o, "status") == "COMPLETED"; });
    } else if (step == "BOOKED" && Text(got, "appointment.start_time") >= Rfc3339(kEnd)) {
      ++rescheduled;
    } else {
      ADD_FAILURE() << job << " ended " << fieldservice::testing::ToJson(got) << "\n" << output;
    }
  }
  EXPECT_EQ(figures["jobs"], kTechnicians * kJobsEach) << output;
  EXPECT_EQ(figures["ended_completed"], completed) << output;
  EXPECT_EQ(figures["ended_rescheduled"], rescheduled) << output;
  EXPECT_EQ(figures["completed"], completed) << output;
  EXPECT_EQ(figures["unfinished"], 0) << output;
  EXPECT_EQ(figures["errors"], 0) << output;
  EXPECT_EQ(figures["feed_errors"], 0) << output;
  // The seed makes jobs go back to the dispatcher and be rebooked.
  EXPECT_GT(figures["rebooked"], 0) << output;
  EXPECT_GT(figures["not_home"] + figures["waiting_for_parts"], 0) << output;
}

}  // namespace
}  // namespace fieldservice::techsim
