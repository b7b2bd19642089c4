#include "services/warranty/domain/decision.h"

#include <algorithm>

#include "services/warranty/domain/enum_names.h"

namespace fieldservice::warranty {

std::string_view CoverageName(Coverage c) { return NameOf(kCoverageNames, c); }
std::string_view RemedyName(Remedy r) { return NameOf(kRemedyNames, r); }
std::string_view PeriodKindName(PeriodKind k) { return NameOf(kPeriodKindNames, k); }

bool Decision::HasRule(std::string_view id) const {
  return std::any_of(rules.begin(), rules.end(), [&](const RuleApplied& r) { return r.id == id; });
}

bool Decision::HasRemedy(Remedy r) const {
  return std::find(remedies.begin(), remedies.end(), r) != remedies.end();
}

}  // namespace fieldservice::warranty
