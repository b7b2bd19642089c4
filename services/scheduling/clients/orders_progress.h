// Delivers the scheduling service's "orders.dispatch_progress" outbox
// messages: reads the job as it is now and tells the orders service where it
// stands (RepairOrders.RecordDispatchProgress). Orders keeps the newest job
// version, so a message delivered twice, or after a later one, changes
// nothing. A COMPLETED job's message carries the visit's repair record (the
// order's latest one) and the technician's outlet (网点), which the orders
// service passes on to the callback service.
#ifndef FIELDSERVICE_SCHEDULING_CLIENTS_ORDERS_PROGRESS_H_
#define FIELDSERVICE_SCHEDULING_CLIENTS_ORDERS_PROGRESS_H_

#include <grpcpp/channel.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "fieldservice/orders/v1/orders_service.grpc.pb.h"
#include "services/common/outbox.h"
#include "services/scheduling/domain/dispatch_repository.h"
#include "services/scheduling/domain/repair_record.h"
#include "services/scheduling/domain/technician_repository.h"

namespace fieldservice::scheduling {

// What a completed job tells beyond the job itself.
struct CompletedVisit {
  // The repair record the technician handed in (nullopt: none kept).
  std::optional<RepairRecord> record;
  // The outlet of the technician who completed it; empty: unknown.
  std::string outlet;
};

class OrdersProgress {
 public:
  OrdersProgress(DispatchRepository& jobs, TechnicianRepository& technicians,
                 std::shared_ptr<grpc::Channel> channel, absl::Duration call_timeout);

  // OK once orders holds the job's current step (or there is nothing to
  // tell); UNAVAILABLE and the like when it could not be told, so the relay
  // tries again later.
  absl::Status Deliver(const common::OutboxMessage& message);

  // The request for the job as it is; nullopt when the orders service has
  // nothing to hear (the order itself ended the job). `visit` is used only
  // for a COMPLETED job: its record and outlet go with the completion.
  static std::optional<fieldservice::orders::v1::RecordDispatchProgressRequest> RequestFor(
      const DispatchJob& job, const CompletedVisit& visit = {});

  // The completed visit of `job` as kept: the order's latest repair record
  // (decoded) and its technician's outlet. DATA_LOSS for a stored record
  // that does not decode.
  absl::StatusOr<CompletedVisit> VisitOf(const DispatchJob& job);

 private:
  DispatchRepository& jobs_;
  TechnicianRepository& technicians_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<fieldservice::orders::v1::RepairOrders::Stub> stub_;
  absl::Duration call_timeout_;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_CLIENTS_ORDERS_PROGRESS_H_
