// Error construction shared by every service.
//
// Below the gRPC boundary everything returns absl::Status. Field-level
// violations ride on the status as a payload so that one converter
// (grpc_status.h) can turn them into google.rpc.BadRequest details; domain code
// never needs protobuf or gRPC headers to report a bad field.
#ifndef FIELDSERVICE_COMMON_ERRORS_H_
#define FIELDSERVICE_COMMON_ERRORS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace fieldservice::common {

// One bad field: `field` is a dotted path as in the request message
// ("customer.phone"), `description` names the rule that failed.
struct FieldViolation {
  std::string field;
  std::string description;

  bool operator==(const FieldViolation&) const = default;
};

// Collects violations while a request is checked, so that every bad field is
// reported at once instead of one per round trip.
class Violations {
 public:
  void Add(std::string field, std::string description) {
    list_.push_back({std::move(field), std::move(description)});
  }
  void Append(const std::vector<FieldViolation>& more) {
    list_.insert(list_.end(), more.begin(), more.end());
  }
  bool empty() const { return list_.empty(); }
  const std::vector<FieldViolation>& list() const { return list_; }
  // OK when nothing was added, else InvalidArgumentError(list()).
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> list_;
};

// INVALID_ARGUMENT whose message names every field, with the violations
// attached for the gRPC converter.
absl::Status InvalidArgumentError(const std::vector<FieldViolation>& violations);

// The violations attached by InvalidArgumentError (empty when none).
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

// FAILED_PRECONDITION for an illegal state transition: the message says what
// was asked, from which state, and which transitions are allowed from there.
absl::Status IllegalTransitionError(std::string_view subject, std::string_view requested,
                                    std::string_view current_state,
                                    const std::vector<std::string>& allowed);

// The allowed transitions attached by IllegalTransitionError.
std::vector<std::string> AllowedTransitionsOf(const absl::Status& status);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_ERRORS_H_
