// The orders service: wiring only. Reads configuration, waits for the
// database and migrates it, loads the policies and the calendar, serves gRPC
// and sweeps deadlines until SIGTERM or SIGINT.
#include <grpcpp/security/credentials.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/calendar.h"
#include "services/common/clock.h"
#include "services/common/db_lease.h"
#include "services/common/ids.h"
#include "services/common/logging.h"
#include "services/common/operations_handler.h"
#include "services/common/outbox.h"
#include "services/common/outbox_metrics.h"
#include "services/common/outbox_settings.h"
#include "services/common/service_channel.h"
#include "services/common/service_checks.h"
#include "services/common/service_clock.h"
#include "services/common/service_main.h"
#include "services/common/transport.h"
#include "services/orders/api/repair_orders_handler.h"
#include "services/orders/clients/callback_reporter.h"
#include "services/orders/clients/catalogue_follower.h"
#include "services/orders/clients/scheduling_sync.h"
#include "services/orders/clients/warranty_requester.h"
#include "services/orders/deadline_sweeper.h"
#include "services/orders/domain/approval_service.h"
#include "services/orders/domain/dispatch_sync.h"
#include "services/orders/domain/order_service.h"
#include "services/orders/domain/orders_policy.h"
#include "services/orders/domain/visit_report.h"
#include "services/orders/storage/mysql_approval_repository.h"
#include "services/orders/storage/mysql_order_repository.h"

