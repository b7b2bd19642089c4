// Running techsim as a process from a test, and reading the figures of its
// last line ("techsim: technicians=N ... name=value ...").
#ifndef FIELDSERVICE_TESTS_TECHSIM_TECHSIM_OUTPUT_H_
#define FIELDSERVICE_TESTS_TECHSIM_TECHSIM_OUTPUT_H_

#include <sys/wait.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace fieldservice::techsim {

// Runs `command`; its exit code and everything it printed.
inline std::pair<int, std::string> RunCommand(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string output;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// The figures of techsim's last line.
inline std::map<std::string, int64_t> Figures(const std::string& output) {
  std::map<std::string, int64_t> figures;
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    if (!absl::StartsWith(line, "techsim: technicians=")) continue;
    for (absl::string_view pair : absl::StrSplit(line, ' ')) {
      std::pair<std::string, std::string> kv = absl::StrSplit(pair, absl::MaxSplits('=', 1));
      int64_t value;
      if (absl::SimpleAtoi(kv.second, &value)) figures[kv.first] = value;
    }
  }
  return figures;
}

}  // namespace fieldservice::techsim

#endif  // FIELDSERVICE_TESTS_TECHSIM_TECHSIM_OUTPUT_H_
