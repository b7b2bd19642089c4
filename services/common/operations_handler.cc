#include "services/common/operations_handler.h"

#include "absl/strings/str_cat.h"
#include "services/common/caller.h"
#include "services/common/grpc_status.h"
#include "services/common/logging.h"
#include "services/common/proto_time.h"

#ifndef FS_VERSION
#define FS_VERSION "unknown"
#endif

namespace fieldservice::common {

OperationsHandler::OperationsHandler(std::string service, CalendarKeeper& calendar,
                                     StatusChecks& checks)
    : service_(std::move(service)), calendar_(calendar), checks_(checks) {
  checks_.Add("calendar", [&calendar] {
    CalendarCoverage coverage = calendar.Coverage();
    CheckResult result;
    result.ok = coverage.missing.empty();
    result.detail = result.ok ? "every year that matters now is covered" : coverage.warning;
    return result;
  });
}

void OperationsHandler::FillCalendar(ops::v1::CalendarStatus* out) const {
  CalendarCoverage coverage = calendar_.Coverage();
  out->set_file(calendar_.path());
  for (const auto& [year, source] : coverage.years) {
    ops::v1::CalendarYear* y = out->add_years();
    y->set_year(year);
    y->set_source(source);
  }
  for (int year : coverage.missing) out->add_missing_years(year);
  out->set_warning(coverage.warning);
  SetTimestamp(calendar_.load_time(), out->mutable_load_time());
}

grpc::Status OperationsHandler::GetServiceStatus(grpc::ServerContext* context,
                                                 const ops::v1::GetServiceStatusRequest* request,
                                                 ops::v1::ServiceStatus* response) {
  response->set_service(service_);
  response->set_version(FS_VERSION);
  FillCalendar(response->mutable_calendar());
  for (const CheckResult& r : checks_.RunAll()) {
    ops::v1::Check* check = response->add_checks();
    check->set_name(r.name);
    check->set_ok(r.ok);
    check->set_detail(r.detail);
    check->mutable_figures()->insert(r.figures.begin(), r.figures.end());
  }
  return grpc::Status::OK;
}

grpc::Status OperationsHandler::ReloadCalendar(grpc::ServerContext* context,
                                               const ops::v1::ReloadCalendarRequest* request,
                                               ops::v1::CalendarStatus* response) {
  // Only calendar_admin gets here (data/access/policy.txt).
  const Caller& caller = CallerOf(*context);
  LogInfo("calendar_reload_requested", {{"principal", caller.principal}});
  absl::Status reloaded = calendar_.Reload();
  if (!reloaded.ok()) {
    // The file is what the operator must fix before asking again.
    return ToGrpcStatus(absl::FailedPreconditionError(reloaded.message()));
  }
  FillCalendar(response);
  return grpc::Status::OK;
}

}  // namespace fieldservice::common