namespace fieldservice::orders {
namespace {

// The replicas' shared turn at sweeping deadlines (db_lease.h). A replica
// that stops keeps it until it runs out (sweep_lease): a sweep is late by at
// most that, never done twice at once.
constexpr char kSweepLease[] = "orders/deadline_sweeper";
// The outbox lease outlasts the longest call the relay makes.
constexpr char kOutboxLeaseDefault[] =
    "the longest of warranty_timeout, scheduling_timeout and callback_timeout";

std::vector<common::Setting> Settings() {
  std::vector<common::Setting> s = common::StandardSettings("127.0.0.1:50051", "orders");
  s.push_back(
      {"sweep_interval", "30s", "how often deadlines are checked for reminders and breaches"});
  s.push_back({"sweep_batch", "200", "deadlines handled per sweep round"});
  s.push_back({"sweep_lease", "2m",
               "one replica sweeps at a time: its turn lasts this long unless renewed by its "
               "next pass, so another replica takes over this long after it dies (more than "
               "sweep_interval)"});
  s.push_back({"warranty_address", "127.0.0.1:50052",
               "the warranty service; empty: new orders do not ask for a 三包 decision"});
  s.push_back({"warranty_timeout", "5s", "deadline of one call to the warranty service"});
  s.push_back({"scheduling_address", "",
               "the scheduling service; empty: on-site orders are not synced to its dispatch "
               "queue"});
  s.push_back({"scheduling_timeout", "5s", "deadline of one call to the scheduling service"});
  s.push_back({"callback_address", "",
               "the callback service; empty: completed visits are not reported for a callback"});
  s.push_back({"callback_timeout", "5s", "deadline of one call to the callback service"});
  s.push_back({"warranty_catalogue_refresh", "1m",
               "how often the warranty catalogue's categories and parts (checked at intake) are "
               "fetched again"});
  common::AddFakeNowSettings(s);
  s.push_back({"order_number_block", "100",
               "order numbers a replica reserves at once (one short transaction per block); "
               "the unused rest of a block is skipped when the replica stops"});
  common::AddOutboxSettings(s, "orders", kOutboxLeaseDefault);
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
  auto sweep_lease = config.GetDuration("sweep_lease");
  if (!sweep_lease.ok()) return common::StartupFailed(sweep_lease.status());
  if (*sweep_lease <= *sweep_interval) {
    return common::StartupFailed(absl::InvalidArgumentError(
        "setting sweep_lease: more than sweep_interval, or each pass would find its turn gone"));
  }
  auto warranty_timeout = config.GetDuration("warranty_timeout");
  auto scheduling_timeout = config.GetDuration("scheduling_timeout");
  auto callback_timeout = config.GetDuration("callback_timeout");
  auto catalogue_refresh = config.GetDuration("warranty_catalogue_refresh");
  if (!catalogue_refresh.ok()) return common::StartupFailed(catalogue_refresh.status());
  auto number_block = config.GetInt("order_number_block");
  for (const absl::Status& s : {warranty_timeout.status(), scheduling_timeout.status(),
                                callback_timeout.status(), number_block.status()}) {
    if (!s.ok()) return common::StartupFailed(s);
  }
  if (*number_block < 1 || *number_block > 100000) {
    return common::StartupFailed(
        absl::InvalidArgumentError("setting order_number_block: 1 to 100000"));
  }
  auto clock = common::ServiceClock(config);
  if (!clock.ok()) return common::StartupFailed(clock.status());
  auto outbox = common::ReadOutboxSettings(
      config, "orders", std::max({*warranty_timeout, *scheduling_timeout, *callback_timeout}),
      kOutboxLeaseDefault);
  if (!outbox.ok()) return common::StartupFailed(outbox.status());
  const std::string warranty_address = config.Get("warranty_address");
  const std::string scheduling_address = config.Get("scheduling_address");
  const std::string callback_address = config.Get("callback_address");
  auto calendar = common::WorkingCalendar::LoadFile(runtime->calendar.path, runtime->business_zone);
  if (!calendar.ok()) return common::StartupFailed(calendar.status());
  auto policy = LoadOrdersPolicy(runtime->data_dir + "/orders");
  if (!policy.ok()) return common::StartupFailed(policy.status());

  common::ConnectionPool pool(runtime->db);
  absl::Status migrated = common::MigrateWhenReady(pool, EmbeddedMigrations(), runtime->db_wait);
  if (!migrated.ok()) return common::StartupFailed(migrated);

  MySqlOrderRepository order_repository(pool, runtime->retry, static_cast<int>(*number_block));
  MySqlApprovalRepository approval_repository(pool, runtime->retry);
  // The warranty service is asked through the outbox and its catalogue is
  // followed for intake checks; without one, neither happens.
  // Mutual TLS: the certificate names orders to the warranty service.
  auto warranty_credentials = common::ServiceChannelCredentials(runtime->server.transport);
  if (!warranty_credentials.ok()) return common::StartupFailed(warranty_credentials.status());
  auto warranty_channel = common::OpenServiceChannel(warranty_address, *warranty_credentials);
  auto scheduling_channel = common::OpenServiceChannel(scheduling_address, *warranty_credentials);
  auto callback_channel = common::OpenServiceChannel(callback_address, *warranty_credentials);
  for (const auto* channel : {&warranty_channel, &scheduling_channel, &callback_channel}) {
    if (!channel->ok()) return common::StartupFailed(channel->status());
  }
  CatalogueFollower catalogue(*warranty_channel, *warranty_timeout, *catalogue_refresh);
  if (!warranty_address.empty()) catalogue.Start();
  OrderService orders(order_repository, **clock, *calendar, *policy,
                      /*request_warranty=*/!warranty_address.empty(), &catalogue,
                      /*sync_dispatch=*/!scheduling_address.empty(),
                      /*report_visits=*/!callback_address.empty());
  ApprovalService approvals(approval_repository, **clock, policy->approval_chains);
  api::RepairOrdersHandler handler(orders, approvals);
  // The calendar follows its file; Operations reports its coverage.
  common::CalendarKeeper calendar_keeper(*calendar, **clock, runtime->calendar);
  common::StatusChecks checks;
  checks.Add("database", [&pool] { return common::DatabaseCheck(pool); });
  checks.Add("outbox", [&pool, &clock, warn = outbox->backlog_warn_age] {
    return common::OutboxCheck(pool, **clock, warn);
  });
  common::OperationsHandler operations("orders", calendar_keeper, checks);
  auto server = common::ServerHost::Start(
      runtime->server, {common::Served<v1::RepairOrders>(&handler), operations.Served()});
  if (!server.ok()) return common::StartupFailed(server.status());
  DeadlineSweeper sweeper(
      orders, *sweep_interval, static_cast<int>(*sweep_batch),
      [&pool, &runtime, &outbox, lease = *sweep_lease]() -> absl::StatusOr<bool> {
        return common::TryTakeLease(pool, runtime->retry, kSweepLease, outbox->relay.replica_id,
                                    lease);
      });
  sweeper.Start();
  // Messages owed to other services; delivered even if they were down when
  // the order was taken, or when this process restarted in between.
  WarrantyRequester warranty(orders, *warranty_channel, *warranty_timeout);
  std::map<std::string, common::OutboxRelay::Handler> handlers;
  if (!warranty_address.empty()) {
    handlers[kWarrantyDecideTopic] = [&](const common::OutboxMessage& m) {
      return warranty.Deliver(m);
    };
  }
  // The same certificate names orders to the scheduling service.
  SchedulingSync scheduling(orders, *scheduling_channel, *scheduling_timeout);
  if (!scheduling_address.empty()) {
    handlers[kSchedulingSyncTopic] = [&](const common::OutboxMessage& m) {
      return scheduling.Deliver(m);
    };
  }
  // And to the callback service, which makes each completed visit's 回访 task.
  CallbackReporter callback(orders, *callback_channel, *callback_timeout);
  if (!callback_address.empty()) {
    handlers[kCallbackVisitCompletedTopic] = [&](const common::OutboxMessage& m) {
      return callback.Deliver(m);
    };
  }
  if (!scheduling_address.empty()) {
    // Orders queued before scheduling was configured, or a scheduling
    // database restored from an older backup, get their job (again).
    auto resynced = orders.ResyncDispatchQueue();
    if (!resynced.ok()) return common::StartupFailed(resynced.status());
    common::LogInfo("dispatch_resync", {{"orders", absl::StrCat(*resynced)}});
  }
  common::OutboxRelay relay(pool, **clock, outbox->relay, handlers);
  common::ScrapedOutbox outbox_metrics(pool, **clock, runtime->metrics_db_timeout);
  relay.Start();
  calendar_keeper.Start();
  return common::ServeUntilSignal(
      **server, pool,
      common::ServeOptionsOf(*runtime, "orders", {v1::RepairOrders::service_full_name()}), [&] {
        calendar_keeper.Stop();
        relay.Stop();
        sweeper.Stop();
        catalogue.Stop();
      });
}

}  // namespace
}  // namespace fieldservice::orders

int main(int argc, char** argv) { return fieldservice::orders::Run(argc, argv); }
