// Delivers the orders service's "scheduling.sync" outbox messages: reads the
// order as it is now and tells the scheduling service its dispatch facts
// (Dispatch.SyncJob). Scheduling keeps the newest order version, so a
// message delivered twice, or after a later one, changes nothing.
#ifndef FIELDSERVICE_ORDERS_CLIENTS_SCHEDULING_SYNC_H_
#define FIELDSERVICE_ORDERS_CLIENTS_SCHEDULING_SYNC_H_

#include <grpcpp/channel.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "services/common/outbox.h"
#include "services/orders/domain/order_service.h"

namespace fieldservice::orders {

class SchedulingSync {
 public:
  SchedulingSync(OrderService& orders, std::shared_ptr<grpc::Channel> channel,
                 absl::Duration call_timeout);

  // OK once scheduling holds the order's current facts; UNAVAILABLE and the
  // like when it could not be told, so the relay tries again later.
  absl::Status Deliver(const common::OutboxMessage& message);

  // The request for the order as it is.
  static fieldservice::scheduling::v1::SyncJobRequest RequestFor(const RepairOrder& order);

 private:
  OrderService& orders_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<fieldservice::scheduling::v1::Dispatch::Stub> stub_;
  absl::Duration call_timeout_;
};

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_CLIENTS_SCHEDULING_SYNC_H_
