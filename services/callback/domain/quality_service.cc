#include "services/callback/domain/quality_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/logging.h"

namespace fieldservice::callback {

SheetRule QualityService::Rule() const {
  return [this](const FaultFacts& facts) { return SheetsFor(facts, policy_); };
}

void QualityService::LogOpened(const std::vector<QualitySheet>& opened) {
  for (const QualitySheet& s : opened) {
    common::LogInfo("quality_sheet_opened",
                    {{"sheet", SheetName(s.id)},
                     {"kind", std::string(common::NameOf(kSheetKindNames, s.kind))},
                     {"model", s.model},
                     {"batch", s.batch},
                     {"fault", s.fault},
                     {"affected_units", absl::StrCat(s.affected_units)}});
  }
}

absl::StatusOr<FaultRecorded> QualityService::RecordVisit(const VisitCompleted& visit) {
  if (visit.symptom_code.empty()) return FaultRecorded{};
  FaultReport report{.order_number = visit.order_number,
                     .visit_number = visit.visit_number,
                     .model = visit.product_model,
                     .serial = visit.serial,
                     .fault = visit.symptom_code,
                     .completed_at = visit.completed_at};
  auto recorded = repository_.RecordFault(report, clock_.Now(), Rule());
  if (recorded.ok()) LogOpened(recorded->opened);
  return recorded;
}

absl::StatusOr<SalesImported> QualityService::ImportSales(const std::vector<SalesFigure>& rows,
                                                          const std::string& actor) {
  common::Violations v;
  CheckSalesFigures(rows, "figures", v);
  if (!v.empty()) return v.ToStatus();
  auto imported = repository_.ImportSales(rows, actor, clock_.Now(), Rule());
  if (imported.ok()) LogOpened(imported->opened);
  return imported;
}

absl::StatusOr<SalesImported> QualityService::ImportSalesCsv(const std::string& csv,
                                                             const std::string& actor) {
  auto rows = ParseSalesCsv(csv);
  if (!rows.ok()) return rows.status();
  common::Violations v;
  // Rows are named by their place among the data rows.
  CheckSalesFigures(*rows, "csv.rows", v);
  if (!v.empty()) return v.ToStatus();
  auto imported = repository_.ImportSales(*rows, actor, clock_.Now(), Rule());
  if (imported.ok()) LogOpened(imported->opened);
  return imported;
}

absl::StatusOr<std::vector<SalesFigure>> QualityService::ListSales(const std::string& model) {
  if (model.empty()) return common::InvalidArgumentError({{"product_model", "required"}});
  return repository_.ListSales(model);
}

absl::StatusOr<QualitySheet> QualityService::GetSheet(int64_t id) {
  return repository_.GetSheet(id);
}

absl::StatusOr<SheetPage> QualityService::ListSheets(const SheetFilter& filter,
                                                     std::optional<int64_t> after, int limit) {
  return repository_.ListSheets(filter, after, limit);
}

absl::StatusOr<QualitySheet> QualityService::AdvanceSheet(int64_t id, SheetState to,
                                                          const std::string& actor,
                                                          const std::string& note,
                                                          int64_t expected_version) {
  const absl::Time now = clock_.Now();
  return repository_.ChangeSheet(id, [&](QualitySheet sheet) {
    return callback::AdvanceSheet(std::move(sheet), to, actor, note, expected_version, now);
  });
}

absl::StatusOr<QualitySheet> QualityService::CloseSheet(int64_t id, const std::string& actor,
                                                        const std::string& fix_note,
                                                        int64_t expected_version) {
  const absl::Time now = clock_.Now();
  return repository_.ChangeSheet(id, [&](QualitySheet sheet) {
    return callback::CloseSheet(std::move(sheet), actor, fix_note, expected_version, now);
  });
}

}  // namespace fieldservice::callback
