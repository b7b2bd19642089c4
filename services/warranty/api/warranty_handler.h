// gRPC handlers of fieldservice.warranty.v1.Warranty: map the request, run
// the pure engine with the active catalogue, store the decision, answer.
#ifndef FIELDSERVICE_WARRANTY_API_WARRANTY_HANDLER_H_
#define FIELDSERVICE_WARRANTY_API_WARRANTY_HANDLER_H_

#include "fieldservice/warranty/v1/warranty.grpc.pb.h"
#include "services/common/calendar.h"
#include "services/common/clock.h"
#include "services/warranty/catalogue_cache.h"
#include "services/warranty/storage/warranty_repository.h"

namespace fieldservice::warranty::api {

namespace v1 = ::fieldservice::warranty::v1;

// The role allowed to load catalogues (x-fs-role metadata).
inline constexpr char kCatalogueAdminRole[] = "catalogue_admin";

class WarrantyHandler final : public v1::Warranty::Service {
 public:
  WarrantyHandler(WarrantyRepository& repository, CatalogueCache& catalogues,
                  const common::WorkingCalendar& calendar, const common::Clock& clock)
      : repository_(repository), catalogues_(catalogues), calendar_(calendar), clock_(clock) {}

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
  WarrantyRepository& repository_;
  CatalogueCache& catalogues_;
  const common::WorkingCalendar& calendar_;
  const common::Clock& clock_;
};

}  // namespace fieldservice::warranty::api

#endif  // FIELDSERVICE_WARRANTY_API_WARRANTY_HANDLER_H_
