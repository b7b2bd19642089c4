// gRPC handlers of fieldservice.scheduling.v1.TechnicianApp: the unary
// calls run synchronously; StreamJobs uses the callback API (JobStreams).
// The technician is always the verified caller (common/caller.h), never a
// request field.
#ifndef FIELDSERVICE_SCHEDULING_API_TECHNICIAN_APP_HANDLER_H_
#define FIELDSERVICE_SCHEDULING_API_TECHNICIAN_APP_HANDLER_H_

#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "services/common/clock.h"
#include "services/scheduling/api/job_streams.h"
#include "services/scheduling/domain/technician_app_service.h"

namespace fieldservice::scheduling::api {

class TechnicianAppHandler final
    : public v1::TechnicianApp::WithCallbackMethod_StreamJobs<v1::TechnicianApp::Service> {
 public:
  TechnicianAppHandler(TechnicianAppService& app, JobStreams& streams, const common::Clock& clock,
                       absl::TimeZone business_zone)
      : app_(app), streams_(streams), clock_(clock), zone_(business_zone) {}

  grpc::Status ListMyJobs(grpc::ServerContext* context, const v1::ListMyJobsRequest* request,
                          v1::ListMyJobsResponse* response) override;
  grpc::ServerWriteReactor<v1::JobChangeEvent>* StreamJobs(
      grpc::CallbackServerContext* context, const v1::StreamJobsRequest* request) override;
  grpc::Status AcceptJob(grpc::ServerContext* context, const v1::AcceptJobRequest* request,
                         v1::TechnicianJob* response) override;
  grpc::Status DeclineJob(grpc::ServerContext* context, const v1::DeclineJobRequest* request,
                          v1::TechnicianJob* response) override;
  grpc::Status UpdateJobStatus(grpc::ServerContext* context,
                               const v1::UpdateJobStatusRequest* request,
                               v1::TechnicianJob* response) override;
  grpc::Status CompleteJob(grpc::ServerContext* context, const v1::CompleteJobRequest* request,
                           v1::TechnicianJob* response) override;
  grpc::Status ReportLocation(grpc::ServerContext* context,
                              const v1::ReportLocationRequest* request,
                              v1::ReportLocationResponse* response) override;

 private:
  TechnicianAppService& app_;
  JobStreams& streams_;
  const common::Clock& clock_;
  const absl::TimeZone zone_;
};

}  // namespace fieldservice::scheduling::api

#endif  // FIELDSERVICE_SCHEDULING_API_TECHNICIAN_APP_HANDLER_H_
