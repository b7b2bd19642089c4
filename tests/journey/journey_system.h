// The four services as real processes for the journey tests (issue 12) and
// the cluster test (issue 13): each service on its own database, each
// knowing the others' addresses, on one fake clock. A service may run as
// several replicas on the same database; the others are then told every
// replica's address (a round-robin list, services/common/service_channel.h).
// Any replica can be killed with SIGKILL and started again on its port, its
// database and the same clock, which goes on from where it was.
#ifndef FIELDSERVICE_TESTS_JOURNEY_JOURNEY_SYSTEM_H_
#define FIELDSERVICE_TESTS_JOURNEY_JOURNEY_SYSTEM_H_

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/common/db_pool.h"
#include "tests/support/server_process.h"

namespace fieldservice::testing {

// Start order: a service's callers start after it (orders calls all three;
// scheduling and callback call orders, whose ports are reserved first).
inline const std::vector<std::string> kJourneyServices = {"warranty", "scheduling", "callback",
                                                          "orders"};

class JourneySystem {
 public:
  // Orders, warranty and scheduling read `now` when Start begins, and their
  // clocks run on from there at wall-clock speed; the callback service's
  // clock reads `callback_now` then (its callbacks fall due days after the
  // visit). `replicas` processes of each service.
  JourneySystem(absl::Time now, absl::Time callback_now, int replicas = 1)
      : now_(now), callback_now_(callback_now), replicas_(replicas) {}
  // Stops every replica cleanly (each must exit 0) and drops the databases.
  ~JourneySystem();

  // Flags every replica of every service gets, after the system's own
  // (e.g. --db_wsrep_sync_wait=1 on a Galera cluster); before Start.
  void AddArgs(const std::vector<std::string>& args) {
    common_args_.insert(common_args_.end(), args.begin(), args.end());
  }

  // Starts all of them; a failure is a test failure and answers false.
  bool Start();

  // SIGKILL to one replica (0-based); `down` later started again on the same
  // port and database. False (with a test failure) when it does not come
  // back.
  bool KillAndRestart(const std::string& service, absl::Duration down, int replica = 0);

  // "127.0.0.1:port" of a service, or with replicas the list of all of them.
  std::string Address(const std::string& service) const;
  // One replica's only.
  std::string ReplicaAddress(const std::string& service, int replica) const;
  // The settings of its database, to count rows from outside.
  const common::DbSettings& Database(const std::string& service) const;
  int replicas() const { return replicas_; }

 private:
  using Replica = std::pair<std::string, int>;  // service, index
  std::vector<std::string> ArgsOf(const Replica& replica) const;
  bool Launch(const Replica& replica);

  const absl::Time now_;
  const absl::Time callback_now_;
  const int replicas_;
  // When Start began, in real time: every replica's clock reads now_ (or
  // callback_now_) then, a restarted one too.
  absl::Time started_;
  std::vector<std::string> common_args_;
  std::map<Replica, int> ports_;
  std::map<std::string, common::DbSettings> databases_;
  std::map<std::string, ServerProcessOptions> options_;
  std::map<Replica, std::unique_ptr<ServerProcess>> processes_;
};

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_JOURNEY_JOURNEY_SYSTEM_H_
