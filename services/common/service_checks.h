// The GetServiceStatus checks of the database and of the outbox, registered
// by each service's main.cc in its StatusChecks.
#ifndef FIELDSERVICE_COMMON_SERVICE_CHECKS_H_
#define FIELDSERVICE_COMMON_SERVICE_CHECKS_H_

#include "absl/time/time.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/common/status_checks.h"

namespace fieldservice::common {

// "database": whether the database answered the last attempt to reach it
// (the health watcher probes it every db_health_interval).
CheckResult DatabaseCheck(const ConnectionPool& pool);

// "outbox": not ok when a message is parked (an operator must look) or the
// oldest undelivered one has waited longer than `warn_age` (a receiver down
// that long); the detail carries pending, parked and the oldest age, and
// the figures the same as numbers (pending, parked, oldest_pending_seconds).
CheckResult OutboxCheck(ConnectionPool& pool, const Clock& clock, absl::Duration warn_age);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_SERVICE_CHECKS_H_
