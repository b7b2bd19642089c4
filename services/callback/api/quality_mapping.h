// Between fieldservice.callback.v1 Quality messages and the quality domain.
#ifndef FIELDSERVICE_CALLBACK_API_QUALITY_MAPPING_H_
#define FIELDSERVICE_CALLBACK_API_QUALITY_MAPPING_H_

#include <optional>
#include <vector>

#include "fieldservice/callback/v1/quality_service.pb.h"
#include "services/callback/domain/quality_sales.h"
#include "services/callback/domain/quality_sheet.h"
#include "services/common/errors.h"

namespace fieldservice::callback::api {

namespace v1 = ::fieldservice::callback::v1;

SalesFigure ToSalesFigure(const v1::SalesFigure& figure);
void ToProto(const SalesFigure& figure, v1::SalesFigure* out);
void ToProto(const QualitySheet& sheet, v1::QualitySheet* out);

// nullopt and a violation on `field` when unspecified.
std::optional<SheetState> ToSheetState(v1::QualitySheetState state, const char* field,
                                       std::vector<common::FieldViolation>& violations);

// The etag a sheet was read with; a violation on `etag` when it is missing
// or not one this service gave.
int64_t VersionOfEtag(const std::string& etag, std::vector<common::FieldViolation>& violations);

}  // namespace fieldservice::callback::api

#endif  // FIELDSERVICE_CALLBACK_API_QUALITY_MAPPING_H_
