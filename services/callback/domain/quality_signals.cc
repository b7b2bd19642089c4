#include "services/callback/domain/quality_signals.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace fieldservice::callback {

std::string UnitKey(const std::string& serial, const std::string& order_number) {
  // A serial is a code (no spaces), so "order " cannot be mistaken for one.
  if (!serial.empty()) return std::string(serial);
  return absl::StrCat("order ", order_number);
}

bool ReachesBatchAccident(int64_t affected, int64_t units_sold, const QualityPolicy& policy) {
  if (affected <= 0) return false;
  return affected >= policy.batch_min_units ||
         affected * 100 >= static_cast<int64_t>(policy.batch_percent) * units_sold;
}

bool IsSafetyFault(const std::string& fault, const QualityPolicy& policy) {
  return policy.safety_faults.contains(absl::AsciiStrToLower(fault));
}

std::vector<SheetCall> SheetsFor(const FaultFacts& f, const QualityPolicy& policy) {
  std::vector<SheetCall> calls;
  if (f.new_report) {
    if (IsSafetyFault(f.fault, policy)) {
      calls.push_back({SheetKind::kSafety, absl::StrCat("fault ", f.fault, " on model ", f.model,
                                                        " is safety-related")});
    } else if (f.first_on_model) {
      calls.push_back({SheetKind::kNewDefect,
                       absl::StrCat("the first report of fault ", f.fault, " on model ", f.model)});
    }
  }
  if (!f.batch.empty() && f.units_sold.has_value() &&
      ReachesBatchAccident(f.units_in_batch, *f.units_sold, policy)) {
    calls.push_back({SheetKind::kBatchAccident,
                     absl::StrCat(f.units_in_batch, " units of ", *f.units_sold, " sold of model ",
                                  f.model, " batch ", f.batch, " show fault ", f.fault,
                                  " (the threshold: ", policy.batch_min_units, " units or ",
                                  policy.batch_percent, "% of units sold)")});
  }
  return calls;
}

}  // namespace fieldservice::callback
