// callback_server as deployed (a child process, TLS, tokens, its own
// database), with the sales figures of the quality signals loaded from the
// file the quality_sales_file setting names: the shipped demo file is
// served back, and a bad file stops start-up naming the file and the line.
// A reflection-only client, like tests/access: no generated code linked.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/reflection_client.h"
#include "tests/support/server_process.h"
#include "tests/support/service_under_test.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"

namespace fieldservice::callback {
namespace {

using ::fieldservice::testing::ReflectionClient;
using ::fieldservice::testing::ServerProcess;
using ::testing::HasSubstr;

class QualityE2ETest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (auto& db : dbs_) fieldservice::testing::DropTestDatabase(db);
  }

  fieldservice::testing::ServiceLaunch Launch(const std::string& sales_file) {
    return {CALLBACK_SERVER_PATH,
            "callback",
            "quality_e2e",
            {absl::StrCat("--quality_sales_file=", sales_file)}};
  }

  std::vector<common::DbSettings> dbs_;
};

TEST_F(QualityE2ETest, TheSalesFileIsLoadedAtStartUp) {
  auto server = fieldservice::testing::StartService(
      Launch(std::string(FS_SOURCE_DIR) + "/data/callback/sales_figures.csv"), dbs_);
  ASSERT_NE(server, nullptr);
  EXPECT_THAT(server->Log(), HasSubstr("sales_figures_imported"));
  ReflectionClient quality(absl::StrCat("127.0.0.1:", server->port()),
                           fieldservice::testing::CredentialsOf("qa-li", {"quality"}));
  auto listed = quality.CallJson("fieldservice.callback.v1.Quality/ListSalesFigures",
                                 R"({"productModel": "KFR-35GW"})");
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_THAT(*listed, HasSubstr("\"batch\":\"B2026-03\""));
  EXPECT_THAT(*listed, HasSubstr("\"units_sold\":\"150\""));
  auto code = server->Terminate(absl::Seconds(15));
  EXPECT_TRUE(code.ok() && *code == 0) << server->Log();
}

TEST_F(QualityE2ETest, ABadSalesFileStopsStartUp) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/bad_sales_", getpid(), ".csv");
  {
    std::ofstream out(path);
    out << "model,batch,serial_prefix,units_sold\nBCD-216,B1,P1,many\n";
  }
  auto started = ServerProcess::Start(fieldservice::testing::ServiceOptions(Launch(path), dbs_));
  std::remove(path.c_str());
  ASSERT_FALSE(started.ok());
  EXPECT_THAT(started.status().message(), HasSubstr("bad_sales_"));
  EXPECT_THAT(started.status().message(), HasSubstr("line 2"));
}

}  // namespace
}  // namespace fieldservice::callback
