#include "services/orders/domain/names.h"

#include "services/common/enum_names.h"

namespace fieldservice::orders {
namespace {

using common::EnumName;
using common::NameOf;
using common::ValueNamed;

constexpr EnumName<ContactType> kContactTypes[] = {{ContactType::kConsultation, "consultation"},
                                                   {ContactType::kRepair, "repair"},
                                                   {ContactType::kComplaint, "complaint"}};
constexpr EnumName<ServiceMode> kServiceModes[] = {{ServiceMode::kOnSite, "on_site"},
                                                   {ServiceMode::kCarryIn, "carry_in"}};
constexpr EnumName<Channel> kChannels[] = {{Channel::kPhone, "phone"},
                                           {Channel::kWeChat, "wechat"},
                                           {Channel::kWeb, "web"},
                                           {Channel::kApp, "app"},
                                           {Channel::kWalkIn, "walk_in"}};
constexpr EnumName<ComplaintSeverity> kSeverities[] = {{ComplaintSeverity::kGeneral, "general"},
                                                       {ComplaintSeverity::kMajor, "major"}};
constexpr EnumName<MajorComplaintKind> kMajorKinds[] = {
    {MajorComplaintKind::kNone, "none"},
    {MajorComplaintKind::kCrisis, "crisis"},
    {MajorComplaintKind::kBatchAccident, "batch_accident"}};
constexpr EnumName<CrisisGround> kGrounds[] = {
    {CrisisGround::kPropertyLoss, "property_loss"},
    {CrisisGround::kInjury, "injury"},
    {CrisisGround::kUnsafeOrDeceptiveService, "unsafe_or_deceptive_service"},
    {CrisisGround::kCompensationClaim, "compensation_claim"},
    {CrisisGround::kExternalEscalation, "external_escalation"}};
constexpr EnumName<DeadlineKind> kDeadlineKinds[] = {
    {DeadlineKind::kOrderEntry, "order_entry"},
    {DeadlineKind::kFollowUp, "follow_up"},
    {DeadlineKind::kSpecialistContact, "specialist_contact"}};
constexpr EnumName<WarrantyState> kWarrantyStates[] = {
    {WarrantyState::kNotRequested, "not_requested"},
    {WarrantyState::kPending, "pending"},
    {WarrantyState::kDecided, "decided"},
    {WarrantyState::kNeedsInformation, "needs_information"}};
constexpr EnumName<UnitUse> kUses[] = {{UnitUse::kHousehold, "household"},
                                       {UnitUse::kCommercial, "commercial"}};
constexpr EnumName<SaleType> kSaleTypes[] = {{SaleType::kNormal, "normal"},
                                             {SaleType::kSecondsDisclosed, "seconds_disclosed"}};
constexpr EnumName<Remedy> kRemedies[] = {
    {Remedy::kReturn, "return"}, {Remedy::kExchange, "exchange"}, {Remedy::kRepair, "repair"}};
constexpr EnumName<AuditAction> kAuditActions[] = {
    {AuditAction::kCreated, "created"},
    {AuditAction::kTransitioned, "transitioned"},
    {AuditAction::kUpdated, "updated"},
    {AuditAction::kHandedOver, "handed_over"},
    {AuditAction::kEscalated, "escalated"},
    {AuditAction::kSpecialistContacted, "specialist_contacted"},
    {AuditAction::kFollowUpPromised, "follow_up_promised"},
    {AuditAction::kFollowUpDone, "follow_up_done"},
    {AuditAction::kDeadlineBreached, "deadline_breached"},
    {AuditAction::kApproval, "approval"},
    {AuditAction::kDeadlineWarning, "deadline_warning"},
    {AuditAction::kWarrantyDecided, "warranty_decided"},
    {AuditAction::kCallbackUnreachable, "callback_unreachable"}};

}  // namespace

std::string_view ContactTypeName(ContactType v) { return NameOf(kContactTypes, v); }
std::optional<ContactType> ParseContactType(std::string_view n) {
  return ValueNamed(kContactTypes, n);
}
std::string_view ServiceModeName(ServiceMode v) { return NameOf(kServiceModes, v); }
std::optional<ServiceMode> ParseServiceMode(std::string_view n) {
  return ValueNamed(kServiceModes, n);
}
std::string_view ChannelName(Channel v) { return NameOf(kChannels, v); }
std::optional<Channel> ParseChannel(std::string_view n) { return ValueNamed(kChannels, n); }
std::string_view ComplaintSeverityName(ComplaintSeverity v) { return NameOf(kSeverities, v); }
std::optional<ComplaintSeverity> ParseComplaintSeverity(std::string_view n) {
  return ValueNamed(kSeverities, n);
}
std::string_view MajorComplaintKindName(MajorComplaintKind v) { return NameOf(kMajorKinds, v); }
std::optional<MajorComplaintKind> ParseMajorComplaintKind(std::string_view n) {
  return ValueNamed(kMajorKinds, n);
}
std::string_view CrisisGroundName(CrisisGround v) { return NameOf(kGrounds, v); }
std::optional<CrisisGround> ParseCrisisGround(std::string_view n) {
  return ValueNamed(kGrounds, n);
}
std::string_view DeadlineKindName(DeadlineKind v) { return NameOf(kDeadlineKinds, v); }
std::optional<DeadlineKind> ParseDeadlineKind(std::string_view n) {
  return ValueNamed(kDeadlineKinds, n);
}
std::string_view WarrantyStateName(WarrantyState v) { return NameOf(kWarrantyStates, v); }
std::optional<WarrantyState> ParseWarrantyState(std::string_view n) {
  return ValueNamed(kWarrantyStates, n);
}
std::string_view AuditActionName(AuditAction v) { return NameOf(kAuditActions, v); }
std::optional<AuditAction> ParseAuditAction(std::string_view n) {
  return ValueNamed(kAuditActions, n);
}

std::string_view UnitUseName(UnitUse v) { return NameOf(kUses, v); }
std::optional<UnitUse> ParseUnitUse(std::string_view n) { return ValueNamed(kUses, n); }
std::string_view SaleTypeName(SaleType v) { return NameOf(kSaleTypes, v); }
std::optional<SaleType> ParseSaleType(std::string_view n) { return ValueNamed(kSaleTypes, n); }
std::string_view RemedyName(Remedy v) { return NameOf(kRemedies, v); }
std::optional<Remedy> ParseRemedy(std::string_view n) { return ValueNamed(kRemedies, n); }

}  // namespace fieldservice::orders
