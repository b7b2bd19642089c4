// The orders service: wiring only. Reads configuration, waits for the
// database and migrates it, loads the policies and the calendar, serves gRPC
// and sweeps deadlines until SIGTERM or SIGINT.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/strings/str_cat.h"
#include "services/common/calendar.h"
#include "services/common/clock.h"
#include "services/common/ids.h"
#include "services/common/outbox.h"
#include "services/common/service_main.h"
#include "services/orders/api/repair_orders_handler.h"
#include "services/orders/clients/warranty_requester.h"
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
  s.push_back(
      {"sweep_interval", "30s", "how often deadlines are checked for reminders and breaches"});
  s.push_back({"sweep_batch", "200", "deadlines handled per sweep round"});
  s.push_back({"warranty_address", "127.0.0.1:50052",
               "the warranty service; empty: new orders do not ask for a 三包 decision"});
  s.push_back({"warranty_timeout", "5s", "deadline of one call to the warranty service"});
  s.push_back({"outbox_poll_interval", "1s", "how often undelivered messages are looked for"});
  s.push_back({"outbox_initial_backoff", "1s", "wait before the first retry of a failed delivery"});
  s.push_back({"outbox_max_backoff", "5m", "longest wait between delivery retries"});
  s.push_back({"outbox_round_budget", "30s",
               "a relay round starts no delivery after this long; the rest waits for the next"});
  s.push_back({"outbox_lease", "60s",
               "how long a relay owns the messages it took; at least outbox_round_budget + "
               "warranty_timeout"});
  s.push_back({"outbox_retention", "168h", "delivered messages are deleted after this long"});
  s.push_back({"outbox_replica_id", "",
               "who holds outbox leases, unique per running replica and stable across its "
               "restarts (default: <hostname>/orders)"});
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
  auto warranty_timeout = config.GetDuration("warranty_timeout");
  auto poll = config.GetDuration("outbox_poll_interval");
  auto initial_backoff = config.GetDuration("outbox_initial_backoff");
  auto max_backoff = config.GetDuration("outbox_max_backoff");
  auto round_budget = config.GetDuration("outbox_round_budget");
  auto lease = config.GetDuration("outbox_lease");
  auto retention = config.GetDuration("outbox_retention");
  for (const absl::Status& s :
       {warranty_timeout.status(), poll.status(), initial_backoff.status(), max_backoff.status(),
        round_budget.status(), lease.status(), retention.status()}) {
    if (!s.ok()) return common::StartupFailed(s);
  }
  common::RelayPolicy relay_policy = {
      .poll_interval = *poll,
      .backoff = {.initial = *initial_backoff, .max = *max_backoff},
      .lease = *lease,
      .round_budget = *round_budget,
      .retention = *retention,
      .replica_id = config.Get("outbox_replica_id").empty()
                        ? absl::StrCat(common::HostName(), "/orders")
                        : config.Get("outbox_replica_id")};
  if (relay_policy.lease < relay_policy.round_budget + *warranty_timeout) {
    return common::StartupFailed(absl::InvalidArgumentError(
        "setting outbox_lease: at least outbox_round_budget + warranty_timeout"));
  }
  if (absl::Status s = common::CheckRelayPolicy(relay_policy); !s.ok()) {
    return common::StartupFailed(s);
  }
  const std::string warranty_address = config.Get("warranty_address");
  auto calendar = common::WorkingCalendar::LoadFile(runtime->data_dir + "/calendar/cn_holidays.txt",
                                                    runtime->business_zone);
  if (!calendar.ok()) return common::StartupFailed(calendar.status());
  auto policy = LoadOrdersPolicy(runtime->data_dir + "/orders");
  if (!policy.ok()) return common::StartupFailed(policy.status());

  common::ConnectionPool pool(runtime->db);
  absl::Status migrated = common::MigrateWhenReady(pool, EmbeddedMigrations(), runtime->db_wait);
  if (!migrated.ok()) return common::StartupFailed(migrated);

  common::SystemClock clock;
  MySqlOrderRepository order_repository(pool, runtime->retry);
  MySqlApprovalRepository approval_repository(pool, runtime->retry);
  OrderService orders(order_repository, clock, *calendar, *policy,
                      /*request_warranty=*/!warranty_address.empty());
  ApprovalService approvals(approval_repository, clock, policy->approval_chains);
  api::RepairOrdersHandler handler(orders, approvals);
  auto server = common::ServerHost::Start(
      {.listen_address = runtime->listen, .max_threads = runtime->max_threads}, {&handler});
  if (!server.ok()) return common::StartupFailed(server.status());
  DeadlineSweeper sweeper(orders, *sweep_interval, static_cast<int>(*sweep_batch));
  sweeper.Start();
  // Messages owed to other services; delivered even if they were down when
  // the order was taken, or when this process restarted in between.
  WarrantyRequester warranty(
      orders, grpc::CreateChannel(warranty_address, grpc::InsecureChannelCredentials()),
      *warranty_timeout);
  std::map<std::string, common::OutboxRelay::Handler> handlers;
  if (!warranty_address.empty()) {
    handlers[kWarrantyDecideTopic] = [&](const common::OutboxMessage& m) {
      return warranty.Deliver(m);
    };
  }
  common::OutboxRelay relay(pool, clock, relay_policy, handlers);
  relay.Start();
  return common::ServeUntilSignal(
      **server, pool,
      common::ServeOptionsOf(*runtime, "orders", {v1::RepairOrders::service_full_name()}), [&] {
        relay.Stop();
        sweeper.Stop();
      });
}

}  // namespace
}  // namespace fieldservice::orders

int main(int argc, char** argv) { return fieldservice::orders::Run(argc, argv); }
