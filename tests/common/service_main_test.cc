// The standard settings of every service: the server edge's and the
// calendar's settings are read into the runtime and checked.
#include "services/common/service_main.h"

#include <gtest/gtest.h>

#include "tests/support/test_server_options.h"

namespace fieldservice::common {
namespace {

// The overrides, over the test PKI's TLS files, the test token key and the
// shipped access policy (security_settings.h reads them at start-up).
absl::StatusOr<StandardRuntime> Read(std::map<std::string, std::string> overrides) {
  overrides.merge(testing::TestSecuritySettings("orders"));
  return ReadStandardRuntime(Config::ForTest(StandardSettings("127.0.0.1:0", "test"), overrides));
}

TEST(StandardRuntimeTest, DefaultsBoundTheServerEdge) {
  auto runtime = Read({});
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  EXPECT_EQ(runtime->server.max_receive_bytes, 4 << 20);
  EXPECT_EQ(runtime->server.memory_quota_bytes, int64_t{128} << 20);
  EXPECT_EQ(runtime->server.connection_idle, absl::Minutes(5));
  EXPECT_EQ(runtime->calendar.path, "data/calendar/cn_holidays.txt");
  EXPECT_EQ(runtime->calendar.poll_interval, absl::Minutes(1));
  EXPECT_EQ(runtime->calendar.warn_days, 60);
}

TEST(StandardRuntimeTest, ReadsEdgeAndCalendarSettings) {
  auto runtime = Read({{"listen", "127.0.0.1:7"},
                       {"max_receive_bytes", "1000"},
                       {"memory_quota_bytes", "5000"},
                       {"connection_idle", "2s"},
                       {"data_dir", "/d"},
                       {"calendar_poll_interval", "5s"},
                       {"calendar_warn_days", "30"}});
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  EXPECT_EQ(runtime->server.listen_address, "127.0.0.1:7");
  EXPECT_EQ(runtime->server.max_receive_bytes, 1000);
  EXPECT_EQ(runtime->server.memory_quota_bytes, 5000);
  EXPECT_EQ(runtime->server.connection_idle, absl::Seconds(2));
  EXPECT_EQ(runtime->calendar.path, "/d/calendar/cn_holidays.txt");
  EXPECT_EQ(runtime->calendar.poll_interval, absl::Seconds(5));
  EXPECT_EQ(runtime->calendar.warn_days, 30);
}

TEST(StandardRuntimeTest, RefusesSettingsThatCannotWork) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"max_receive_bytes", "0"},
           {"max_receive_bytes", "3000000000"},
           {"memory_quota_bytes", "1000"},  // smaller than one message
           {"connection_idle", "0s"},
           {"calendar_poll_interval", "-1s"},
           {"calendar_warn_days", "400"},
       }) {
    auto runtime = Read({{name, value}});
    EXPECT_EQ(runtime.status().code(), absl::StatusCode::kInvalidArgument) << name << "=" << value;
    EXPECT_NE(runtime.status().message().find(name), std::string::npos) << runtime.status();
  }
}

}  // namespace
}  // namespace fieldservice::common
