#include "services/orders/api/proto_mapping.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/enum_names.h"
#include "services/common/ids.h"
#include "services/common/logging.h"
#include "services/common/proto_time.h"
#include "services/orders/domain/object_rules.h"
#include "services/orders/domain/read_back.h"
#include "services/orders/domain/state_machine.h"

namespace fieldservice::orders::api {
namespace {

using common::SetDate;
using common::SetTimestamp;
using common::ToDay;
using common::ToTime;

using common::FieldViolation;

// The proto value of each domain enum value, one table per enum
// (common/enum_names.h), read both ways.
template <typename D, typename P>
using EnumPairs = common::EnumName<D, P>;

template <typename D, typename P, size_t N>
std::optional<D> ToDomain(const EnumPairs<D, P> (&pairs)[N], P p) {
  return common::ValueNamed(pairs, p);
}
template <typename D, typename P, size_t N>
P ToProtoEnum(const EnumPairs<D, P> (&pairs)[N], D d) {
  return common::FindName(pairs, d).value_or(P{});
}

constexpr EnumPairs<ContactType, v1::ContactType> kContactTypes[] = {
    {ContactType::kConsultation, v1::CONSULTATION},
    {ContactType::kRepair, v1::REPAIR},
    {ContactType::kComplaint, v1::COMPLAINT}};
constexpr EnumPairs<ServiceMode, v1::ServiceMode> kModes[] = {
    {ServiceMode::kOnSite, v1::ON_SITE}, {ServiceMode::kCarryIn, v1::CARRY_IN}};
constexpr EnumPairs<Channel, v1::Channel> kChannels[] = {{Channel::kPhone, v1::PHONE},
                                                         {Channel::kWeChat, v1::WECHAT},
                                                         {Channel::kWeb, v1::WEB},
                                                         {Channel::kApp, v1::APP},
                                                         {Channel::kWalkIn, v1::WALK_IN}};
constexpr EnumPairs<OrderStatus, v1::Status> kStatuses[] = {
    {OrderStatus::kReceived, v1::RECEIVED},
    {OrderStatus::kResolvedRemotely, v1::RESOLVED_REMOTELY},
    {OrderStatus::kPendingDispatch, v1::PENDING_DISPATCH},
    {OrderStatus::kAssigned, v1::ASSIGNED},
    {OrderStatus::kAppointmentBooked, v1::APPOINTMENT_BOOKED},
    {OrderStatus::kEnRoute, v1::EN_ROUTE},
    {OrderStatus::kOnSite, v1::ON_SITE_VISIT},
    {OrderStatus::kWaitingForParts, v1::WAITING_FOR_PARTS},
    {OrderStatus::kAwaitingDropOff, v1::AWAITING_DROP_OFF},
    {OrderStatus::kInRepair, v1::IN_REPAIR},
    {OrderStatus::kReadyForPickup, v1::READY_FOR_PICKUP},
    {OrderStatus::kCompleted, v1::COMPLETED},
    {OrderStatus::kClosed, v1::CLOSED},
    {OrderStatus::kCancelled, v1::CANCELLED},
    {OrderStatus::kReopened, v1::REOPENED}};
constexpr EnumPairs<OrderEvent, v1::Event> kEvents[] = {
    {OrderEvent::kResolveRemotely, v1::RESOLVE_REMOTELY},
    {OrderEvent::kQueueForDispatch, v1::QUEUE_FOR_DISPATCH},
    {OrderEvent::kAwaitDropOff, v1::AWAIT_DROP_OFF},
    {OrderEvent::kAssign, v1::ASSIGN},
    {OrderEvent::kUnassign, v1::UNASSIGN},
    {OrderEvent::kBookAppointment, v1::BOOK_APPOINTMENT},
    {OrderEvent::kDepart, v1::DEPART},
    {OrderEvent::kArrive, v1::ARRIVE},
    {OrderEvent::kWaitForParts, v1::WAIT_FOR_PARTS},
    {OrderEvent::kPartsArrived, v1::PARTS_ARRIVED},
    {OrderEvent::kReceiveUnit, v1::RECEIVE_UNIT},
    {OrderEvent::kMarkReadyForPickup, v1::MARK_READY_FOR_PICKUP},
    {OrderEvent::kComplete, v1::COMPLETE},
    {OrderEvent::kClose, v1::CLOSE},
    {OrderEvent::kReopen, v1::REOPEN},
    {OrderEvent::kCancel, v1::CANCEL},
    {OrderEvent::kCustomerNotHome, v1::CUSTOMER_NOT_HOME},
    {OrderEvent::kConvertToCarryIn, v1::CONVERT_TO_CARRY_IN}};
constexpr EnumPairs<ComplaintSeverity, v1::ComplaintSeverity> kSeverities[] = {
    {ComplaintSeverity::kGeneral, v1::GENERAL}, {ComplaintSeverity::kMajor, v1::MAJOR}};
constexpr EnumPairs<MajorComplaintKind, v1::MajorComplaintKind> kMajorKinds[] = {
    {MajorComplaintKind::kNone, v1::MAJOR_COMPLAINT_KIND_UNSPECIFIED},
    {MajorComplaintKind::kCrisis, v1::CRISIS},
    {MajorComplaintKind::kBatchAccident, v1::BATCH_ACCIDENT}};
constexpr EnumPairs<CrisisGround, v1::CrisisGround> kGrounds[] = {
    {CrisisGround::kPropertyLoss, v1::PROPERTY_LOSS},
    {CrisisGround::kInjury, v1::INJURY},
    {CrisisGround::kUnsafeOrDeceptiveService, v1::UNSAFE_OR_DECEPTIVE_SERVICE},
    {CrisisGround::kCompensationClaim, v1::COMPENSATION_CLAIM},
    {CrisisGround::kExternalEscalation, v1::EXTERNAL_ESCALATION}};
constexpr EnumPairs<DeadlineKind, v1::DeadlineKind> kDeadlineKinds[] = {
    {DeadlineKind::kOrderEntry, v1::ORDER_ENTRY},
    {DeadlineKind::kFollowUp, v1::FOLLOW_UP},
    {DeadlineKind::kSpecialistContact, v1::SPECIALIST_CONTACT}};
constexpr EnumPairs<DeadlineState, v1::DeadlineState> kDeadlineStates[] = {
    {DeadlineState::kOnTrack, v1::ON_TRACK}, {DeadlineState::kAtRisk, v1::AT_RISK},
    {DeadlineState::kOverdue, v1::OVERDUE},  {DeadlineState::kMet, v1::MET},
    {DeadlineState::kMetLate, v1::MET_LATE}, {DeadlineState::kClosedUnmet, v1::CLOSED_UNMET}};
constexpr EnumPairs<WarrantyState, v1::WarrantyState> kWarrantyStates[] = {
    {WarrantyState::kNotRequested, v1::WARRANTY_NOT_REQUESTED},
    {WarrantyState::kPending, v1::WARRANTY_PENDING},
    {WarrantyState::kDecided, v1::WARRANTY_DECIDED},
    {WarrantyState::kNeedsInformation, v1::WARRANTY_NEEDS_INFORMATION}};
constexpr EnumPairs<UnitUse, v1::UnitUse> kUses[] = {{UnitUse::kHousehold, v1::HOUSEHOLD},
                                                     {UnitUse::kCommercial, v1::COMMERCIAL}};
constexpr EnumPairs<SaleType, v1::SaleType> kSaleTypes[] = {
    {SaleType::kNormal, v1::NORMAL}, {SaleType::kSecondsDisclosed, v1::SECONDS_DISCLOSED}};
constexpr EnumPairs<Remedy, v1::WarrantyRemedy> kRemedies[] = {
    {Remedy::kReturn, v1::REMEDY_RETURN},
    {Remedy::kExchange, v1::REMEDY_EXCHANGE},
    {Remedy::kRepair, v1::REMEDY_REPAIR}};
constexpr EnumPairs<AuditAction, v1::AuditAction> kActions[] = {
    {AuditAction::kCreated, v1::CREATED},
    {AuditAction::kTransitioned, v1::TRANSITIONED},
    {AuditAction::kUpdated, v1::UPDATED},
    {AuditAction::kHandedOver, v1::HANDED_OVER},
    {AuditAction::kEscalated, v1::ESCALATED},
    {AuditAction::kSpecialistContacted, v1::SPECIALIST_CONTACTED},
    {AuditAction::kFollowUpPromised, v1::FOLLOW_UP_PROMISED},
    {AuditAction::kFollowUpDone, v1::FOLLOW_UP_DONE},
    {AuditAction::kDeadlineBreached, v1::DEADLINE_BREACHED},
    {AuditAction::kApproval, v1::APPROVAL},
    {AuditAction::kDeadlineWarning, v1::DEADLINE_WARNING},
    {AuditAction::kWarrantyDecided, v1::WARRANTY_RECORDED},
    {AuditAction::kCallbackUnreachable, v1::CALLBACK_UNREACHABLE}};

// An unspecified value means the documented default; an unknown number is
// refused rather than read as the default.
template <typename D, typename P, size_t N>
D EnumOrDefault(const EnumPairs<D, P> (&pairs)[N], P p, D fallback, const std::string& field,
                std::vector<FieldViolation>& violations) {
  if (p == P{}) return fallback;
  if (auto d = ToDomain(pairs, p)) return *d;
  violations.push_back({field, absl::StrCat("unknown value ", static_cast<int>(p))});
  return fallback;
}

std::optional<absl::CivilDay> OptionalDay(const fieldservice::type::Date& date, bool present,
                                          const std::string& field,
                                          std::vector<FieldViolation>& violations) {
  if (!present) return std::nullopt;
  return ToDay(date, true, field, violations);
}

WarrantyClaim ToClaim(const v1::WarrantyClaim& p, std::vector<FieldViolation>& violations) {
  const std::string prefix = "warranty_claim.";
  WarrantyClaim c;
  if (p.has_price_paid()) c.price_paid_fen = p.price_paid().amount_fen();
  c.production_date = OptionalDay(p.production_date(), p.has_production_date(),
                                  prefix + "production_date", violations);
  c.installation_date = OptionalDay(p.installation_date(), p.has_installation_date(),
                                    prefix + "installation_date", violations);
  c.use = EnumOrDefault(kUses, p.use(), UnitUse::kHousehold, prefix + "use", violations);
  c.sale_type =
      EnumOrDefault(kSaleTypes, p.sale_type(), SaleType::kNormal, prefix + "sale_type", violations);
  c.card_model_mismatch = p.card_model_mismatch();
  if (p.has_performance_fault()) c.performance_fault = p.performance_fault();
  c.fault_component = p.fault_component();
  c.fault_main_part = p.fault_main_part();
  for (int i = 0; i < p.earlier_repairs_size(); ++i) {
    const v1::EarlierRepair& r = p.earlier_repairs(i);
    std::string field = absl::StrCat(prefix, "earlier_repairs[", i, "]");
    auto date = ToDay(r.date(), r.has_date(), field + ".date", violations);
    if (!r.has_date()) violations.push_back({field + ".date", "required: when it was handed back"});
    c.earlier_repairs.push_back(
        {date.value_or(absl::CivilDay()), r.component(), r.days_in_repair()});
  }
  c.exchanged_on =
      OptionalDay(p.exchanged_on(), p.has_exchanged_on(), prefix + "exchanged_on", violations);
  for (int i = 0; i < p.main_parts_replaced_size(); ++i) {
    const v1::MainPartReplacement& r = p.main_parts_replaced(i);
    std::string field = absl::StrCat(prefix, "main_parts_replaced[", i, "]");
    auto date = ToDay(r.date(), r.has_date(), field + ".date", violations);
    if (!r.has_date()) violations.push_back({field + ".date", "required: when it was replaced"});
    c.main_parts_replaced.push_back({r.part(), date.value_or(absl::CivilDay())});
  }
  c.causes = {p.causes().misuse(), p.causes().unauthorised_repair(), p.causes().force_majeure(),
              p.causes().improper_storage()};
  c.repair_delay_days = p.repair_delay_days();
  c.parts_wait_days = p.parts_wait_days();
  c.same_model_out_of_stock = p.same_model_out_of_stock();
  c.insists_on_refund = p.insists_on_refund();
  return c;
}

void ToProto(const WarrantyClaim& c, v1::WarrantyClaim* out) {
  if (c.price_paid_fen) out->mutable_price_paid()->set_amount_fen(*c.price_paid_fen);
  if (c.production_date) SetDate(*c.production_date, out->mutable_production_date());
  if (c.installation_date) SetDate(*c.installation_date, out->mutable_installation_date());
  out->set_use(ToProtoEnum(kUses, c.use));
  out->set_sale_type(ToProtoEnum(kSaleTypes, c.sale_type));
  out->set_card_model_mismatch(c.card_model_mismatch);
  if (c.performance_fault) out->set_performance_fault(*c.performance_fault);
  out->set_fault_component(c.fault_component);
  out->set_fault_main_part(c.fault_main_part);
  for (const EarlierRepair& r : c.earlier_repairs) {
    v1::EarlierRepair* pr = out->add_earlier_repairs();
    SetDate(r.date, pr->mutable_date());
    pr->set_component(r.component);
    pr->set_days_in_repair(r.days_in_repair);
  }
  if (c.exchanged_on) SetDate(*c.exchanged_on, out->mutable_exchanged_on());
  for (const MainPartReplacement& r : c.main_parts_replaced) {
    v1::MainPartReplacement* pr = out->add_main_parts_replaced();
    pr->set_part(r.part);
    SetDate(r.date, pr->mutable_date());
  }
  v1::ExclusionCauses* causes = out->mutable_causes();
  causes->set_misuse(c.causes.misuse);
  causes->set_unauthorised_repair(c.causes.unauthorised_repair);
  causes->set_force_majeure(c.causes.force_majeure);
  causes->set_improper_storage(c.causes.improper_storage);
  out->set_repair_delay_days(c.repair_delay_days);
  out->set_parts_wait_days(c.parts_wait_days);
  out->set_same_model_out_of_stock(c.same_model_out_of_stock);
  out->set_insists_on_refund(c.insists_on_refund);
}

void ToProto(const WarrantyInfo& info, v1::WarrantyStatus* w) {
  w->set_state(ToProtoEnum(kWarrantyStates, info.state));
  w->set_decision(info.decision);
  w->set_coverage(info.coverage);
  w->set_summary(info.summary);
  if (info.decided_at) SetTimestamp(*info.decided_at, w->mutable_decide_time());
  w->set_problem(info.problem);
  for (Remedy r : info.remedies) w->add_remedies(ToProtoEnum(kRemedies, r));
  if (info.refund.has_value()) {
    const WarrantyRefund& r = *info.refund;
    v1::WarrantyRefund* pr = w->mutable_refund();
    pr->mutable_price()->set_amount_fen(r.price_fen);
    pr->set_depreciated(r.depreciated);
    pr->set_days_used(r.days_used);
    pr->set_rate_ppm_per_day(r.rate_ppm_per_day);
    pr->mutable_depreciation()->set_amount_fen(r.depreciation_fen);
    pr->mutable_amount()->set_amount_fen(r.amount_fen);
    for (const std::string& line : r.lines_zh) pr->add_lines_zh(line);
  }
  if (info.quote.has_value()) {
    const WarrantyQuote& q = *info.quote;
    v1::WarrantyQuote* pq = w->mutable_quote();
    pq->mutable_labour()->set_amount_fen(q.labour_fen);
    pq->mutable_part()->set_amount_fen(q.part_fen);
    pq->set_part_priced(q.part_priced);
    pq->mutable_callout()->set_amount_fen(q.callout_fen);
    pq->mutable_total()->set_amount_fen(q.total_fen);
  }
  for (const WarrantyReason& r : info.reasons) {
    v1::WarrantyReason* pr = w->add_reasons();
    pr->set_rule_id(r.rule_id);
    pr->set_reason_zh(r.zh);
  }
  if (info.covered_until) SetDate(*info.covered_until, w->mutable_covered_until());
}

}  // namespace

std::optional<OrderEvent> FromProto(v1::Event e) { return ToDomain(kEvents, e); }
std::optional<OrderStatus> FromProto(v1::Status s) { return ToDomain(kStatuses, s); }
std::optional<ContactType> FromProto(v1::ContactType t) { return ToDomain(kContactTypes, t); }
v1::Status ToProto(OrderStatus s) { return ToProtoEnum(kStatuses, s); }

std::optional<TimeWindow> ToWindow(const fieldservice::type::TimeWindow& w, bool present,
                                   const std::string& field,
                                   std::vector<FieldViolation>& violations) {
  if (!present) return std::nullopt;
  auto start = ToTime(w.start_time(), w.has_start_time(), field + ".start_time", violations);
  auto end = ToTime(w.end_time(), w.has_end_time(), field + ".end_time", violations);
  if (!w.has_start_time()) violations.push_back({field + ".start_time", "required in a window"});
  if (!w.has_end_time()) violations.push_back({field + ".end_time", "required in a window"});
  if (!start.has_value() || !end.has_value()) return std::nullopt;
  return TimeWindow{*start, *end};
}

NewOrder ToNewOrder(const v1::RepairOrder& p, std::vector<FieldViolation>& violations) {
  NewOrder o;
  if (auto t = ToDomain(kContactTypes, p.contact_type())) {
    o.contact_type = *t;
  } else {
    violations.push_back({"contact_type", "required: CONSULTATION, REPAIR or COMPLAINT"});
  }
  o.customer.name = p.customer().name();
  o.customer.phone = p.customer().phone();
  o.customer.address.region_code = p.customer().address().region_code();
  o.customer.address.detail = p.customer().address().detail();
  if (p.customer().address().has_location()) {
    o.customer.address.location = GeoPoint{p.customer().address().location().latitude(),
                                           p.customer().address().location().longitude()};
  }
  const auto& product = p.product();
  o.product.category = product.category();
  o.product.brand = product.brand();
  o.product.model = product.model();
  o.product.serial = product.serial();
  if (product.has_purchase_date()) {
    o.product.purchase_date =
        ToDay(product.purchase_date(), true, "product.purchase_date", violations);
  }
  o.product.invoice_number = product.invoice_number();
  o.product.warranty_card_present = product.warranty_card_present();
  o.product.proof_altered = product.proof_altered();
  o.warranty_claim = ToClaim(p.warranty_claim(), violations);
  o.fault_description = p.fault_description();
  o.symptom_code = p.symptom_code();
  if (auto m = ToDomain(kModes, p.service_mode())) {
    o.service_mode = *m;
  } else if (o.contact_type == ContactType::kConsultation) {
    o.service_mode = ServiceMode::kOnSite;  // a phone question needs no mode
  } else {
    violations.push_back({"service_mode", "required: ON_SITE or CARRY_IN"});
  }
  o.onsite_authorization_ref = p.onsite_authorization_ref();
  o.preferred_window =
      ToWindow(p.preferred_window(), p.has_preferred_window(), "preferred_window", violations);
  if (p.channel() == v1::CHANNEL_UNSPECIFIED) {
    o.channel = Channel::kPhone;
  } else if (auto c = ToDomain(kChannels, p.channel())) {
    o.channel = *c;
  } else {
    violations.push_back({"channel", "unknown channel"});
  }
  o.taking_agent = p.taking_agent();
  if (auto t =
          ToTime(p.call_ended_time(), p.has_call_ended_time(), "call_ended_time", violations)) {
    o.call_ended_at = *t;
  }  // unset stays at the epoch, which intake reports as missing
  if (p.has_complaint()) {
    const v1::Complaint& pc = p.complaint();
    Complaint c;
    c.severity = pc.severity() == v1::COMPLAINT_SEVERITY_UNSPECIFIED
                     ? ComplaintSeverity::kGeneral
                     : ToDomain(kSeverities, pc.severity()).value_or(ComplaintSeverity::kGeneral);
    for (int i = 0; i < pc.crisis_grounds_size(); ++i) {
      auto g = ToDomain(kGrounds, static_cast<v1::CrisisGround>(pc.crisis_grounds(i)));
      if (g.has_value()) {
        c.crisis_grounds.push_back(*g);
      } else {
        violations.push_back(
            {absl::StrCat("complaint.crisis_grounds[", i, "]"), "unknown crisis ground"});
      }
    }
    c.reason = pc.reason();
    c.affected_units = pc.affected_units();
    c.units_sold = pc.units_sold();
    c.property_loss_fen = pc.property_loss().amount_fen();
    o.complaint = c;
  }
  return o;
}

void ToProto(const AuditEvent& e, const Actor& viewer, v1::RepairOrderEvent* out) {
  out->set_sequence(e.sequence);
  SetTimestamp(e.at, out->mutable_time());
  out->set_actor(e.actor);
  out->set_action(ToProtoEnum(kActions, e.action));
  if (e.event.has_value()) out->set_event(ToProtoEnum(kEvents, *e.event));
  out->set_from_status(ToProto(e.from_status));
  out->set_to_status(ToProto(e.to_status));
  out->set_reason(viewer.Has(kGrantSeesPhone) ? e.reason : common::RedactPhones(e.reason));
  for (const std::string& f : e.changed_fields) out->add_changed_fields(f);
}

void ToProto(const RepairOrder& o, const OrderService& service, const Actor& viewer,
             v1::RepairOrder* out) {
  const NewOrder& d = o.details;
  out->set_name(absl::StrCat("repairOrders/", o.order_number));
  out->set_order_number(o.order_number);
  out->set_contact_type(ToProtoEnum(kContactTypes, d.contact_type));
  out->mutable_customer()->set_name(d.customer.name);
  out->mutable_customer()->set_phone(d.customer.phone);
  auto* address = out->mutable_customer()->mutable_address();
  address->set_region_code(d.customer.address.region_code);
  address->set_detail(d.customer.address.detail);
  if (d.customer.address.location.has_value()) {
    address->mutable_location()->set_latitude(d.customer.address.location->latitude);
    address->mutable_location()->set_longitude(d.customer.address.location->longitude);
  }
  auto* product = out->mutable_product();
  product->set_category(d.product.category);
  product->set_brand(d.product.brand);
  product->set_model(d.product.model);
  product->set_serial(d.product.serial);
  if (d.product.purchase_date.has_value()) {
    SetDate(*d.product.purchase_date, product->mutable_purchase_date());
  }
  product->set_invoice_number(d.product.invoice_number);
  product->set_warranty_card_present(d.product.warranty_card_present);
  product->set_proof_altered(d.product.proof_altered);
  ToProto(d.warranty_claim, out->mutable_warranty_claim());
  out->set_fault_description(d.fault_description);
  out->set_symptom_code(d.symptom_code);
  out->set_service_mode(ToProtoEnum(kModes, d.service_mode));
  out->set_onsite_authorization_ref(d.onsite_authorization_ref);
  if (d.preferred_window.has_value()) {
    SetTimestamp(d.preferred_window->start, out->mutable_preferred_window()->mutable_start_time());
    SetTimestamp(d.preferred_window->end, out->mutable_preferred_window()->mutable_end_time());
  }
  out->set_channel(ToProtoEnum(kChannels, d.channel));
  out->set_taking_agent(d.taking_agent);
  SetTimestamp(d.call_ended_at, out->mutable_call_ended_time());
  if (d.complaint.has_value()) {
    const Complaint& c = *d.complaint;
    auto* pc = out->mutable_complaint();
    pc->set_severity(ToProtoEnum(kSeverities, c.severity));
    pc->set_major_kind(ToProtoEnum(kMajorKinds, c.major_kind));
    for (CrisisGround g : c.crisis_grounds) pc->add_crisis_grounds(ToProtoEnum(kGrounds, g));
    pc->set_reason(c.reason);
    pc->set_affected_units(c.affected_units);
    pc->set_units_sold(c.units_sold);
    pc->mutable_property_loss()->set_amount_fen(c.property_loss_fen);
    pc->set_insurer_on_site(service.InsurerOnSite(o));
    if (c.escalated_at) SetTimestamp(*c.escalated_at, pc->mutable_escalate_time());
    if (c.specialist_contact_due) {
      SetTimestamp(*c.specialist_contact_due, pc->mutable_specialist_contact_due_time());
    }
    if (c.specialist_contacted_at) {
      SetTimestamp(*c.specialist_contacted_at, pc->mutable_specialist_contact_time());
    }
  }
  out->set_status(ToProto(o.status));
  out->set_owner_agent(o.owner_agent);
  out->set_technician_id(o.technician_id);
  if (o.appointment.has_value()) {
    SetTimestamp(o.appointment->start, out->mutable_appointment()->mutable_start_time());
    SetTimestamp(o.appointment->end, out->mutable_appointment()->mutable_end_time());
  }
  if (o.promised_completion)
    SetTimestamp(*o.promised_completion, out->mutable_promised_completion_time());
  out->set_resolution_note(o.resolution_note);
  if (o.follow_up_due.has_value()) {
    SetTimestamp(*o.follow_up_due, out->mutable_follow_up()->mutable_due_time());
    out->mutable_follow_up()->set_note(o.follow_up_note);
    if (o.follow_up_done_at)
      SetTimestamp(*o.follow_up_done_at, out->mutable_follow_up()->mutable_done_time());
  }
  out->set_read_back_text(o.read_back);
  out->set_reopen_count(o.reopen_count);
  for (OrderEvent e : service.EventsForPeople(o)) {
    out->add_allowed_events(ToProtoEnum(kEvents, e));
  }
  out->set_visit_summary(o.visit_summary);
  out->set_callback_unreachable_visit(o.callback_unreachable_visit);
  for (const OrderDeadline& dl : o.deadlines) {
    auto* pd = out->add_deadlines();
    pd->set_kind(ToProtoEnum(kDeadlineKinds, dl.kind));
    SetTimestamp(dl.due, pd->mutable_due_time());
    if (dl.met_at) SetTimestamp(*dl.met_at, pd->mutable_met_time());
    pd->set_state(ToProtoEnum(kDeadlineStates, service.StateOf(dl)));
    if (dl.breached_at) SetTimestamp(*dl.breached_at, pd->mutable_breach_time());
    if (dl.closed_at) SetTimestamp(*dl.closed_at, pd->mutable_closed_time());
  }
  SetTimestamp(o.created_at, out->mutable_create_time());
  SetTimestamp(o.updated_at, out->mutable_update_time());
  out->set_etag(absl::StrCat(o.version));
  ToProto(o.warranty, out->mutable_warranty());
  if (!MaySeeContact(viewer, o)) MaskContact(out);
}

void MaskContact(v1::RepairOrder* order) {
  v1::Customer* customer = order->mutable_customer();
  customer->set_phone(common::MaskPhone(customer->phone()));
  fieldservice::type::Address* address = customer->mutable_address();
  // The region code already says province, city and district; the street
  // detail and the map position are what finds the door.
  if (!address->detail().empty()) address->set_detail("****");
  address->clear_location();
  order->set_read_back_text(MaskReadBackAddress(order->read_back_text()));
}

std::optional<std::string> ParseOrderName(const std::string& name, const std::string& field,
                                          std::vector<FieldViolation>& violations) {
  constexpr std::string_view kPrefix = "repairOrders/";
  std::string_view n(name);
  if (n.substr(0, kPrefix.size()) != kPrefix ||
      !common::IsWellFormedOrderNumber(n.substr(kPrefix.size()))) {
    violations.push_back({field, "must be repairOrders/{order_number} with a valid order number"});
    return std::nullopt;
  }
  return std::string(n.substr(kPrefix.size()));
}

std::optional<int64_t> ParseEtag(const std::string& etag, const std::string& field,
                                 std::vector<FieldViolation>& violations) {
  if (etag.empty()) return std::nullopt;
  int64_t v = 0;
  if (!absl::SimpleAtoi(etag, &v) || v < 1) {
    violations.push_back({field, "not an etag this service issued; read the order again"});
    return std::nullopt;
  }
  return v;
}

}  // namespace fieldservice::orders::api
