// What the services stored, read from their databases from outside, agrees
// with a load's report (tools/cluster_load): each acknowledged order stored
// once in orders with its request id, completed there once scheduling's
// relay has told it; its job completed in scheduling by its technician with
// one repair record and its four app operations; no other order or job.
// Shared by the load's own test and the cluster test, which runs it against
// every Galera node.
#ifndef FIELDSERVICE_TESTS_CLUSTER_LOAD_LOAD_CHECKS_H_
#define FIELDSERVICE_TESTS_CLUSTER_LOAD_LOAD_CHECKS_H_

#include <cppconn/connection.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/db_pool.h"
#include "tests/journey/journey_system.h"
#include "tools/cluster_load/load_driver.h"

namespace fieldservice::testing {

// A connection for reading a service's database from outside. With
// `cluster_sync`, every read waits until the node it reaches has applied
// everything committed anywhere in the Galera cluster before it
// (wsrep_sync_wait).
std::unique_ptr<sql::Connection> ConnectForChecks(const common::DbSettings& db,
                                                  bool cluster_sync = false);

// The first column of the rows `sql` answers; `arg` binds its one
// parameter, if not empty.
std::vector<std::string> ColumnOf(sql::Connection& c, const std::string& sql,
                                  const std::string& arg = "");

// A load's setup against `system`: its orders and scheduling addresses
// (every replica), the test CA, tokens for a call agent and a dispatcher,
// and `technicians` technicians named <prefix>1.. created in scheduling
// with their own tokens. `now` is left for the caller (the servers' clock
// when the load starts).
absl::StatusOr<tools::cluster_load::LoadSetup> PrepareLoad(const JourneySystem& system,
                                                           int technicians,
                                                           const std::string& prefix);

// The checks above as test failures. The relay may still be carrying the
// last completions to orders: waited for up to `patience`.
void CheckStoredOnce(const tools::cluster_load::LoadReport& report,
                     const common::DbSettings& orders, const common::DbSettings& scheduling,
                     absl::Duration patience, bool cluster_sync = false);

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_CLUSTER_LOAD_LOAD_CHECKS_H_
