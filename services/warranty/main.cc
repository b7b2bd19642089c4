// The warranty service: wiring only. Reads configuration, waits for the
// database and migrates it, makes sure the shipped catalogue is stored,
// serves gRPC until SIGTERM or SIGINT.
#include "absl/strings/str_cat.h"
#include "services/common/calendar.h"
#include "services/common/clock.h"
#include "services/common/files.h"
#include "services/common/operations_handler.h"
#include "services/common/service_checks.h"
#include "services/common/service_main.h"
#include "services/warranty/api/warranty_handler.h"
#include "services/warranty/domain/catalogue_service.h"
#include "services/warranty/domain/decision_service.h"
#include "services/warranty/storage/mysql_warranty_repository.h"

namespace fieldservice::warranty {
namespace {

std::vector<common::Setting> Settings() {
  std::vector<common::Setting> s = common::StandardSettings("127.0.0.1:50052", "warranty");
  s.push_back({"catalogue_file", "",
               "catalogue loaded at start-up (default: "
               "<data_dir>/warranty/catalogue.txt)"});
  s.push_back(
      {"catalogue_refresh", "10s", "how often a replica checks which catalogue version is active"});
  return s;
}

int Run(int argc, char** argv) {
  common::BlockTerminationSignals();
  common::Config config;
  if (auto exit = common::LoadConfigOrExit(Settings(), argc, argv, "warranty_server", &config)) {
    return *exit;
  }
  auto runtime = common::ReadStandardRuntime(config);
  if (!runtime.ok()) return common::StartupFailed(runtime.status());
  auto refresh = config.GetDuration("catalogue_refresh");
  if (!refresh.ok()) return common::StartupFailed(refresh.status());
  std::string catalogue_file = config.Get("catalogue_file");
  if (catalogue_file.empty()) catalogue_file = runtime->data_dir + "/warranty/catalogue.txt";
  auto shipped = common::ReadTextFile(catalogue_file);
  if (!shipped.ok()) return common::StartupFailed(shipped.status());
  auto calendar = common::WorkingCalendar::LoadFile(runtime->calendar.path, runtime->business_zone);
  if (!calendar.ok()) return common::StartupFailed(calendar.status());

  common::ConnectionPool pool(runtime->db);
  absl::Status migrated = common::MigrateWhenReady(pool, EmbeddedMigrations(), runtime->db_wait);
  if (!migrated.ok()) return common::StartupFailed(migrated);

  common::SystemClock clock;
  MySqlWarrantyRepository repository(pool, runtime->retry);
  CatalogueService catalogues(repository, clock, *refresh);
  if (absl::Status s = catalogues.Bootstrap(*shipped, catalogue_file); !s.ok()) {
    return common::StartupFailed(
        absl::Status(s.code(), absl::StrCat(catalogue_file, ": ", s.message())));
  }
  DecisionService decisions(repository, catalogues, *calendar, clock);
  api::WarrantyHandler handler(decisions, catalogues, *calendar);
  // The calendar follows its file; Operations reports its coverage.
  common::CalendarKeeper calendar_keeper(*calendar, clock, runtime->calendar);
  common::StatusChecks checks;
  checks.Add("database", [&pool] { return common::DatabaseCheck(pool); });
  common::OperationsHandler operations("warranty", calendar_keeper, checks);
  auto server = common::ServerHost::Start(
      runtime->server, {common::Served<v1::Warranty>(&handler), operations.Served()});
  if (!server.ok()) return common::StartupFailed(server.status());
  calendar_keeper.Start();
  return common::ServeUntilSignal(
      **server, pool,
      common::ServeOptionsOf(*runtime, "warranty", {v1::Warranty::service_full_name()}),
      [&] { calendar_keeper.Stop(); });
}

}  // namespace
}  // namespace fieldservice::warranty

int main(int argc, char** argv) { return fieldservice::warranty::Run(argc, argv); }
