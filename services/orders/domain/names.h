// Stable snake_case names of the domain enums. They are stored in the
// database and written to the audit trail: never change one, only add.
// (Statuses and events have theirs in state_machine.h.)
#ifndef FIELDSERVICE_ORDERS_DOMAIN_NAMES_H_
#define FIELDSERVICE_ORDERS_DOMAIN_NAMES_H_

#include <optional>
#include <string_view>

#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

std::string_view ContactTypeName(ContactType v);
std::optional<ContactType> ParseContactType(std::string_view name);
std::string_view ServiceModeName(ServiceMode v);
std::optional<ServiceMode> ParseServiceMode(std::string_view name);
std::string_view ChannelName(Channel v);
std::optional<Channel> ParseChannel(std::string_view name);
std::string_view ComplaintSeverityName(ComplaintSeverity v);
std::optional<ComplaintSeverity> ParseComplaintSeverity(std::string_view name);
std::string_view MajorComplaintKindName(MajorComplaintKind v);
std::optional<MajorComplaintKind> ParseMajorComplaintKind(std::string_view name);
std::string_view CrisisGroundName(CrisisGround v);
std::optional<CrisisGround> ParseCrisisGround(std::string_view name);
std::string_view DeadlineKindName(DeadlineKind v);
std::optional<DeadlineKind> ParseDeadlineKind(std::string_view name);
std::string_view WarrantyStateName(WarrantyState v);
std::optional<WarrantyState> ParseWarrantyState(std::string_view name);
std::string_view UnitUseName(UnitUse v);
std::optional<UnitUse> ParseUnitUse(std::string_view name);
std::string_view SaleTypeName(SaleType v);
std::optional<SaleType> ParseSaleType(std::string_view name);
std::string_view RemedyName(Remedy v);
std::optional<Remedy> ParseRemedy(std::string_view name);
std::string_view AuditActionName(AuditAction v);
std::optional<AuditAction> ParseAuditAction(std::string_view name);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_NAMES_H_
