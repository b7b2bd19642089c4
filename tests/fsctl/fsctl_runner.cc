#include "tests/fsctl/fsctl_runner.h"

#include <filesystem>
#include <fstream>

#include "tests/support/test_identity.h"

namespace fieldservice::testing {

FsctlRunner::FsctlRunner(std::string dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_ + "/var/run");
  std::filesystem::create_directories(dir_ + "/var/pki");
}

FsctlRunner::~FsctlRunner() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string FsctlRunner::TokenFile(const std::string& user,
                                   const std::vector<std::string>& roles) const {
  const std::string path = dir_ + "/" + user + ".jwt";
  std::ofstream(path) << TestToken(user, roles);
  return path;
}

std::map<std::string, std::string> FsctlRunner::Environment() const {
  return {{"PATH", "/usr/bin:/bin"}, {"TZ", "UTC"}, {"FS_VAR_DIR", dir_ + "/var"}};
}

ToolResult FsctlRunner::Run(const std::vector<std::string>& args, const std::string& input) const {
  std::vector<std::string> all = {"--ca", TestCaFile()};
  all.insert(all.end(), args.begin(), args.end());
  return RunTool(FSCTL_PATH, all, input, Environment());
}

}  // namespace fieldservice::testing
