#include "tests/support/server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

extern char** environ;

namespace fieldservice::testing {
namespace {

// The child's environment: ours (PATH, locale, ...) without FS_* variables,
// which would otherwise configure it behind the test's back, plus `extra`.
std::vector<std::string> ChildEnvironment(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (!absl::StartsWith(*e, "FS_")) env.emplace_back(*e);
  }
  for (const auto& [key, value] : extra) env.push_back(absl::StrCat(key, "=", value));
  return env;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// The N of "port=N" in a log line, or 0.
int PortIn(const std::string& line) {
  size_t at = line.find(" port=");
  if (at == std::string::npos) return 0;
  size_t begin = at + 6;
  size_t end = line.find_first_not_of("0123456789", begin);
  int port = 0;
  if (!absl::SimpleAtoi(line.substr(begin, end - begin), &port)) return 0;
  return port;
}

int ExitCode(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

void KillAndReap(pid_t pid) {
  kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

// Spawns `options.path` with stdin from /dev/null and stderr into a new pipe;
// returns the pipe's read end through `stderr_fd`.
absl::StatusOr<pid_t> Spawn(const ServerProcessOptions& options, int* stderr_fd) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe2: ", std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  // dup2 clears close-on-exec on fd 2 only; both pipe ends stay closed in
  // the child, so end of file on our side means the child is gone.
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);

  // gRPC threads in the test may block signals; the child must start with
  // the defaults so SIGTERM reaches the server's own signal handling.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> argv_strings = {options.path};
  argv_strings.insert(argv_strings.end(), options.args.begin(), options.args.end());
  std::vector<std::string> env_strings = ChildEnvironment(options.env);
  std::vector<char*> argv = Pointers(argv_strings);
  std::vector<char*> envp = Pointers(env_strings);

  pid_t pid = 0;
  int rc = posix_spawn(&pid, options.path.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return absl::InternalError(
        absl::StrCat("cannot start ", options.path, ": ", std::strerror(rc)));
  }
  *stderr_fd = fds[0];
  return pid;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(
    const ServerProcessOptions& options) {
  int fd = -1;
  absl::StatusOr<pid_t> pid = Spawn(options, &fd);
  if (!pid.ok()) return pid.status();

  // Read whole lines until the ready line, never past the deadline.
  const absl::Time deadline = absl::Now() + options.start_timeout;
  std::string log, partial;
  int port = 0;
  auto fail = [&](const std::string& why) {
    KillAndReap(*pid);
    close(fd);
    return absl::UnavailableError(
        absl::StrCat(options.path, " ", why, "; its log:\n", log, partial));
  };
  while (port == 0) {
    size_t newline;
    while (port == 0 && (newline = partial.find('\n')) != std::string::npos) {
      std::string line = partial.substr(0, newline);
      partial.erase(0, newline + 1);
      absl::StrAppend(&log, line, "\n");
      if (absl::StrContains(line, options.ready_event)) {
        port = PortIn(line);
        if (port == 0) return fail("logged its ready line without port=N");
      }
    }
    if (port != 0) break;
    int64_t wait_ms = absl::ToInt64Milliseconds(deadline - absl::Now());
    if (wait_ms <= 0) {
      return fail(absl::StrCat("did not log ", options.ready_event, " within ",
                               absl::FormatDuration(options.start_timeout)));
    }
    pollfd p = {fd, POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(wait_ms));
    if (ready <= 0) continue;  // timeout (checked above) or EINTR
    char buffer[4096];
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("exited before it was ready");
    partial.append(buffer, static_cast<size_t>(n));
  }
  return std::unique_ptr<ServerProcess>(new ServerProcess(*pid, fd, port, log + partial));
}

ServerProcess::ServerProcess(pid_t pid, int stderr_fd, int port, std::string log)
    : pid_(pid), stderr_fd_(stderr_fd), port_(port), log_(std::move(log)) {
  // Keep reading: a full pipe would block the server's logging.
  drain_ = std::thread([this] { Drain(); });
}

ServerProcess::~ServerProcess() {
  if (!reaped_) {
    kill(pid_, SIGKILL);
    Reap();
  }
  drain_.join();
  close(stderr_fd_);
}

void ServerProcess::Drain() {
  char buffer[4096];
  while (true) {
    ssize_t n = read(stderr_fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    absl::MutexLock lock(&mu_);
    log_.append(buffer, static_cast<size_t>(n));
  }
  stderr_closed_.Notify();
}

int ServerProcess::Reap() {
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
  return ExitCode(status);
}

absl::StatusOr<int> ServerProcess::Terminate(absl::Duration timeout) {
  if (reaped_) return absl::FailedPreconditionError("the server was already stopped");
  kill(pid_, SIGTERM);
  // The child's stderr closes when it exits; waiting for that is a bounded
  // wait without polling waitpid in a sleep loop.
  if (!stderr_closed_.WaitForNotificationWithTimeout(timeout)) {
    kill(pid_, SIGKILL);
    Reap();
    return absl::DeadlineExceededError(absl::StrCat(
        "the server did not exit within ", absl::FormatDuration(timeout), " of SIGTERM; killed"));
  }
  return Reap();
}

void ServerProcess::Kill() {
  if (reaped_) return;
  kill(pid_, SIGKILL);
  Reap();
}

bool ServerProcess::WaitForLog(const std::string& needle, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto seen = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return log_.find(needle) != std::string::npos;
  };
  return mu_.AwaitWithTimeout(absl::Condition(&seen), timeout);
}

std::string ServerProcess::Log() const {
  absl::MutexLock lock(&mu_);
  return log_;
}

}  // namespace fieldservice::testing
