// A three-node MariaDB Galera cluster of the test's own, with HAProxy in
// front, started by the project's shell libraries (scripts/lib/galera.sh and
// haproxy.sh, the same lines scripts/cluster.sh uses), in a new folder under
// /tmp on ports the system gave. The test may kill any node with SIGKILL and
// start it again (it rejoins by IST or SST), and restart HAProxy.
#ifndef FIELDSERVICE_TESTS_SUPPORT_PRIVATE_GALERA_H_
#define FIELDSERVICE_TESTS_SUPPORT_PRIVATE_GALERA_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/db_pool.h"

namespace fieldservice::testing {

class PrivateGalera {
 public:
  static constexpr int kNodes = 3;

  // Starts the nodes (one bootstraps, the others join), waits until all are
  // Synced, creates a user who may create databases (replicated to every
  // node) and HAProxy's check user, and starts HAProxy.
  static absl::StatusOr<std::unique_ptr<PrivateGalera>> Start();

  // Stops HAProxy and the nodes and deletes the folder, unless KeepFolder.
  ~PrivateGalera();
  PrivateGalera(const PrivateGalera&) = delete;
  PrivateGalera& operator=(const PrivateGalera&) = delete;

  // SIGKILL to node n (1-based): no clean shutdown. Returns once it is gone.
  void KillNode(int n);
  // Starts node n again; returns once it has rejoined and is Synced.
  absl::Status StartNode(int n);
  // HAProxy stopped hard (its connections cut) and started again.
  absl::Status RestartBalancer();

  // Points this process's FS_TEST_DB_* at HAProxy, so that
  // CreateTestDatabase (test_db.h) makes the databases on the cluster and
  // the services started with them reach it through the balancer.
  void UseForTestDatabases() const;
  // `through` with its host and port replaced by node n's own, to read what
  // that node holds.
  common::DbSettings OnNode(const common::DbSettings& through, int n) const;

  int balancer_port() const { return balancer_port_; }
  // Leaves the folder (the nodes' logs and data) for a person to look at;
  // returns its path.
  const std::string& KeepFolder() {
    keep_ = true;
    return dir_;
  }
  // The node HAProxy sends connections to now (1-based), or 0 if none.
  int Writer() const;

 private:
  PrivateGalera(std::string dir, int balancer_port, std::string password)
      : dir_(std::move(dir)), balancer_port_(balancer_port), password_(std::move(password)) {}
  absl::Status Run(const std::string& script) const;
  absl::StatusOr<int> NodePort(int n) const;

  const std::string dir_;
  const int balancer_port_;
  const std::string password_;
  int node_ports_[kNodes + 1] = {};
  bool keep_ = false;
};

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_PRIVATE_GALERA_H_
