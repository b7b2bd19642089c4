#include "tools/fsctl/exit_codes.h"

#include <google/protobuf/util/json_util.h>

#include <iostream>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace fieldservice::fsctl {

namespace {

// The google.rpc.Status in a failed call's details; code and message only
// when the server attached none.
google::rpc::Status DetailsOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (status.error_details().empty() || !details.ParseFromString(status.error_details())) {
    details.Clear();
    details.set_code(status.error_code());
    details.set_message(status.error_message());
  }
  return details;
}

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

}  // namespace

ExitCode ExitCodeOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return kExitOk;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
      return kExitRefused;
    case grpc::StatusCode::NOT_FOUND:
      return kExitNotFound;
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAUTHENTICATED:
      return kExitDenied;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return kExitUnavailable;
    default:
      return kExitOther;
  }
}

std::vector<Violation> FieldViolationsOf(const grpc::Status& status) {
  std::vector<Violation> out;
  const google::rpc::Status details = DetailsOf(status);
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& v : bad_request.field_violations())
      out.push_back({v.field(), v.description()});
  }
  return out;
}

int ReportCallError(const std::string& what, const grpc::Status& status, bool json) {
  const google::rpc::Status details = DetailsOf(status);
  if (json) {
    std::string text;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    if (google::protobuf::util::MessageToJsonString(details, &text, options).ok()) {
      std::cerr << text << "\n";
      return ExitCodeOf(status.error_code());
    }
  }
  std::cerr << "fsctl: " << what << ": " << CodeName(status.error_code()) << ": "
            << status.error_message() << "\n";
  for (const Violation& v : FieldViolationsOf(status)) {
    std::cerr << "  " << v.field << ": " << v.rule << "\n";
  }
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::PreconditionFailure failure;
    if (!any.UnpackTo(&failure)) continue;
    for (const auto& v : failure.violations()) {
      std::cerr << "  " << v.type() << ": " << v.description() << "\n";
    }
  }
  return ExitCodeOf(status.error_code());
}

int ReportUsageError(const std::string& message) {
  std::cerr << "fsctl: " << message << "\n";
  return kExitUsage;
}

int ReportUsageError(const absl::Status& status) {
  return ReportUsageError(std::string(status.message()));
}

}  // namespace fieldservice::fsctl
