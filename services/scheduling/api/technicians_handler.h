// gRPC handlers of fieldservice.scheduling.v1.Technicians: map the proto to
// the domain, call TechnicianService, map the answer back. No rule lives
// here.
#ifndef FIELDSERVICE_SCHEDULING_API_TECHNICIANS_HANDLER_H_
#define FIELDSERVICE_SCHEDULING_API_TECHNICIANS_HANDLER_H_

#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "services/scheduling/domain/technician_service.h"

namespace fieldservice::scheduling::api {

namespace v1 = ::fieldservice::scheduling::v1;

class TechniciansHandler final : public v1::Technicians::Service {
 public:
  explicit TechniciansHandler(TechnicianService& technicians) : technicians_(technicians) {}

  grpc::Status CreateTechnician(grpc::ServerContext* context,
                                const v1::CreateTechnicianRequest* request,
                                v1::Technician* response) override;
  grpc::Status GetTechnician(grpc::ServerContext* context, const v1::GetTechnicianRequest* request,
                             v1::Technician* response) override;
  grpc::Status ListTechnicians(grpc::ServerContext* context,
                               const v1::ListTechniciansRequest* request,
                               v1::ListTechniciansResponse* response) override;
  grpc::Status UpdateTechnician(grpc::ServerContext* context,
                                const v1::UpdateTechnicianRequest* request,
                                v1::Technician* response) override;
  grpc::Status RecordCallbackRating(grpc::ServerContext* context,
                                    const v1::RecordCallbackRatingRequest* request,
                                    v1::Technician* response) override;

 private:
  TechnicianService& technicians_;
};

}  // namespace fieldservice::scheduling::api

#endif  // FIELDSERVICE_SCHEDULING_API_TECHNICIANS_HANDLER_H_
