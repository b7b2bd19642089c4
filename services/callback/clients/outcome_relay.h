// Delivers what an ended callback task owes (domain/outcome_report.h): the
// verdict to the orders service (RecordCallbackOutcome) and the rating to
// the scheduling service (RecordCallbackRating). Each message carries the
// task's key; the request is built from the task as stored. Both receivers
// act once per callback, so a message delivered twice is harmless.
#ifndef FIELDSERVICE_CALLBACK_CLIENTS_OUTCOME_RELAY_H_
#define FIELDSERVICE_CALLBACK_CLIENTS_OUTCOME_RELAY_H_

#include <grpcpp/channel.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "fieldservice/orders/v1/orders_service.grpc.pb.h"
#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "services/callback/domain/callback_service.h"
#include "services/common/outbox.h"

namespace fieldservice::callback {

class OrdersOutcomeRelay {
 public:
  OrdersOutcomeRelay(CallbackService& callbacks, std::shared_ptr<grpc::Channel> channel,
                     absl::Duration call_timeout);
  absl::Status Deliver(const common::OutboxMessage& message);

  // The request for an ended task; FAILED_PRECONDITION for a task that has
  // not ended (a message is owed only when it does).
  static absl::StatusOr<fieldservice::orders::v1::RecordCallbackOutcomeRequest> RequestFor(
      const CallbackRecord& record);

 private:
  CallbackService& callbacks_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<fieldservice::orders::v1::RepairOrders::Stub> stub_;
  absl::Duration call_timeout_;
};

class SchedulingRatingRelay {
 public:
  SchedulingRatingRelay(CallbackService& callbacks, std::shared_ptr<grpc::Channel> channel,
                        absl::Duration call_timeout);
  absl::Status Deliver(const common::OutboxMessage& message);

  static absl::StatusOr<fieldservice::scheduling::v1::RecordCallbackRatingRequest> RequestFor(
      const CallbackRecord& record, const Survey& survey);

 private:
  CallbackService& callbacks_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<fieldservice::scheduling::v1::Technicians::Stub> stub_;
  absl::Duration call_timeout_;
};

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_CLIENTS_OUTCOME_RELAY_H_
