#include "services/callback/domain/reports.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace fieldservice::callback {
namespace {

// Keys counted, then listed by count (largest first), then key.
std::vector<KeyCount> ByCount(const std::map<std::string, int64_t>& counts) {
  std::vector<KeyCount> out;
  for (const auto& [key, count] : counts) out.push_back({key, count});
  std::stable_sort(out.begin(), out.end(),
                   [](const KeyCount& a, const KeyCount& b) { return a.count > b.count; });
  return out;
}

bool IsFirstVisitIn(const ReportVisit& v, const ReportMonth& month) {
  return v.visit.visit_number == 1 && month.Contains(v.visit.completed_at);
}

}  // namespace

absl::Status CheckReportPolicy(const ReportPolicy& p) {
  if (p.repeat_window_days < 1 || p.repeat_window_days > 366) {
    return absl::InvalidArgumentError(absl::StrCat(
        "callback_report_repeat_window_days: ", p.repeat_window_days, " is not in 1..366"));
  }
  if (p.sample_percent < 1 || p.sample_percent > 100) {
    return absl::InvalidArgumentError(
        absl::StrCat("callback_report_sample_percent: ", p.sample_percent, " is not in 1..100"));
  }
  if (p.sample_max_items < 1 || p.sample_max_items > 100000) {
    return absl::InvalidArgumentError(absl::StrCat(
        "callback_report_sample_max_items: ", p.sample_max_items, " is not in 1..100000"));
  }
  return absl::OkStatus();
}

std::string ReportMonth::Name() const {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}

absl::StatusOr<ReportMonth> ParseReportMonth(std::string_view text, absl::TimeZone zone,
                                             std::string_view field) {
  // Exactly YYYY-MM: absl's parser would accept variants that hide typos.
  const auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(field), ": \"", std::string(text),
                     "\" is not a month written YYYY-MM (e.g. 2026-06)"));
  };
  if (text.size() != 7 || text[4] != '-') return bad();
  int year = 0, month = 0;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (text[i] < '0' || text[i] > '9') return bad();
    int& part = i < 4 ? year : month;
    part = part * 10 + (text[i] - '0');
  }
  if (year < 2000 || year > 2999 || month < 1 || month > 12) return bad();
  ReportMonth m;
  m.month = absl::CivilMonth(year, month);
  m.from = absl::FromCivil(absl::CivilDay(m.month), zone);
  m.to = absl::FromCivil(absl::CivilDay(m.month + 1), zone);
  return m;
}

std::string Decimal(int64_t numerator, int64_t denominator, int places) {
  if (denominator == 0) return "";
  const bool negative = (numerator < 0) != (denominator < 0) && numerator != 0;
  const int64_t a = std::llabs(numerator), b = std::llabs(denominator);
  int64_t scale = 1;
  for (int i = 0; i < places; ++i) scale *= 10;
  // round(a * scale / b), halves away from zero.
  const int64_t q = (2 * a * scale + b) / (2 * b);
  std::string out = absl::StrCat(negative && q != 0 ? "-" : "", q / scale);
  if (places > 0) absl::StrAppend(&out, ".", absl::StrFormat("%0*d", places, q % scale));
  return out;
}

std::string Percent(int64_t part, int64_t whole) { return Decimal(100 * part, whole); }

std::string UnitOf(const VisitCompleted& visit) {
  return visit.serial.empty() ? absl::StrCat("order:", visit.order_number)
                              : absl::StrCat("serial:", visit.serial);
}

RepeatVisits::RepeatVisits(const std::vector<ReportVisit>& all, int window_days)
    : window_(absl::Hours(24) * window_days) {
  for (const ReportVisit& v : all) completions_.emplace_back(UnitOf(v.visit), v.visit.completed_at);
  std::sort(completions_.begin(), completions_.end());
}

