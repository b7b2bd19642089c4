// gRPC handlers of fieldservice.scheduling.v1.Dispatch: map the proto to the
// domain, call DispatchService, map the answer back.
#ifndef FIELDSERVICE_SCHEDULING_API_DISPATCH_HANDLER_H_
#define FIELDSERVICE_SCHEDULING_API_DISPATCH_HANDLER_H_

#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "services/common/clock.h"
#include "services/scheduling/domain/day_plan_service.h"
#include "services/scheduling/domain/dispatch_service.h"

namespace fieldservice::scheduling::api {

namespace v1 = ::fieldservice::scheduling::v1;

class DispatchHandler final : public v1::Dispatch::Service {
 public:
  // Without `planner`, PlanDay and CommitPlan are UNIMPLEMENTED.
  DispatchHandler(DispatchService& dispatch, const common::Clock& clock,
                  DayPlanService* planner = nullptr)
      : dispatch_(dispatch), clock_(clock), planner_(planner) {}

  grpc::Status SyncJob(grpc::ServerContext* context, const v1::SyncJobRequest* request,
                       v1::DispatchJob* response) override;
  grpc::Status ListDispatchQueue(grpc::ServerContext* context,
                                 const v1::ListDispatchQueueRequest* request,
                                 v1::ListDispatchQueueResponse* response) override;
  grpc::Status ProposeCandidates(grpc::ServerContext* context,
                                 const v1::ProposeCandidatesRequest* request,
                                 v1::ProposeCandidatesResponse* response) override;
  grpc::Status OfferAppointmentSlots(grpc::ServerContext* context,
                                     const v1::OfferAppointmentSlotsRequest* request,
                                     v1::OfferAppointmentSlotsResponse* response) override;
  grpc::Status GetDispatchJob(grpc::ServerContext* context,
                              const v1::GetDispatchJobRequest* request,
                              v1::DispatchJob* response) override;
  grpc::Status AssignJob(grpc::ServerContext* context, const v1::AssignJobRequest* request,
                         v1::DispatchJob* response) override;
  grpc::Status ReassignJob(grpc::ServerContext* context, const v1::ReassignJobRequest* request,
                           v1::DispatchJob* response) override;
  grpc::Status UnassignJob(grpc::ServerContext* context, const v1::UnassignJobRequest* request,
                           v1::DispatchJob* response) override;
  grpc::Status BookAppointment(grpc::ServerContext* context,
                               const v1::BookAppointmentRequest* request,
                               v1::DispatchJob* response) override;
  grpc::Status PlanDay(grpc::ServerContext* context, const v1::PlanDayRequest* request,
                       v1::DayPlan* response) override;
  grpc::Status CommitPlan(grpc::ServerContext* context, const v1::CommitPlanRequest* request,
                          v1::CommitPlanResponse* response) override;

 private:
  DispatchService& dispatch_;
  const common::Clock& clock_;
  DayPlanService* const planner_;
};

}  // namespace fieldservice::scheduling::api

#endif  // FIELDSERVICE_SCHEDULING_API_DISPATCH_HANDLER_H_
