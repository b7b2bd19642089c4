// The reports as CSV text (RFC 4180): a header line, then one line per row,
// each line ended by CRLF; a field holding a comma, a double quote, CR or LF
// is put in double quotes, with its quotes doubled. The figures are the
// same text as the reports' fields (reports.h: decimals with two places).
// Times are RFC 3339 in UTC.
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_REPORTS_CSV_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_REPORTS_CSV_H_

#include <string>
#include <string_view>
#include <vector>

#include "services/callback/domain/reports.h"
#include "services/callback/domain/reports_sample.h"

namespace fieldservice::callback {

// One field, quoted when it must be.
std::string CsvField(std::string_view field);
// One line of fields, CRLF-ended.
std::string CsvLine(const std::vector<std::string>& fields);

// Columns: dimension (TOTAL, COMPLAINT_KIND, PRODUCT, REGION, OUTCOME),
// complaint_kind, category, brand, product_model, region_code, outcome,
// complaints; a line fills the columns of its dimension.
std::string ComplaintSummaryCsv(const ComplaintSummary& report);
// Columns: category, brand, product_model, symptom_code, visits, units,
// repeat_visits; then a TOTAL line (category "TOTAL", the other keys empty).
std::string QualityReportCsv(const QualityReport& report);
// The quality report's sheets: name, kind, model, batch, fault, units,
// opened and closed (RFC 3339, UTC), state at the month's end.
std::string QualitySheetsCsv(const QualityReport& report);
// Columns: dimension (TOTAL, TECHNICIAN, OUTLET, PRODUCT_MODEL), key,
// callbacks, satisfied, not_solved, ratings, rating_sum, average_rating,
// conduct_findings.
std::string SatisfactionReportCsv(const SatisfactionReport& report);
// One line: first_visits, fixed_first_time, first_time_fix_percent, visits,
// repeat_visits, repeat_visit_percent, repeat_window_days.
std::string FirstTimeFixReportCsv(const FirstTimeFixReport& report);
// One line: visits, measured, on_time, on_time_percent.
std::string OnTimeArrivalReportCsv(const OnTimeArrivalReport& report);
// Columns: measure (TIME_TO_ASSIGN, TIME_TO_COMPLETE), count, mean_minutes,
// median_minutes, p90_minutes.
std::string ServiceTimesReportCsv(const ServiceTimesReport& report);
// Columns: kind, id, order_number, visit_number, time, agent_id,
// technician_id, result; the items in the sample's order.
std::string InspectionSampleCsv(const InspectionSample& sample);

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_REPORTS_CSV_H_