bool RepeatVisits::IsRepeat(const VisitCompleted& visit) const {
  // The first completion of the unit at or after the window's start; a
  // repeat when it is before the visit itself.
  const std::pair<std::string, absl::Time> start{UnitOf(visit), visit.completed_at - window_};
  auto it = std::lower_bound(completions_.begin(), completions_.end(), start);
  return it != completions_.end() && it->first == start.first && it->second < visit.completed_at;
}

ComplaintOutcome ComplaintOutcomeOf(const ReportVisit& v) {
  switch (v.state) {
    case TaskState::kCompleted:
      return v.outcome == CallbackOutcome::kNotSolved ? ComplaintOutcome::kNotSolved
                                                      : ComplaintOutcome::kSatisfied;
    case TaskState::kGaveUp:
      return ComplaintOutcome::kGaveUp;
    case TaskState::kCancelled:
      return ComplaintOutcome::kCancelled;
    case TaskState::kPending:
    case TaskState::kClaimed:
    case TaskState::kRetryWait:
      break;
  }
  return ComplaintOutcome::kAwaitingCallback;
}

ComplaintSummary ComplaintSummaryOf(const std::vector<ReportVisit>& visits,
                                    const ReportMonth& month) {
  // The last visit of each complaint order completed in the month.
  std::map<std::string, const ReportVisit*> last;
  for (const ReportVisit& v : visits) {
    if (!v.visit.complaint || !month.Contains(v.visit.completed_at)) continue;
    const ReportVisit*& slot = last[v.visit.order_number];
    if (slot == nullptr || slot->visit.visit_number < v.visit.visit_number) slot = &v;
  }
  std::map<ComplaintKind, int64_t> kinds;
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> products;
  std::map<std::string, int64_t> regions;
  std::map<ComplaintOutcome, int64_t> outcomes;
  for (const auto& [order, v] : last) {
    ++kinds[v->visit.complaint_kind];
    ++products[{v->visit.category, v->visit.brand, v->visit.product_model}];
    ++regions[v->visit.region_code];
    ++outcomes[ComplaintOutcomeOf(*v)];
  }
  ComplaintSummary s;
  s.complaints = static_cast<int64_t>(last.size());
  for (const auto& [kind, name] : kComplaintKindNames) {
    if (kind == ComplaintKind::kNone) {
      // A complaint order recorded without its kind still counts, visibly.
      if (kinds.count(kind)) s.by_kind.push_back({std::string(name), kinds[kind]});
      continue;
    }
    s.by_kind.push_back({std::string(name), kinds[kind]});
  }
  for (const auto& [key, count] : products) {
    s.by_product.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), count});
  }
  std::stable_sort(s.by_product.begin(), s.by_product.end(),
                   [](const ProductCount& a, const ProductCount& b) { return a.count > b.count; });
  s.by_region = ByCount(regions);
  for (const auto& [outcome, name] : kComplaintOutcomeNames) {
    s.by_outcome.push_back({std::string(name), outcomes[outcome]});
  }
  return s;
}

QualityReport QualityReportOf(const std::vector<ReportVisit>& visits, const ReportMonth& month,
                              const ReportPolicy& policy) {
  const RepeatVisits repeats(visits, policy.repeat_window_days);
  using Group = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Group, QualityRow> rows;
  std::map<Group, std::set<std::string>> units;
  std::set<std::string> all_units;
  QualityReport r;
  r.repeat_window_days = policy.repeat_window_days;
  for (const ReportVisit& v : visits) {
    if (!month.Contains(v.visit.completed_at)) continue;
    const VisitCompleted& f = v.visit;
    const Group g{f.category, f.brand, f.product_model, f.symptom_code};
    QualityRow& row = rows[g];
    row.category = f.category;
    row.brand = f.brand;
    row.product_model = f.product_model;
    row.symptom_code = f.symptom_code;
    ++row.visits;
    ++r.visits;
    units[g].insert(UnitOf(f));
    all_units.insert(UnitOf(f));
    if (repeats.IsRepeat(f)) {
      ++row.repeat_visits;
      ++r.repeat_visits;
    }
  }
  for (auto& [g, row] : rows) {
    row.units = static_cast<int64_t>(units[g].size());
    r.rows.push_back(row);
  }
  std::stable_sort(r.rows.begin(), r.rows.end(),
                   [](const QualityRow& a, const QualityRow& b) { return a.visits > b.visits; });
  r.units = static_cast<int64_t>(all_units.size());
  return r;
}

