#include "services/common/config.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fieldservice::common {
namespace {

using ::testing::HasSubstr;

const std::vector<Setting> kSettings = {
    {"listen", "127.0.0.1:0", "address to listen on"},
    {"entry_deadline", "3m", "order entry deadline"},
    {"retries", "4", "retry count"},
    {"verbose", "false", "log more"},
};

TEST(ConfigTest, DefaultsThenEnvironmentThenFlags) {
  const char* argv[] = {"svc", "--retries=7"};
  const char* envp[] = {"FS_RETRIES=5", "FS_LISTEN=0.0.0.0:9000", "PATH=/bin", nullptr};
  auto config = Config::Load(kSettings, 2, argv, envp);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->Get("listen"), "0.0.0.0:9000");
  EXPECT_EQ(*config->GetInt("retries"), 7);
  EXPECT_EQ(*config->GetDuration("entry_deadline"), absl::Minutes(3));
  EXPECT_FALSE(*config->GetBool("verbose"));
}

TEST(ConfigTest, UnknownFlagIsNamed) {
  const char* argv[] = {"svc", "--retry=7"};
  auto config = Config::Load(kSettings, 2, argv, nullptr);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("--retry"));
}

TEST(ConfigTest, FlagWithoutValueIsRefused) {
  const char* argv[] = {"svc", "--retries"};
  EXPECT_FALSE(Config::Load(kSettings, 2, argv, nullptr).ok());
}

TEST(ConfigTest, BadTypedValuesNameTheSetting) {
  Config config = Config::ForTest(kSettings, {{"retries", "many"}, {"entry_deadline", "soon"}});
  EXPECT_THAT(config.GetInt("retries").status().message(), HasSubstr("retries"));
  EXPECT_THAT(config.GetDuration("entry_deadline").status().message(), HasSubstr("entry_deadline"));
}

TEST(ConfigTest, UsageListsEverySettingWithItsEnvironmentName) {
  const char* argv[] = {"svc", "--help"};
  auto config = Config::Load(kSettings, 2, argv, nullptr);
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(config->help_requested());
  std::string usage = config->Usage("svc");
  for (const Setting& s : kSettings) {
    EXPECT_THAT(usage, HasSubstr("--" + s.name));
    EXPECT_THAT(usage, HasSubstr(Config::EnvName(s.name)));
  }
}

}  // namespace
}  // namespace fieldservice::common
