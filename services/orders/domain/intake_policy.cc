#include "services/orders/domain/intake_policy.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "services/common/files.h"
#include "services/common/policy_text.h"
#include "services/common/utf8.h"
#include "services/orders/domain/text_limits.h"

namespace fieldservice::orders {
namespace {

// Integer settings, keyed as in the file. Keys name the RepairOrder field
// they limit, so an operator can find the rule from a violation's field path.
const std::vector<std::pair<std::string, int IntakePolicy::*>>& IntSettings() {
  static const auto* settings = new std::vector<std::pair<std::string, int IntakePolicy::*>>{
      {"customer.address.detail.min_chars", &IntakePolicy::address_detail_min_chars},
      {"fault_description.min_chars", &IntakePolicy::fault_description_min_chars},
      {"error_code.max_digits", &IntakePolicy::error_code_max_digits},
  };
  return *settings;
}

constexpr char kEarliestPurchase[] = "product.purchase_date.earliest";
constexpr char kMaxWindow[] = "preferred_window.max_length";
constexpr char kClockSkew[] = "call_ended_time.max_clock_skew";

// List settings: "name = a, b" or "name.label = a, b"; the label only groups
// entries for people (e.g. onsite_regions.capitals).
const std::vector<std::pair<std::string, std::vector<std::string> IntakePolicy::*>>&
ListSettings() {
  static const auto* lists =
      new std::vector<std::pair<std::string, std::vector<std::string> IntakePolicy::*>>{
          {"onsite_regions", &IntakePolicy::onsite_region_prefixes},
          {"vague_phrases", &IntakePolicy::vague_phrases},
          {"symptom_keywords", &IntakePolicy::symptom_keywords},
          {"error_code_prefixes", &IntakePolicy::error_code_prefixes},
      };
  return *lists;
}

// Entries are split on ASCII commas and, since operators type Chinese, on
// '，' and '、' too.
std::vector<std::string> SplitEntries(absl::string_view value) {
  std::string unified = absl::StrReplaceAll(value, {{"\xEF\xBC\x8C", ","}, {"\xE3\x80\x81", ","}});
  std::vector<std::string> out;
  for (absl::string_view entry : absl::StrSplit(unified, ',')) {
    out.emplace_back(absl::StripAsciiWhitespace(entry));
  }
  return out;
}

// Checks one list entry; returns what is wrong, or "" when it is fine.
std::string EntryProblem(std::string_view list, const std::string& entry) {
  if (entry.empty()) return "empty entry (two commas in a row?)";
  bool digits = std::all_of(entry.begin(), entry.end(), absl::ascii_isdigit);
  bool letters = std::all_of(entry.begin(), entry.end(), absl::ascii_isalpha);
  if (list == "onsite_regions" &&
      (!digits || (entry.size() != 2 && entry.size() != 4 && entry.size() != 6))) {
    return absl::StrCat("'", entry, "' is not a GB/T 2260 prefix (2, 4 or 6 digits)");
  }
  if (list == "error_code_prefixes" && (!letters || entry.size() > 3)) {
    return absl::StrCat("'", entry, "' is not 1 to 3 ASCII letters");
  }
  return "";
}

absl::Status ApplyList(const common::PolicyLine& line, IntakePolicy& policy, bool& matched) {
  for (const auto& [name, member] : ListSettings()) {
    if (line.key != name && !absl::StartsWith(line.key, name + ".")) continue;
    matched = true;
    for (std::string& entry : SplitEntries(line.value)) {
      if (std::string problem = EntryProblem(name, entry); !problem.empty()) {
        return common::PolicyLineError(line, problem);
      }
      (policy.*member).push_back(name == "onsite_regions" ? entry : NormalizeForMatching(entry));
    }
  }
  return absl::OkStatus();
}

absl::Status ApplyScalar(const common::PolicyLine& line, IntakePolicy& policy,
                         std::map<std::string, int>& seen) {
  for (const auto& [key, member] : IntSettings()) {
    if (line.key != key) continue;
    int value = 0;
    if (!absl::SimpleAtoi(line.value, &value) || value <= 0) {
      return common::PolicyLineError(line, absl::StrCat("'", key, "' must be a positive integer"));
    }
    policy.*member = value;
    seen[key] = line.line_number;
    return absl::OkStatus();
  }
  if (line.key == kEarliestPurchase) {
    if (!absl::ParseCivilTime(line.value, &policy.earliest_purchase_date)) {
      return common::PolicyLineError(line, "expected a date YYYY-MM-DD");
    }
  } else if (line.key == kMaxWindow || line.key == kClockSkew) {
    absl::Duration d;
    if (!absl::ParseDuration(line.value, &d) || d <= absl::ZeroDuration()) {
      return common::PolicyLineError(line, "expected a positive duration such as 24h, 2m or 1h30m");
    }
    (line.key == kMaxWindow ? policy.max_preferred_window : policy.max_clock_skew) = d;
  } else {
    return common::PolicyLineError(line, absl::StrCat("unknown setting '", line.key, "'"));
  }
  seen[line.key] = line.line_number;
  return absl::OkStatus();
}

absl::Status CheckComplete(const IntakePolicy& policy, const std::map<std::string, int>& seen) {
  std::vector<std::string> required = {kEarliestPurchase, kMaxWindow, kClockSkew};
  for (const auto& [key, member] : IntSettings()) required.push_back(key);
  for (const std::string& key : required) {
    if (!seen.contains(key)) {
      return absl::InvalidArgumentError(absl::StrCat("missing setting '", key, "'"));
    }
  }
  for (const auto& [name, member] : ListSettings()) {
    if ((policy.*member).empty()) {
      return absl::InvalidArgumentError(absl::StrCat("list '", name, "' has no entries"));
    }
  }
  if (policy.address_detail_min_chars > MaxChars("customer.address.detail") ||
      policy.fault_description_min_chars > MaxChars("fault_description")) {
    return absl::InvalidArgumentError(
        "a min_chars exceeds the field's longest text (text_limits.h)");
  }
  return absl::OkStatus();
}

}  // namespace

bool IntakePolicy::IsOnSiteCovered(std::string_view region_code) const {
  return std::any_of(
      onsite_region_prefixes.begin(), onsite_region_prefixes.end(), [&](const std::string& prefix) {
        return absl::StartsWith(absl::string_view(region_code.data(), region_code.size()), prefix);
      });
}

absl::StatusOr<IntakePolicy> ParseIntakePolicy(std::string_view text) {
  // Keywords saved in a legacy encoding (GBK) would never match UTF-8 input
  // and every description would be refused as vague.
  if (!common::IsValidUtf8(text)) {
    return absl::InvalidArgumentError("the policy file is not valid UTF-8");
  }
  absl::StatusOr<std::vector<common::PolicyLine>> lines = common::ParsePolicyLines(text);
  if (!lines.ok()) return lines.status();
  IntakePolicy policy;
  std::map<std::string, int> seen;
  for (const common::PolicyLine& line : *lines) {
    bool is_list = false;
    if (absl::Status s = ApplyList(line, policy, is_list); !s.ok()) return s;
    if (is_list) continue;
    if (absl::Status s = ApplyScalar(line, policy, seen); !s.ok()) return s;
  }
  if (absl::Status s = CheckComplete(policy, seen); !s.ok()) return s;
  // Longest first, so "有点问题" is removed whole before a shorter phrase
  // inside it could leave a stray fragment behind.
  std::stable_sort(policy.vague_phrases.begin(), policy.vague_phrases.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return policy;
}

absl::StatusOr<IntakePolicy> LoadIntakePolicyFile(const std::string& path) {
  return common::ParseFile<IntakePolicy>(path, ParseIntakePolicy);
}

std::string NormalizeForMatching(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char b0 = text[i];
    if (i + 2 < text.size() && (b0 == 0xEF || b0 == 0xE3)) {
      unsigned char b1 = text[i + 1], b2 = text[i + 2];
      char32_t cp = ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
      if (cp >= 0xFF01 && cp <= 0xFF5E && (b1 == 0xBC || b1 == 0xBD)) {
        out.push_back(absl::ascii_tolower(static_cast<char>(cp - 0xFEE0)));
        i += 2;
        continue;
      }
      if (cp == 0x3000 && b1 == 0x80 && b2 == 0x80) {
        out.push_back(' ');
        i += 2;
        continue;
      }
    }
    out.push_back(absl::ascii_tolower(text[i]));
  }
  return out;
}

}  // namespace fieldservice::orders
