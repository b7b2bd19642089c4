#include "services/callback/domain/quality_policy.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/errors.h"

namespace fieldservice::callback {
namespace {

bool IsFaultCode(absl::string_view code) {
  if (code.empty() || code.size() > 64) return false;
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_' &&
        c != '/') {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<std::set<std::string>> ParseFaultList(const std::string& text,
                                                     const std::string& setting) {
  std::set<std::string> codes;
  const absl::string_view all(text.data(), text.size());
  for (absl::string_view entry : absl::StrSplit(all, ',', absl::SkipWhitespace())) {
    const std::string code = absl::AsciiStrToLower(absl::StripAsciiWhitespace(entry));
    if (code.empty()) continue;
    if (!IsFaultCode(code)) {
      return common::InvalidArgumentError(
          {{std::string(setting),
            absl::StrCat(
                "'", code,
                "' is not a fault code (1 to 64 letters, digits, '.', '-', '_' or '/')")}});
    }
    codes.insert(code);
  }
  return codes;
}

absl::Status CheckQualityPolicy(const QualityPolicy& p) {
  common::Violations v;
  // Bounds that catch a typo, not business limits: a percent is a percent,
  // and a batch accident of a million units is no signal at all.
  if (p.batch_min_units < 1 || p.batch_min_units > 1000000) {
    v.Add("quality_batch_min_units", "1 to 1000000");
  }
  if (p.batch_percent < 1 || p.batch_percent > 100) v.Add("quality_batch_percent", "1 to 100");
  for (const std::string& code : p.safety_faults) {
    if (!IsFaultCode(code) || code != absl::AsciiStrToLower(code)) {
      v.Add("quality_safety_faults", absl::StrCat("'", code, "' is not a lower-case fault code"));
    }
  }
  return v.ToStatus();
}

}  // namespace fieldservice::callback
