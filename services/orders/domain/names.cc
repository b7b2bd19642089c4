#include "services/orders/domain/names.h"

#include <utility>

namespace fieldservice::orders {
namespace {

// One table per enum; Name and Parse both read it, so they cannot disagree.
template <typename E, size_t N>
using NameTable = std::pair<E, std::string_view>[N];

template <typename E, size_t N>
std::string_view NameIn(const NameTable<E, N>& table, E v) {
  for (const auto& [value, name] : table) {
    if (value == v) return name;
  }
  return "unknown";
}

template <typename E, size_t N>
std::optional<E> ParseIn(const NameTable<E, N>& table, std::string_view name) {
  for (const auto& [value, n] : table) {
    if (n == name) return value;
  }
  return std::nullopt;
}

constexpr NameTable<ContactType, 3> kContactTypes = {{ContactType::kConsultation, "consultation"},
                                                     {ContactType::kRepair, "repair"},
                                                     {ContactType::kComplaint, "complaint"}};
constexpr NameTable<ServiceMode, 2> kServiceModes = {{ServiceMode::kOnSite, "on_site"},
                                                     {ServiceMode::kCarryIn, "carry_in"}};
constexpr NameTable<Channel, 5> kChannels = {{Channel::kPhone, "phone"},
                                             {Channel::kWeChat, "wechat"},
                                             {Channel::kWeb, "web"},
                                             {Channel::kApp, "app"},
                                             {Channel::kWalkIn, "walk_in"}};
constexpr NameTable<ComplaintSeverity, 2> kSeverities = {{ComplaintSeverity::kGeneral, "general"},
                                                         {ComplaintSeverity::kMajor, "major"}};
constexpr NameTable<MajorComplaintKind, 3> kMajorKinds = {
    {MajorComplaintKind::kNone, "none"},
    {MajorComplaintKind::kCrisis, "crisis"},
    {MajorComplaintKind::kBatchAccident, "batch_accident"}};
constexpr NameTable<CrisisGround, 5> kGrounds = {
    {CrisisGround::kPropertyLoss, "property_loss"},
    {CrisisGround::kInjury, "injury"},
    {CrisisGround::kUnsafeOrDeceptiveService, "unsafe_or_deceptive_service"},
    {CrisisGround::kCompensationClaim, "compensation_claim"},
    {CrisisGround::kExternalEscalation, "external_escalation"}};
constexpr NameTable<DeadlineKind, 3> kDeadlineKinds = {
    {DeadlineKind::kOrderEntry, "order_entry"},
    {DeadlineKind::kFollowUp, "follow_up"},
    {DeadlineKind::kSpecialistContact, "specialist_contact"}};
constexpr NameTable<WarrantyState, 4> kWarrantyStates = {
    {WarrantyState::kNotRequested, "not_requested"},
    {WarrantyState::kPending, "pending"},
    {WarrantyState::kDecided, "decided"},
    {WarrantyState::kNeedsInformation, "needs_information"}};
constexpr NameTable<UnitUse, 2> kUses = {{UnitUse::kHousehold, "household"},
                                         {UnitUse::kCommercial, "commercial"}};
constexpr NameTable<SaleType, 2> kSaleTypes = {{SaleType::kNormal, "normal"},
                                               {SaleType::kSecondsDisclosed, "seconds_disclosed"}};
constexpr NameTable<Remedy, 3> kRemedies = {
    {Remedy::kReturn, "return"}, {Remedy::kExchange, "exchange"}, {Remedy::kRepair, "repair"}};
constexpr NameTable<AuditAction, 12> kAuditActions = {
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
    {AuditAction::kWarrantyDecided, "warranty_decided"}};

}  // namespace

std::string_view ContactTypeName(ContactType v) { return NameIn(kContactTypes, v); }
std::optional<ContactType> ParseContactType(std::string_view n) {
  return ParseIn(kContactTypes, n);
}
std::string_view ServiceModeName(ServiceMode v) { return NameIn(kServiceModes, v); }
std::optional<ServiceMode> ParseServiceMode(std::string_view n) {
  return ParseIn(kServiceModes, n);
}
std::string_view ChannelName(Channel v) { return NameIn(kChannels, v); }
std::optional<Channel> ParseChannel(std::string_view n) { return ParseIn(kChannels, n); }
std::string_view ComplaintSeverityName(ComplaintSeverity v) { return NameIn(kSeverities, v); }
std::optional<ComplaintSeverity> ParseComplaintSeverity(std::string_view n) {
  return ParseIn(kSeverities, n);
}
std::string_view MajorComplaintKindName(MajorComplaintKind v) { return NameIn(kMajorKinds, v); }
std::optional<MajorComplaintKind> ParseMajorComplaintKind(std::string_view n) {
  return ParseIn(kMajorKinds, n);
}
std::string_view CrisisGroundName(CrisisGround v) { return NameIn(kGrounds, v); }
std::optional<CrisisGround> ParseCrisisGround(std::string_view n) { return ParseIn(kGrounds, n); }
std::string_view DeadlineKindName(DeadlineKind v) { return NameIn(kDeadlineKinds, v); }
std::optional<DeadlineKind> ParseDeadlineKind(std::string_view n) {
  return ParseIn(kDeadlineKinds, n);
}
std::string_view WarrantyStateName(WarrantyState v) { return NameIn(kWarrantyStates, v); }
std::optional<WarrantyState> ParseWarrantyState(std::string_view n) {
  return ParseIn(kWarrantyStates, n);
}
std::string_view AuditActionName(AuditAction v) { return NameIn(kAuditActions, v); }
std::optional<AuditAction> ParseAuditAction(std::string_view n) {
  return ParseIn(kAuditActions, n);
}

std::string_view UnitUseName(UnitUse v) { return NameIn(kUses, v); }
std::optional<UnitUse> ParseUnitUse(std::string_view n) { return ParseIn(kUses, n); }
std::string_view SaleTypeName(SaleType v) { return NameIn(kSaleTypes, v); }
std::optional<SaleType> ParseSaleType(std::string_view n) { return ParseIn(kSaleTypes, n); }
std::string_view RemedyName(Remedy v) { return NameIn(kRemedies, v); }
std::optional<Remedy> ParseRemedy(std::string_view n) { return ParseIn(kRemedies, n); }

}  // namespace fieldservice::orders
