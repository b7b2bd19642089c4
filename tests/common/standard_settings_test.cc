// The standard settings every service shares: database time limits and the
// shutdown sequence are configuration with checked values.
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/service_main.h"
#include "tests/support/test_server_options.h"

namespace fieldservice::common {
namespace {

using ::testing::HasSubstr;

// The overrides, over the test PKI's TLS files, the test token key and the
// shipped access policy (security_settings.h reads them at start-up).
absl::StatusOr<StandardRuntime> Read(std::map<std::string, std::string> overrides) {
  overrides.merge(testing::TestSecuritySettings("orders"));
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

// Metrics are served only when asked for; a scrape's database query is
// bounded.
TEST(StandardSettingsTest, MetricsAreOffByDefault) {
  auto runtime = Read({});
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  EXPECT_EQ(runtime->metrics_listen, "");
  EXPECT_EQ(runtime->metrics_db_timeout, absl::Seconds(1));
  EXPECT_EQ(ServeOptionsOf(*runtime, "orders", {}).metrics_listen, "");

  runtime = Read({{"metrics_listen", "127.0.0.1:0"}, {"metrics_db_timeout", "300ms"}});
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  EXPECT_EQ(ServeOptionsOf(*runtime, "orders", {}).metrics_listen, "127.0.0.1:0");
  EXPECT_EQ(runtime->metrics_db_timeout, absl::Milliseconds(300));

  runtime = Read({{"metrics_db_timeout", "0s"}});
  ASSERT_FALSE(runtime.ok());
  EXPECT_THAT(runtime.status().message(), HasSubstr("metrics_db_timeout"));
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

TEST(StandardSettingsTest, DatabasePasswordIsNeverAFlag) {
  const char* argv[] = {"orders_server", "--db_password=p"};
  auto config = Config::Load(StandardSettings("127.0.0.1:0", "orders"), 2, argv, nullptr);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("FS_DB_PASSWORD"));
  EXPECT_THAT(config.status().message(), HasSubstr("db_password_file"));
}

TEST(StandardSettingsTest, DatabasePasswordComesFromItsFile) {
  std::string path = ::testing::TempDir() + "/orders.password";
  std::ofstream(path) << "from-file\n";
  auto runtime = Read({{"db_password_file", path}});
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  EXPECT_EQ(runtime->db.password, "from-file");

  auto unreadable = Read({{"db_password_file", "/nonexistent/orders.password"}});
  ASSERT_FALSE(unreadable.ok());
  EXPECT_THAT(unreadable.status().message(), HasSubstr("db_password_file"));
}

TEST(StandardSettingsTest, DatabaseTlsIsOffByDefault) {
  auto runtime = Read({});
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  EXPECT_EQ(runtime->db.tls_ca, "");
  EXPECT_EQ(runtime->db.tls_cert, "");
  EXPECT_EQ(runtime->db.tls_key, "");
}

TEST(StandardSettingsTest, DatabaseTlsFilesAreRead) {
  std::string dir = ::testing::TempDir();
  for (const char* name : {"ca.pem", "orders.pem", "orders.key"}) std::ofstream(dir + "/" + name);
  auto runtime = Read({{"db_tls_ca", dir + "/ca.pem"},
                       {"db_tls_cert", dir + "/orders.pem"},
                       {"db_tls_key", dir + "/orders.key"}});
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  EXPECT_EQ(runtime->db.tls_ca, dir + "/ca.pem");
  EXPECT_EQ(runtime->db.tls_cert, dir + "/orders.pem");
  EXPECT_EQ(runtime->db.tls_key, dir + "/orders.key");
}

TEST(StandardSettingsTest, DatabaseTlsSettingsThatCannotWorkAreRefused) {
  std::string dir = ::testing::TempDir();
  for (const char* name : {"ca.pem", "orders.pem", "orders.key"}) std::ofstream(dir + "/" + name);
  struct Case {
    std::map<std::string, std::string> settings;
    std::string named;
  };
  for (const Case& c : std::vector<Case>{
           {{{"db_tls_ca", "/nonexistent/ca.pem"}}, "db_tls_ca"},
           {{{"db_tls_ca", dir + "/ca.pem"}, {"db_tls_cert", dir + "/orders.pem"}}, "db_tls_key"},
           {{{"db_tls_cert", dir + "/orders.pem"}, {"db_tls_key", dir + "/orders.key"}},
            "db_tls_ca"},
       }) {
    auto runtime = Read(c.settings);
    ASSERT_FALSE(runtime.ok()) << c.named;
    EXPECT_EQ(runtime.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(runtime.status().message(), HasSubstr(c.named));
  }
}

// Issue 7: every port serves TLS unless the development setting says
// otherwise; tokens are checked against a configured key set; the policy
// table must load. Each missing piece stops start-up, naming its setting.
TEST(StandardSettingsTest, SecurityIsOnByDefaultAndEveryPieceIsRequired) {
  auto runtime = Read({});
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  EXPECT_FALSE(runtime->server.transport.plaintext);
  EXPECT_NE(runtime->server.gatekeeper, nullptr);

  auto no_keys = Read({{"jwks", ""}});
  ASSERT_FALSE(no_keys.ok());
  EXPECT_THAT(no_keys.status().message(), HasSubstr("jwks"));

  auto no_cert = Read({{"tls_cert", ""}});
  ASSERT_FALSE(no_cert.ok());
  EXPECT_THAT(no_cert.status().message(), HasSubstr("tls_cert"));

  auto missing_ca = Read({{"tls_ca", "/nonexistent/ca.pem"}});
  ASSERT_FALSE(missing_ca.ok());
  EXPECT_THAT(missing_ca.status().message(), HasSubstr("tls_ca"));

  auto no_policy = Read({{"access_policy", "/nonexistent/policy.txt"}});
  ASSERT_FALSE(no_policy.ok());
  EXPECT_THAT(no_policy.status().message(), HasSubstr("access_policy"));

  auto plaintext = Read({{"plaintext", "true"}, {"tls_ca", ""}, {"tls_cert", ""}, {"tls_key", ""}});
  ASSERT_TRUE(plaintext.ok()) << plaintext.status();
  EXPECT_TRUE(plaintext->server.transport.plaintext);
}

}  // namespace
}  // namespace fieldservice::common
