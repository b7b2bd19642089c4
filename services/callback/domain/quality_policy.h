// The quality signals' policy (DOMAIN.md "Contact types", "Quality and
// reporting"): the numbers are configuration, with the defaults documented
// here, checked at start-up.
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_POLICY_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_POLICY_H_

#include <set>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace fieldservice::callback {

struct QualityPolicy {
  // 批量质量事故 (seed 002 第九条 5 (2)): the same model and batch showing the
  // same fault "在5%以上或在50台以上": in at least `batch_percent` percent of
  // the batch's units sold, or in at least `batch_min_units` units. "以上"
  // includes the number itself (5% of 200 sold is 10 units: 10 raises it).
  int batch_min_units = 50;
  int batch_percent = 5;
  // Fault (symptom) codes that touch safety (具有安全性能缺陷, seed 002 第十条
  // 5): the first report of one on a model opens a SAFETY sheet. Compared
  // without regard to ASCII case. The default names the hazards the intake
  // keywords list as safety symptoms (冒烟, 起火, 漏电, 漏气) and explosion.
  std::set<std::string> safety_faults = {"smoke", "fire", "electric_shock", "gas_leak",
                                         "explosion"};
};

// The default of the quality_safety_faults setting, in its text form.
inline constexpr std::string_view kDefaultSafetyFaults =
    "smoke, fire, electric_shock, gas_leak, explosion";

// A comma-separated list of fault codes as a set (trimmed, lower case);
// INVALID_ARGUMENT naming `setting` for an entry that is not a code (1 to
// 64 characters of letters, digits, '.', '-', '_' or '/').
absl::StatusOr<std::set<std::string>> ParseFaultList(const std::string& text,
                                                     const std::string& setting);

// OK, or INVALID_ARGUMENT naming each setting out of range (names as in the
// service's configuration: "quality_" + the field).
absl::Status CheckQualityPolicy(const QualityPolicy& policy);

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_POLICY_H_
