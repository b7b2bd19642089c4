#include "tests/support/shell_library.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace fieldservice::testing {

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

absl::Status RunWithLibraries(const std::vector<std::string>& libraries, const std::string& log_dir,
                              const std::string& script) {
  std::string sources;
  for (const std::string& library : libraries) {
    absl::StrAppend(&sources, "source \"", FS_SOURCE_DIR, "/scripts/lib/", library, ".sh\" && ");
  }
  const std::string command =
      absl::StrFormat("bash -c '%s%s' >>'%s/shell.log' 2>&1", sources, script, log_dir);
  if (std::system(command.c_str()) == 0) return absl::OkStatus();
  std::ifstream log(log_dir + "/shell.log");
  std::stringstream text;
  text << log.rdbuf();
  return absl::InternalError(absl::StrCat("`", script, "` failed: ", text.str()));
}

bool ProcessRunning(pid_t pid) {
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  if (!stat) return false;
  std::string pid_field, name, state;
  stat >> pid_field >> name >> state;
  return state != "Z" && state != "X";
}

void KillByPidFile(const std::string& pid_file) {
  std::ifstream in(pid_file);
  pid_t pid = 0;
  if (!(in >> pid) || pid <= 0) return;
  kill(pid, SIGKILL);
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (ProcessRunning(pid) && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(20));
}

std::string RandomPassword() {
  std::random_device device;
  std::string out;
  for (int i = 0; i < 24; ++i) out += "abcdefghijkmnpqrstuvwxyz23456789"[device() % 32];
  return out;
}

}  // namespace fieldservice::testing
