// Delivers the orders service's "warranty.decide" outbox messages: reads the
// order, asks the warranty service for a 三包 decision as of the call, and
// records the answer on the order. The message id is the warranty request_id,
// so a redelivery gets the same decision back.
#ifndef FIELDSERVICE_ORDERS_CLIENTS_WARRANTY_REQUESTER_H_
#define FIELDSERVICE_ORDERS_CLIENTS_WARRANTY_REQUESTER_H_

#include <grpcpp/channel.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "fieldservice/warranty/v1/warranty.grpc.pb.h"
#include "services/common/outbox.h"
#include "services/orders/domain/order_service.h"

namespace fieldservice::orders {

class WarrantyRequester {
 public:
  WarrantyRequester(OrderService& orders, std::shared_ptr<grpc::Channel> channel,
                    absl::Duration call_timeout);

  // OK when the answer is recorded (a decision, or the facts it refused);
  // UNAVAILABLE and the like when the warranty service could not answer, so
  // the relay tries again later.
  absl::Status Deliver(const common::OutboxMessage& message);

  // The request for an order with every fact of its warranty claim: the
  // purchase date counts as the invoice date when an invoice number was
  // given; an unset performance_fault is a performance fault (what a customer
  // calling about a malfunction reports); the request time is the order's
  // creation, not the delivery.
  static fieldservice::warranty::v1::DecideCoverageRequest RequestFor(
      const RepairOrder& order, const std::string& request_id);

  // The decision as the order keeps it: coverage, remedies, refund, quote,
  // reasons in Chinese and the last covered day.
  static WarrantyInfo DecidedInfo(const fieldservice::warranty::v1::Decision& decision);

 private:
  OrderService& orders_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<fieldservice::warranty::v1::Warranty::Stub> stub_;
  absl::Duration call_timeout_;
};

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_CLIENTS_WARRANTY_REQUESTER_H_
