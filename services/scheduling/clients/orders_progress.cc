#include "services/scheduling/clients/orders_progress.h"

#include <grpcpp/client_context.h>

#include "absl/strings/str_cat.h"
#include "services/common/enum_names.h"
#include "services/common/logging.h"
#include "services/common/outbox_call.h"
#include "services/common/proto_time.h"
#include "services/scheduling/api/technician_app_mapping.h"
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

// The visit's record as the orders service keeps it: what the callback
// reads (the function test, the signature, parts and fees), not the texts
// or the signature image.
void SetVisitRecord(const RepairRecord& record, ov1::VisitRecord* out) {
  out->set_function_test_passed(record.function_test_passed);
  out->set_signed_by_customer(!record.signature.empty());
  for (const PartUsed& p : record.parts_used) {
    ov1::VisitPart* part = out->add_parts();
    part->set_part_id(p.part_id);
    part->set_serial(p.serial);
    part->set_quantity(p.quantity);
  }
  for (const Fee& f : record.fees) {
    ov1::VisitFee* fee = out->add_fees();
    // A kept record passed CheckRepairRecord, so every fee has its kind.
    if (f.kind.has_value()) fee->set_kind(std::string(common::NameOf(kFeeKindNames, *f.kind)));
    fee->set_part_id(f.part_id);
    fee->set_amount_fen(f.amount_fen);
  }
}

}  // namespace

OrdersProgress::OrdersProgress(DispatchRepository& jobs, TechnicianRepository& technicians,
                               std::shared_ptr<grpc::Channel> channel, absl::Duration call_timeout)
    : jobs_(jobs),
      technicians_(technicians),
      channel_(std::move(channel)),
      stub_(ov1::RepairOrders::NewStub(channel_)),
      call_timeout_(call_timeout) {}

std::optional<ov1::RecordDispatchProgressRequest> OrdersProgress::RequestFor(
    const DispatchJob& job, const CompletedVisit& visit) {
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
    if (visit.record.has_value()) SetVisitRecord(*visit.record, r.mutable_visit_record());
    r.set_technician_outlet(visit.outlet);
  } else {
    r.set_reason(job.step_reason);
  }
  if (job.eta.has_value()) common::SetTimestamp(*job.eta, r.mutable_eta());
  common::SetTimestamp(job.step_time, r.mutable_change_time());
  return r;
}

absl::StatusOr<CompletedVisit> OrdersProgress::VisitOf(const DispatchJob& job) {
  CompletedVisit visit;
  // A job completes only with its record (TechnicianAppService::Complete),
  // one kept per completion: the latest is this completion's, also after a
  // reopen queued the job again.
  auto kept = jobs_.LatestRecord(job.job.order_number);
  if (!kept.ok()) return kept.status();
  std::string technician_id = job.technician_id;
  if (kept->has_value()) {
    fieldservice::scheduling::v1::RepairRecord stored;
    if (!stored.ParseFromString((*kept)->record.encoded)) {
      return absl::DataLossError(absl::StrCat("the repair record of ",
                                              JobName(job.job.order_number), " (visit ",
                                              (*kept)->visit, ") does not decode"));
    }
    visit.record = api::RecordFromProto(stored);
    technician_id = (*kept)->technician_id;
  }
  if (!technician_id.empty()) {
    auto technician = technicians_.Get(technician_id);
    if (technician.ok()) {
      visit.outlet = technician->outlet;
    } else if (technician.status().code() != absl::StatusCode::kNotFound) {
      return technician.status();  // tried again later
    }
  }
  return visit;
}

absl::Status OrdersProgress::Deliver(const common::OutboxMessage& message) {
  const std::string& order_number = message.payload;
  auto job = jobs_.GetJob(order_number);
  if (!job.ok()) return job.status();
  if (!job->has_value()) {
    return absl::NotFoundError(absl::StrCat(JobName(order_number), " does not exist"));
  }
  CompletedVisit visit;
  if ((*job)->step == JobStep::kCompleted) {
    auto kept = VisitOf(**job);
    if (!kept.ok()) return kept.status();
    visit = *std::move(kept);
  }
  std::optional<ov1::RecordDispatchProgressRequest> request = RequestFor(**job, visit);
  if (!request.has_value()) return absl::OkStatus();
  ov1::RepairOrder order;
  absl::Status told = common::CallForOutbox(
      *channel_, call_timeout_, "orders",
      [&](grpc::ClientContext& c) { return stub_->RecordDispatchProgress(&c, *request, &order); });
  if (!told.ok()) return told;
  common::LogInfo("dispatch_progress_told", {{"order", order_number},
                                             {"version", absl::StrCat((*job)->version)},
                                             {"step", JobStepName((*job)->step)}});
  return absl::OkStatus();
}

}  // namespace fieldservice::scheduling
