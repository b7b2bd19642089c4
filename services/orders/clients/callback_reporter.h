// Delivers the orders service's "callback.visit_completed" outbox messages
// (domain/visit_report.h): reads the order as it is now and tells the
// callback service the visit is done (Callbacks.RecordVisitCompleted), which
// makes the visit's 回访 task. The callback service keys the task by order
// number and visit number, so a message delivered twice makes one task.
#ifndef FIELDSERVICE_ORDERS_CLIENTS_CALLBACK_REPORTER_H_
#define FIELDSERVICE_ORDERS_CLIENTS_CALLBACK_REPORTER_H_

#include <grpcpp/channel.h>

#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "fieldservice/callback/v1/callback_service.grpc.pb.h"
#include "services/common/outbox.h"
#include "services/orders/domain/order_service.h"
#include "services/orders/domain/visit_report.h"

namespace fieldservice::orders {

class CallbackReporter {
 public:
  CallbackReporter(OrderService& orders, std::shared_ptr<grpc::Channel> channel,
                   absl::Duration call_timeout);

  // OK once the callback service holds the visit; UNAVAILABLE and the like
  // when it could not be told, so the relay tries again later.
  absl::Status Deliver(const common::OutboxMessage& message);

  // The request for visit `visit_number` of the order as it is, with the
  // visit's milestones from its audit trail (completed_at set).
  static fieldservice::callback::v1::RecordVisitCompletedRequest RequestFor(
      const RepairOrder& order, int64_t visit_number, const VisitMilestones& milestones);

 private:
  // The visit's milestones from the order's whole audit trail; completed_at
  // is the order's last change if the trail has no such COMPLETE.
  absl::StatusOr<VisitMilestones> MilestonesOfVisit(const RepairOrder& order, int64_t visit_number);

  OrderService& orders_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<fieldservice::callback::v1::Callbacks::Stub> stub_;
  absl::Duration call_timeout_;
};

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_CLIENTS_CALLBACK_REPORTER_H_
