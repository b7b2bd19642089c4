// The one naming table of each warranty enum: the stable text used in
// storage, in the case table and, because the names equal the proto enum
// value names, in the API mapping. Adding an enum value means one row here.
#ifndef FIELDSERVICE_WARRANTY_DOMAIN_ENUM_NAMES_H_
#define FIELDSERVICE_WARRANTY_DOMAIN_ENUM_NAMES_H_

#include <optional>
#include <string_view>

#include "services/warranty/domain/decision.h"
#include "services/warranty/domain/warranty_repository.h"

namespace fieldservice::warranty {

template <typename Enum>
struct EnumName {
  Enum value;
  std::string_view name;
};

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

// The name of `value` in `table` ("?" for a value missing from the table,
// which the tests refuse).
template <typename Enum, size_t N>
constexpr std::string_view NameOf(const EnumName<Enum> (&table)[N], Enum value) {
  for (const EnumName<Enum>& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return "?";
}

// The value named `name` exactly; nullopt for any other text.
template <typename Enum, size_t N>
constexpr std::optional<Enum> ValueNamed(const EnumName<Enum> (&table)[N], std::string_view name) {
  for (const EnumName<Enum>& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

}  // namespace fieldservice::warranty

#endif  // FIELDSERVICE_WARRANTY_DOMAIN_ENUM_NAMES_H_
