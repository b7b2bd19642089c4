// gRPC handlers of fieldservice.orders.v1.RepairOrders: validate the request
// shape, map protos to the domain, call OrderService, map errors once.
#ifndef FIELDSERVICE_ORDERS_API_REPAIR_ORDERS_HANDLER_H_
#define FIELDSERVICE_ORDERS_API_REPAIR_ORDERS_HANDLER_H_

#include "fieldservice/orders/v1/orders_service.grpc.pb.h"
#include "services/orders/domain/approval_service.h"
#include "services/orders/domain/order_service.h"

namespace fieldservice::orders::api {

namespace v1 = ::fieldservice::orders::v1;

class RepairOrdersHandler final : public v1::RepairOrders::Service {
 public:
  RepairOrdersHandler(OrderService& orders, ApprovalService& approvals)
      : orders_(orders), approvals_(approvals) {}

  grpc::Status CreateRepairOrder(grpc::ServerContext* context,
                                 const v1::CreateRepairOrderRequest* request,
                                 v1::RepairOrder* response) override;
  grpc::Status GetRepairOrder(grpc::ServerContext* context,
                              const v1::GetRepairOrderRequest* request,
                              v1::RepairOrder* response) override;
  grpc::Status ListRepairOrders(grpc::ServerContext* context,
                                const v1::ListRepairOrdersRequest* request,
                                v1::ListRepairOrdersResponse* response) override;
  grpc::Status UpdateRepairOrder(grpc::ServerContext* context,
                                 const v1::UpdateRepairOrderRequest* request,
                                 v1::RepairOrder* response) override;
  grpc::Status TransitionRepairOrder(grpc::ServerContext* context,
                                     const v1::TransitionRepairOrderRequest* request,
                                     v1::RepairOrder* response) override;
  grpc::Status ListRepairOrderEvents(grpc::ServerContext* context,
                                     const v1::ListRepairOrderEventsRequest* request,
                                     v1::ListRepairOrderEventsResponse* response) override;
  grpc::Status HandOverRepairOrder(grpc::ServerContext* context,
                                   const v1::HandOverRepairOrderRequest* request,
                                   v1::RepairOrder* response) override;
  grpc::Status EscalateComplaint(grpc::ServerContext* context,
                                 const v1::EscalateComplaintRequest* request,
                                 v1::RepairOrder* response) override;
  grpc::Status RecordSpecialistContact(grpc::ServerContext* context,
                                       const v1::RecordSpecialistContactRequest* request,
                                       v1::RepairOrder* response) override;
  grpc::Status PromiseFollowUp(grpc::ServerContext* context,
                               const v1::PromiseFollowUpRequest* request,
                               v1::RepairOrder* response) override;
  grpc::Status CompleteFollowUp(grpc::ServerContext* context,
                                const v1::CompleteFollowUpRequest* request,
                                v1::RepairOrder* response) override;
  grpc::Status CreateApproval(grpc::ServerContext* context,
                              const v1::CreateApprovalRequest* request,
                              v1::Approval* response) override;
  grpc::Status GetApproval(grpc::ServerContext* context, const v1::GetApprovalRequest* request,
                           v1::Approval* response) override;
  grpc::Status ListApprovals(grpc::ServerContext* context, const v1::ListApprovalsRequest* request,
                             v1::ListApprovalsResponse* response) override;
  grpc::Status DecideApproval(grpc::ServerContext* context,
                              const v1::DecideApprovalRequest* request,
                              v1::Approval* response) override;
  grpc::Status RecordApprovalPayment(grpc::ServerContext* context,
                                     const v1::RecordApprovalPaymentRequest* request,
                                     v1::Approval* response) override;
  grpc::Status RecordDispatchProgress(grpc::ServerContext* context,
                                      const v1::RecordDispatchProgressRequest* request,
                                      v1::RepairOrder* response) override;
  grpc::Status RecordCallbackOutcome(grpc::ServerContext* context,
                                     const v1::RecordCallbackOutcomeRequest* request,
                                     v1::RepairOrder* response) override;

 private:
  // Maps a domain result to the response as `actor` may see it, or the error
  // to a grpc::Status.
  grpc::Status Reply(const absl::StatusOr<RepairOrder>& result, const Actor& actor,
                     v1::RepairOrder* response);

  OrderService& orders_;
  ApprovalService& approvals_;
};

}  // namespace fieldservice::orders::api

#endif  // FIELDSERVICE_ORDERS_API_REPAIR_ORDERS_HANDLER_H_
