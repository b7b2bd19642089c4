// The quality signals (issue 11; DOMAIN.md "Contact types" and "Quality and
// reporting"): which quality information sheets a reported fault opens.
//
// Every completed visit reported to the callback service is a fault report
// of (model, serial, symptom code). Reports are counted in distinct units:
// a visit delivered twice is one report, and a unit reported twice (two
// orders, the same serial) is one unit. A report opens (once each; a sheet
// already open is kept and its figures follow):
//   - SAFETY, when its fault is safety-related (QualityPolicy), for the
//     model and fault;
//   - NEW_DEFECT, when it is the first report of its fault on its model and
//     the fault is not safety-related (that is the SAFETY sheet already: one
//     sheet, under its more urgent reason);
//   - BATCH_ACCIDENT, when its unit's batch is known (quality_sales.h) and
//     the units of that batch with that fault reach the threshold
//     (ReachesBatchAccident), for the model, batch and fault.
// New sales figures can make a batch reach the threshold too (a batch whose
// units were unknown, or fewer units sold than thought): an import asks the
// same question of every batch it changes.
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_SIGNALS_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_SIGNALS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "services/callback/domain/quality_policy.h"
#include "services/callback/domain/quality_sheet.h"

namespace fieldservice::callback {

// One completed visit as a fault report. Its identity is the order and the
// visit, as the callback task's.
struct FaultReport {
  std::string order_number;
  int64_t visit_number = 0;
  std::string model;
  std::string serial;  // may be empty: the unit is then the order's own
  std::string fault;   // the symptom code
  absl::Time completed_at;
};

// The unit a report is about: its serial, or the order when it has none
// (such a unit is never in a known batch: batches are named by serial).
std::string UnitKey(const std::string& serial, const std::string& order_number);

// What the rules read about a fault, gathered by the storage under the
// model's lock.
struct FaultFacts {
  std::string model;
  std::string fault;
  // A visit reported now (false: sales figures changed).
  bool new_report = false;
  // No earlier report of this fault on this model.
  bool first_on_model = false;
  std::string batch;  // "" when unknown
  // Distinct units of the batch with the fault, this report's included.
  int64_t units_in_batch = 0;
  // The batch's units sold; unset when the batch is unknown.
  std::optional<int64_t> units_sold;
};

// 批量质量事故: `affected` units of a batch of `units_sold` with the same
// fault reach the policy's units, or its percent of the units sold. Exact:
// affected * 100 >= percent * units_sold, in integers.
bool ReachesBatchAccident(int64_t affected, int64_t units_sold, const QualityPolicy& policy);

// Whether a fault code is safety-related (ASCII case ignored).
bool IsSafetyFault(const std::string& fault, const QualityPolicy& policy);

// A sheet the facts call for, and why, in words for its opening step.
struct SheetCall {
  SheetKind kind = SheetKind::kNewDefect;
  std::string reason;
  friend bool operator==(const SheetCall&, const SheetCall&) = default;
};

// The sheets the facts call for (see the top of this file); the storage
// opens those not yet open.
std::vector<SheetCall> SheetsFor(const FaultFacts& facts, const QualityPolicy& policy);

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_SIGNALS_H_
