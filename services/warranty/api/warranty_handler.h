// gRPC handlers of fieldservice.warranty.v1.Warranty: map the proto to the
// domain, call the use case (DecisionService, CatalogueService), map the
// answer back. No rule lives here.
#ifndef FIELDSERVICE_WARRANTY_API_WARRANTY_HANDLER_H_
#define FIELDSERVICE_WARRANTY_API_WARRANTY_HANDLER_H_

#include "fieldservice/warranty/v1/warranty.grpc.pb.h"
#include "services/common/calendar.h"
#include "services/warranty/domain/catalogue_service.h"
#include "services/warranty/domain/decision_service.h"

namespace fieldservice::warranty::api {

namespace v1 = ::fieldservice::warranty::v1;

class WarrantyHandler final : public v1::Warranty::Service {
 public:
  WarrantyHandler(DecisionService& decisions, CatalogueService& catalogues,
                  const common::WorkingCalendar& calendar)
      : decisions_(decisions), catalogues_(catalogues), calendar_(calendar) {}

  grpc::Status DecideCoverage(grpc::ServerContext* context,
                              const v1::DecideCoverageRequest* request,
                              v1::Decision* response) override;
  grpc::Status GetDecision(grpc::ServerContext* context, const v1::GetDecisionRequest* request,
                           v1::Decision* response) override;
  grpc::Status ListDecisions(grpc::ServerContext* context, const v1::ListDecisionsRequest* request,
                             v1::ListDecisionsResponse* response) override;
  grpc::Status LoadCatalogue(grpc::ServerContext* context, const v1::LoadCatalogueRequest* request,
                             v1::Catalogue* response) override;
  grpc::Status GetCatalogue(grpc::ServerContext* context, const v1::GetCatalogueRequest* request,
                            v1::Catalogue* response) override;

 private:
  DecisionService& decisions_;
  CatalogueService& catalogues_;
  const common::WorkingCalendar& calendar_;
};

}  // namespace fieldservice::warranty::api

#endif  // FIELDSERVICE_WARRANTY_API_WARRANTY_HANDLER_H_
