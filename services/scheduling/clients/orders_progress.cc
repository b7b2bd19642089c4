#include "services/scheduling/clients/orders_progress.h"

#include <grpcpp/client_context.h>

#include "absl/strings/str_cat.h"
#include "services/common/logging.h"
#include "services/common/proto_time.h"
#include "services/scheduling/domain/job_transitions.h"

namespace fieldservice::scheduling {
namespace {

namespace ov1 = ::fieldservice::orders::v1;

void SetWindow(const Interval& window, fieldservice::type::TimeWindow* out) {
  common::SetTimestamp(window.start, out->mutable_start_time());
  common::SetTimestamp(window.end, out->mutable_end_time());
}

// The order's status for each step of the job; nullopt: none to tell.
std::optional<ov1::Status> OrderStatusOf(JobStep step) {
  switch (step) {
    case JobStep::kQueued:
      return ov1::PENDING_DISPATCH;
    case JobStep::kAssigned:
      return ov1::ASSIGNED;
    case JobStep::kBooked:
      return ov1::APPOINTMENT_BOOKED;
    case JobStep::kEnRoute:
      return ov1::EN_ROUTE;
    case JobStep::kOnSite:
      return ov1::ON_SITE_VISIT;
    case JobStep::kWaitingForParts:
      return ov1::WAITING_FOR_PARTS;
    case JobStep::kCompleted:
      return ov1::COMPLETED;
    case JobStep::kCarryIn:
      return ov1::AWAITING_DROP_OFF;
    case JobStep::kEnded:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

OrdersProgress::OrdersProgress(DispatchRepository& jobs, std::shared_ptr<grpc::Channel> channel,
                               absl::Duration call_timeout)
    : jobs_(jobs),
      channel_(std::move(channel)),
      stub_(ov1::RepairOrders::NewStub(channel_)),
      call_timeout_(call_timeout) {}

std::optional<ov1::RecordDispatchProgressRequest> OrdersProgress::RequestFor(
    const DispatchJob& job) {
  std::optional<ov1::Status> status = OrderStatusOf(job.step);
  if (!status.has_value()) return std::nullopt;
  ov1::RecordDispatchProgressRequest r;
  r.set_name(absl::StrCat("repairOrders/", job.job.order_number));
  r.set_dispatch_version(job.version);
  r.set_status(*status);
  if (job.step != JobStep::kQueued) r.set_technician_id(job.technician_id);
  if (job.appointment.has_value()) {
    SetWindow(*job.appointment, r.mutable_appointment());
  } else if (job.visit.has_value() && job.step != JobStep::kAssigned &&
             job.step != JobStep::kQueued) {
    // Under way without a booked window (a dispatcher's override): the
    // planned visit is the appointment the order records.
    SetWindow(*job.visit, r.mutable_appointment());
  }
  if (job.step == JobStep::kCompleted) {
    r.set_visit_summary(job.step_reason);
  } else {
    r.set_reason(job.step_reason);
  }
  if (job.eta.has_value()) common::SetTimestamp(*job.eta, r.mutable_eta());
  common::SetTimestamp(job.step_time, r.mutable_change_time());
  return r;
}

absl::Status OrdersProgress::Deliver(const common::OutboxMessage& message) {
  const std::string& order_number = message.payload;
  auto job = jobs_.GetJob(order_number);
  if (!job.ok()) return job.status();
  if (!job->has_value()) {
    return absl::NotFoundError(absl::StrCat(JobName(order_number), " does not exist"));
  }
  std::optional<ov1::RecordDispatchProgressRequest> request = RequestFor(**job);
  if (!request.has_value()) return absl::OkStatus();
  // Wait for a connection within the timeout, so one unreachable orders
  // service costs one timeout per round (outbox.h).
  const absl::Time deadline = absl::Now() + call_timeout_;
  if (!channel_->WaitForConnected(absl::ToChronoTime(deadline))) {
    return absl::UnavailableError("orders service unreachable");
  }
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(deadline));
  ov1::RepairOrder order;
  grpc::Status status = stub_->RecordDispatchProgress(&context, *request, &order);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat("orders service: ", status.error_message()));
  }
  common::LogInfo("dispatch_progress_told", {{"order", order_number},
                                             {"version", absl::StrCat((*job)->version)},
                                             {"step", JobStepName((*job)->step)}});
  return absl::OkStatus();
}

}  // namespace fieldservice::scheduling
