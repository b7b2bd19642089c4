// The four services as real processes for the journey tests (issue 12):
// each on its own database, each knowing the others' addresses, each on a
// fixed fake clock. Any of them can be killed with SIGKILL and started again
// on its port, its database and its clock (which goes on from where it was,
// not back to the start).
#ifndef FIELDSERVICE_TESTS_JOURNEY_JOURNEY_SYSTEM_H_
#define FIELDSERVICE_TESTS_JOURNEY_JOURNEY_SYSTEM_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/common/db_pool.h"
#include "tests/support/server_process.h"

namespace fieldservice::testing {

// Start order: a service's callers start after it (orders calls all three;
// scheduling and callback call orders, whose port is reserved first).
inline const std::vector<std::string> kJourneyServices = {"warranty", "scheduling", "callback",
                                                          "orders"};

class JourneySystem {
 public:
  // Orders, warranty and scheduling read `now` at start; the callback
  // service `callback_now` (its callbacks fall due days after the visit).
  JourneySystem(absl::Time now, absl::Time callback_now) : now_(now), callback_now_(callback_now) {}
  // Stops every service cleanly (each must exit 0) and drops the databases.
  ~JourneySystem();

  // Starts all four; a failure is a test failure and answers false.
  bool Start();

  // SIGKILL; `down` later started again on the same port and database.
  // False (with a test failure) when it does not come back.
  bool KillAndRestart(const std::string& service, absl::Duration down);

  // "127.0.0.1:port" of a service.
  std::string Address(const std::string& service) const;
  // The settings of its database, to count rows from outside.
  const common::DbSettings& Database(const std::string& service) const;

 private:
  std::vector<std::string> ArgsOf(const std::string& service) const;
  bool Launch(const std::string& service);

  const absl::Time now_;
  const absl::Time callback_now_;
  // When Start began, in real time: a restarted service's clock goes on.
  absl::Time started_;
  std::map<std::string, int> ports_;
  std::map<std::string, common::DbSettings> databases_;
  std::map<std::string, ServerProcessOptions> options_;
  std::map<std::string, std::unique_ptr<ServerProcess>> processes_;
};

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_JOURNEY_JOURNEY_SYSTEM_H_