void AddSheetsOfMonth(const std::vector<QualitySheet>& sheets, const ReportMonth& month,
                      QualityReport& report) {
  for (const QualitySheet& sheet : sheets) {
    if (sheet.opened_at >= month.to) continue;
    QualitySheetLine line{.id = sheet.id,
                          .kind = std::string(common::NameOf(kSheetKindNames, sheet.kind)),
                          .model = sheet.model,
                          .batch = sheet.batch,
                          .fault = sheet.fault,
                          .affected_units = sheet.affected_units,
                          .units_sold = sheet.units_sold,
                          .opened_at = sheet.opened_at};
    SheetState state = SheetState::kOpen;
    for (const SheetStep& step : sheet.steps) {
      if (step.at >= month.to) break;
      state = step.to;
      if (step.to == SheetState::kClosed) line.closed_at = step.at;
    }
    if (line.closed_at && *line.closed_at < month.from) continue;  // closed before the month
    line.state_at_month_end = std::string(common::NameOf(kSheetStateNames, state));
    if (month.Contains(line.opened_at)) ++report.sheets_opened;
    if (line.closed_at && month.Contains(*line.closed_at)) ++report.sheets_closed;
    report.sheets.push_back(std::move(line));
  }
  std::sort(report.sheets.begin(), report.sheets.end(),
            [](const QualitySheetLine& a, const QualitySheetLine& b) { return a.id < b.id; });
}

namespace {

// The rating answer as 1..5, or 0 when it is not one.
int RatingOf(const Answers& answers) {
  auto it = answers.find(std::string(kTechnicianRatingQuestion));
  int rating = 0;
  if (it == answers.end() || it->second.size() != 1 || !absl::SimpleAtoi(it->second, &rating) ||
      rating < 1 || rating > 5) {
    return 0;
  }
  return rating;
}

void Add(const ReportVisit& v, SatisfactionRow& row) {
  ++row.callbacks;
  if (v.outcome == CallbackOutcome::kNotSolved) {
    ++row.not_solved;
  } else {
    ++row.satisfied;
  }
  if (int rating = RatingOf(v.answers); rating > 0) {
    ++row.ratings;
    row.rating_sum += rating;
  }
  for (FindingKind kind : v.findings) {
    if (ClassOf(kind) == FindingClass::kConduct) ++row.conduct_findings;
  }
}

std::vector<SatisfactionRow> Rows(std::map<std::string, SatisfactionRow> by_key) {
  std::vector<SatisfactionRow> out;
  for (auto& [key, row] : by_key) {
    row.key = key;
    row.average_rating = Decimal(row.rating_sum, row.ratings);
    out.push_back(std::move(row));
  }
  std::stable_sort(out.begin(), out.end(), [](const SatisfactionRow& a, const SatisfactionRow& b) {
    return a.callbacks > b.callbacks;
  });
  return out;
}

}  // namespace

SatisfactionReport SatisfactionReportOf(const std::vector<ReportVisit>& visits,
                                        const ReportMonth& month) {
  std::map<std::string, SatisfactionRow> technicians, outlets, models;
  SatisfactionReport r;
  for (const ReportVisit& v : visits) {
    if (v.state != TaskState::kCompleted || !month.Contains(v.finished_at)) continue;
    Add(v, r.total);
    // A carry-in repair at the counter has no technician to rate.
    if (!v.visit.technician_id.empty()) Add(v, technicians[v.visit.technician_id]);
    Add(v, outlets[v.visit.outlet_id]);
    Add(v, models[v.visit.product_model]);
  }
  r.total.average_rating = Decimal(r.total.rating_sum, r.total.ratings);
  r.by_technician = Rows(std::move(technicians));
  r.by_outlet = Rows(std::move(outlets));
  r.by_product_model = Rows(std::move(models));
  return r;
}

