// The callback service's monthly reports (issue 11 "Reports"), computed from
// the completed visits it holds (report_repository.h). Pure functions: each
// takes the visits read for it and applies its own rule to them, so the
// figures depend only on the rules written here.
//
// Common rules:
// - A month is a business month: from the first instant of its first day
//   to the first instant of the next month's first day, in the service's
//   business time zone (the calendar's zone). An instant belongs to the
//   month when from <= t < to.
// - Every completed visit is one row of the callback tasks; the service
//   knows an order only once one of its visits was completed and reported
//   by `orders`.
// - A unit is the product's serial; a visit without a serial counts as a
//   unit of its own order.
// - Shares and averages are exact ratios shown as decimals with two places,
//   rounded half away from zero (Decimal); empty when the denominator is 0.
//   Each report also gives the counts they are made of.
// - Rows of a breakdown are ordered by count (largest first), then by key.
//   A visit without a value (e.g. no outlet) is grouped under "".
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_REPORTS_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_REPORTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/callback/domain/quality_sheet.h"
#include "services/callback/domain/report_repository.h"
#include "services/common/enum_names.h"

namespace fieldservice::callback {

// The reports' policy numbers (callback_report_* settings).
struct ReportPolicy {
  // A visit is a repeat visit when its unit had another visit completed
  // within this many days before it (the issue's "repeat visits within 30
  // days").
  int repeat_window_days = 30;
  // The share of the month's calls, and of its callbacks, sampled for
  // quality inspection, in percent.
  int sample_percent = 20;
  // At most this many sampled items are listed (the counts are exact).
  int sample_max_items = 2000;
};
// INVALID_ARGUMENT naming the setting out of range: the window 1..366
// days, the percent 1..100, the cap 1..100000.
absl::Status CheckReportPolicy(const ReportPolicy& policy);

// The question of the default survey whose 1..5 answer rates the technician.
inline constexpr std::string_view kTechnicianRatingQuestion = "technician_satisfaction";

struct ReportMonth {
  absl::CivilMonth month;
  absl::Time from;  // inclusive
  absl::Time to;    // exclusive
  bool Contains(absl::Time t) const { return from <= t && t < to; }
  std::string Name() const;  // "YYYY-MM"
};
// Strict "YYYY-MM" (years 2000..2999) in `zone`; INVALID_ARGUMENT naming
// `field` otherwise.
absl::StatusOr<ReportMonth> ParseReportMonth(std::string_view text, absl::TimeZone zone,
                                             std::string_view field = "month");

// numerator / denominator with `places` decimals, rounded half away from
// zero; "" when the denominator is 0. Exact (integer arithmetic).
std::string Decimal(int64_t numerator, int64_t denominator, int places = 2);
// 100 * part / whole as Decimal.
std::string Percent(int64_t part, int64_t whole);

// The unit a visit was made to: "serial:<serial>", else "order:<number>".
std::string UnitOf(const VisitCompleted& visit);

// Whether `visit` is a repeat visit: another visit in `all` to the same unit
// was completed before it, at most `window_days` days (24 h each) before.
// Visits completed at the same instant do not repeat each other.
class RepeatVisits {
 public:
  RepeatVisits(const std::vector<ReportVisit>& all, int window_days);
  bool IsRepeat(const VisitCompleted& visit) const;

