#include "services/common/policy_text.h"

#include <set>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace fieldservice::common {

absl::StatusOr<std::vector<PolicyLine>> ParsePolicyLines(std::string_view text) {
  std::vector<PolicyLine> lines;
  std::set<std::string> seen;
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(ToAbsl(text), '\n')) {
    ++number;
    absl::string_view line = raw.substr(0, raw.find('#'));
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    size_t eq = line.find('=');
    if (eq == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat("line ", number, ": expected 'key = value'"));
    }
    PolicyLine parsed{number, std::string(absl::StripAsciiWhitespace(line.substr(0, eq))),
                      std::string(absl::StripAsciiWhitespace(line.substr(eq + 1)))};
    if (parsed.key.empty() || parsed.value.empty()) {
      return PolicyLineError(parsed, "key and value must both be given");
    }
    if (!seen.insert(parsed.key).second) {
      return PolicyLineError(parsed, absl::StrCat("'", parsed.key, "' given twice"));
    }
    lines.push_back(std::move(parsed));
  }
  return lines;
}

absl::Status PolicyLineError(const PolicyLine& line, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line.line_number, ": ", ToAbsl(what)));
}

}  // namespace fieldservice::common
