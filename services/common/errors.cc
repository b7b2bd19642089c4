#include "services/common/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace fieldservice::common {
namespace {

// Payload type URLs. The encoding is private to this file: records separated
// by '\x1e', fields by '\x1f' (ASCII record/unit separators never appear in
// field paths or rule descriptions).
constexpr char kViolationsUrl[] = "type.fieldservice/FieldViolations";
constexpr char kAllowedUrl[] = "type.fieldservice/AllowedTransitions";
constexpr char kRecordSep = '\x1e';
constexpr char kUnitSep = '\x1f';

}  // namespace

absl::Status Violations::ToStatus() const {
  if (list_.empty()) return absl::OkStatus();
  return InvalidArgumentError(list_);
}

absl::Status InvalidArgumentError(const std::vector<FieldViolation>& violations) {
  std::string message = "invalid request: ";
  std::string encoded;
  for (size_t i = 0; i < violations.size(); ++i) {
    const FieldViolation& v = violations[i];
    absl::StrAppend(&message, i == 0 ? "" : "; ", v.field, ": ", v.description);
    absl::StrAppend(&encoded, i == 0 ? "" : std::string(1, kRecordSep), v.field,
                    std::string(1, kUnitSep), v.description);
  }
  absl::Status status(absl::StatusCode::kInvalidArgument, message);
  status.SetPayload(kViolationsUrl, absl::Cord(encoded));
  return status;
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> out;
  auto payload = status.GetPayload(kViolationsUrl);
  if (!payload.has_value()) return out;
  for (absl::string_view record :
       absl::StrSplit(std::string(*payload), kRecordSep, absl::SkipEmpty())) {
    std::pair<std::string, std::string> parts =
        absl::StrSplit(record, absl::MaxSplits(kUnitSep, 1));
    out.push_back({parts.first, parts.second});
  }
  return out;
}

absl::Status IllegalTransitionError(std::string_view subject, std::string_view requested,
                                    std::string_view current_state,
                                    const std::vector<std::string>& allowed) {
  std::string message = absl::StrCat(
      std::string(subject), ": '", std::string(requested), "' is not allowed in state '",
      std::string(current_state), "'; allowed: ",
      allowed.empty() ? std::string("none (final state)") : absl::StrJoin(allowed, ", "));
  absl::Status status(absl::StatusCode::kFailedPrecondition, message);
  status.SetPayload(kAllowedUrl, absl::Cord(absl::StrJoin(allowed, std::string(1, kRecordSep))));
  return status;
}

std::vector<std::string> AllowedTransitionsOf(const absl::Status& status) {
  auto payload = status.GetPayload(kAllowedUrl);
  if (!payload.has_value()) return {};
  return absl::StrSplit(std::string(*payload), kRecordSep, absl::SkipEmpty());
}

}  // namespace fieldservice::common
