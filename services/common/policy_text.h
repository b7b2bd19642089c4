// The `key = value` text format shared by the orders policies (deadlines,
// complaint thresholds, approval chains), so that every policy file has the
// same comment and error rules and operators learn one format.
#ifndef FIELDSERVICE_COMMON_POLICY_TEXT_H_
#define FIELDSERVICE_COMMON_POLICY_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fieldservice::common {

struct PolicyLine {
  int line_number = 0;  // 1-based, for error messages
  std::string key;
  std::string value;
};

// Splits UTF-8 text into `key = value` lines. `#` starts a comment (whole line
// or trailing), blank lines are skipped, keys and values are trimmed. A line
// without '=', an empty key or value, or a key given twice is refused with
// INVALID_ARGUMENT naming the line: a policy that half-loads would silently
// fall back to defaults.
absl::StatusOr<std::vector<PolicyLine>> ParsePolicyLines(std::string_view text);

// This abseil build (Debian's 20220623) has a string_view of its own, distinct
// from std's; the orders domain speaks std::string_view and converts here.
inline absl::string_view ToAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

// INVALID_ARGUMENT "line N: <what>" for the callers' own value checks.
absl::Status PolicyLineError(const PolicyLine& line, std::string_view what);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_POLICY_TEXT_H_
