// The scheduling service: wiring only. Reads configuration, waits for the
// database and migrates it, serves gRPC until SIGTERM or SIGINT.
#include "services/common/calendar.h"
#include "services/common/calendar_keeper.h"
#include "services/common/clock.h"
#include "services/common/operations_handler.h"
#include "services/common/service_checks.h"
#include "services/common/service_main.h"
#include "services/scheduling/api/technicians_handler.h"
#include "services/scheduling/domain/technician_service.h"
#include "services/scheduling/storage/mysql_technician_repository.h"

namespace fieldservice::scheduling {
namespace {

int Run(int argc, char** argv) {
  common::BlockTerminationSignals();
  common::Config config;
  if (auto exit =
          common::LoadConfigOrExit(common::StandardSettings("127.0.0.1:50053", "scheduling"), argc,
                                   argv, "scheduling_server", &config)) {
    return *exit;
  }
  auto runtime = common::ReadStandardRuntime(config);
  if (!runtime.ok()) return common::StartupFailed(runtime.status());
  auto calendar = common::WorkingCalendar::LoadFile(runtime->calendar.path, runtime->business_zone);
  if (!calendar.ok()) return common::StartupFailed(calendar.status());

  common::ConnectionPool pool(runtime->db);
  absl::Status migrated = common::MigrateWhenReady(pool, EmbeddedMigrations(), runtime->db_wait);
  if (!migrated.ok()) return common::StartupFailed(migrated);

  common::SystemClock clock;
  MySqlTechnicianRepository technician_repository(pool, runtime->retry);
  TechnicianService technicians(technician_repository, clock);
  api::TechniciansHandler technicians_handler(technicians);
  // The calendar follows its file; Operations reports its coverage.
  common::CalendarKeeper calendar_keeper(*calendar, clock, runtime->calendar);
  common::StatusChecks checks;
  checks.Add("database", [&pool] { return common::DatabaseCheck(pool); });
  common::OperationsHandler operations("scheduling", calendar_keeper, checks);
  auto server = common::ServerHost::Start(
      runtime->server,
      {common::Served<v1::Technicians>(&technicians_handler), operations.Served()});
  if (!server.ok()) return common::StartupFailed(server.status());
  calendar_keeper.Start();
  return common::ServeUntilSignal(
      **server, pool,
      common::ServeOptionsOf(*runtime, "scheduling", {v1::Technicians::service_full_name()}),
      [&] { calendar_keeper.Stop(); });
}

}  // namespace
}  // namespace fieldservice::scheduling

int main(int argc, char** argv) { return fieldservice::scheduling::Run(argc, argv); }
