// fsctl's exit codes, which scripts can rely on (README "fsctl"), and how a
// failed call is told on stderr: the status, then each field the server
// refused as "field: rule" (the google.rpc.BadRequest the services attach,
// services/common/grpc_status.cc) and each failed precondition.
#ifndef FIELDSERVICE_TOOLS_FSCTL_EXIT_CODES_H_
#define FIELDSERVICE_TOOLS_FSCTL_EXIT_CODES_H_

#include <grpcpp/support/status.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace fieldservice::fsctl {

enum ExitCode : int {
  kExitOk = 0,
  kExitOther = 1,        // anything else (ABORTED: a stale etag, ALREADY_EXISTS, INTERNAL...)
  kExitUsage = 2,        // a bad command line, or a file or setting fsctl cannot use
  kExitRefused = 3,      // INVALID_ARGUMENT, FAILED_PRECONDITION: the server refused the input
  kExitNotFound = 4,     // NOT_FOUND
  kExitDenied = 5,       // PERMISSION_DENIED, UNAUTHENTICATED
  kExitUnavailable = 6,  // UNAVAILABLE, DEADLINE_EXCEEDED: try again later
  // Every service answered, but one needs an operator: `fsctl outbox` found
  // parked messages, or a pending one older than the service's
  // outbox_backlog_warn_age.
  kExitAttention = 7,
};

ExitCode ExitCodeOf(grpc::StatusCode code);

// A field the server refused and the rule it broke.
struct Violation {
  std::string field;  // "repair_order.customer.phone"
  std::string rule;
};
// The google.rpc.BadRequest field violations in `status`'s details.
std::vector<Violation> FieldViolationsOf(const grpc::Status& status);

// Prints "fsctl: <what>: <CODE>: <message>" and the violations on stderr
// (with `json`, the google.rpc.Status as JSON instead); returns the exit code.
int ReportCallError(const std::string& what, const grpc::Status& status, bool json);
// Prints "fsctl: <message>" on stderr; returns kExitUsage.
int ReportUsageError(const std::string& message);
// A local failure (a file, a setting) as a usage error.
int ReportUsageError(const absl::Status& status);

}  // namespace fieldservice::fsctl

#endif  // FIELDSERVICE_TOOLS_FSCTL_EXIT_CODES_H_
