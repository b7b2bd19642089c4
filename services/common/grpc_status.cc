#include "services/common/grpc_status.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/common/errors.h"

namespace fieldservice::common {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::Status details;
  details.set_code(static_cast<int>(status.code()));
  details.set_message(std::string(status.message()));
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  if (!violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (const FieldViolation& v : violations) {
      auto* fv = bad_request.add_field_violations();
      fv->set_field(v.field);
      fv->set_description(v.description);
    }
    details.add_details()->PackFrom(bad_request);
  }
  std::vector<std::string> allowed = AllowedTransitionsOf(status);
  if (status.code() == absl::StatusCode::kFailedPrecondition &&
      status.GetPayload("type.fieldservice/AllowedTransitions").has_value()) {
    google::rpc::PreconditionFailure failure;
    auto* v = failure.add_violations();
    v->set_type("STATE_TRANSITION");
    v->set_subject(std::string(status.message()));
    std::string list;
    for (const std::string& a : allowed) list += (list.empty() ? "" : ",") + a;
    v->set_description(list.empty() ? "no transition is allowed" : "allowed: " + list);
    details.add_details()->PackFrom(failure);
    google::rpc::ErrorInfo info;
    info.set_reason("ILLEGAL_TRANSITION");
    info.set_domain("fieldservice");
    (*info.mutable_metadata())["allowed"] = list;
    details.add_details()->PackFrom(info);
  }
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()),
                      details.SerializeAsString());
}

grpc::Status InvalidArgumentStatus(const std::vector<FieldViolation>& violations) {
  return ToGrpcStatus(InvalidArgumentError(violations));
}

absl::Status PrefixFieldPaths(const absl::Status& status, const std::string& prefix) {
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  if (violations.empty()) return status;
  for (FieldViolation& v : violations) v.field = prefix + v.field;
  return InvalidArgumentError(violations);
}

}  // namespace fieldservice::common
