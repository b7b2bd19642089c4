#include "services/orders/api/proto_mapping.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/ids.h"
#include "services/common/proto_time.h"
#include "services/orders/domain/state_machine.h"

namespace fieldservice::orders::api {
namespace {

using common::SetDate;
using common::SetTimestamp;
using common::ToDay;
using common::ToTime;

using common::FieldViolation;

// Pairs of the proto and domain enums, in one place per enum.
template <typename P, typename D, size_t N>
using EnumPairs = std::pair<P, D>[N];

template <typename P, typename D, size_t N>
std::optional<D> ToDomain(const EnumPairs<P, D, N>& pairs, P p) {
  for (const auto& [proto, domain] : pairs) {
    if (proto == p) return domain;
  }
  return std::nullopt;
}
template <typename P, typename D, size_t N>
P ToProtoEnum(const EnumPairs<P, D, N>& pairs, D d) {
  for (const auto& [proto, domain] : pairs) {
    if (domain == d) return proto;
  }
  return P{};
}

constexpr EnumPairs<v1::ContactType, ContactType, 3> kContactTypes = {
    {v1::CONSULTATION, ContactType::kConsultation},
    {v1::REPAIR, ContactType::kRepair},
    {v1::COMPLAINT, ContactType::kComplaint}};
constexpr EnumPairs<v1::ServiceMode, ServiceMode, 2> kModes = {
    {v1::ON_SITE, ServiceMode::kOnSite}, {v1::CARRY_IN, ServiceMode::kCarryIn}};
constexpr EnumPairs<v1::Channel, Channel, 5> kChannels = {{v1::PHONE, Channel::kPhone},
                                                          {v1::WECHAT, Channel::kWeChat},
                                                          {v1::WEB, Channel::kWeb},
                                                          {v1::APP, Channel::kApp},
                                                          {v1::WALK_IN, Channel::kWalkIn}};
constexpr EnumPairs<v1::Status, OrderStatus, 15> kStatuses = {
    {v1::RECEIVED, OrderStatus::kReceived},
    {v1::RESOLVED_REMOTELY, OrderStatus::kResolvedRemotely},
    {v1::PENDING_DISPATCH, OrderStatus::kPendingDispatch},
    {v1::ASSIGNED, OrderStatus::kAssigned},
    {v1::APPOINTMENT_BOOKED, OrderStatus::kAppointmentBooked},
    {v1::EN_ROUTE, OrderStatus::kEnRoute},
    {v1::ON_SITE_VISIT, OrderStatus::kOnSite},
    {v1::WAITING_FOR_PARTS, OrderStatus::kWaitingForParts},
    {v1::AWAITING_DROP_OFF, OrderStatus::kAwaitingDropOff},
    {v1::IN_REPAIR, OrderStatus::kInRepair},
    {v1::READY_FOR_PICKUP, OrderStatus::kReadyForPickup},
    {v1::COMPLETED, OrderStatus::kCompleted},
    {v1::CLOSED, OrderStatus::kClosed},
    {v1::CANCELLED, OrderStatus::kCancelled},
    {v1::REOPENED, OrderStatus::kReopened}};
constexpr EnumPairs<v1::Event, OrderEvent, 16> kEvents = {
    {v1::RESOLVE_REMOTELY, OrderEvent::kResolveRemotely},
    {v1::QUEUE_FOR_DISPATCH, OrderEvent::kQueueForDispatch},
    {v1::AWAIT_DROP_OFF, OrderEvent::kAwaitDropOff},
    {v1::ASSIGN, OrderEvent::kAssign},
    {v1::UNASSIGN, OrderEvent::kUnassign},
    {v1::BOOK_APPOINTMENT, OrderEvent::kBookAppointment},
    {v1::DEPART, OrderEvent::kDepart},
    {v1::ARRIVE, OrderEvent::kArrive},
    {v1::WAIT_FOR_PARTS, OrderEvent::kWaitForParts},
    {v1::PARTS_ARRIVED, OrderEvent::kPartsArrived},
    {v1::RECEIVE_UNIT, OrderEvent::kReceiveUnit},
    {v1::MARK_READY_FOR_PICKUP, OrderEvent::kMarkReadyForPickup},
    {v1::COMPLETE, OrderEvent::kComplete},
    {v1::CLOSE, OrderEvent::kClose},
    {v1::REOPEN, OrderEvent::kReopen},
    {v1::CANCEL, OrderEvent::kCancel}};
constexpr EnumPairs<v1::ComplaintSeverity, ComplaintSeverity, 2> kSeverities = {
    {v1::GENERAL, ComplaintSeverity::kGeneral}, {v1::MAJOR, ComplaintSeverity::kMajor}};
constexpr EnumPairs<v1::MajorComplaintKind, MajorComplaintKind, 3> kMajorKinds = {
    {v1::MAJOR_COMPLAINT_KIND_UNSPECIFIED, MajorComplaintKind::kNone},
    {v1::CRISIS, MajorComplaintKind::kCrisis},
    {v1::BATCH_ACCIDENT, MajorComplaintKind::kBatchAccident}};
constexpr EnumPairs<v1::CrisisGround, CrisisGround, 5> kGrounds = {
    {v1::PROPERTY_LOSS, CrisisGround::kPropertyLoss},
    {v1::INJURY, CrisisGround::kInjury},
    {v1::UNSAFE_OR_DECEPTIVE_SERVICE, CrisisGround::kUnsafeOrDeceptiveService},
    {v1::COMPENSATION_CLAIM, CrisisGround::kCompensationClaim},
    {v1::EXTERNAL_ESCALATION, CrisisGround::kExternalEscalation}};
constexpr EnumPairs<v1::DeadlineKind, DeadlineKind, 3> kDeadlineKinds = {
    {v1::ORDER_ENTRY, DeadlineKind::kOrderEntry},
    {v1::FOLLOW_UP, DeadlineKind::kFollowUp},
    {v1::SPECIALIST_CONTACT, DeadlineKind::kSpecialistContact}};
constexpr EnumPairs<v1::DeadlineState, DeadlineState, 6> kDeadlineStates = {
    {v1::ON_TRACK, DeadlineState::kOnTrack}, {v1::AT_RISK, DeadlineState::kAtRisk},
    {v1::OVERDUE, DeadlineState::kOverdue},  {v1::MET, DeadlineState::kMet},
    {v1::MET_LATE, DeadlineState::kMetLate}, {v1::CLOSED_UNMET, DeadlineState::kClosedUnmet}};
constexpr EnumPairs<v1::WarrantyState, WarrantyState, 4> kWarrantyStates = {
    {v1::WARRANTY_NOT_REQUESTED, WarrantyState::kNotRequested},
    {v1::WARRANTY_PENDING, WarrantyState::kPending},
    {v1::WARRANTY_DECIDED, WarrantyState::kDecided},
    {v1::WARRANTY_NEEDS_INFORMATION, WarrantyState::kNeedsInformation}};
constexpr EnumPairs<v1::UnitUse, UnitUse, 2> kUses = {{v1::HOUSEHOLD, UnitUse::kHousehold},
                                                      {v1::COMMERCIAL, UnitUse::kCommercial}};
constexpr EnumPairs<v1::SaleType, SaleType, 2> kSaleTypes = {
    {v1::NORMAL, SaleType::kNormal}, {v1::SECONDS_DISCLOSED, SaleType::kSecondsDisclosed}};
constexpr EnumPairs<v1::WarrantyRemedy, Remedy, 3> kRemedies = {
    {v1::REMEDY_RETURN, Remedy::kReturn},
    {v1::REMEDY_EXCHANGE, Remedy::kExchange},
    {v1::REMEDY_REPAIR, Remedy::kRepair}};
constexpr EnumPairs<v1::AuditAction, AuditAction, 12> kActions = {
    {v1::CREATED, AuditAction::kCreated},
    {v1::TRANSITIONED, AuditAction::kTransitioned},
    {v1::UPDATED, AuditAction::kUpdated},
    {v1::HANDED_OVER, AuditAction::kHandedOver},
    {v1::ESCALATED, AuditAction::kEscalated},
    {v1::SPECIALIST_CONTACTED, AuditAction::kSpecialistContacted},
    {v1::FOLLOW_UP_PROMISED, AuditAction::kFollowUpPromised},
    {v1::FOLLOW_UP_DONE, AuditAction::kFollowUpDone},
    {v1::DEADLINE_BREACHED, AuditAction::kDeadlineBreached},
    {v1::APPROVAL, AuditAction::kApproval},
    {v1::DEADLINE_WARNING, AuditAction::kDeadlineWarning},
    {v1::WARRANTY_RECORDED, AuditAction::kWarrantyDecided}};

// An unspecified value means the documented default; an unknown number is
// refused rather than read as the default.
template <typename P, typename D, size_t N>
D EnumOrDefault(const EnumPairs<P, D, N>& pairs, P p, D fallback, const std::string& field,
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

void ToProto(const AuditEvent& e, v1::RepairOrderEvent* out) {
  out->set_sequence(e.sequence);
  SetTimestamp(e.at, out->mutable_time());
  out->set_actor(e.actor);
  out->set_action(ToProtoEnum(kActions, e.action));
  if (e.event.has_value()) out->set_event(ToProtoEnum(kEvents, *e.event));
  out->set_from_status(ToProto(e.from_status));
  out->set_to_status(ToProto(e.to_status));
  out->set_reason(e.reason);
  for (const std::string& f : e.changed_fields) out->add_changed_fields(f);
}

void ToProto(const RepairOrder& o, const OrderService& service, v1::RepairOrder* out) {
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
  for (OrderEvent e : AllowedEvents(o.status, d.service_mode)) {
    out->add_allowed_events(ToProtoEnum(kEvents, e));
  }
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
