// The orders service: wiring only. Reads configuration, waits for the
// database and migrates it, loads the policies and the calendar, serves gRPC
// and sweeps deadlines until SIGTERM or SIGINT.
#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/common/calendar.h"
#include "services/common/clock.h"
#include "services/common/config.h"
#include "services/common/db_pool.h"
#include "services/common/logging.h"
#include "services/common/migrations.h"
#include "services/common/server.h"
#include "services/orders/api/repair_orders_handler.h"
#include "services/orders/deadline_sweeper.h"
#include "services/orders/domain/approval_service.h"
#include "services/orders/domain/order_service.h"
#include "services/orders/domain/orders_policy.h"
#include "services/orders/storage/mysql_approval_repository.h"
#include "services/orders/storage/mysql_order_repository.h"

extern char** environ;

namespace fieldservice::orders {
namespace {

std::vector<common::Setting> Settings() {
  std::vector<common::Setting> s = {
      {"listen", "127.0.0.1:50051", "gRPC listen address; port 0 picks a free port"},
      {"data_dir", "data", "folder with calendar/ and orders/ policy files"},
      {"business_utc_offset", "8h", "business time zone as an offset from UTC (China: 8h)"},
      {"log_level", "info", "debug, info, warning or error"},
      {"max_threads", "16", "gRPC handler threads (each may hold a DB connection)"},
      {"shutdown_grace", "10s", "how long in-flight calls may finish after SIGTERM"},
      {"sweep_interval", "30s", "how often deadlines are checked for reminders and breaches"},
      {"sweep_batch", "200", "deadlines handled per sweep round"},
      {"tx_max_attempts", "4", "attempts of a transaction that hits deadlocks"},
      {"db_wait", "60s", "how long start-up waits for the database"},
  };
  for (auto& d : common::DbSettingDecls("orders")) s.push_back(d);
  return s;
}

// Waits for the database (it may start after us) and applies migrations.
absl::Status Migrate(common::ConnectionPool& pool, absl::Duration wait) {
  absl::Time give_up = absl::Now() + wait;
  while (true) {
    auto applied = common::ApplyMigrations(pool, EmbeddedMigrations(), absl::Seconds(60));
    if (applied.ok()) {
      common::LogInfo("migrations_done", {{"applied", absl::StrCat(*applied)}});
      return absl::OkStatus();
    }
    if (applied.status().code() != absl::StatusCode::kUnavailable || absl::Now() > give_up) {
      return applied.status();
    }
    common::LogWarning("waiting_for_database", {{"error", std::string(applied.status().message())}});
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

int Run(int argc, char** argv) {
  common::BlockTerminationSignals();
  auto config = common::Config::Load(Settings(), argc, argv, environ);
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  if (config->help_requested()) {
    std::fputs(config->Usage("orders_server").c_str(), stdout);
    return 0;
  }
  auto fail = [](const absl::Status& s) {
    common::LogError("startup_failed", {{"error", std::string(s.message())}});
    return 1;
  };
  common::LogLevel level;
  if (!common::ParseLogLevel(config->Get("log_level"), &level)) {
    return fail(absl::InvalidArgumentError("setting log_level: unknown level"));
  }
  common::SetMinLogLevel(level);
  auto db = common::DbSettingsFromConfig(*config);
  auto offset = config->GetDuration("business_utc_offset");
  auto threads = config->GetInt("max_threads");
  auto grace = config->GetDuration("shutdown_grace");
  auto sweep_interval = config->GetDuration("sweep_interval");
  auto sweep_batch = config->GetInt("sweep_batch");
  auto attempts = config->GetInt("tx_max_attempts");
  auto db_wait = config->GetDuration("db_wait");
  for (const absl::Status& s : {db.status(), offset.status(), threads.status(), grace.status(),
                                sweep_interval.status(), sweep_batch.status(),
                                attempts.status(), db_wait.status()}) {
    if (!s.ok()) return fail(s);
  }
  const std::string data_dir = config->Get("data_dir");
  absl::TimeZone zone = absl::FixedTimeZone(static_cast<int>(absl::ToInt64Seconds(*offset)));
  auto calendar = common::WorkingCalendar::LoadFile(data_dir + "/calendar/cn_holidays.txt", zone);
  if (!calendar.ok()) return fail(calendar.status());
  auto policy = LoadOrdersPolicy(data_dir + "/orders");
  if (!policy.ok()) return fail(policy.status());

  common::ConnectionPool pool(*db);
  if (absl::Status s = Migrate(pool, *db_wait); !s.ok()) return fail(s);

  common::SystemClock clock;
  common::RetryPolicy retry{.max_attempts = static_cast<int>(*attempts)};
  MySqlOrderRepository order_repository(pool, retry);
  MySqlApprovalRepository approval_repository(pool, retry);
  OrderService orders(order_repository, clock, *calendar, *policy);
  ApprovalService approvals(approval_repository, clock, policy->approval_chains);
  api::RepairOrdersHandler handler(orders, approvals);

  auto server = common::ServerHost::Start(
      {.listen_address = config->Get("listen"), .max_threads = static_cast<int>(*threads)},
      {&handler});
  if (!server.ok()) return fail(server.status());
  DeadlineSweeper sweeper(orders, *sweep_interval, static_cast<int>(*sweep_batch));
  sweeper.Start();
  common::LogInfo("server_listening", {{"service", "orders"},
                                       {"port", absl::StrCat((*server)->port())},
                                       {"database", db->database}});

  int signal_number = common::WaitForTerminationSignal();
  common::LogInfo("shutting_down", {{"signal", absl::StrCat(signal_number)}});
  sweeper.Stop();
  (*server)->Shutdown(*grace);
  (*server)->Wait();
  common::LogInfo("stopped");
  return 0;
}

}  // namespace
}  // namespace fieldservice::orders

int main(int argc, char** argv) { return fieldservice::orders::Run(argc, argv); }
