#include "tests/support/service_under_test.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"

namespace fieldservice::testing {

ServerProcessOptions ServiceOptions(const ServiceLaunch& launch,
                                    std::vector<common::DbSettings>& databases) {
  common::DbSettings db = CreateTestDatabase(launch.db_prefix);
  databases.push_back(db);
  ServerProcessOptions options;
  options.path = launch.path;
  options.args = {"--listen=127.0.0.1:0", absl::StrCat("--data_dir=", FS_SOURCE_DIR, "/data")};
  for (const std::string& flag : ServerSecurityFlags(launch.service)) options.args.push_back(flag);
  options.args.insert(options.args.end(), launch.args.begin(), launch.args.end());
  options.env = {{"FS_DB_HOST", db.host},
                 {"FS_DB_PORT", absl::StrCat(db.port)},
                 {"FS_DB_USER", db.user},
                 {"FS_DB_PASSWORD", db.password},
                 {"FS_DB_NAME", db.database}};
  return options;
}

std::unique_ptr<ServerProcess> StartService(const ServiceLaunch& launch,
                                            std::vector<common::DbSettings>& databases) {
  auto started = ServerProcess::Start(ServiceOptions(launch, databases));
  EXPECT_TRUE(started.ok()) << started.status();
  return started.ok() ? *std::move(started) : nullptr;
}

}  // namespace fieldservice::testing