 private:
  std::vector<std::pair<std::string, absl::Time>> completions_;  // by unit, then time
  absl::Duration window_;
};

struct KeyCount {
  std::string key;
  int64_t count = 0;
  friend bool operator==(const KeyCount&, const KeyCount&) = default;
};

// 1. The monthly complaint summary (顾客投诉汇总表).
// What counts: complaint orders (complaint = true) with a visit completed in
// the month, once per order however many of its visits were; the order's
// last visit completed in the month gives its product, region, kind and
// outcome. The outcome is the callback's state when the report is made:
// SATISFIED or NOT_SOLVED (survey submitted), GAVE_UP (customer not
// reached), CANCELLED, or AWAITING_CALLBACK (pending, claimed or retrying).
// Each breakdown sums to `complaints`; kinds and outcomes list every value,
// zeros included.
enum class ComplaintOutcome { kSatisfied, kNotSolved, kGaveUp, kAwaitingCallback, kCancelled };
inline constexpr common::EnumName<ComplaintOutcome> kComplaintOutcomeNames[] = {
    {ComplaintOutcome::kSatisfied, "SATISFIED"},
    {ComplaintOutcome::kNotSolved, "NOT_SOLVED"},
    {ComplaintOutcome::kGaveUp, "GAVE_UP"},
    {ComplaintOutcome::kAwaitingCallback, "AWAITING_CALLBACK"},
    {ComplaintOutcome::kCancelled, "CANCELLED"},
};
ComplaintOutcome ComplaintOutcomeOf(const ReportVisit& visit);

struct ProductCount {
  std::string category;
  std::string brand;
  std::string product_model;
  int64_t count = 0;
  friend bool operator==(const ProductCount&, const ProductCount&) = default;
};
struct ComplaintSummary {
  int64_t complaints = 0;
  std::vector<KeyCount> by_kind;  // GENERAL, CRISIS, BATCH_ACCIDENT
  std::vector<ProductCount> by_product;
  std::vector<KeyCount> by_region;
  std::vector<KeyCount> by_outcome;  // kComplaintOutcomeNames' order
};
ComplaintSummary ComplaintSummaryOf(const std::vector<ReportVisit>& visits,
                                    const ReportMonth& month);

// 2. The quality information monthly report (质量信息月度报表): the visits
// completed in the month by fault, grouped by category, brand, model and
// symptom code. `units` counts distinct units (UnitOf); `repeat_visits`
// the visits that are repeat visits (RepeatVisits, over `visits`, which
// must hold the visits completed up to the window before the month).
// Rows ordered by visits (largest first), then category, brand, model and
// symptom code; the totals count units across groups once.
//
// Next to the rows, the quality information sheets (质量信息单) of the
// month (SheetsOfMonth), from the quality signals' own records.
struct QualityRow {
  std::string category;
  std::string brand;
  std::string product_model;
  std::string symptom_code;
  int64_t visits = 0;
  int64_t units = 0;
  int64_t repeat_visits = 0;
  friend bool operator==(const QualityRow&, const QualityRow&) = default;
};
// A quality information sheet as the month saw it.
struct QualitySheetLine {
  int64_t id = 0;
  std::string kind;  // BATCH_ACCIDENT, NEW_DEFECT, SAFETY
  std::string model;
  std::string batch;
  std::string fault;
  int64_t affected_units = 0;  // as the sheet stands now
  int64_t units_sold = 0;
  absl::Time opened_at;
  std::optional<absl::Time> closed_at;  // unset: not closed by the month's end
  std::string state_at_month_end;       // OPEN, ACKNOWLEDGED, IN_PROGRESS, CLOSED
  friend bool operator==(const QualitySheetLine&, const QualitySheetLine&) = default;
};
struct QualityReport {
  std::vector<QualityRow> rows;
  // The sheets opened before the month's end and not closed before its
  // start, by id; how many of them opened, and closed, in the month.
  std::vector<QualitySheetLine> sheets;
  int64_t sheets_opened = 0;
  int64_t sheets_closed = 0;
  int64_t visits = 0;
  int64_t units = 0;
  int64_t repeat_visits = 0;
  int repeat_window_days = 0;
};
QualityReport QualityReportOf(const std::vector<ReportVisit>& visits, const ReportMonth& month,
                              const ReportPolicy& policy);

// The sheets of the month among `sheets` (any may be given; those opened
// after the month or closed before it are left out), each with its state at
// the month's end read from its steps.
void AddSheetsOfMonth(const std::vector<QualitySheet>& sheets, const ReportMonth& month,
                      QualityReport& report);

// 3. Satisfaction by technician, by outlet and by product model.
// What counts: callbacks whose survey was submitted in the month (COMPLETED,
// finished_at in the month), whenever the visit was. `ratings` counts the
// answers to kTechnicianRatingQuestion that are a whole number 1..5 and
// `rating_sum` adds them; average_rating = rating_sum / ratings.
// `conduct_findings` counts the findings of class CONDUCT (findings.h).
struct SatisfactionRow {
  std::string key;
  int64_t callbacks = 0;
  int64_t satisfied = 0;
  int64_t not_solved = 0;
  int64_t ratings = 0;
  int64_t rating_sum = 0;
  std::string average_rating;
  int64_t conduct_findings = 0;
  friend bool operator==(const SatisfactionRow&, const SatisfactionRow&) = default;
};
struct SatisfactionReport {
  SatisfactionRow total;  // key ""
  std::vector<SatisfactionRow> by_technician;
  std::vector<SatisfactionRow> by_outlet;
  std::vector<SatisfactionRow> by_product_model;
};
SatisfactionReport SatisfactionReportOf(const std::vector<ReportVisit>& visits,
                                        const ReportMonth& month);

// 4. First-time fix and repeat visits.
// First-time fix: of the orders whose first visit (visit_number 1) was
// completed in the month (`first_visits`), those with no later visit of the
// order in `visits` (no reopen known when the report is made). A reopen
// reported later lowers the figure of a month already reported.
// Repeat visits: of the visits completed in the month (`visits`), the
// repeat visits (RepeatVisits; `all` must hold the visits completed up to
// the window before the month).
struct FirstTimeFixReport {
  int64_t first_visits = 0;
  int64_t fixed_first_time = 0;
  std::string first_time_fix_percent;
  int64_t visits = 0;
  int64_t repeat_visits = 0;
  std::string repeat_visit_percent;
  int repeat_window_days = 0;
};
FirstTimeFixReport FirstTimeFixReportOf(const std::vector<ReportVisit>& all,
                                        const ReportMonth& month, const ReportPolicy& policy);

// 5. On-time arrival: of the visits completed in the month (`visits`), those
// with both an arrival and a booked window's end (`measured`; carry-in
// visits have neither), the ones arrived at or before the window's end
// (`on_time`). on_time_percent = on_time / measured.
struct OnTimeArrivalReport {
  int64_t visits = 0;
  int64_t measured = 0;
  int64_t on_time = 0;
  std::string on_time_percent;
};
OnTimeArrivalReport OnTimeArrivalReportOf(const std::vector<ReportVisit>& visits,
                                          const ReportMonth& month);

// 6. Time to assign (assigned_at - received_at) and to complete
// (completed_at - received_at) of the orders whose first visit was
// completed in the month, over those having the times. Durations are
// counted in whole seconds (fractions dropped) and shown in minutes:
// the mean, the median (the mean of the two middle values for an even
// count) and p90 by nearest rank (the ceil(0.9 * n)-th smallest).
struct DurationStats {
  int64_t count = 0;
  std::string mean_minutes;
  std::string median_minutes;
  std::string p90_minutes;
  friend bool operator==(const DurationStats&, const DurationStats&) = default;
};
DurationStats DurationStatsOf(std::vector<int64_t> seconds);
struct ServiceTimesReport {
  int64_t first_visits = 0;
  DurationStats time_to_assign;
  DurationStats time_to_complete;
};
ServiceTimesReport ServiceTimesReportOf(const std::vector<ReportVisit>& visits,
                                        const ReportMonth& month);

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_REPORTS_H_
