#include "services/common/service_main.h"

#include <cstdio>
#include <limits>
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "services/common/logging.h"
#include "services/common/metrics.h"
#include "services/common/security_settings.h"

extern char** environ;

namespace fieldservice::common {

std::vector<Setting> StandardSettings(const std::string& default_listen,
                                      const std::string& default_database) {
  std::vector<Setting> s = {
      {"listen", default_listen, "gRPC listen address; port 0 picks a free port"},
      {"health_listen", "",
       "a second address serving only grpc.health.v1 in plain text, for probes that cannot "
       "speak TLS (Kubernetes gRPC probes); empty: none"},
      {"data_dir", "data", "folder with the calendar and policy files"},
      {"business_utc_offset", "8h", "business time zone as an offset from UTC (China: 8h)"},
      {"log_level", "info", "debug, info, warning or error"},
      {"max_threads", "16",
       "handlers running at once (each may hold a DB connection; size with db_pool_size)"},
      {"max_queued_calls", "256",
       "calls that may wait for a running handler to finish; one more gets RESOURCE_EXHAUSTED"},
      {"max_queue_wait", "10s",
       "how long a queued call without a deadline of its own may wait for its turn"},
      {"max_receive_bytes", "4194304",
       "largest request accepted (bytes); larger ones get RESOURCE_EXHAUSTED"},
      {"memory_quota_bytes", "134217728",
       "memory gRPC may use for all connections' buffers (bytes); over it reads slow down"},
      {"connection_idle", "5m", "a client connection without calls is closed after this long"},
      {"connection_max_age", "10m",
       "a client connection is asked to reconnect after this long (calls in flight finish): "
       "callers then resolve the service's replicas again, and balance onto new ones"},
      {"calendar_poll_interval", "1m",
       "how often the holiday calendar file is checked for changes (re-read when changed)"},
      {"calendar_warn_days", "60",
       "days before a new year from which its missing holiday calendar is warned about"},
      {"shutdown_grace", "10s",
       "after SIGTERM, in-flight calls may finish for this long; the process exits within it"},
      {"shutdown_db_abort_margin", "2s",
       "this long before shutdown_grace ends, database statements still running are killed "
       "and their transactions rolled back, so their callers get an error, never a late commit"},
      {"db_health_interval", "2s",
       "how often the database is checked; health reports NOT_SERVING while it is unreachable"},
      {"tx_max_attempts", "4", "attempts of a transaction that hits deadlocks"},
      {"db_wait", "60s", "how long start-up waits for the database"},
      {"metrics_listen", "",
       "address serving Prometheus metrics over HTTP at /metrics (port 0 picks a free port); "
       "empty: none"},
      {"metrics_db_timeout", "1s",
       "longest a scrape of /metrics waits for a database query it needs (outbox backlog); "
       "past it those series are left out"},
  };
  for (auto& d : DbSettingDecls(default_database)) s.push_back(d);
  for (auto& d : SecuritySettingDecls()) s.push_back(d);
  return s;
}

absl::StatusOr<StandardRuntime> ReadStandardRuntime(const Config& config) {
  StandardRuntime r;
  LogLevel level;
  if (!ParseLogLevel(config.Get("log_level"), &level)) {
    return absl::InvalidArgumentError("setting log_level: use debug, info, warning or error");
  }
  SetMinLogLevel(level);
  // Debian's abseil checks lock order on every Mutex acquisition, recording
  // edges in one graph behind a global lock (perf: GraphCycles ~1% of a loaded
  // server's time). Tests of the parts keep the check; a service drops it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  auto db = DbSettingsFromConfig(config);
  auto offset = config.GetDuration("business_utc_offset");
  auto threads = config.GetInt("max_threads");
  auto queued = config.GetInt("max_queued_calls");
  auto queue_wait = config.GetDuration("max_queue_wait");
  auto grace = config.GetDuration("shutdown_grace");
  auto attempts = config.GetInt("tx_max_attempts");
  auto db_wait = config.GetDuration("db_wait");
  auto max_receive = config.GetInt("max_receive_bytes");
  auto memory_quota = config.GetInt("memory_quota_bytes");
  auto idle = config.GetDuration("connection_idle");
  auto max_age = config.GetDuration("connection_max_age");
  auto calendar_poll = config.GetDuration("calendar_poll_interval");
  auto warn_days = config.GetInt("calendar_warn_days");
  auto abort_margin = config.GetDuration("shutdown_db_abort_margin");
  auto health_interval = config.GetDuration("db_health_interval");
  auto metrics_db_timeout = config.GetDuration("metrics_db_timeout");
  for (const absl::Status& s :
       {db.status(), offset.status(), threads.status(), grace.status(), attempts.status(),
        db_wait.status(), max_receive.status(), memory_quota.status(), idle.status(),
        calendar_poll.status(), warn_days.status(), abort_margin.status(), health_interval.status(),
        queued.status(), queue_wait.status(), metrics_db_timeout.status()}) {
    if (!s.ok()) return s;
  }
  if (*threads < 1 || *attempts < 1) {
    return absl::InvalidArgumentError("settings max_threads and tx_max_attempts: at least 1");
  }
  if (*queued < 0 || *queued > 100000 || *queue_wait <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "settings max_queued_calls: 0 to 100000 (each holds a thread while it waits), and "
        "max_queue_wait: must be positive");
  }
  // gRPC takes the receive limit as an int; the quota must hold a message.
  if (*max_receive < 1 || *max_receive > std::numeric_limits<int>::max() ||
      *memory_quota < *max_receive) {
    return absl::InvalidArgumentError(
        "settings max_receive_bytes: 1 to 2147483647, and memory_quota_bytes: at least that");
  }
  if (!max_age.ok()) return max_age.status();
  if (*idle <= absl::ZeroDuration() || *max_age <= absl::ZeroDuration() ||
      *calendar_poll <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "settings connection_idle, connection_max_age and calendar_poll_interval: must be "
        "positive");
  }
  if (*warn_days < 0 || *warn_days > 366) {
    return absl::InvalidArgumentError("setting calendar_warn_days: 0 to 366");
  }
  r.server.listen_address = config.Get("listen");
  r.server.health_listen_address = config.Get("health_listen");
  r.server.max_threads = static_cast<int>(*threads);
  r.server.max_queued_calls = static_cast<int>(*queued);
  r.server.max_queue_wait = *queue_wait;
  r.server.max_receive_bytes = static_cast<int>(*max_receive);
  r.server.memory_quota_bytes = *memory_quota;
  r.server.connection_idle = *idle;
  r.server.connection_max_age = *max_age;
  if (*abort_margin < absl::ZeroDuration() || *abort_margin >= *grace) {
    return absl::InvalidArgumentError(
        "setting shutdown_db_abort_margin: at least 0s and less than shutdown_grace");
  }
  if (*health_interval <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("setting db_health_interval: must be positive");
  }
  if (*metrics_db_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("setting metrics_db_timeout: must be positive");
  }
  r.metrics_listen = config.Get("metrics_listen");
  r.metrics_db_timeout = *metrics_db_timeout;
  r.data_dir = config.Get("data_dir");
  r.business_zone = absl::FixedTimeZone(static_cast<int>(absl::ToInt64Seconds(*offset)));
  r.calendar.path = r.data_dir + "/calendar/cn_holidays.txt";
  r.calendar.poll_interval = *calendar_poll;
  r.calendar.warn_days = static_cast<int>(*warn_days);
  r.shutdown_grace = *grace;
  r.shutdown_db_abort_margin = *abort_margin;
  r.db_health_interval = *health_interval;
  r.retry.max_attempts = static_cast<int>(*attempts);
  r.db_wait = *db_wait;
  r.db = *db;
  auto security = ReadSecurity(config, r.data_dir);
  if (!security.ok()) return security.status();
  r.server.transport = security->transport;
  r.server.gatekeeper = security->gatekeeper;
  return r;
}

