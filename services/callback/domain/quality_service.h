// The quality signals' use cases (quality_signals.h, quality_sheet.h) over
// the quality repository, with the time from the service's clock. The
// callback service hands it every completed visit (RecordVisit); the
// quality department imports sales figures and follows the sheets.
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_SERVICE_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_SERVICE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/callback/domain/callback_task.h"
#include "services/callback/domain/quality_policy.h"
#include "services/callback/domain/quality_repository.h"
#include "services/common/clock.h"

namespace fieldservice::callback {

class QualityService {
 public:
  // `policy` is checked by the caller at start-up (CheckQualityPolicy).
  QualityService(QualityRepository& repository, const common::Clock& clock, QualityPolicy policy)
      : repository_(repository), clock_(clock), policy_(std::move(policy)) {}

  // The visit as a fault report, counted once however often it is
  // delivered. A visit without a symptom code names no fault: nothing is
  // recorded (counted false).
  absl::StatusOr<FaultRecorded> RecordVisit(const VisitCompleted& visit);

  // Sales figures as rows, or as CSV text (ParseSalesCsv); INVALID_ARGUMENT
  // naming each bad row ("figures[i].field", or "csv" and the line).
  absl::StatusOr<SalesImported> ImportSales(const std::vector<SalesFigure>& rows,
                                            const std::string& actor);
  absl::StatusOr<SalesImported> ImportSalesCsv(const std::string& csv, const std::string& actor);
  absl::StatusOr<std::vector<SalesFigure>> ListSales(const std::string& model);

  absl::StatusOr<QualitySheet> GetSheet(int64_t id);
  absl::StatusOr<SheetPage> ListSheets(const SheetFilter& filter, std::optional<int64_t> after,
                                       int limit);
  absl::StatusOr<QualitySheet> AdvanceSheet(int64_t id, SheetState to, const std::string& actor,
                                            const std::string& note, int64_t expected_version);
  absl::StatusOr<QualitySheet> CloseSheet(int64_t id, const std::string& actor,
                                          const std::string& fix_note, int64_t expected_version);

  const QualityPolicy& policy() const { return policy_; }

 private:
  SheetRule Rule() const;
  // Logs each opened sheet (the quality department's alert).
  static void LogOpened(const std::vector<QualitySheet>& opened);

  QualityRepository& repository_;
  const common::Clock& clock_;
  const QualityPolicy policy_;
};

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_SERVICE_H_
