#include "services/callback/api/quality_handler.h"

#include <string>
#include <vector>

#include "services/callback/api/quality_mapping.h"
#include "services/common/call_deadline.h"
#include "services/common/caller.h"
#include "services/common/errors.h"
#include "services/common/grpc_status.h"
#include "services/common/page_token.h"

namespace fieldservice::callback::api {
namespace {

using common::FieldViolation;
using common::ToGrpcStatus;

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;

grpc::Status Answer(const absl::StatusOr<QualitySheet>& sheet, v1::QualitySheet* response) {
  if (!sheet.ok()) return ToGrpcStatus(sheet.status());
  ToProto(*sheet, response);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status QualityHandler::ImportSalesFigures(grpc::ServerContext* context,
                                                const v1::ImportSalesFiguresRequest* request,
                                                v1::ImportSalesFiguresResponse* response) {
  common::ScopedCallDeadline call_deadline(*context);
  const std::string& actor = common::CallerOf(*context).principal;
  absl::StatusOr<SalesImported> imported;
  if (!request->csv().empty()) {
    if (request->figures_size() > 0) {
      return common::InvalidArgumentStatus({{"csv", "either figures or csv, not both"}});
    }
    imported = service_.ImportSalesCsv(request->csv(), actor);
  } else {
    std::vector<SalesFigure> rows;
    rows.reserve(request->figures_size());
    for (const v1::SalesFigure& f : request->figures()) rows.push_back(ToSalesFigure(f));
    imported = service_.ImportSales(rows, actor);
  }
  if (!imported.ok()) return ToGrpcStatus(imported.status());
  response->set_imported(imported->rows);
  for (const QualitySheet& s : imported->opened) ToProto(s, response->add_opened_sheets());
  return grpc::Status::OK;
}

grpc::Status QualityHandler::ListSalesFigures(grpc::ServerContext* context,
                                              const v1::ListSalesFiguresRequest* request,
                                              v1::ListSalesFiguresResponse* response) {
  common::ScopedCallDeadline call_deadline(*context);
  auto rows = service_.ListSales(request->product_model());
  if (!rows.ok()) return ToGrpcStatus(rows.status());
  for (const SalesFigure& f : *rows) ToProto(f, response->add_figures());
  return grpc::Status::OK;
}

grpc::Status QualityHandler::ListQualitySheets(grpc::ServerContext* context,
                                               const v1::ListQualitySheetsRequest* request,
                                               v1::ListQualitySheetsResponse* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> violations;
  SheetFilter filter;
  filter.model = request->product_model();
  for (int i = 0; i < request->states_size(); ++i) {
    auto state = ToSheetState(request->states(i), "states", violations);
    if (state) filter.states.push_back(*state);
  }
  // The token is bound to the filters it was made for.
  v1::ListQualitySheetsRequest filters = *request;
  filters.clear_page_size();
  filters.clear_page_token();
  const uint64_t fingerprint = common::FilterFingerprint(filters.SerializeAsString());
  const common::PageRequest page =
      common::ReadPageRequest(request->page_size(), request->page_token(), kDefaultPageSize,
                              kMaxPageSize, fingerprint, violations);
  if (!violations.empty()) return common::InvalidArgumentStatus(violations);
  auto listed = service_.ListSheets(filter, page.after, page.limit);
  if (!listed.ok()) return ToGrpcStatus(listed.status());
  for (const QualitySheet& s : listed->sheets) ToProto(s, response->add_sheets());
  if (listed->next_after) {
    response->set_next_page_token(common::EncodePageToken(*listed->next_after, fingerprint));
  }
  return grpc::Status::OK;
}

grpc::Status QualityHandler::GetQualitySheet(grpc::ServerContext* context,
                                             const v1::GetQualitySheetRequest* request,
                                             v1::QualitySheet* response) {
  common::ScopedCallDeadline call_deadline(*context);
  auto id = SheetIdOfName(request->name(), "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  return Answer(service_.GetSheet(*id), response);
}

grpc::Status QualityHandler::AdvanceQualitySheet(grpc::ServerContext* context,
                                                 const v1::AdvanceQualitySheetRequest* request,
                                                 v1::QualitySheet* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> violations;
  auto id = SheetIdOfName(request->name(), "name");
  if (!id.ok()) violations.push_back({"name", "a quality sheet's name: qualitySheets/{id}"});
  const int64_t version = VersionOfEtag(request->etag(), violations);
  auto to = ToSheetState(request->state(), "state", violations);
  if (!violations.empty()) return common::InvalidArgumentStatus(violations);
  return Answer(service_.AdvanceSheet(*id, *to, common::CallerOf(*context).principal,
                                      request->note(), version),
                response);
}

grpc::Status QualityHandler::CloseQualitySheet(grpc::ServerContext* context,
                                               const v1::CloseQualitySheetRequest* request,
                                               v1::QualitySheet* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> violations;
  auto id = SheetIdOfName(request->name(), "name");
  if (!id.ok()) violations.push_back({"name", "a quality sheet's name: qualitySheets/{id}"});
  const int64_t version = VersionOfEtag(request->etag(), violations);
  if (!violations.empty()) return common::InvalidArgumentStatus(violations);
  return Answer(
      service_.CloseSheet(*id, common::CallerOf(*context).principal, request->fix_note(), version),
      response);
}

}  // namespace fieldservice::callback::api
