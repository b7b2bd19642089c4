// fieldservice.ops.v1.Operations (proto/fieldservice/ops/v1/ops.proto),
// served by every service: its status with the calendar's coverage and the
// registered checks, and the calendar reload for admins.
#ifndef FIELDSERVICE_COMMON_OPERATIONS_HANDLER_H_
#define FIELDSERVICE_COMMON_OPERATIONS_HANDLER_H_

#include <string>

#include "fieldservice/ops/v1/ops.grpc.pb.h"
#include "services/common/calendar_keeper.h"
#include "services/common/checked_service.h"
#include "services/common/status_checks.h"

namespace fieldservice::common {

class OperationsHandler final : public ops::v1::Operations::Service {
 public:
  // Registers the "calendar" check in `checks`; all must outlive the handler.
  OperationsHandler(std::string service, CalendarKeeper& calendar, StatusChecks& checks);

  ServedService Served() { return common::Served<ops::v1::Operations>(this); }

  grpc::Status GetServiceStatus(grpc::ServerContext* context,
                                const ops::v1::GetServiceStatusRequest* request,
                                ops::v1::ServiceStatus* response) override;
  grpc::Status ReloadCalendar(grpc::ServerContext* context,
                              const ops::v1::ReloadCalendarRequest* request,
                              ops::v1::CalendarStatus* response) override;

 private:
  void FillCalendar(ops::v1::CalendarStatus* out) const;

  const std::string service_;
  CalendarKeeper& calendar_;
  StatusChecks& checks_;
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_OPERATIONS_HANDLER_H_
