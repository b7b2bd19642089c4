// The company policy that taking a repair request is checked against
// (DOMAIN.md "Taking a repair request"): the on-site covered area, how much a
// fault description must say, time tolerances. (Longest texts are the
// columns' sizes, not policy: text_limits.h.)
//
// These are company decisions that change without a release, so they live in
// data/orders/intake_policy.txt (format: data/orders/README.md), never in
// code. Every setting is required in the file: a policy that silently fell
// back to a compiled-in value would let the file and the behaviour drift.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_INTAKE_POLICY_H_
#define FIELDSERVICE_ORDERS_DOMAIN_INTAKE_POLICY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace fieldservice::orders {

struct IntakePolicy {
  // Shortest meaningful text, in code points not counting spaces and
  // punctuation: an address must be more than a city name; a fault
  // description must say more than its vague phrases.
  int address_detail_min_chars = 0;
  int fault_description_min_chars = 0;

  // Purchase dates before this are typing mistakes.
  absl::CivilDay earliest_purchase_date;
  // The longest preferred visit window a customer may give.
  absl::Duration max_preferred_window;
  // How far the clocks of agent desks and phones may differ from ours: a call
  // may "end" this much in the future, a window start this much in the past.
  absl::Duration max_clock_skew;

  // GB/T 2260 code prefixes served on-site without authorisation: "11" is all
  // of Beijing, "4401" Guangzhou's districts.
  std::vector<std::string> onsite_region_prefixes;
  // Phrases that say nothing about the fault ("有点问题", "broken"). Stored
  // as NormalizeForMatching produced them, longest first.
  std::vector<std::string> vague_phrases;
  // Words that name a symptom ("不制冷", "leak"); normalised likewise.
  std::vector<std::string> symptom_keywords;
  // An error code shown by the appliance also names the symptom: one of these
  // letter prefixes (normalised, e.g. "e", "f") followed by 1 to
  // error_code_max_digits digits, standing alone ("显示E1", "F3 报警").
  std::vector<std::string> error_code_prefixes;
  int error_code_max_digits = 0;

  // Whether on-site service at `region_code` needs no authorisation.
  bool IsOnSiteCovered(std::string_view region_code) const;
};

// Parses the policy file format (data/orders/README.md). Every setting must be
// present and every list non-empty; errors are INVALID_ARGUMENT naming the
// line or the missing key.
absl::StatusOr<IntakePolicy> ParseIntakePolicy(std::string_view text);
absl::StatusOr<IntakePolicy> LoadIntakePolicyFile(const std::string& path);

// The form in which policy phrases and customer text are compared: full-width
// ASCII forms (Ｅ１ from a Chinese IME) and the ideographic space folded to
// ASCII, ASCII letters lowercased. Other characters are unchanged, so UTF-8
// substrings still match on character boundaries.
std::string NormalizeForMatching(std::string_view text);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_INTAKE_POLICY_H_
