#include "services/scheduling/api/technician_app_handler.h"

#include "absl/strings/str_cat.h"
#include "services/common/call_deadline.h"
#include "services/common/caller.h"
#include "services/common/errors.h"
#include "services/common/grpc_status.h"
#include "services/common/hashing.h"
#include "services/common/proto_time.h"
#include "services/scheduling/api/job_mapping.h"
#include "services/scheduling/api/technician_app_mapping.h"

namespace fieldservice::scheduling::api {
namespace {

using common::FieldViolation;
using common::ToGrpcStatus;

// The app call a mutating request makes: the caller, its operation id, the
// request's fingerprint (a replay must be the same request).
AppCall CallOf(const grpc::ServerContext& context, const std::string& operation_id,
               const std::string& job, const google::protobuf::Message& request,
               std::vector<FieldViolation>& bad) {
  AppCall call;
  call.technician_id = common::CallerOf(context).principal;
  call.operation_id = operation_id;
  call.request_hash = common::Fnv1a64(request.SerializeAsString());
  call.order_number = JobOrderNumber(job, "job", bad);
  return call;
}

grpc::Status Answer(const absl::StatusOr<DispatchJob>& job, const std::string& technician_id,
                    v1::TechnicianJob* response) {
  if (!job.ok()) return ToGrpcStatus(job.status());
  TechnicianJobToProto(*job, TechnicianAppService::ShowsCustomer(*job, technician_id), response);
  return grpc::Status::OK;
}

std::optional<StatusUpdate> UpdateOf(v1::JobStatusUpdate status) {
  switch (status) {
    case v1::DEPARTED:
      return StatusUpdate::kDeparted;
    case v1::ARRIVED:
      return StatusUpdate::kArrived;
    case v1::CUSTOMER_NOT_HOME:
      return StatusUpdate::kCustomerNotHome;
    case v1::NEEDS_PARTS:
      return StatusUpdate::kNeedsParts;
    case v1::NEEDS_CARRY_IN:
      return StatusUpdate::kNeedsCarryIn;
    case v1::PARTS_ARRIVED:
      return StatusUpdate::kPartsArrived;
    default:
      return std::nullopt;
  }
}

}  // namespace

grpc::Status TechnicianAppHandler::ListMyJobs(grpc::ServerContext* context,
                                              const v1::ListMyJobsRequest* request,
                                              v1::ListMyJobsResponse* response) {
  common::ScopedCallDeadline call_deadline(*context);
  const std::string& me = common::CallerOf(*context).principal;
  absl::CivilDay day = absl::ToCivilDay(clock_.Now(), zone_);
  if (request->has_day()) {
    std::vector<FieldViolation> bad;
    std::optional<absl::CivilDay> asked = common::ToDay(request->day(), true, "day", bad);
    if (!asked.has_value()) return common::InvalidArgumentStatus(bad);
    day = *asked;
  }
  auto listed = app_.ListMyJobs(me, day);
  if (!listed.ok()) return ToGrpcStatus(listed.status());
  for (const DispatchJob& job : listed->first) {
    TechnicianJobToProto(job, TechnicianAppService::ShowsCustomer(job, me), response->add_jobs());
  }
  response->set_cursor(listed->second);
  return grpc::Status::OK;
}

grpc::ServerWriteReactor<v1::JobChangeEvent>* TechnicianAppHandler::StreamJobs(
    grpc::CallbackServerContext* context, const v1::StreamJobsRequest* request) {
  // The caller is read now: its scope ends when this returns.
  const std::string me = common::CallerOf(*context).principal;
  if (request->after_cursor() < 0) {
    return JobStreams::Refused(
        common::InvalidArgumentStatus({{"after_cursor", "0 or a cursor this stream sent"}}));
  }
  return streams_.Open(me, request->after_cursor());
}

grpc::Status TechnicianAppHandler::AcceptJob(grpc::ServerContext* context,
                                             const v1::AcceptJobRequest* request,
                                             v1::TechnicianJob* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  const AppCall call = CallOf(*context, request->operation_id(), request->job(), *request, bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Answer(app_.Accept(call, clock_.Now()), call.technician_id, response);
}

grpc::Status TechnicianAppHandler::DeclineJob(grpc::ServerContext* context,
                                              const v1::DeclineJobRequest* request,
                                              v1::TechnicianJob* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  const AppCall call = CallOf(*context, request->operation_id(), request->job(), *request, bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Answer(app_.Decline(call, request->reason(), clock_.Now()), call.technician_id, response);
}

grpc::Status TechnicianAppHandler::UpdateJobStatus(grpc::ServerContext* context,
                                                   const v1::UpdateJobStatusRequest* request,
                                                   v1::TechnicianJob* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  const AppCall call = CallOf(*context, request->operation_id(), request->job(), *request, bad);
  std::optional<StatusUpdate> update = UpdateOf(request->status());
  if (!update.has_value()) {
    bad.push_back({"status",
                   "one of DEPARTED, ARRIVED, CUSTOMER_NOT_HOME, NEEDS_PARTS, "
                   "NEEDS_CARRY_IN, PARTS_ARRIVED"});
  }
  std::optional<absl::Time> eta;
  if (request->has_eta()) eta = common::ToTime(request->eta(), true, "eta", bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Answer(app_.UpdateStatus(call, *update, eta, request->reason(), clock_.Now()),
                call.technician_id, response);
}

grpc::Status TechnicianAppHandler::CompleteJob(grpc::ServerContext* context,
                                               const v1::CompleteJobRequest* request,
                                               v1::TechnicianJob* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  const AppCall call = CallOf(*context, request->operation_id(), request->job(), *request, bad);
  if (!request->has_record()) bad.push_back({"record", "required: the repair record"});
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  return Answer(app_.Complete(call, RecordFromProto(request->record()),
                              request->record().SerializeAsString(), clock_.Now()),
                call.technician_id, response);
}

grpc::Status TechnicianAppHandler::ReportLocation(grpc::ServerContext* context,
                                                  const v1::ReportLocationRequest* request,
                                                  v1::ReportLocationResponse* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  if (request->operation_id().empty() || request->operation_id().size() > 64) {
    bad.push_back({"operation_id", "required: 1 to 64 characters chosen by the app"});
  }
  if (!request->has_position()) bad.push_back({"position", "required: where you are"});
  std::optional<absl::Time> fix;
  if (request->has_fix_time()) fix = common::ToTime(request->fix_time(), true, "fix_time", bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto kept = app_.ReportLocation(common::CallerOf(*context).principal,
                                  {request->position().latitude(), request->position().longitude()},
                                  fix, clock_.Now());
  if (!kept.ok()) return ToGrpcStatus(kept.status());
  response->mutable_position()->set_latitude(kept->first.latitude);
  response->mutable_position()->set_longitude(kept->first.longitude);
  common::SetTimestamp(kept->second, response->mutable_fix_time());
  return grpc::Status::OK;
}

}  // namespace fieldservice::scheduling::api
