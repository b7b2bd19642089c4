#include "tests/support/private_galera.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tests/support/shell_library.h"
#include "tests/support/test_db.h"

namespace fieldservice::testing {

absl::StatusOr<std::unique_ptr<PrivateGalera>> PrivateGalera::Start() {
  char pattern[] = "/tmp/fs_private_galera.XXXXXX";
  if (mkdtemp(pattern) == nullptr) return absl::InternalError("mkdtemp failed");
  // The nodes run as the user mysql, who must enter the folder.
  chmod(pattern, 0755);
  absl::StatusOr<int> port = PortFromSystem();
  if (!port.ok()) return port.status();
  std::unique_ptr<PrivateGalera> cluster(new PrivateGalera(pattern, *port, RandomPassword()));
  const std::string& dir = cluster->dir_;
  const char* pki = std::getenv("FS_TEST_PKI_DIR");
  absl::Status started =
      cluster->Run(absl::StrCat("fs_galera_init ", dir, "/galera ", pki != nullptr ? pki : "",
                                " && fs_galera_start ", dir, "/galera"));
  if (!started.ok()) return started;
  for (int n = 1; n <= kNodes; ++n) {
    auto node_port = cluster->NodePort(n);
    if (!node_port.ok()) return node_port.status();
    cluster->node_ports_[n] = *node_port;
  }
  // Users are replicated: made once on node 1, every node has them.
  absl::Status users = cluster->Run(absl::StrFormat(
      "{ fs_haproxy_check_user_sql; echo \"CREATE USER fs_test@127.0.0.1 IDENTIFIED BY "
      "\\\"%s\\\"; GRANT ALL PRIVILEGES ON *.* TO fs_test@127.0.0.1;\"; } | fs_galera_sql "
      "%s/galera 1",
      cluster->password_, dir));
  if (!users.ok()) return users;
  std::string nodes;
  for (int n = 1; n <= kNodes; ++n) absl::StrAppend(&nodes, " 127.0.0.1:", cluster->node_ports_[n]);
  absl::Status balancer = cluster->Run(
      absl::StrCat("fs_haproxy_start ", dir, "/haproxy ", cluster->balancer_port_, nodes));
  if (!balancer.ok()) return balancer;
  return cluster;
}

PrivateGalera::~PrivateGalera() {
  (void)Run(absl::StrCat("fs_haproxy_stop ", dir_, "/haproxy; fs_galera_stop ", dir_, "/galera"));
  if (keep_) return;
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

absl::Status PrivateGalera::Run(const std::string& script) const {
  return RunWithLibraries({"mariadb", "galera", "haproxy"}, dir_, script);
}

absl::StatusOr<int> PrivateGalera::NodePort(int n) const {
  std::ifstream env(dir_ + "/galera/cluster.env");
  const std::string key = absl::StrCat("NODE", n, "_SQL_PORT=");
  std::string line;
  while (std::getline(env, line)) {
    absl::string_view rest = line;
    int port = 0;
    if (absl::ConsumePrefix(&rest, key) && absl::SimpleAtoi(rest, &port)) return port;
  }
  return absl::InternalError(absl::StrCat("no ", key, " in ", dir_, "/galera/cluster.env"));
}

void PrivateGalera::KillNode(int n) {
  KillByPidFile(absl::StrCat(dir_, "/galera/node", n, "/mysqld.pid"));
}

absl::Status PrivateGalera::StartNode(int n) {
  return Run(absl::StrCat("fs_galera_node_start ", dir_, "/galera ", n,
                          " && fs_galera_node_wait_synced ", dir_, "/galera ", n, " 120"));
}

absl::Status PrivateGalera::RestartBalancer() {
  return Run(absl::StrCat("fs_haproxy_restart ", dir_, "/haproxy"));
}

void PrivateGalera::UseForTestDatabases() const {
  setenv("FS_TEST_DB_HOST", "127.0.0.1", 1);
  setenv("FS_TEST_DB_PORT", absl::StrCat(balancer_port_).c_str(), 1);
  setenv("FS_TEST_DB_USER", "fs_test", 1);
  setenv("FS_TEST_DB_PASSWORD", password_.c_str(), 1);
}

common::DbSettings PrivateGalera::OnNode(const common::DbSettings& through, int n) const {
  common::DbSettings on = through;
  on.host = "127.0.0.1";
  on.port = node_ports_[n];
  return on;
}

int PrivateGalera::Writer() const {
  common::DbSettings balancer;
  balancer.host = "127.0.0.1";
  balancer.port = balancer_port_;
  balancer.user = "fs_test";
  balancer.password = password_;
  try {
    auto connection = ConnectTestDatabase(balancer);
    std::unique_ptr<sql::Statement> st(connection->createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT @@port"));
    if (!rs->next()) return 0;
    for (int n = 1; n <= kNodes; ++n) {
      if (node_ports_[n] == rs->getInt(1)) return n;
    }
  } catch (const sql::SQLException&) {
  }
  return 0;
}

}  // namespace fieldservice::testing
