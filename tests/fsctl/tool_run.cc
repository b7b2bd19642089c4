#include "tests/fsctl/tool_run.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace fieldservice::testing {

namespace {

// A file for one of the child's outputs: written by the child while the
// test waits, read afterwards, so neither side can block on a full pipe.
struct OutputFile {
  OutputFile() {
    const char* tmp = std::getenv("TMPDIR");
    path = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/fsctl-test-XXXXXX";
    fd = ::mkstemp(path.data());
  }
  ~OutputFile() {
    if (fd >= 0) ::close(fd);
    ::unlink(path.c_str());
  }
  std::string Read() const {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  std::string path;
  int fd = -1;
};

}  // namespace

ToolResult RunTool(const std::string& path, const std::vector<std::string>& args,
                   const std::string& input, const std::map<std::string, std::string>& env) {
  ToolResult result;
  OutputFile out, err;
  int stdin_pipe[2];
  if (out.fd < 0 || err.fd < 0 || ::pipe2(stdin_pipe, O_CLOEXEC) != 0) return result;
  // A child that exits before reading all of its input must not kill the test.
  std::signal(SIGPIPE, SIG_IGN);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, stdin_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd, 2);
  std::vector<std::string> argv_text = {path};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_text;
  for (const auto& [name, value] : env) env_text.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (std::string& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(stdin_pipe[0]);
  if (spawned != 0) {
    ::close(stdin_pipe[1]);
    result.err = "cannot start " + path;
    return result;
  }
  std::thread writer([fd = stdin_pipe[1], &input] {
    size_t written = 0;
    while (written < input.size()) {
      ssize_t n = ::write(fd, input.data() + written, input.size() - written);
      if (n <= 0) break;
      written += static_cast<size_t>(n);
    }
    ::close(fd);
  });
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  writer.join();
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = out.Read();
  result.err = err.Read();
  return result;
}

}  // namespace fieldservice::testing
