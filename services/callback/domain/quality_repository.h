// The quality signals' storage port: fault reports (one per completed
// visit), the sales figures, and the quality information sheets. The rules
// stay in the domain (quality_signals.h): the storage gathers the facts
// under a lock per model, so that two reports of one model are counted one
// after the other, and asks the rule which sheets to open. The MySQL
// adapter is storage/mysql_quality_repository.h.
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_REPOSITORY_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_REPOSITORY_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/callback/domain/quality_sales.h"
#include "services/callback/domain/quality_sheet.h"
#include "services/callback/domain/quality_signals.h"

namespace fieldservice::callback {

// The sheets the facts call for (SheetsFor with the service's policy).
using SheetRule = std::function<std::vector<SheetCall>(const FaultFacts&)>;
// A step on a sheet read under its row lock: the sheet after, or an error
// (nothing is written).
using SheetChange = std::function<absl::StatusOr<QualitySheet>(QualitySheet)>;

struct FaultRecorded {
  bool counted = false;  // false: the visit was reported before; nothing changed
  std::string batch;     // the unit's batch; "" when unknown
  std::vector<QualitySheet> opened;
};

struct SalesImported {
  int64_t rows = 0;
  std::vector<QualitySheet> opened;
};

struct SheetFilter {
  std::vector<SheetState> states;  // empty: any
  std::string model;               // empty: any
};

struct SheetPage {
  std::vector<QualitySheet> sheets;   // newest first
  std::optional<int64_t> next_after;  // the id to continue after, when more
};

class QualityRepository {
 public:
  virtual ~QualityRepository() = default;

  // In one transaction, under the model's lock: the report unless its visit
  // was recorded before (then counted is false and nothing changes), its
  // unit's batch from the model's sales figures, the sheets `rule` asks for
  // opened at `now` (each kind once per model and fault, or per model,
  // batch and fault), and the figures of the model's and fault's open
  // sheets brought up to date.
  virtual absl::StatusOr<FaultRecorded> RecordFault(const FaultReport& report, absl::Time now,
                                                    const SheetRule& rule) = 0;
  // In one transaction, under the lock of each model named: each row
  // replaces the stored row of its model and batch (the same rows again
  // change nothing), the batch of every reported unit of those models is
  // found again, and each batch's faults are put to `rule` (new_report
  // false). FAILED_PRECONDITION (nothing stored) when two batches of a model
  // would share a serial prefix (CheckBatchPrefixes).
  virtual absl::StatusOr<SalesImported> ImportSales(const std::vector<SalesFigure>& rows,
                                                    const std::string& actor, absl::Time now,
                                                    const SheetRule& rule) = 0;
  // The model's sales figures, by batch.
  virtual absl::StatusOr<std::vector<SalesFigure>> ListSales(const std::string& model) = 0;

  // NOT_FOUND naming the sheet.
  virtual absl::StatusOr<QualitySheet> GetSheet(int64_t id) = 0;
  // Newest first, after the id `after` when set, at most `limit`.
  virtual absl::StatusOr<SheetPage> ListSheets(const SheetFilter& filter,
                                               std::optional<int64_t> after, int limit) = 0;
  // In one transaction: the sheet, locked, changed by `change` and stored
  // (its state, version and the new steps). NOT_FOUND naming the sheet.
  virtual absl::StatusOr<QualitySheet> ChangeSheet(int64_t id, const SheetChange& change) = 0;
  // With their steps: the sheets opened before `to` that were not closed
  // before `from` (the monthly quality report's).
  virtual absl::StatusOr<std::vector<QualitySheet>> SheetsActive(absl::Time from,
                                                                 absl::Time to) = 0;
};

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_REPOSITORY_H_
