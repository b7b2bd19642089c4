// The standard settings every service shares: database time limits and the
// shutdown sequence are configuration with checked values.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/service_main.h"

namespace fieldservice::common {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<StandardRuntime> Read(const std::map<std::string, std::string>& overrides) {
  return ReadStandardRuntime(Config::ForTest(StandardSettings("127.0.0.1:0", "orders"), overrides));
}

TEST(StandardSettingsTest, DatabaseTimeLimitsAreConfigured) {
  auto runtime = Read({{"db_read_timeout", "7s"},
                       {"db_write_timeout", "8s"},
                       {"db_statement_timeout", "9s"},
                       {"db_lock_wait_timeout", "3s"},
                       {"db_outage_log_interval", "1m"}});
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  EXPECT_EQ(runtime->db.read_timeout, absl::Seconds(7));
  EXPECT_EQ(runtime->db.write_timeout, absl::Seconds(8));
  EXPECT_EQ(runtime->db.statement_timeout, absl::Seconds(9));
  EXPECT_EQ(runtime->db.lock_wait_timeout, absl::Seconds(3));
  EXPECT_EQ(runtime->db.outage_log_interval, absl::Minutes(1));
}

TEST(StandardSettingsTest, DefaultsAreDocumentedValues) {
  auto runtime = Read({});
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  EXPECT_EQ(runtime->db.read_timeout, absl::Seconds(30));
  EXPECT_EQ(runtime->db.lock_wait_timeout, absl::Seconds(10));
  EXPECT_EQ(runtime->shutdown_grace, absl::Seconds(10));
  EXPECT_EQ(runtime->shutdown_db_abort_margin, absl::Seconds(2));
}

TEST(StandardSettingsTest, AbortMarginMustFitInTheGrace) {
  auto runtime = Read({{"shutdown_grace", "2s"}, {"shutdown_db_abort_margin", "2s"}});
  ASSERT_FALSE(runtime.ok());
  EXPECT_THAT(runtime.status().message(), HasSubstr("shutdown_db_abort_margin"));
}

TEST(StandardSettingsTest, LockWaitBelowASecondIsRefused) {
  auto runtime = Read({{"db_lock_wait_timeout", "500ms"}});
  ASSERT_FALSE(runtime.ok());
  EXPECT_THAT(runtime.status().message(), HasSubstr("db_lock_wait_timeout"));
}

}  // namespace
}  // namespace fieldservice::common
