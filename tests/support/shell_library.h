// What the tests that run their own database servers share: a port from the
// system, the project's shell libraries (scripts/lib/*.sh, the same lines
// the run, cluster and test commands use), and stopping a process they did
// not start themselves by its pid file.
#ifndef FIELDSERVICE_TESTS_SUPPORT_SHELL_LIBRARY_H_
#define FIELDSERVICE_TESTS_SUPPORT_SHELL_LIBRARY_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace fieldservice::testing {

// A port nobody listens on, as the system hands them out.
absl::StatusOr<int> PortFromSystem();

// Runs `script` in bash with scripts/lib/<name>.sh sourced for each of
// `libraries`; its output is appended to `log_dir`/shell.log, whose text a
// failure carries.
absl::Status RunWithLibraries(const std::vector<std::string>& libraries, const std::string& log_dir,
                              const std::string& script);

// Whether `pid` still runs. A server started by a shell that exited is not
// our child: once dead it may linger as a zombie until init reaps it, having
// released its files and its port.
bool ProcessRunning(pid_t pid);

// SIGKILL to the pid in `pid_file`, as a crash would; returns once it is
// gone (or after 30 s). Nothing when the file holds no pid.
void KillByPidFile(const std::string& pid_file);

// 24 random letters and digits, for a test user's password.
std::string RandomPassword();

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_SHELL_LIBRARY_H_
