// Sales figures (销售数量), the data the batch-accident signal divides by:
// how many units of a model's batch were sold, and the serial prefix that
// names the batch's units. Loaded as data (an import, or a CSV file at
// start-up), never typed into code.
//
// A unit's batch: the batch of its model whose serial prefix is the
// longest prefix of the unit's serial. None matches: the batch is unknown,
// and the unit counts toward no batch (its fault still counts for its
// model: a new or safety-related defect).
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_SALES_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_SALES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/errors.h"

namespace fieldservice::callback {

struct SalesFigure {
  std::string model;          // the product model, as orders report it
  std::string batch;          // the batch (批号) within the model
  std::string serial_prefix;  // the serials of the batch's units start with it
  int64_t units_sold = 0;     // 1 or more
  // Output only: when and by whom the row was last imported.
  absl::Time updated_at;
  std::string updated_by;
  friend bool operator==(const SalesFigure&, const SalesFigure&) = default;
};

// Rows in one import, at most.
inline constexpr size_t kMaxSalesRows = 10000;

// Adds a violation for each bad row (paths "<path>[i].field"): every text
// 1 to 64 characters of letters, digits, '.', '-', '_' or '/'; units sold 1
// or more; a model's batch, or a model's serial prefix, twice in one import.
void CheckSalesFigures(const std::vector<SalesFigure>& rows, const std::string& path,
                       common::Violations& v);

// One model's rows after an import: FAILED_PRECONDITION naming the batches
// when two of them have the same serial prefix (a unit would be in both).
absl::Status CheckBatchPrefixes(const std::vector<SalesFigure>& model_rows);

// The sales figures in CSV text: a header line "model,batch,serial_prefix,
// units_sold" (the columns in any order, each once; "product_model" is
// "model"), then one row a line.
// Blank lines and lines starting with '#' are skipped; fields are trimmed.
// The values are codes and numbers, so quoting is not supported: a '"' is
// refused. INVALID_ARGUMENT naming the line. The rows are not checked
// (CheckSalesFigures does that).
absl::StatusOr<std::vector<SalesFigure>> ParseSalesCsv(const std::string& text);

// The batch of the unit with `serial` among its model's rows (the longest
// matching serial prefix); "" when unknown.
std::string BatchOf(const std::string& serial, const std::vector<SalesFigure>& model_rows);

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_SALES_H_
