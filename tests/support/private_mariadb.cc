#include "tests/support/private_mariadb.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace fieldservice::testing {
namespace {

// A port nobody listens on, as the system hands them out.
absl::StatusOr<int> PortFromSystem() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  close(fd);
  if (!ok) return absl::InternalError("could not get a port from the system");
  return ntohs(address.sin_port);
}

// Runs `script` with the shell library loaded; its output goes to the
// folder's shell.log, shown when it fails.
absl::Status RunWithLibrary(const std::string& dir, const std::string& script) {
  const std::string command =
      absl::StrFormat("bash -c 'source \"%s/scripts/lib/mariadb.sh\" && %s' >>'%s/shell.log' 2>&1",
                      FS_SOURCE_DIR, script, dir);
  if (std::system(command.c_str()) == 0) return absl::OkStatus();
  std::ifstream log(dir + "/shell.log");
  std::stringstream text;
  text << log.rdbuf();
  return absl::InternalError(absl::StrCat("`", script, "` failed: ", text.str()));
}

std::string RandomPassword() {
  std::random_device device;
  std::string out;
  for (int i = 0; i < 24; ++i) out += "abcdefghijkmnpqrstuvwxyz23456789"[device() % 32];
  return out;
}

// Whether `pid` still runs. The server is not our child (the shell that
// started it exited), so once dead it may linger as a zombie until init
// reaps it; a zombie has released its files and its port.
bool Running(pid_t pid) {
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  if (!stat) return false;
  std::string pid_field, name, state;
  stat >> pid_field >> name >> state;
  return state != "Z" && state != "X";
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

void PrivateMariaDb::Kill() {
  std::ifstream pid_file(dir_ + "/mysqld.pid");
  pid_t pid = 0;
  if (!(pid_file >> pid) || pid <= 0) return;
  kill(pid, SIGKILL);
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (Running(pid) && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(20));
}

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
