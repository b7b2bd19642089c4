#include "services/warranty/domain/decision.h"

#include <algorithm>

namespace fieldservice::warranty {

std::string_view CoverageName(Coverage c) {
  switch (c) {
    case Coverage::kFree:
      return "FREE";
    case Coverage::kPaid:
      return "PAID";
    case Coverage::kNotCovered:
      return "NOT_COVERED";
  }
  return "?";
}

std::string_view RemedyName(Remedy r) {
  switch (r) {
    case Remedy::kReturn:
      return "RETURN";
    case Remedy::kExchange:
      return "EXCHANGE";
    case Remedy::kRepair:
      return "REPAIR";
  }
  return "?";
}

std::string_view PeriodKindName(PeriodKind k) {
  switch (k) {
    case PeriodKind::kWholeUnit:
      return "WHOLE_UNIT";
    case PeriodKind::kMainPart:
      return "MAIN_PART";
    case PeriodKind::kComponent:
      return "COMPONENT";
  }
  return "?";
}

bool Decision::HasRule(std::string_view id) const {
  return std::any_of(rules.begin(), rules.end(), [&](const RuleApplied& r) { return r.id == id; });
}

bool Decision::HasRemedy(Remedy r) const {
  return std::find(remedies.begin(), remedies.end(), r) != remedies.end();
}

}  // namespace fieldservice::warranty
