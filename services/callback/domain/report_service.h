// The reports' use case: reads the visits each report needs
// (report_repository.h) for a business month and computes it (reports.h,
// reports_sample.h), with its CSV text (reports_csv.h).
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_REPORT_SERVICE_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_REPORT_SERVICE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/callback/domain/quality_repository.h"
#include "services/callback/domain/report_repository.h"
#include "services/callback/domain/reports.h"
#include "services/callback/domain/reports_sample.h"

namespace fieldservice::callback {

// A report of a month and the same figures as CSV.
template <typename Report>
struct MonthlyReport {
  ReportMonth month;
  Report report;
  std::string csv;
};

class ReportService {
 public:
  // `zone` is the business time zone months are counted in; `policy` is
  // checked by the caller at start-up (CheckReportPolicy).
  // `quality` gives the quality report its sheets (null: none listed).
  ReportService(ReportRepository& repository, absl::TimeZone zone, ReportPolicy policy,
                QualityRepository* quality = nullptr)
      : repository_(repository), zone_(zone), policy_(policy), quality_(quality) {}

  // Each takes the month as "YYYY-MM" (INVALID_ARGUMENT naming "month").
  absl::StatusOr<MonthlyReport<ComplaintSummary>> ComplaintSummaryFor(std::string_view month);
  absl::StatusOr<MonthlyReport<QualityReport>> QualityReportFor(std::string_view month);
  absl::StatusOr<MonthlyReport<SatisfactionReport>> SatisfactionReportFor(std::string_view month);
  absl::StatusOr<MonthlyReport<FirstTimeFixReport>> FirstTimeFixReportFor(std::string_view month);
  absl::StatusOr<MonthlyReport<OnTimeArrivalReport>> OnTimeArrivalReportFor(std::string_view month);
  absl::StatusOr<MonthlyReport<ServiceTimesReport>> ServiceTimesReportFor(std::string_view month);
  absl::StatusOr<MonthlyReport<InspectionSample>> InspectionSampleFor(std::string_view month,
                                                                      std::string_view seed);

  const ReportPolicy& policy() const { return policy_; }

 private:
  // The visits completed in the month and in the repeat window before it.
  absl::StatusOr<std::vector<ReportVisit>> CompletedWithLookback(const ReportMonth& month);

  ReportRepository& repository_;
  const absl::TimeZone zone_;
  const ReportPolicy policy_;
  QualityRepository* const quality_;
};

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_REPORT_SERVICE_H_
