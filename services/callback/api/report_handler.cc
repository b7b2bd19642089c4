#include "services/callback/api/report_handler.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/callback/domain/reports_csv.h"
#include "services/common/call_deadline.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_time.h"

namespace fieldservice::callback::api {
namespace {

using common::ToGrpcStatus;

template <typename Proto>
void ToProto(const std::vector<KeyCount>& counts, Proto* out) {
  for (const KeyCount& c : counts) {
    v1::KeyCount* p = out->Add();
    p->set_key(c.key);
    p->set_count(c.count);
  }
}

void ToProto(const ComplaintSummary& r, v1::ComplaintSummary* out) {
  out->set_complaints(r.complaints);
  ToProto(r.by_kind, out->mutable_by_kind());
  for (const ProductCount& c : r.by_product) {
    v1::ComplaintProductCount* p = out->add_by_product();
    p->set_category(c.category);
    p->set_brand(c.brand);
    p->set_product_model(c.product_model);
    p->set_count(c.count);
  }
  ToProto(r.by_region, out->mutable_by_region());
  ToProto(r.by_outcome, out->mutable_by_outcome());
}

void ToProto(const QualityReport& r, v1::QualityReport* out) {
  for (const QualityRow& q : r.rows) {
    v1::QualityRow* p = out->add_rows();
    p->set_category(q.category);
    p->set_brand(q.brand);
    p->set_product_model(q.product_model);
    p->set_symptom_code(q.symptom_code);
    p->set_visits(q.visits);
    p->set_units(q.units);
    p->set_repeat_visits(q.repeat_visits);
  }
  out->set_visits(r.visits);
  out->set_units(r.units);
  out->set_repeat_visits(r.repeat_visits);
  out->set_repeat_window_days(r.repeat_window_days);
  for (const QualitySheetLine& line : r.sheets) {
    v1::QualitySheetLine* p = out->add_sheets();
    p->set_name(absl::StrCat("qualitySheets/", line.id));
    p->set_kind(line.kind);
    p->set_product_model(line.model);
    p->set_batch(line.batch);
    p->set_symptom_code(line.fault);
    p->set_affected_units(line.affected_units);
    p->set_units_sold(line.units_sold);
    common::SetTimestamp(line.opened_at, p->mutable_open_time());
    if (line.closed_at) common::SetTimestamp(*line.closed_at, p->mutable_close_time());
    p->set_state_at_month_end(line.state_at_month_end);
  }
  out->set_sheets_opened(r.sheets_opened);
  out->set_sheets_closed(r.sheets_closed);
  out->set_sheets_csv(QualitySheetsCsv(r));
}

void ToProto(const SatisfactionRow& s, v1::SatisfactionRow* p) {
  p->set_key(s.key);
  p->set_callbacks(s.callbacks);
  p->set_satisfied(s.satisfied);
  p->set_not_solved(s.not_solved);
  p->set_ratings(s.ratings);
  p->set_rating_sum(s.rating_sum);
  p->set_average_rating(s.average_rating);
  p->set_conduct_findings(s.conduct_findings);
}

void ToProto(const SatisfactionReport& r, v1::SatisfactionReport* out) {
  ToProto(r.total, out->mutable_total());
  for (const SatisfactionRow& s : r.by_technician) ToProto(s, out->add_by_technician());
  for (const SatisfactionRow& s : r.by_outlet) ToProto(s, out->add_by_outlet());
  for (const SatisfactionRow& s : r.by_product_model) ToProto(s, out->add_by_product_model());
}

void ToProto(const FirstTimeFixReport& r, v1::FirstTimeFixReport* out) {
  out->set_first_visits(r.first_visits);
  out->set_fixed_first_time(r.fixed_first_time);
  out->set_first_time_fix_percent(r.first_time_fix_percent);
  out->set_visits(r.visits);
  out->set_repeat_visits(r.repeat_visits);
  out->set_repeat_visit_percent(r.repeat_visit_percent);
  out->set_repeat_window_days(r.repeat_window_days);
}

void ToProto(const OnTimeArrivalReport& r, v1::OnTimeArrivalReport* out) {
  out->set_visits(r.visits);
  out->set_measured(r.measured);
  out->set_on_time(r.on_time);
  out->set_on_time_percent(r.on_time_percent);
}

void ToProto(const DurationStats& s, v1::DurationStats* out) {
  out->set_count(s.count);
  out->set_mean_minutes(s.mean_minutes);
  out->set_median_minutes(s.median_minutes);
  out->set_p90_minutes(s.p90_minutes);
}

void ToProto(const ServiceTimesReport& r, v1::ServiceTimesReport* out) {
  out->set_first_visits(r.first_visits);
  ToProto(r.time_to_assign, out->mutable_time_to_assign());
  ToProto(r.time_to_complete, out->mutable_time_to_complete());
}

void ToProto(const InspectionSample& s, v1::InspectionSample* out) {
  out->set_seed(s.seed);
  out->set_sample_percent(s.sample_percent);
  out->set_calls(s.calls);
  out->set_callbacks(s.callbacks);
  out->set_calls_sampled(s.calls_sampled);
  out->set_callbacks_sampled(s.callbacks_sampled);
  for (const SampleItem& i : s.items) {
    v1::SampledItem* p = out->add_items();
    p->set_kind(std::string(common::NameOf(kSampleKindNames, i.kind)));
    p->set_id(i.id);
    p->set_order_number(i.order_number);
    p->set_visit_number(i.visit_number);
    common::SetTimestamp(i.at, p->mutable_time());
    p->set_agent_id(i.agent_id);
    p->set_technician_id(i.technician_id);
    p->set_result(i.result);
  }
  out->set_capped(s.capped);
}

// The report, or its error, into `response`.
template <typename Report, typename Proto>
grpc::Status Answer(const absl::StatusOr<MonthlyReport<Report>>& report, Proto* response) {
  if (!report.ok()) return ToGrpcStatus(report.status());
  response->set_month(report->month.Name());
  ToProto(report->report, response);
  response->set_csv(report->csv);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status ReportHandler::GetComplaintSummary(grpc::ServerContext* context,
                                                const v1::MonthlyReportRequest* request,
                                                v1::ComplaintSummary* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  return Answer(service_.ComplaintSummaryFor(request->month()), response);
}

grpc::Status ReportHandler::GetQualityReport(grpc::ServerContext* context,
                                             const v1::MonthlyReportRequest* request,
                                             v1::QualityReport* response) {
  common::ScopedCallDeadline call_deadline(*context);
  return Answer(service_.QualityReportFor(request->month()), response);
}

grpc::Status ReportHandler::GetSatisfactionReport(grpc::ServerContext* context,
                                                  const v1::MonthlyReportRequest* request,
                                                  v1::SatisfactionReport* response) {
  common::ScopedCallDeadline call_deadline(*context);
  return Answer(service_.SatisfactionReportFor(request->month()), response);
}

grpc::Status ReportHandler::GetFirstTimeFixReport(grpc::ServerContext* context,
                                                  const v1::MonthlyReportRequest* request,
                                                  v1::FirstTimeFixReport* response) {
  common::ScopedCallDeadline call_deadline(*context);
  return Answer(service_.FirstTimeFixReportFor(request->month()), response);
}

grpc::Status ReportHandler::GetOnTimeArrivalReport(grpc::ServerContext* context,
                                                   const v1::MonthlyReportRequest* request,
                                                   v1::OnTimeArrivalReport* response) {
  common::ScopedCallDeadline call_deadline(*context);
  return Answer(service_.OnTimeArrivalReportFor(request->month()), response);
}

grpc::Status ReportHandler::GetServiceTimesReport(grpc::ServerContext* context,
                                                  const v1::MonthlyReportRequest* request,
                                                  v1::ServiceTimesReport* response) {
  common::ScopedCallDeadline call_deadline(*context);
  return Answer(service_.ServiceTimesReportFor(request->month()), response);
}

grpc::Status ReportHandler::GetInspectionSample(grpc::ServerContext* context,
                                                const v1::InspectionSampleRequest* request,
                                                v1::InspectionSample* response) {
  common::ScopedCallDeadline call_deadline(*context);
  return Answer(service_.InspectionSampleFor(request->month(), request->seed()), response);
}

}  // namespace fieldservice::callback::api
