// A command-line tool run as a child process by a test, the way a script
// runs it: its stdin a pipe the test writes (then closes), its stdout and
// stderr kept apart, its exit code, and only the environment given.
#ifndef FIELDSERVICE_TESTS_FSCTL_TOOL_RUN_H_
#define FIELDSERVICE_TESTS_FSCTL_TOOL_RUN_H_

#include <map>
#include <string>
#include <vector>

namespace fieldservice::testing {

struct ToolResult {
  int exit_code = -1;  // 128 + n when killed by signal n
  std::string out;     // stdout
  std::string err;     // stderr
};

// Runs `path` with `args`, writes `input` to its stdin and closes it, waits
// for it to exit. The child's environment is `env` and nothing else.
ToolResult RunTool(const std::string& path, const std::vector<std::string>& args,
                   const std::string& input, const std::map<std::string, std::string>& env);

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_FSCTL_TOOL_RUN_H_
