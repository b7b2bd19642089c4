#include "services/callback/domain/reports_csv.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"

namespace fieldservice::callback {
namespace {

std::string N(int64_t n) { return absl::StrCat(n); }

std::string Utc(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", t, absl::UTCTimeZone());
}

}  // namespace

std::string CsvField(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  return absl::StrCat("\"", absl::StrReplaceAll(std::string(field), {{"\"", "\"\""}}), "\"");
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += CsvField(fields[i]);
  }
  line += "\r\n";
  return line;
}

std::string ComplaintSummaryCsv(const ComplaintSummary& r) {
  std::string out = CsvLine({"dimension", "complaint_kind", "category", "brand", "product_model",
                             "region_code", "outcome", "complaints"});
  out += CsvLine({"TOTAL", "", "", "", "", "", "", N(r.complaints)});
  for (const KeyCount& k : r.by_kind) {
    out += CsvLine({"COMPLAINT_KIND", k.key, "", "", "", "", "", N(k.count)});
  }
  for (const ProductCount& p : r.by_product) {
    out += CsvLine({"PRODUCT", "", p.category, p.brand, p.product_model, "", "", N(p.count)});
  }
  for (const KeyCount& k : r.by_region) {
    out += CsvLine({"REGION", "", "", "", "", k.key, "", N(k.count)});
  }
  for (const KeyCount& k : r.by_outcome) {
    out += CsvLine({"OUTCOME", "", "", "", "", "", k.key, N(k.count)});
  }
  return out;
}

std::string QualityReportCsv(const QualityReport& r) {
  std::string out = CsvLine(
      {"category", "brand", "product_model", "symptom_code", "visits", "units", "repeat_visits"});
  for (const QualityRow& q : r.rows) {
    out += CsvLine({q.category, q.brand, q.product_model, q.symptom_code, N(q.visits), N(q.units),
                    N(q.repeat_visits)});
  }
  out += CsvLine({"TOTAL", "", "", "", N(r.visits), N(r.units), N(r.repeat_visits)});
  return out;
}

std::string QualitySheetsCsv(const QualityReport& r) {
  const auto when = [](absl::Time t) {
    return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
  };
  std::string out =
      CsvLine({"sheet", "kind", "product_model", "batch", "symptom_code", "affected_units",
               "units_sold", "opened", "closed", "state_at_month_end"});
  for (const QualitySheetLine& s : r.sheets) {
    out += CsvLine({absl::StrCat("qualitySheets/", s.id), s.kind, s.model, s.batch, s.fault,
                    N(s.affected_units), N(s.units_sold), when(s.opened_at),
                    s.closed_at ? when(*s.closed_at) : "", s.state_at_month_end});
  }
  return out;
}

std::string SatisfactionReportCsv(const SatisfactionReport& r) {
  std::string out = CsvLine({"dimension", "key", "callbacks", "satisfied", "not_solved", "ratings",
                             "rating_sum", "average_rating", "conduct_findings"});
  const auto line = [&out](const char* dimension, const SatisfactionRow& s) {
    out += CsvLine({dimension, s.key, N(s.callbacks), N(s.satisfied), N(s.not_solved), N(s.ratings),
                    N(s.rating_sum), s.average_rating, N(s.conduct_findings)});
  };
  line("TOTAL", r.total);
  for (const SatisfactionRow& s : r.by_technician) line("TECHNICIAN", s);
  for (const SatisfactionRow& s : r.by_outlet) line("OUTLET", s);
  for (const SatisfactionRow& s : r.by_product_model) line("PRODUCT_MODEL", s);
  return out;
}

std::string FirstTimeFixReportCsv(const FirstTimeFixReport& r) {
  return CsvLine({"first_visits", "fixed_first_time", "first_time_fix_percent", "visits",
                  "repeat_visits", "repeat_visit_percent", "repeat_window_days"}) +
         CsvLine({N(r.first_visits), N(r.fixed_first_time), r.first_time_fix_percent, N(r.visits),
                  N(r.repeat_visits), r.repeat_visit_percent, N(r.repeat_window_days)});
}

std::string OnTimeArrivalReportCsv(const OnTimeArrivalReport& r) {
  return CsvLine({"visits", "measured", "on_time", "on_time_percent"}) +
         CsvLine({N(r.visits), N(r.measured), N(r.on_time), r.on_time_percent});
}

std::string ServiceTimesReportCsv(const ServiceTimesReport& r) {
  std::string out = CsvLine({"measure", "count", "mean_minutes", "median_minutes", "p90_minutes"});
  const auto line = [&out](const char* measure, const DurationStats& s) {
    out += CsvLine({measure, N(s.count), s.mean_minutes, s.median_minutes, s.p90_minutes});
  };
  line("TIME_TO_ASSIGN", r.time_to_assign);
  line("TIME_TO_COMPLETE", r.time_to_complete);
  return out;
}

std::string InspectionSampleCsv(const InspectionSample& s) {
  std::string out = CsvLine({"kind", "id", "order_number", "visit_number", "time", "agent_id",
                             "technician_id", "result"});
  for (const SampleItem& i : s.items) {
    out += CsvLine({std::string(common::NameOf(kSampleKindNames, i.kind)), i.id, i.order_number,
                    N(i.visit_number), Utc(i.at), i.agent_id, i.technician_id, i.result});
  }
  return out;
}

}  // namespace fieldservice::callback
