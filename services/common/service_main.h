// What every service's main() does the same way: the shared settings, the
// wait for the database and its migrations, serving until SIGTERM/SIGINT.
#ifndef FIELDSERVICE_COMMON_SERVICE_MAIN_H_
#define FIELDSERVICE_COMMON_SERVICE_MAIN_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/calendar_keeper.h"
#include "services/common/config.h"
#include "services/common/db_pool.h"
#include "services/common/migrations.h"
#include "services/common/server.h"
#include "services/common/transaction.h"

namespace fieldservice::common {

// listen, data_dir, business_utc_offset, log_level, max_threads,
// max_receive_bytes, memory_quota_bytes, connection_idle,
// calendar_poll_interval, calendar_warn_days, shutdown_grace,
// tx_max_attempts, db_wait, metrics_listen, metrics_db_timeout and the db_* settings, with the
// service's own defaults for the address and the database name.
std::vector<Setting> StandardSettings(const std::string& default_listen,
                                      const std::string& default_database);

// The standard settings read and checked; sets the log level.
struct StandardRuntime {
  ServerOptions server;  // listen address, threads, sizes, idle time
  std::string data_dir;
  absl::TimeZone business_zone;
  CalendarWatchOptions calendar;  // <data_dir>/calendar/cn_holidays.txt
  absl::Duration shutdown_grace;
  absl::Duration shutdown_db_abort_margin;
  absl::Duration db_health_interval;
  RetryPolicy retry;
  absl::Duration db_wait;
  DbSettings db;
  // Where /metrics is served (metrics.h); empty: nowhere.
  std::string metrics_listen;
  // Bounds a database query made for a scrape (e.g. the outbox backlog).
  absl::Duration metrics_db_timeout;
};
absl::StatusOr<StandardRuntime> ReadStandardRuntime(const Config& config);

// Loads the configuration. Returns an exit code when main should stop now
// (--help printed: 0; bad flags: 2), else nullopt with `config` set.
std::optional<int> LoadConfigOrExit(const std::vector<Setting>& settings, int argc, char** argv,
                                    const char* program, Config* config);

// Applies migrations, waiting up to `wait` for the database to come up.
absl::Status MigrateWhenReady(ConnectionPool& pool, const std::vector<Migration>& migrations,
                              absl::Duration wait);

// A health service name that stays SERVING while the process runs (until
// shutdown), whatever the database does: for liveness probes, so that a
// database outage takes replicas out of rotation (readiness on "") without
// getting them restarted.
inline constexpr char kLivenessHealthService[] = "liveness";

struct ServeOptions {
  std::string service;  // for the log
  // Full gRPC service names health reports on, besides the server ("").
  std::vector<std::string> health_services;
  // The process exits within this long after SIGTERM.
  absl::Duration grace = absl::Seconds(10);
  // Database statements still running this long before the end of `grace`
  // are killed and their transactions rolled back.
  absl::Duration db_abort_margin = absl::Seconds(2);
  // How often health follows the database's reachability.
  absl::Duration db_health_interval = absl::Seconds(2);
  // Where Prometheus metrics are served at /metrics; empty: not at all.
  std::string metrics_listen;
};

// The ServeOptions from the standard settings.
ServeOptions ServeOptionsOf(const StandardRuntime& runtime, const std::string& service,
                            std::vector<std::string> health_services);

// Serves /metrics when options.metrics_listen is set (logs
// `metrics_listening` with its port; exits 1 when it cannot listen), logs
// `server_listening` (scripts and tests wait for that line), keeps
// health NOT_SERVING while the database is unreachable, waits for SIGTERM or
// SIGINT, then shuts the server down gracefully within options.grace, calling
// `before_shutdown` (stop background work) meanwhile: in-flight calls may finish;
// those still stuck in the database at grace - db_abort_margin are ended
// with nothing committed (ConnectionPool::AbortInFlight). Returns main's exit
// code.
int ServeUntilSignal(ServerHost& server, ConnectionPool& pool, const ServeOptions& options,
                     const std::function<void()>& before_shutdown);

// Logs a start-up failure; returns main's exit code for it.
int StartupFailed(const absl::Status& status);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_SERVICE_MAIN_H_
