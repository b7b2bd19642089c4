// The calendar's operations: coverage of the years that matter, the daily
// warning, reloading a changed file without restart, and the Operations
// service that reports them, served by a real server on port 0.
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "fieldservice/ops/v1/ops.grpc.pb.h"
#include "services/common/calendar_keeper.h"
#include "services/common/clock.h"
#include "services/common/files.h"
#include "services/common/operations_handler.h"
#include "services/common/server.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"

namespace fieldservice::common {
namespace {

namespace ov1 = ::fieldservice::ops::v1;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);
const std::string kShipped = std::string(FS_SOURCE_DIR) + "/data/calendar/cn_holidays.txt";

absl::Time China(int y, int m, int d) { return absl::FromCivil(absl::CivilDay(y, m, d), kChina); }

WorkingCalendar Shipped() {
  auto calendar = WorkingCalendar::LoadFile(kShipped, kChina);
  EXPECT_TRUE(calendar.ok()) << calendar.status();
  return *calendar;
}

TEST(CalendarCoverageTest, NextYearMattersWithinTheWarningPeriod) {
  WorkingCalendar calendar = Shipped();
  EXPECT_TRUE(CoverageAt(calendar, China(2026, 10, 1), 60).missing.empty());  // 92 days ahead
  EXPECT_TRUE(CoverageAt(calendar, China(2026, 12, 1), 30).missing.empty());  // 31 days ahead
  CalendarCoverage december = CoverageAt(calendar, China(2026, 12, 1), 60);
  EXPECT_EQ(december.missing, std::vector<int>{2027});
  EXPECT_NE(december.warning.find("2027"), std::string::npos);
  EXPECT_EQ(december.years.size(), 2u);
  // Once in the year, it is missing whatever the warning period.
  EXPECT_EQ(CoverageAt(calendar, China(2027, 3, 1), 0).missing, std::vector<int>{2027});
}

class OperationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = absl::StrCat(::testing::TempDir(), "/cn_holidays_", getpid(), "_",
                         ::testing::UnitTest::GetInstance()->current_test_info()->name(), ".txt");
    shipped_text_ = *ReadTextFile(kShipped);
    Write(shipped_text_);
    calendar_ = std::make_unique<WorkingCalendar>(*WorkingCalendar::LoadFile(path_, kChina));
    keeper_ = std::make_unique<CalendarKeeper>(
        *calendar_, clock_,
        CalendarWatchOptions{.path = path_, .poll_interval = absl::Milliseconds(20)});
    handler_ = std::make_unique<OperationsHandler>("test", *keeper_, checks_);
    auto host = ServerHost::Start(testing::TestServerOptions("orders"), {handler_->Served()});
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
    stub_ = ov1::Operations::NewStub(testing::TestChannel(host_->port()));
  }
  void TearDown() override {
    keeper_->Stop();
    host_->Shutdown(absl::Seconds(1));
    std::remove(path_.c_str());
  }

  void Write(const std::string& text) {
    // A new file renamed over the old one, as a ConfigMap update does.
    const std::string tmp = path_ + ".new";
    std::ofstream(tmp) << text;
    ASSERT_EQ(std::rename(tmp.c_str(), path_.c_str()), 0);
  }

  ov1::ServiceStatus Status() {
    grpc::ClientContext context;
    testing::Authorize(context, "ops-1", {"operator"});
    ov1::ServiceStatus status;
    grpc::Status s = stub_->GetServiceStatus(&context, {}, &status);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return status;
  }

  grpc::Status Reload(const std::string& role, ov1::CalendarStatus* out) {
    grpc::ClientContext context;
    if (!role.empty()) testing::Authorize(context, "admin-1", {role});
    return stub_->ReloadCalendar(&context, {}, out);
  }

  FakeClock clock_{China(2026, 12, 1) + absl::Hours(10)};
  std::string path_;
  std::string shipped_text_;
  std::unique_ptr<WorkingCalendar> calendar_;
  std::unique_ptr<CalendarKeeper> keeper_;
  StatusChecks checks_;
  std::unique_ptr<OperationsHandler> handler_;
  std::unique_ptr<ServerHost> host_;
  std::unique_ptr<ov1::Operations::Stub> stub_;
};