FirstTimeFixReport FirstTimeFixReportOf(const std::vector<ReportVisit>& all,
                                        const ReportMonth& month, const ReportPolicy& policy) {
  std::set<std::string> first_visit_orders, reopened;
  for (const ReportVisit& v : all) {
    if (IsFirstVisitIn(v, month)) first_visit_orders.insert(v.visit.order_number);
    if (v.visit.visit_number > 1) reopened.insert(v.visit.order_number);
  }
  FirstTimeFixReport r;
  r.repeat_window_days = policy.repeat_window_days;
  r.first_visits = static_cast<int64_t>(first_visit_orders.size());
  for (const std::string& order : first_visit_orders) {
    if (!reopened.count(order)) ++r.fixed_first_time;
  }
  r.first_time_fix_percent = Percent(r.fixed_first_time, r.first_visits);
  const RepeatVisits repeats(all, policy.repeat_window_days);
  for (const ReportVisit& v : all) {
    if (!month.Contains(v.visit.completed_at)) continue;
    ++r.visits;
    if (repeats.IsRepeat(v.visit)) ++r.repeat_visits;
  }
  r.repeat_visit_percent = Percent(r.repeat_visits, r.visits);
  return r;
}

OnTimeArrivalReport OnTimeArrivalReportOf(const std::vector<ReportVisit>& visits,
                                          const ReportMonth& month) {
  OnTimeArrivalReport r;
  for (const ReportVisit& v : visits) {
    if (!month.Contains(v.visit.completed_at)) continue;
    ++r.visits;
    if (!v.visit.arrived_at || !v.visit.promised_by) continue;
    ++r.measured;
    if (*v.visit.arrived_at <= *v.visit.promised_by) ++r.on_time;
  }
  r.on_time_percent = Percent(r.on_time, r.measured);
  return r;
}

DurationStats DurationStatsOf(std::vector<int64_t> seconds) {
  DurationStats s;
  s.count = static_cast<int64_t>(seconds.size());
  if (seconds.empty()) return s;
  std::sort(seconds.begin(), seconds.end());
  int64_t sum = 0;
  for (int64_t x : seconds) sum += x;
  const size_t n = seconds.size();
  s.mean_minutes = Decimal(sum, static_cast<int64_t>(n) * 60);
  s.median_minutes =
      n % 2 == 1 ? Decimal(seconds[n / 2], 60) : Decimal(seconds[n / 2 - 1] + seconds[n / 2], 120);
  const size_t rank = (9 * n + 9) / 10;  // ceil(0.9 n), 1-based
  s.p90_minutes = Decimal(seconds[rank - 1], 60);
  return s;
}

ServiceTimesReport ServiceTimesReportOf(const std::vector<ReportVisit>& visits,
                                        const ReportMonth& month) {
  ServiceTimesReport r;
  std::vector<int64_t> assign, complete;
  for (const ReportVisit& v : visits) {
    if (!IsFirstVisitIn(v, month)) continue;
    ++r.first_visits;
    const VisitCompleted& f = v.visit;
    if (!f.received_at) continue;
    if (f.assigned_at) assign.push_back(absl::ToInt64Seconds(*f.assigned_at - *f.received_at));
    complete.push_back(absl::ToInt64Seconds(f.completed_at - *f.received_at));
  }
  r.time_to_assign = DurationStatsOf(std::move(assign));
  r.time_to_complete = DurationStatsOf(std::move(complete));
  return r;
}

}  // namespace fieldservice::callback
