#include "services/callback/domain/report_service.h"

#include <set>
#include <utility>
#include <vector>

#include "services/callback/domain/reports_csv.h"

namespace fieldservice::callback {
namespace {

// `more` added to `visits`, each visit once.
void Merge(std::vector<ReportVisit>& visits, std::vector<ReportVisit> more) {
  std::set<std::string> keys;
  for (const ReportVisit& v : visits) keys.insert(v.key());
  for (ReportVisit& v : more) {
    if (keys.insert(v.key()).second) visits.push_back(std::move(v));
  }
}

// Reads with `read`, computes with `compute` and writes the CSV with `csv`.
template <typename Read, typename Compute, typename Csv>
auto Monthly(const ReportMonth& month, Read read, Compute compute, Csv csv)
    -> absl::StatusOr<MonthlyReport<decltype(compute(std::vector<ReportVisit>()))>> {
  absl::StatusOr<std::vector<ReportVisit>> visits = read();
  if (!visits.ok()) return visits.status();
  MonthlyReport<decltype(compute(std::vector<ReportVisit>()))> out;
  out.month = month;
  out.report = compute(*visits);
  out.csv = csv(out.report);
  return out;
}

}  // namespace

absl::StatusOr<std::vector<ReportVisit>> ReportService::CompletedWithLookback(
    const ReportMonth& month) {
  return repository_.Visits(VisitSelection::kCompleted,
                            month.from - absl::Hours(24) * policy_.repeat_window_days, month.to);
}

absl::StatusOr<MonthlyReport<ComplaintSummary>> ReportService::ComplaintSummaryFor(
    std::string_view text) {
  auto month = ParseReportMonth(text, zone_);
  if (!month.ok()) return month.status();
  return Monthly(
      *month,
      [&] { return repository_.Visits(VisitSelection::kCompleted, month->from, month->to); },
      [&](const std::vector<ReportVisit>& v) { return ComplaintSummaryOf(v, *month); },
      ComplaintSummaryCsv);
}

absl::StatusOr<MonthlyReport<QualityReport>> ReportService::QualityReportFor(
    std::string_view text) {
  auto month = ParseReportMonth(text, zone_);
  if (!month.ok()) return month.status();
  std::vector<QualitySheet> sheets;
  if (quality_ != nullptr) {
    auto active = quality_->SheetsActive(month->from, month->to);
    if (!active.ok()) return active.status();
    sheets = *std::move(active);
  }
  return Monthly(
      *month, [&] { return CompletedWithLookback(*month); },
      [&](const std::vector<ReportVisit>& v) {
        QualityReport report = QualityReportOf(v, *month, policy_);
        AddSheetsOfMonth(sheets, *month, report);
        return report;
      },
      QualityReportCsv);
}

absl::StatusOr<MonthlyReport<SatisfactionReport>> ReportService::SatisfactionReportFor(
    std::string_view text) {
  auto month = ParseReportMonth(text, zone_);
  if (!month.ok()) return month.status();
  return Monthly(
      *month, [&] { return repository_.Visits(VisitSelection::kCalled, month->from, month->to); },
      [&](const std::vector<ReportVisit>& v) { return SatisfactionReportOf(v, *month); },
      SatisfactionReportCsv);
}

absl::StatusOr<MonthlyReport<FirstTimeFixReport>> ReportService::FirstTimeFixReportFor(
    std::string_view text) {
  auto month = ParseReportMonth(text, zone_);
  if (!month.ok()) return month.status();
  const auto read = [&]() -> absl::StatusOr<std::vector<ReportVisit>> {
    auto visits = CompletedWithLookback(*month);
    if (!visits.ok()) return visits.status();
    auto later = repository_.Visits(VisitSelection::kLaterVisitsOfFirstVisitsCompleted, month->from,
                                    month->to);
    if (!later.ok()) return later.status();
    Merge(*visits, *std::move(later));
    return visits;
  };
  return Monthly(
      *month, read,
      [&](const std::vector<ReportVisit>& v) { return FirstTimeFixReportOf(v, *month, policy_); },
      FirstTimeFixReportCsv);
}

absl::StatusOr<MonthlyReport<OnTimeArrivalReport>> ReportService::OnTimeArrivalReportFor(
    std::string_view text) {
  auto month = ParseReportMonth(text, zone_);
  if (!month.ok()) return month.status();
  return Monthly(
      *month,
      [&] { return repository_.Visits(VisitSelection::kCompleted, month->from, month->to); },
      [&](const std::vector<ReportVisit>& v) { return OnTimeArrivalReportOf(v, *month); },
      OnTimeArrivalReportCsv);
}

absl::StatusOr<MonthlyReport<ServiceTimesReport>> ReportService::ServiceTimesReportFor(
    std::string_view text) {
  auto month = ParseReportMonth(text, zone_);
  if (!month.ok()) return month.status();
  return Monthly(
      *month,
      [&] { return repository_.Visits(VisitSelection::kCompleted, month->from, month->to); },
      [&](const std::vector<ReportVisit>& v) { return ServiceTimesReportOf(v, *month); },
      ServiceTimesReportCsv);
}

absl::StatusOr<MonthlyReport<InspectionSample>> ReportService::InspectionSampleFor(
    std::string_view text, std::string_view seed) {
  auto month = ParseReportMonth(text, zone_);
  if (!month.ok()) return month.status();
  // The seed is checked before anything is read.
  if (absl::Status checked = CheckSampleSeed(seed); !checked.ok()) return checked;
  auto visits = repository_.Visits(VisitSelection::kReceived, month->from, month->to);
  if (!visits.ok()) return visits.status();
  auto called = repository_.Visits(VisitSelection::kCalled, month->from, month->to);
  if (!called.ok()) return called.status();
  Merge(*visits, *std::move(called));
  auto sample = InspectionSampleOf(*visits, *month, seed, policy_);
  if (!sample.ok()) return sample.status();
  MonthlyReport<InspectionSample> out;
  out.month = *month;
  out.report = *std::move(sample);
  out.csv = InspectionSampleCsv(out.report);
  return out;
}

}  // namespace fieldservice::callback