TEST_F(OperationsTest, DecemberReportsNextYearMissingInStatus) {
  ov1::ServiceStatus status = Status();
  EXPECT_EQ(status.service(), "test");
  EXPECT_FALSE(status.version().empty());
  ASSERT_EQ(status.calendar().missing_years_size(), 1);
  EXPECT_EQ(status.calendar().missing_years(0), 2027);
  EXPECT_NE(status.calendar().warning().find("2027"), std::string::npos);
  EXPECT_EQ(status.calendar().file(), path_);
  ASSERT_EQ(status.calendar().years_size(), 2);
  EXPECT_EQ(status.calendar().years(1).year(), 2026);
  EXPECT_NE(status.calendar().years(1).source().find("2026年部分节假日安排"), std::string::npos);
  ASSERT_EQ(status.checks_size(), 1);
  EXPECT_EQ(status.checks(0).name(), "calendar");
  EXPECT_FALSE(status.checks(0).ok());
  EXPECT_EQ(status.checks(0).detail(), status.calendar().warning());
}

TEST_F(OperationsTest, MissingYearIsWarnedAtStartAndOncePerDay) {
  auto warnings = [this] {
    ::testing::internal::CaptureStderr();
    keeper_->Tick();
    std::string log = ::testing::internal::GetCapturedStderr();
    return log.find("calendar_year_missing missing=2027") != std::string::npos;
  };
  EXPECT_TRUE(warnings());   // start-up
  EXPECT_FALSE(warnings());  // same day
  clock_.Advance(absl::Hours(23));
  EXPECT_TRUE(warnings());  // next business day
  // Covered: silent.
  Write(shipped_text_ + "year 2027 complete source TEST\n");
  clock_.Advance(absl::Hours(24));
  EXPECT_FALSE(warnings());
  EXPECT_TRUE(calendar_->CoversYear(2027));
}

TEST_F(OperationsTest, ChangedFileIsPickedUpWithoutRestart) {
  const WorkingCalendar& in_use = *calendar_;  // as the services hold it
  keeper_->Start();
  EXPECT_FALSE(in_use.IsPublicHoliday(absl::CivilDay(2027, 1, 1)));
  Write(shipped_text_ + "year 2027 complete source TEST\n2027-01-01 holiday 元旦\n");
  ASSERT_TRUE(keeper_->AwaitReloads(1, absl::Seconds(30)));
  EXPECT_TRUE(in_use.IsPublicHoliday(absl::CivilDay(2027, 1, 1)));
  ov1::ServiceStatus status = Status();
  EXPECT_EQ(status.calendar().missing_years_size(), 0);
  EXPECT_TRUE(status.calendar().warning().empty());
  EXPECT_TRUE(status.checks(0).ok());
}

TEST_F(OperationsTest, ReloadCalendarIsForCalendarAdminsAndKeepsDataOnBadFile) {
  Write(shipped_text_ + "year 2027 complete source TEST\n");
  ov1::CalendarStatus reloaded;
  EXPECT_EQ(Reload("", &reloaded).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Reload("catalogue_admin", &reloaded).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_FALSE(calendar_->CoversYear(2027));

  grpc::Status s = Reload("calendar_admin", &reloaded);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(reloaded.missing_years_size(), 0);
  EXPECT_TRUE(calendar_->CoversYear(2027));

  Write("year 2028 complete\n");  // no source: refused
  s = Reload("calendar_admin", &reloaded);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("line 1"), std::string::npos) << s.error_message();
  EXPECT_TRUE(calendar_->CoversYear(2027));  // still the last good data
}

}  // namespace
}  // namespace fieldservice::common
