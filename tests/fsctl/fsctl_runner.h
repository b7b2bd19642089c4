// Runs the fsctl binary for a test as a script would: only the environment
// given (a var/ of its own, no running system in it), the test CA, and
// tokens for the users the test names, signed by the test key.
#ifndef FIELDSERVICE_TESTS_FSCTL_FSCTL_RUNNER_H_
#define FIELDSERVICE_TESTS_FSCTL_FSCTL_RUNNER_H_

#include <map>
#include <string>
#include <vector>

#include "tests/fsctl/tool_run.h"

namespace fieldservice::testing {

class FsctlRunner {
 public:
  // Makes `dir` with var/run and var/pki in it; removed again by the destructor.
  explicit FsctlRunner(std::string dir);
  ~FsctlRunner();
  FsctlRunner(const FsctlRunner&) = delete;
  FsctlRunner& operator=(const FsctlRunner&) = delete;

  // A file holding a token for `user` with `roles`.
  std::string TokenFile(const std::string& user, const std::vector<std::string>& roles) const;
  // The environment fsctl runs in: PATH, TZ=UTC, FS_VAR_DIR=<dir>/var.
  std::map<std::string, std::string> Environment() const;
  // fsctl --ca <test CA> `args`, `input` on its stdin.
  ToolResult Run(const std::vector<std::string>& args, const std::string& input = "") const;

  const std::string& dir() const { return dir_; }

 private:
  const std::string dir_;
};

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_FSCTL_FSCTL_RUNNER_H_
