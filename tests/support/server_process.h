// A service binary run as a child process by an end-to-end test: started with
// posix_spawn, known to be ready when it logs its listening port on stderr,
// stopped with SIGTERM. No fixed ports and no sleeps: the child binds port 0
// and says which port it got; every wait is bounded by a deadline.
#ifndef FIELDSERVICE_TESTS_SUPPORT_SERVER_PROCESS_H_
#define FIELDSERVICE_TESTS_SUPPORT_SERVER_PROCESS_H_

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace fieldservice::testing {

struct ServerProcessOptions {
  // The binary.
  std::string path;
  // Its flags, e.g. "--listen=127.0.0.1:0".
  std::vector<std::string> args;
  // Added to the environment. The test's own FS_* variables are not passed
  // on, so only what is set here configures the service.
  std::map<std::string, std::string> env;
  // The log event that says the server is ready; its line carries "port=N".
  std::string ready_event = "server_listening";
  // How long start-up (database wait and migrations included) may take.
  absl::Duration start_timeout = absl::Seconds(60);
};

class ServerProcess {
 public:
  // Starts the binary and returns once it logged `ready_event`. Fails, with
  // the child's log in the message, if it exits or stays silent too long.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(const ServerProcessOptions& options);

  // Kills the child if it is still running, so a failed test never leaves a
  // server behind.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // The port the server said it listens on.
  int port() const { return port_; }

  // Sends SIGTERM and waits up to `timeout` for the child to exit. Returns
  // its exit code (128 + n when killed by signal n); DEADLINE_EXCEEDED when
  // it did not exit in time, in which case it is killed.
  absl::StatusOr<int> Terminate(absl::Duration timeout);

  // Sends SIGKILL, as a crash or the OOM killer would: no drain, no clean
  // shutdown. Returns once the child is reaped.
  void Kill();

  // Everything the child wrote to stderr so far.
  std::string Log() const;

  // Blocks until the child's log contains `needle` (true) or `timeout`
  // passes (false). Woken by the log itself, not by polling.
  bool WaitForLog(const std::string& needle, absl::Duration timeout) const;

 private:
  ServerProcess(pid_t pid, int stderr_fd, int port, std::string log);
  // Reads stderr until the child closes it (it exits), keeping the log.
  void Drain();
  // Reaps the child; it must have exited or be about to.
  int Reap();

  pid_t pid_;
  int stderr_fd_;
  int port_;
  bool reaped_ = false;
  mutable absl::Mutex mu_;
  std::string log_ ABSL_GUARDED_BY(mu_);
  // Notified at end of file on stderr, i.e. when the child exited.
  absl::Notification stderr_closed_;
  std::thread drain_;
};

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_SERVER_PROCESS_H_
