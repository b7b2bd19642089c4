// The one converter from absl::Status to grpc::Status, used at every handler
// boundary. Field violations become google.rpc.BadRequest, illegal
// transitions google.rpc.PreconditionFailure, both inside a google.rpc.Status
// in the `grpc-status-details-bin` trailer that stock clients decode.
#ifndef FIELDSERVICE_COMMON_GRPC_STATUS_H_
#define FIELDSERVICE_COMMON_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/common/errors.h"

namespace fieldservice::common {

grpc::Status ToGrpcStatus(const absl::Status& status);

// INVALID_ARGUMENT with every violation, for handlers' own shape checks.
grpc::Status InvalidArgumentStatus(const std::vector<FieldViolation>& violations);

// A status is prefixed with the field path of the message it was checked in
// (e.g. "repair_order."), so that domain checks relative to a message report
// request paths.
absl::Status PrefixFieldPaths(const absl::Status& status, const std::string& prefix);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_GRPC_STATUS_H_
