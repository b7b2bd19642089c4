#include "services/common/config.h"

#include <fstream>

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

const std::vector<Setting> kSecretSettings = {
    {"db_password", "", "password", /*secret=*/true},
    {"db_password_file", "", "file holding the password"},
    {"api_token", "", "a secret without a file setting", /*secret=*/true},
};

std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(ConfigSecretTest, SecretFlagIsRefusedPointingAtEnvironmentAndFile) {
  const char* argv[] = {"svc", "--db_password=hunter2"};
  auto config = Config::Load(kSecretSettings, 2, argv, nullptr);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(config.status().message(), HasSubstr("--db_password"));
  EXPECT_THAT(config.status().message(), HasSubstr("FS_DB_PASSWORD"));
  EXPECT_THAT(config.status().message(), HasSubstr("db_password_file"));
  // The refusal is logged: it must not repeat the secret.
  EXPECT_THAT(config.status().message(), ::testing::Not(HasSubstr("hunter2")));
}

TEST(ConfigSecretTest, SecretWithoutFileSettingNamesOnlyTheEnvironment) {
  const char* argv[] = {"svc", "--api_token=t"};
  auto config = Config::Load(kSecretSettings, 2, argv, nullptr);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("FS_API_TOKEN"));
  EXPECT_THAT(config.status().message(), ::testing::Not(HasSubstr("api_token_file")));
}

TEST(ConfigSecretTest, SecretFromEnvironmentOrItsFileIsAccepted) {
  const char* argv[] = {"svc"};
  const char* envp[] = {"FS_DB_PASSWORD=from-env", nullptr};
  auto from_env = Config::Load(kSecretSettings, 1, argv, envp);
  ASSERT_TRUE(from_env.ok()) << from_env.status();
  EXPECT_EQ(*from_env->GetSecret("db_password"), "from-env");

  std::string path = WriteFile("password", "s3cret pass\r\n");
  const char* file_argv[] = {"svc", nullptr};
  std::string flag = "--db_password_file=" + path;
  file_argv[1] = flag.c_str();
  auto from_file = Config::Load(kSecretSettings, 2, file_argv, nullptr);
  ASSERT_TRUE(from_file.ok()) << from_file.status();
  // The line break at the end is not part of it; inner spaces are.
  EXPECT_EQ(*from_file->GetSecret("db_password"), "s3cret pass");
}

TEST(ConfigSecretTest, UnreadableSecretFileIsAnErrorNamingTheSetting) {
  Config config =
      Config::ForTest(kSecretSettings, {{"db_password_file", "/nonexistent/fs/password"}});
  auto secret = config.GetSecret("db_password");
  ASSERT_FALSE(secret.ok());
  EXPECT_THAT(secret.status().message(), HasSubstr("db_password_file"));
  EXPECT_THAT(secret.status().message(), HasSubstr("/nonexistent/fs/password"));
}

TEST(ConfigSecretTest, SecretAndItsFileTogetherAreRefused) {
  Config config = Config::ForTest(
      kSecretSettings, {{"db_password", "x"}, {"db_password_file", WriteFile("password2", "y\n")}});
  auto secret = config.GetSecret("db_password");
  ASSERT_FALSE(secret.ok());
  EXPECT_THAT(secret.status().message(), HasSubstr("db_password and db_password_file"));
}

TEST(ConfigSecretTest, UsageMarksSecrets) {
  Config config = Config::ForTest(kSecretSettings, {});
  EXPECT_THAT(config.Usage("svc"), HasSubstr("FS_DB_PASSWORD, secret"));
}

}  // namespace
}  // namespace fieldservice::common
