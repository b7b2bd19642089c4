// The scheduling service: wiring only. Reads configuration, waits for the
// database and migrates it, serves gRPC until SIGTERM or SIGINT.
#include "services/common/calendar.h"
#include "services/common/calendar_keeper.h"
#include "services/common/clock.h"
#include "services/common/operations_handler.h"
#include "services/common/service_checks.h"
#include "services/common/service_main.h"
#include "services/scheduling/api/dispatch_handler.h"
#include "services/scheduling/api/technicians_handler.h"
#include "services/scheduling/domain/dispatch_service.h"
#include "services/scheduling/domain/technician_service.h"
#include "services/scheduling/storage/mysql_dispatch_repository.h"
#include "services/scheduling/storage/mysql_technician_repository.h"

namespace fieldservice::scheduling {
namespace {

std::vector<common::Setting> Settings() {
  std::vector<common::Setting> s = common::StandardSettings("127.0.0.1:50053", "scheduling");
  s.push_back({"dispatch_visit_within", "48h",
               "an on-site repair's visit deadline, from when it is queued"});
  s.push_back({"dispatch_complaint_visit_within", "24h", "a complaint's visit deadline"});
  s.push_back({"dispatch_min_level", "1", "the lowest skill level (1-5) a repair needs"});
  s.push_back({"dispatch_complaint_min_level", "3", "the lowest skill level for a complaint"});
  s.push_back({"dispatch_major_complaint_min_level", "4",
               "the lowest skill level for a major complaint (重大投诉)"});
  s.push_back({"dispatch_complaint_priority", "1", "a complaint's priority (repairs: 0)"});
  s.push_back({"dispatch_major_complaint_priority", "2", "a major complaint's priority"});
  s.push_back({"dispatch_service_time", "60m", "expected time on site of a job"});
  return s;
}

absl::StatusOr<DispatchPolicy> DispatchPolicyOf(const common::Config& config) {
  auto visit = config.GetDuration("dispatch_visit_within");
  auto complaint_visit = config.GetDuration("dispatch_complaint_visit_within");
  auto level = config.GetInt("dispatch_min_level");
  auto complaint_level = config.GetInt("dispatch_complaint_min_level");
  auto major_level = config.GetInt("dispatch_major_complaint_min_level");
  auto complaint_priority = config.GetInt("dispatch_complaint_priority");
  auto major_priority = config.GetInt("dispatch_major_complaint_priority");
  auto service_time = config.GetDuration("dispatch_service_time");
  for (const absl::Status& s :
       {visit.status(), complaint_visit.status(), level.status(), complaint_level.status(),
        major_level.status(), complaint_priority.status(), major_priority.status(),
        service_time.status()}) {
    if (!s.ok()) return s;
  }
  DispatchPolicy p;
  p.visit_within = *visit;
  p.complaint_visit_within = *complaint_visit;
  p.min_level = static_cast<int>(*level);
  p.complaint_min_level = static_cast<int>(*complaint_level);
  p.major_complaint_min_level = static_cast<int>(*major_level);
  p.complaint_priority = static_cast<int>(*complaint_priority);
  p.major_complaint_priority = static_cast<int>(*major_priority);
  p.service_time = *service_time;
  if (absl::Status ok = CheckDispatchPolicy(p); !ok.ok()) return ok;
  return p;
}

int Run(int argc, char** argv) {
  common::BlockTerminationSignals();
  common::Config config;
  if (auto exit = common::LoadConfigOrExit(Settings(), argc, argv, "scheduling_server", &config)) {
    return *exit;
  }
  auto runtime = common::ReadStandardRuntime(config);
  if (!runtime.ok()) return common::StartupFailed(runtime.status());
  auto dispatch_policy = DispatchPolicyOf(config);
  if (!dispatch_policy.ok()) return common::StartupFailed(dispatch_policy.status());
  auto calendar = common::WorkingCalendar::LoadFile(runtime->calendar.path, runtime->business_zone);
  if (!calendar.ok()) return common::StartupFailed(calendar.status());

  common::ConnectionPool pool(runtime->db);
  absl::Status migrated = common::MigrateWhenReady(pool, EmbeddedMigrations(), runtime->db_wait);
  if (!migrated.ok()) return common::StartupFailed(migrated);

  common::SystemClock clock;
  MySqlTechnicianRepository technician_repository(pool, runtime->retry);
  TechnicianService technicians(technician_repository, clock);
  api::TechniciansHandler technicians_handler(technicians);
  MySqlDispatchRepository dispatch_repository(pool, runtime->retry);
  DispatchService dispatch(dispatch_repository, *dispatch_policy);
  api::DispatchHandler dispatch_handler(dispatch, clock);
  // The calendar follows its file; Operations reports its coverage.
  common::CalendarKeeper calendar_keeper(*calendar, clock, runtime->calendar);
  common::StatusChecks checks;
  checks.Add("database", [&pool] { return common::DatabaseCheck(pool); });
  common::OperationsHandler operations("scheduling", calendar_keeper, checks);
  auto server = common::ServerHost::Start(
      runtime->server, {common::Served<v1::Technicians>(&technicians_handler),
                        common::Served<v1::Dispatch>(&dispatch_handler), operations.Served()});
  if (!server.ok()) return common::StartupFailed(server.status());
  calendar_keeper.Start();
  return common::ServeUntilSignal(**server, pool,
                                  common::ServeOptionsOf(*runtime, "scheduling",
                                                         {v1::Technicians::service_full_name(),
                                                          v1::Dispatch::service_full_name()}),
                                  [&] { calendar_keeper.Stop(); });
}

}  // namespace
}  // namespace fieldservice::scheduling

int main(int argc, char** argv) { return fieldservice::scheduling::Run(argc, argv); }
