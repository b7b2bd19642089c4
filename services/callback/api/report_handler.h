// gRPC handlers of fieldservice.callback.v1.CallbackReports: the month (and
// seed) to the report use case (ReportService), its figures back as proto
// and CSV. No rule lives here; who may call is data/access/policy.txt.
#ifndef FIELDSERVICE_CALLBACK_API_REPORT_HANDLER_H_
#define FIELDSERVICE_CALLBACK_API_REPORT_HANDLER_H_

#include "fieldservice/callback/v1/reports_service.grpc.pb.h"
#include "services/callback/domain/report_service.h"

namespace fieldservice::callback::api {

namespace v1 = ::fieldservice::callback::v1;

class ReportHandler final : public v1::CallbackReports::Service {
 public:
  explicit ReportHandler(ReportService& service) : service_(service) {}

  grpc::Status GetComplaintSummary(grpc::ServerContext* context,
                                   const v1::MonthlyReportRequest* request,
                                   v1::ComplaintSummary* response) override;
  grpc::Status GetQualityReport(grpc::ServerContext* context,
                                const v1::MonthlyReportRequest* request,
                                v1::QualityReport* response) override;
  grpc::Status GetSatisfactionReport(grpc::ServerContext* context,
                                     const v1::MonthlyReportRequest* request,
                                     v1::SatisfactionReport* response) override;
  grpc::Status GetFirstTimeFixReport(grpc::ServerContext* context,
                                     const v1::MonthlyReportRequest* request,
                                     v1::FirstTimeFixReport* response) override;
  grpc::Status GetOnTimeArrivalReport(grpc::ServerContext* context,
                                      const v1::MonthlyReportRequest* request,
                                      v1::OnTimeArrivalReport* response) override;
  grpc::Status GetServiceTimesReport(grpc::ServerContext* context,
                                     const v1::MonthlyReportRequest* request,
                                     v1::ServiceTimesReport* response) override;
  grpc::Status GetInspectionSample(grpc::ServerContext* context,
                                   const v1::InspectionSampleRequest* request,
                                   v1::InspectionSample* response) override;

 private:
  ReportService& service_;
};

}  // namespace fieldservice::callback::api

#endif  // FIELDSERVICE_CALLBACK_API_REPORT_HANDLER_H_
