#include "tests/support/private_mariadb.h"

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/support/shell_library.h"

namespace fieldservice::testing {
namespace {

absl::Status RunWithLibrary(const std::string& dir, const std::string& script) {
  return RunWithLibraries({"mariadb"}, dir, script);
}

}  // namespace

absl::StatusOr<std::unique_ptr<PrivateMariaDb>> PrivateMariaDb::Start() {
  char pattern[] = "/tmp/fs_private_db.XXXXXX";
  if (mkdtemp(pattern) == nullptr) return absl::InternalError("mkdtemp failed");
  absl::StatusOr<int> port = PortFromSystem();
  if (!port.ok()) return port.status();
  std::unique_ptr<PrivateMariaDb> db(new PrivateMariaDb(pattern, *port, RandomPassword()));
  absl::Status started = db->Restart();
  if (!started.ok()) return started;
  absl::Status user = RunWithLibrary(
      db->dir_, absl::StrFormat("fs_mariadb_sql %s \"CREATE USER fs_test@127.0.0.1 IDENTIFIED BY "
                                "\\\"%s\\\"; GRANT ALL PRIVILEGES ON *.* TO fs_test@127.0.0.1\"",
                                db->dir_, db->password_));
  if (!user.ok()) return user;
  return db;
}

PrivateMariaDb::~PrivateMariaDb() {
  (void)RunWithLibrary(dir_, absl::StrCat("fs_mariadb_stop ", dir_));
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void PrivateMariaDb::Kill() { KillByPidFile(dir_ + "/mysqld.pid"); }

absl::Status PrivateMariaDb::Restart() {
  return RunWithLibrary(dir_, absl::StrCat("fs_mariadb_start ", dir_, " ", port_));
}

void PrivateMariaDb::UseForTestDatabases() const {
  setenv("FS_TEST_DB_HOST", "127.0.0.1", 1);
  setenv("FS_TEST_DB_PORT", absl::StrCat(port_).c_str(), 1);
  setenv("FS_TEST_DB_USER", "fs_test", 1);
  setenv("FS_TEST_DB_PASSWORD", password_.c_str(), 1);
}

}  // namespace fieldservice::testing