std::optional<int> LoadConfigOrExit(const std::vector<Setting>& settings, int argc, char** argv,
                                    const char* program, Config* config) {
  auto loaded = Config::Load(settings, argc, argv, environ);
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s\n", std::string(loaded.status().message()).c_str());
    return 2;
  }
  if (loaded->help_requested()) {
    std::fputs(loaded->Usage(program).c_str(), stdout);
    return 0;
  }
  *config = *std::move(loaded);
  return std::nullopt;
}

absl::Status MigrateWhenReady(ConnectionPool& pool, const std::vector<Migration>& migrations,
                              absl::Duration wait) {
  absl::Time give_up = absl::Now() + wait;
  // DDL may legitimately run longer than a call's statement: no client-side
  // read/write limit on the connection that applies it.
  DbSettings unlimited = pool.settings();
  unlimited.read_timeout = absl::ZeroDuration();
  unlimited.write_timeout = absl::ZeroDuration();
  unlimited.pool_size = 1;
  ConnectionPool migration_pool(unlimited);
  while (true) {
    auto applied = ApplyMigrations(migration_pool, migrations, absl::Seconds(60));
    if (applied.ok()) {
      LogInfo("migrations_done", {{"applied", absl::StrCat(*applied)}});
      return absl::OkStatus();
    }
    if (applied.status().code() != absl::StatusCode::kUnavailable || absl::Now() > give_up) {
      return applied.status();
    }
    LogWarning("waiting_for_database", {{"error", std::string(applied.status().message())}});
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

namespace {

// Keeps health in step with the database: NOT_SERVING while it cannot be
// reached, SERVING again once it answers.
class DbHealthWatcher {
 public:
  DbHealthWatcher(ServerHost& server, ConnectionPool& pool, const ServeOptions& options)
      : thread_([this, &server, &pool, options] {
          server.SetServing(options.health_services, true);
          bool serving = true;
          do {
            bool reachable = pool.Probe();
            if (reachable != serving) {
              serving = reachable;
              server.SetServing(options.health_services, serving);
              LogInfo("health_changed",
                      {{"serving", serving ? "true" : "false"},
                       {"reason", serving ? "database reachable" : "database unreachable"}});
            }
          } while (!stop_.WaitForNotificationWithTimeout(options.db_health_interval));
        }) {}
  // Stops at its next wake-up, without waiting for a probe in progress (it
  // may take a connect timeout); a status it sets after the server's
  // Shutdown is ignored by gRPC.
  void RequestStop() {
    if (!stop_.HasBeenNotified()) stop_.Notify();
  }
  ~DbHealthWatcher() {
    RequestStop();
    thread_.join();
  }

 private:
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace

int ServeUntilSignal(ServerHost& server, ConnectionPool& pool, const ServeOptions& options,
                     const std::function<void()>& before_shutdown) {
  std::unique_ptr<metrics::Endpoint> metrics_endpoint;
  if (!options.metrics_listen.empty()) {
    auto started = metrics::Endpoint::Start(options.metrics_listen);
    if (!started.ok()) return StartupFailed(started.status());
    metrics_endpoint = *std::move(started);
    LogInfo("metrics_listening", {{"service", options.service},
                                  {"metrics_port", absl::StrCat(metrics_endpoint->port())}});
  }
  if (server.health_port() != 0) {
    LogInfo("health_listening",
            {{"service", options.service}, {"health_port", absl::StrCat(server.health_port())}});
  }
  LogInfo("server_listening", {{"service", options.service},
                               {"port", absl::StrCat(server.port())},
                               {"database", pool.settings().database}});
  server.SetServing({kLivenessHealthService}, true);
  auto health = std::make_unique<DbHealthWatcher>(server, pool, options);
  int signal_number = WaitForTerminationSignal();
  const absl::Time stop_by = absl::Now() + options.grace;
  LogInfo("shutting_down", {{"signal", absl::StrCat(signal_number)},
                            {"grace", absl::FormatDuration(options.grace)}});
  health->RequestStop();
  // Calls stuck on the database (a lock held elsewhere) would outlive the
  // grace period and commit after their callers were told they failed: a
  // little before the end, their statements are killed and nothing more
  // commits, so each such caller gets UNAVAILABLE and nothing is written.
  absl::Notification stopped;
  std::thread aborter([&] {
    if (!stopped.WaitForNotificationWithDeadline(stop_by - options.db_abort_margin)) {
      pool.AbortInFlight();
    }
  });
  // Background work stops while the server drains, not before it: the
  // server stops taking calls (and reports NOT_SERVING) at once.
  std::thread background([&] {
    if (before_shutdown) before_shutdown();
  });
  server.Shutdown(std::max(stop_by - absl::Now(), absl::ZeroDuration()));
  server.Wait();
  background.join();
  stopped.Notify();
  aborter.join();
  health.reset();
  LogInfo("stopped");
  return 0;
}

ServeOptions ServeOptionsOf(const StandardRuntime& runtime, const std::string& service,
                            std::vector<std::string> health_services) {
  return {.service = service,
          .health_services = std::move(health_services),
          .grace = runtime.shutdown_grace,
          .db_abort_margin = runtime.shutdown_db_abort_margin,
          .db_health_interval = runtime.db_health_interval,
          .metrics_listen = runtime.metrics_listen};
}

int StartupFailed(const absl::Status& status) {
  LogError("startup_failed", {{"error", std::string(status.message())}});
  return 1;
}

}  // namespace fieldservice::common
