// gRPC handlers of fieldservice.callback.v1.Quality: map the proto to the
// domain, call the use case (QualityService) as the verified caller, map
// the answer back. No rule lives here.
#ifndef FIELDSERVICE_CALLBACK_API_QUALITY_HANDLER_H_
#define FIELDSERVICE_CALLBACK_API_QUALITY_HANDLER_H_

#include "fieldservice/callback/v1/quality_service.grpc.pb.h"
#include "services/callback/domain/quality_service.h"

namespace fieldservice::callback::api {

namespace v1 = ::fieldservice::callback::v1;

class QualityHandler final : public v1::Quality::Service {
 public:
  explicit QualityHandler(QualityService& service) : service_(service) {}

  grpc::Status ImportSalesFigures(grpc::ServerContext* context,
                                  const v1::ImportSalesFiguresRequest* request,
                                  v1::ImportSalesFiguresResponse* response) override;
  grpc::Status ListSalesFigures(grpc::ServerContext* context,
                                const v1::ListSalesFiguresRequest* request,
                                v1::ListSalesFiguresResponse* response) override;
  grpc::Status ListQualitySheets(grpc::ServerContext* context,
                                 const v1::ListQualitySheetsRequest* request,
                                 v1::ListQualitySheetsResponse* response) override;
  grpc::Status GetQualitySheet(grpc::ServerContext* context,
                               const v1::GetQualitySheetRequest* request,
                               v1::QualitySheet* response) override;
  grpc::Status AdvanceQualitySheet(grpc::ServerContext* context,
                                   const v1::AdvanceQualitySheetRequest* request,
                                   v1::QualitySheet* response) override;
  grpc::Status CloseQualitySheet(grpc::ServerContext* context,
                                 const v1::CloseQualitySheetRequest* request,
                                 v1::QualitySheet* response) override;

 private:
  QualityService& service_;
};

}  // namespace fieldservice::callback::api

#endif  // FIELDSERVICE_CALLBACK_API_QUALITY_HANDLER_H_
