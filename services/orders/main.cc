// The orders service: wiring only. Reads configuration, waits for the
// database and migrates it, loads the policies and the calendar, serves gRPC
// and sweeps deadlines until SIGTERM or SIGINT.
#include "absl/strings/str_cat.h"
#include "services/common/calendar.h"
#include "services/common/clock.h"
#include "services/common/service_main.h"
#include "services/orders/api/repair_orders_handler.h"
#include "services/orders/deadline_sweeper.h"
#include "services/orders/domain/approval_service.h"
#include "services/orders/domain/order_service.h"
#include "services/orders/domain/orders_policy.h"
#include "services/orders/storage/mysql_approval_repository.h"
#include "services/orders/storage/mysql_order_repository.h"

namespace fieldservice::orders {
namespace {

std::vector<common::Setting> Settings() {
  std::vector<common::Setting> s = common::StandardSettings("127.0.0.1:50051", "orders");
  s.push_back({"sweep_interval", "30s", "how often deadlines are checked for reminders and breaches"});
  s.push_back({"sweep_batch", "200", "deadlines handled per sweep round"});
  return s;
}

int Run(int argc, char** argv) {
  common::BlockTerminationSignals();
  common::Config config;
  if (auto exit = common::LoadConfigOrExit(Settings(), argc, argv, "orders_server", &config)) {
    return *exit;
  }
  auto runtime = common::ReadStandardRuntime(config);
  if (!runtime.ok()) return common::StartupFailed(runtime.status());
  auto sweep_interval = config.GetDuration("sweep_interval");
  if (!sweep_interval.ok()) return common::StartupFailed(sweep_interval.status());
  auto sweep_batch = config.GetInt("sweep_batch");
  if (!sweep_batch.ok()) return common::StartupFailed(sweep_batch.status());
  auto calendar = common::WorkingCalendar::LoadFile(
      runtime->data_dir + "/calendar/cn_holidays.txt", runtime->business_zone);
  if (!calendar.ok()) return common::StartupFailed(calendar.status());
  auto policy = LoadOrdersPolicy(runtime->data_dir + "/orders");
  if (!policy.ok()) return common::StartupFailed(policy.status());

  common::ConnectionPool pool(runtime->db);
  absl::Status migrated = common::MigrateWhenReady(pool, EmbeddedMigrations(), runtime->db_wait);
  if (!migrated.ok()) return common::StartupFailed(migrated);

  common::SystemClock clock;
  MySqlOrderRepository order_repository(pool, runtime->retry);
  MySqlApprovalRepository approval_repository(pool, runtime->retry);
  OrderService orders(order_repository, clock, *calendar, *policy);
  ApprovalService approvals(approval_repository, clock, policy->approval_chains);
  api::RepairOrdersHandler handler(orders, approvals);
  auto server = common::ServerHost::Start(
      {.listen_address = runtime->listen, .max_threads = runtime->max_threads}, {&handler});
  if (!server.ok()) return common::StartupFailed(server.status());
  DeadlineSweeper sweeper(orders, *sweep_interval, static_cast<int>(*sweep_batch));
  sweeper.Start();
  return common::ServeUntilSignal(**server, "orders", runtime->db.database,
                                  runtime->shutdown_grace, [&] { sweeper.Stop(); });
}

}  // namespace
}  // namespace fieldservice::orders

int main(int argc, char** argv) { return fieldservice::orders::Run(argc, argv); }
