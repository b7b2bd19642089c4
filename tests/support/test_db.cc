#include "tests/support/test_db.h"

#include <cppconn/statement.h>
#include <mysql_driver.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "absl/strings/str_cat.h"

namespace fieldservice::testing {
namespace {

std::string Env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : fallback;
}

common::DbSettings ServerSettings() {
  const char* host = std::getenv("FS_TEST_DB_HOST");
  if (host == nullptr) {
    std::fprintf(stderr,
                 "FS_TEST_DB_HOST is not set: database tests run under "
                 "scripts/test.sh, which starts a throwaway MariaDB\n");
    std::abort();
  }
  common::DbSettings s;
  s.host = host;
  s.port = std::atoi(Env("FS_TEST_DB_PORT", "3306").c_str());
  s.user = Env("FS_TEST_DB_USER", "root");
  s.password = Env("FS_TEST_DB_PASSWORD", "");
  return s;
}

void Execute(const common::DbSettings& s, const std::string& statement) {
  common::DbSettings server = s;
  server.database.clear();  // it may not exist yet, or be about to go
  std::unique_ptr<sql::Connection> c = ConnectTestDatabase(server);
  std::unique_ptr<sql::Statement> st(c->createStatement());
  st->execute(statement);
}

}  // namespace

std::unique_ptr<sql::Connection> ConnectTestDatabase(const common::DbSettings& s) {
  sql::ConnectOptionsMap options;
  options["hostName"] = s.host;
  options["port"] = s.port;
  options["userName"] = s.user;
  options["password"] = s.password;
  if (!s.database.empty()) options["schema"] = s.database;
  return std::unique_ptr<sql::Connection>(
      sql::mysql::get_mysql_driver_instance()->connect(options));
}

common::DbSettings CreateTestDatabase(const std::string& prefix) {
  static std::atomic<int> counter{0};
  common::DbSettings s = ServerSettings();
  s.database = absl::StrCat("t_", prefix, "_", getpid(), "_", counter++);
  Execute(s, absl::StrCat("CREATE DATABASE `", s.database,
                          "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"));
  return s;
}

void DropTestDatabase(const common::DbSettings& settings) {
  Execute(settings, absl::StrCat("DROP DATABASE IF EXISTS `", settings.database, "`"));
}

}  // namespace fieldservice::testing
