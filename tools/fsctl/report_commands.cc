// `fsctl report NAME --month YYYY-MM`: the callback service's monthly
// reports (CallbackReports) as aligned tables; --csv prints the report's own
// CSV, --json the response.
#include <functional>
#include <iostream>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "fieldservice/callback/v1/reports_service.grpc.pb.h"
#include "tools/fsctl/command.h"
#include "tools/fsctl/exit_codes.h"
#include "tools/fsctl/output.h"
#include "tools/fsctl/values.h"

namespace fieldservice::fsctl {

namespace {

namespace v1 = ::fieldservice::callback::v1;
using Stub = v1::CallbackReports::Stub;

void KeyCounts(const std::string& title, const std::string& key,
               const google::protobuf::RepeatedPtrField<v1::KeyCount>& counts) {
  Table table({key, "COUNT"});
  for (const v1::KeyCount& c : counts) table.Add({c.key(), absl::StrCat(c.count())});
  std::cout << "\n" << title << ":\n";
  table.Print(std::cout);
}

void PrintReport(const v1::ComplaintSummary& r) {
  std::cout << "Complaints in " << r.month() << ": " << r.complaints() << "\n";
  KeyCounts("By kind", "KIND", r.by_kind());
  Table products({"CATEGORY", "BRAND", "MODEL", "COUNT"});
  for (const auto& p : r.by_product()) {
    products.Add({p.category(), p.brand(), p.product_model(), absl::StrCat(p.count())});
  }
  std::cout << "\nBy product:\n";
  products.Print(std::cout);
  KeyCounts("By region", "REGION", r.by_region());
  KeyCounts("By outcome", "OUTCOME", r.by_outcome());
}

void PrintReport(const v1::QualityReport& r) {
  std::cout << "Visits by product and symptom in " << r.month() << " (repeat visits within "
            << r.repeat_window_days() << " days)\n";
  Table table({"CATEGORY", "BRAND", "MODEL", "SYMPTOM", "VISITS", "UNITS", "REPEATS"});
  for (const v1::QualityRow& row : r.rows()) {
    table.Add({row.category(), row.brand(), row.product_model(), row.symptom_code(),
               absl::StrCat(row.visits()), absl::StrCat(row.units()),
               absl::StrCat(row.repeat_visits())});
  }
  table.Add({"total", "", "", "", absl::StrCat(r.visits()), absl::StrCat(r.units()),
             absl::StrCat(r.repeat_visits())});
  table.Print(std::cout);
  std::cout << "\nQuality information sheets (" << r.sheets_opened() << " opened, "
            << r.sheets_closed() << " closed in the month):\n";
  Table sheets({"SHEET", "KIND", "MODEL", "BATCH", "SYMPTOM", "UNITS", "SOLD", "OPENED", "CLOSED",
                "STATE AT MONTH END"});
  for (const v1::QualitySheetLine& line : r.sheets()) {
    sheets.Add({line.name(), line.kind(), line.product_model(), line.batch(), line.symptom_code(),
                absl::StrCat(line.affected_units()), absl::StrCat(line.units_sold()),
                TimeText(line.open_time()),
                line.has_close_time() ? TimeText(line.close_time()) : "",
                line.state_at_month_end()});
  }
  sheets.Print(std::cout);
}

void SatisfactionRows(Table& table, const std::string& group,
                      const google::protobuf::RepeatedPtrField<v1::SatisfactionRow>& rows) {
  for (const v1::SatisfactionRow& row : rows) {
    table.Add({group, row.key(), absl::StrCat(row.callbacks()), absl::StrCat(row.satisfied()),
               absl::StrCat(row.not_solved()), absl::StrCat(row.ratings()), row.average_rating(),
               absl::StrCat(row.conduct_findings())});
  }
}

void PrintReport(const v1::SatisfactionReport& r) {
  std::cout << "Callback satisfaction in " << r.month() << "\n";
  Table table(
      {"BY", "KEY", "CALLBACKS", "SATISFIED", "NOT SOLVED", "RATINGS", "AVERAGE", "CONDUCT"});
  google::protobuf::RepeatedPtrField<v1::SatisfactionRow> total;
  *total.Add() = r.total();
  SatisfactionRows(table, "total", total);
  SatisfactionRows(table, "technician", r.by_technician());
  SatisfactionRows(table, "outlet", r.by_outlet());
  SatisfactionRows(table, "model", r.by_product_model());
  table.Print(std::cout);
}

void PrintReport(const v1::FirstTimeFixReport& r) {
  PrintFields(std::cout,
              {{"Month", r.month()},
               {"First visits", absl::StrCat(r.first_visits())},
               {"Fixed first time",
                absl::StrCat(r.fixed_first_time(), " (", r.first_time_fix_percent(), "%)")},
               {"Visits", absl::StrCat(r.visits())},
               {"Repeat visits", absl::StrCat(r.repeat_visits(), " (", r.repeat_visit_percent(),
                                              "%, within ", r.repeat_window_days(), " days)")}});
}

void PrintReport(const v1::OnTimeArrivalReport& r) {
  PrintFields(std::cout, {{"Month", r.month()},
                          {"Visits", absl::StrCat(r.visits())},
                          {"Measured", absl::StrCat(r.measured())},
                          {"On time", absl::StrCat(r.on_time(), " (", r.on_time_percent(), "%)")}});
}

void PrintReport(const v1::ServiceTimesReport& r) {
  std::cout << "Service times in " << r.month() << " over " << r.first_visits()
            << " first visits (minutes)\n";
  Table table({"FROM THE CALL TO", "COUNT", "MEAN", "MEDIAN", "P90"});
  for (const auto& [what, stats] : {std::pair{"assigned", &r.time_to_assign()},
                                    std::pair{"completed", &r.time_to_complete()}}) {
    table.Add({what, absl::StrCat(stats->count()), stats->mean_minutes(), stats->median_minutes(),
               stats->p90_minutes()});
  }
  table.Print(std::cout);
}

void PrintReport(const v1::InspectionSample& r) {
  PrintFields(std::cout,
              {{"Month", r.month()},
               {"Seed", r.seed()},
               {"Sample", absl::StrCat(r.sample_percent(), "%", r.capped() ? " (capped)" : "")},
               {"Calls", absl::StrCat(r.calls_sampled(), " of ", r.calls())},
               {"Callbacks", absl::StrCat(r.callbacks_sampled(), " of ", r.callbacks())}});
  Table table({"KIND", "ID", "ORDER", "VISIT", "TIME", "AGENT", "TECHNICIAN", "RESULT"});
  for (const v1::SampledItem& item : r.items()) {
    table.Add({item.kind(), item.id(), item.order_number(),
               item.visit_number() == 0 ? "" : absl::StrCat(item.visit_number()),
               TimeText(item.time()), item.agent_id(), item.technician_id(), item.result()});
  }
  std::cout << "\n";
  table.Print(std::cout);
}

// Calls `method` and prints its answer as the session wants it.
template <typename Request, typename Report>
int Show(Session& session, const Request& request, bool csv,
         grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Report*)) {
  auto channel = session.Open("callback");
  if (!channel.ok()) return ReportUsageError(channel.status());
  auto stub = v1::CallbackReports::NewStub(channel->channel);
  Report report;
  grpc::Status status = ((*stub).*method)(session.NewCall(*channel).get(), request, &report);
  if (!status.ok()) return ReportCallError("report", status, session.json());
  if (session.json()) {
    PrintJson(report);
  } else if (csv) {
    std::cout << report.csv();
  } else {
    PrintReport(report);
  }
  return kExitOk;
}

using Runner = std::function<int(Session&, const std::string& month, const po::variables_map&)>;

const std::map<std::string, Runner>& Reports() {
  static const auto* reports = new std::map<std::string, Runner>{
      {"complaints",
       [](Session& s, const std::string& month, const po::variables_map& v) {
         v1::MonthlyReportRequest r;
         r.set_month(month);
         return Show(s, r, v["csv"].as<bool>(), &Stub::GetComplaintSummary);
       }},
      {"quality",
       [](Session& s, const std::string& month, const po::variables_map& v) {
         v1::MonthlyReportRequest r;
         r.set_month(month);
         return Show(s, r, v["csv"].as<bool>(), &Stub::GetQualityReport);
       }},
      {"satisfaction",
       [](Session& s, const std::string& month, const po::variables_map& v) {
         v1::MonthlyReportRequest r;
         r.set_month(month);
         return Show(s, r, v["csv"].as<bool>(), &Stub::GetSatisfactionReport);
       }},
      {"first-time-fix",
       [](Session& s, const std::string& month, const po::variables_map& v) {
         v1::MonthlyReportRequest r;
         r.set_month(month);
         return Show(s, r, v["csv"].as<bool>(), &Stub::GetFirstTimeFixReport);
       }},
      {"on-time",
       [](Session& s, const std::string& month, const po::variables_map& v) {
         v1::MonthlyReportRequest r;
         r.set_month(month);
         return Show(s, r, v["csv"].as<bool>(), &Stub::GetOnTimeArrivalReport);
       }},
      {"service-times",
       [](Session& s, const std::string& month, const po::variables_map& v) {
         v1::MonthlyReportRequest r;
         r.set_month(month);
         return Show(s, r, v["csv"].as<bool>(), &Stub::GetServiceTimesReport);
       }},
      {"inspection",
       [](Session& s, const std::string& month, const po::variables_map& v) {
         v1::InspectionSampleRequest r;
         r.set_month(month);
         if (v.count("seed")) r.set_seed(v["seed"].as<std::string>());
         return Show(s, r, v["csv"].as<bool>(), &Stub::GetInspectionSample);
       }},
  };
  return *reports;
}

std::vector<std::string> ReportNames() {
  std::vector<std::string> names;
  for (const auto& [name, runner] : Reports()) names.push_back(name);
  return names;
}

int RunReport(Session& session, const po::variables_map& values) {
  const std::string name = values["NAME"].as<std::string>();
  auto report = Reports().find(name);
  if (report == Reports().end()) {
    return ReportUsageError(
        absl::StrCat("report: '", name, "' is not one of ", absl::StrJoin(ReportNames(), ", ")));
  }
  if (!values.count("month")) return ReportUsageError("report: --month YYYY-MM is required");
  absl::StatusOr<std::string> month = ParseMonth(values["month"].as<std::string>());
  if (!month.ok())
    return ReportUsageError("report: --month: " + std::string(month.status().message()));
  return report->second(session, *month, values);
}

}  // namespace

void AddReportCommands(std::vector<Command>& commands) {
  commands.push_back(
      {{"report"},
       "a monthly callback report as tables (--csv: its CSV)",
       {{"NAME", "one of " + absl::StrJoin(ReportNames(), ", "), true, ReportNames()}},
       [](po::options_description& options) {
         options.add_options()("month", po::value<std::string>(), "the month, YYYY-MM")(
             "csv", po::bool_switch(), "print the report's CSV instead of tables")(
             "seed", po::value<std::string>(), "inspection: the sample's seed");
       },
       RunReport});
}

}  // namespace fieldservice::fsctl
