// The one naming table of each warranty enum: the stable text used in
// storage, in the case table and, because the names equal the proto enum
// value names, in the API mapping. Adding an enum value means one row here.
#ifndef FIELDSERVICE_WARRANTY_DOMAIN_ENUM_NAMES_H_
#define FIELDSERVICE_WARRANTY_DOMAIN_ENUM_NAMES_H_

#include "services/common/enum_names.h"
#include "services/warranty/domain/decision.h"
#include "services/warranty/domain/warranty_repository.h"

namespace fieldservice::warranty {

using common::EnumName;
using common::NameOf;
using common::ValueNamed;

inline constexpr EnumName<Coverage> kCoverageNames[] = {
    {Coverage::kFree, "FREE"}, {Coverage::kPaid, "PAID"}, {Coverage::kNotCovered, "NOT_COVERED"}};
inline constexpr EnumName<Remedy> kRemedyNames[] = {
    {Remedy::kReturn, "RETURN"}, {Remedy::kExchange, "EXCHANGE"}, {Remedy::kRepair, "REPAIR"}};
inline constexpr EnumName<PeriodKind> kPeriodKindNames[] = {{PeriodKind::kWholeUnit, "WHOLE_UNIT"},
                                                            {PeriodKind::kMainPart, "MAIN_PART"},
                                                            {PeriodKind::kComponent, "COMPONENT"}};
inline constexpr EnumName<SaleType> kSaleTypeNames[] = {
    {SaleType::kNormal, "NORMAL"}, {SaleType::kSecondsDisclosed, "SECONDS_DISCLOSED"}};
inline constexpr EnumName<Use> kUseNames[] = {{Use::kHousehold, "HOUSEHOLD"},
                                              {Use::kCommercial, "COMMERCIAL"}};
inline constexpr EnumName<CatalogueSource> kCatalogueSourceNames[] = {
    {CatalogueSource::kShipped, "shipped"},
    {CatalogueSource::kAdmin, "admin"},
    {CatalogueSource::kUnrecorded, "unrecorded"}};

}  // namespace fieldservice::warranty

#endif  // FIELDSERVICE_WARRANTY_DOMAIN_ENUM_NAMES_H_
