// The repair order (工单) as the domain sees it: plain data, no gRPC or SQL.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_REPAIR_ORDER_H_
#define FIELDSERVICE_ORDERS_DOMAIN_REPAIR_ORDER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace fieldservice::orders {

// 咨询 / 报修 / 投诉 (DOMAIN.md "Contact types").
enum class ContactType { kConsultation, kRepair, kComplaint };

// 上门 on-site, or 送修 carry-in to a service outlet.
enum class ServiceMode { kOnSite, kCarryIn };

// How the customer reached us.
enum class Channel { kPhone, kWeChat, kWeb, kApp, kWalkIn };

// The lifecycle. The legal moves between these are the table in
// state_machine.cc; nothing else changes an order's status.
enum class OrderStatus {
  kReceived,           // taken by an agent, not yet released
  kResolvedRemotely,   // fixed by phone guidance, no visit (final)
  kPendingDispatch,    // on-site: waiting for a technician
  kAssigned,           // on-site: technician chosen
  kAppointmentBooked,  // on-site: visit time agreed with the customer
  kEnRoute,            // on-site: technician travelling
  kOnSite,             // on-site: technician at the customer
  kWaitingForParts,    // either path: repair paused for parts
  kAwaitingDropOff,    // carry-in: customer to bring the unit to an outlet
  kInRepair,           // carry-in: unit at the outlet being repaired
  kReadyForPickup,     // carry-in: repaired, customer told to collect
  kCompleted,          // repair done, awaiting the callback
  kClosed,             // callback satisfied, or closed by a supervisor (final)
  kCancelled,          // withdrawn before completion (final)
  kReopened,           // callback found the problem unsolved
};

// Where the order's 三包 decision stands (asked of the warranty service
// through the outbox when the order is created).
enum class WarrantyState {
  kNotRequested,      // consultations: nothing to decide
  kPending,           // asked; waiting for the warranty service
  kDecided,           // the decision is recorded on the order
  kNeedsInformation,  // the warranty service refused the facts; see problem
};

// What the customer may choose under 三包 (包退 / 包换 / 包修).
enum class Remedy { kReturn, kExchange, kRepair };

// A return's refund as the warranty service worked it out.
struct WarrantyRefund {
  int64_t price_fen = 0;  // the price paid
  bool depreciated = false;
  int64_t days_used = 0;  // days since the invoice, less days in repair
  int64_t rate_ppm_per_day = 0;
  int64_t depreciation_fen = 0;
  int64_t amount_fen = 0;                  // what the customer gets back
  std::vector<std::string> lines_zh = {};  // the working, line by line
};

// The out-of-warranty price of the repair (paid repair).
struct WarrantyQuote {
  int64_t labour_fen = 0;
  int64_t part_fen = 0;
  bool part_priced = false;  // false: the part is priced after inspection
  int64_t callout_fen = 0;
  int64_t total_fen = 0;
};

// One rule the decision used, with its reason in Chinese for the agent.
struct WarrantyReason {
  std::string rule_id;
  std::string zh;
};

struct WarrantyInfo {
  WarrantyState state = WarrantyState::kNotRequested;
  std::string decision;  // "decisions/{id}" in the warranty service
  std::string coverage;  // FREE, PAID or NOT_COVERED
  std::string summary;   // one line for the agent, e.g. "FREE: REPAIR until ..."
  std::optional<absl::Time> decided_at;
  std::string problem;     // kNeedsInformation: what was missing or wrong
  std::string request_id;  // the outstanding request; its answer is the one kept
  // kDecided: the whole decision, as the agent explains it to the customer.
  std::vector<Remedy> remedies;  // in the order return, exchange, repair
  std::optional<WarrantyRefund> refund;
  std::optional<WarrantyQuote> quote;
  std::vector<WarrantyReason> reasons;
  std::optional<absl::CivilDay> covered_until;  // last day of the deciding period
};

// What happens to an order; each maps to at most one target status from a
// given status (state_machine.cc).
enum class OrderEvent {
  kResolveRemotely,
  kQueueForDispatch,
  kAwaitDropOff,
  kAssign,
  kUnassign,
  kBookAppointment,
  kDepart,
  kArrive,
  kWaitForParts,
  kPartsArrived,
  kReceiveUnit,
  kMarkReadyForPickup,
  kComplete,
  kClose,
  kReopen,
  kCancel,
  kCustomerNotHome,   // on-site: nobody home; the visit is booked again
  kConvertToCarryIn,  // on-site: cannot be fixed there; the unit goes to an outlet
};

// 一般投诉 / 重大投诉 (DOMAIN.md "Contact types").
enum class ComplaintSeverity { kGeneral, kMajor };

// What makes a complaint major.
enum class MajorComplaintKind {
  kNone,
  kCrisis,         // 危机事件
  kBatchAccident,  // 批量质量事故
};

// The grounds of a crisis (危机事件); any one makes a complaint major.
enum class CrisisGround {
  kPropertyLoss,
  kInjury,
  kUnsafeOrDeceptiveService,
  kCompensationClaim,
  kExternalEscalation,  // consumer association, regulator or media
};

struct GeoPoint {
  double latitude = 0;
  double longitude = 0;
};

struct Address {
  std::string region_code;  // GB/T 2260 six-digit administrative code
  std::string detail;       // street, building, unit, room
  std::optional<GeoPoint> location;
};

struct Customer {
  std::string name;
  std::string phone;  // as entered; normalised by validation
  Address address;
};

struct Product {
  std::string category;  // catalogue code, e.g. "refrigerator"
  std::string brand;
  std::string model;
  std::string serial;
  std::optional<absl::CivilDay> purchase_date;
  std::string invoice_number;  // empty when the customer has no invoice
  bool warranty_card_present = false;
  bool proof_altered = false;
};

// How the unit is used: a company may give commercial use a shorter period.
enum class UnitUse { kHousehold, kCommercial };

// How the unit was sold: seconds or clearance with the defect disclosed
// (等外品 / 处理品) are not covered for that defect.
enum class SaleType { kNormal, kSecondsDisclosed };

// One earlier repair of the unit: the evidence for "repaired twice and still
// not working normally".
struct EarlierRepair {
  absl::CivilDay date;     // the day the repaired unit was handed back
  std::string component;   // catalogue id; empty: the whole unit
  int days_in_repair = 0;  // in repair or waiting for parts: the clock paused
};

// A main part replaced earlier; its own period restarts that day.
struct MainPartReplacement {
  std::string part;  // catalogue id
  absl::CivilDay date;
};

// Causes that exclude 三包 coverage (paid repair only).
struct ExclusionCauses {
  bool misuse = false;               // use or maintenance against the manual
  bool unauthorised_repair = false;  // opened or modified by someone unauthorised
  bool force_majeure = false;
  bool improper_storage = false;
};

// The facts a 三包 decision uses beyond the product's identity and proof
// (DOMAIN.md "Warranty: 三包"). All of them go to the warranty service.
struct WarrantyClaim {
  std::optional<int64_t> price_paid_fen;            // the invoice price: a return refunds it
  std::optional<absl::CivilDay> production_date;    // counts when there is no invoice
  std::optional<absl::CivilDay> installation_date;  // flat-panel TVs count from it
  UnitUse use = UnitUse::kHousehold;
  SaleType sale_type = SaleType::kNormal;
  bool card_model_mismatch = false;  // the warranty card names another model
  // Unset: a performance fault (性能故障), which is what a customer calling
  // about a malfunction reports; a technician may find otherwise.
  std::optional<bool> performance_fault;
  std::string fault_component;   // catalogue id of the failed part; empty: whole unit
  bool fault_main_part = false;  // the caller believes it is a main part
  std::vector<EarlierRepair> earlier_repairs;
  std::optional<absl::CivilDay> exchanged_on;  // this unit is itself a replacement
  std::vector<MainPartReplacement> main_parts_replaced;
  ExclusionCauses causes;
  int repair_delay_days = 0;             // this repair late by the repairer's fault
  int parts_wait_days = 0;               // waiting for parts that were not supplied
  bool same_model_out_of_stock = false;  // an exchange due becomes a full refund
  bool insists_on_refund = false;        // refund although an exchange is possible
};

struct TimeWindow {
  absl::Time start;
  absl::Time end;
};

struct Complaint {
  ComplaintSeverity severity = ComplaintSeverity::kGeneral;
  MajorComplaintKind major_kind = MajorComplaintKind::kNone;
  std::vector<CrisisGround> crisis_grounds;
  std::string reason;  // what the customer complains about
  // Batch accidents: affected and sold units of the same model and batch.
  int64_t affected_units = 0;
  int64_t units_sold = 0;
  // Property loss in yuan fen, when known (insurer on site above a threshold).
  int64_t property_loss_fen = 0;
  std::optional<absl::Time> escalated_at;
  std::optional<absl::Time> specialist_contact_due;
  std::optional<absl::Time> specialist_contacted_at;
};

// What a call agent submits; validated by ValidateNewOrder.
struct NewOrder {
  ContactType contact_type = ContactType::kRepair;
  Customer customer;
  Product product;
  WarrantyClaim warranty_claim;
  std::string fault_description;
  std::string symptom_code;
  ServiceMode service_mode = ServiceMode::kOnSite;
  std::string onsite_authorization_ref;  // needed on-site outside covered area
  std::optional<TimeWindow> preferred_window;
  Channel channel = Channel::kPhone;
  std::string taking_agent;
  absl::Time call_ended_at;
  std::optional<Complaint> complaint;  // required iff contact_type is complaint
};

// The deadlines an order can carry (DOMAIN.md "Taking a repair request").
enum class DeadlineKind {
  kOrderEntry,         // order created within N minutes of the call ending
  kFollowUp,           // a follow-up promised to the customer
  kSpecialistContact,  // escalated complaint: a specialist calls within N working days
};

struct OrderDeadline {
  DeadlineKind kind = DeadlineKind::kOrderEntry;
  absl::Time due;
  // From here on it is at risk: the owner is reminded and it is listed.
  absl::Time warn_at;
  std::optional<absl::Time> met_at;
  std::optional<absl::Time> warned_at;    // reminder recorded by the sweeper
  std::optional<absl::Time> breached_at;  // breach recorded
  // Set when the order reached a final status while this deadline was open:
  // it is no longer owed, so it is never at risk, overdue or breached again.
  std::optional<absl::Time> closed_at;
};

// What an audit-trail entry records.
enum class AuditAction {
  kCreated,
  kTransitioned,
  kUpdated,
  kHandedOver,
  kEscalated,
  kSpecialistContacted,
  kFollowUpPromised,
  kFollowUpDone,
  kDeadlineBreached,
  kApproval,
  kDeadlineWarning,
  kWarrantyDecided,
  kCallbackUnreachable,  // the callback gave up: the customer could not be reached
};

// One append-only entry of an order's audit trail (who, when, from, to, why).
struct AuditEvent {
  int64_t sequence = 0;  // assigned by storage, from 1
  absl::Time at;
  std::string actor;
  AuditAction action = AuditAction::kCreated;
  std::optional<OrderEvent> event;  // for kTransitioned
  OrderStatus from_status = OrderStatus::kReceived;
  OrderStatus to_status = OrderStatus::kReceived;
  std::string reason;
  std::vector<std::string> changed_fields;  // kUpdated: paths; deadlines: kind
};

// A part fitted on a visit, as the technician's repair record lists it.
struct VisitPart {
  std::string part_id = {};  // catalogue part id
  std::string serial = {};   // the fitted part's serial
  int quantity = 0;

  friend bool operator==(const VisitPart&, const VisitPart&) = default;
};

// A fee charged to the customer on a visit.
struct VisitFee {
  std::string kind = {};     // "LABOUR", "PART" or "CALLOUT" (kVisitFeeKinds)
  std::string part_id = {};  // PART: which of the parts fitted
  int64_t amount_fen = 0;

  friend bool operator==(const VisitFee&, const VisitFee&) = default;
};

// The technician's repair record (售后维修记录) of a completed visit, as
// far as the order and its callback need it; the scheduling service keeps
// the whole record (texts, signature image).
struct VisitRecord {
  bool function_test_passed = false;  // 全功能试机 in front of the customer
  bool signed_by_customer = false;    // the record carried a signature
  std::vector<VisitPart> parts = {};
  std::vector<VisitFee> fees = {};

  friend bool operator==(const VisitRecord&, const VisitRecord&) = default;
};

struct RepairOrder {
  int64_t id = 0;
  std::string order_number;
  std::string request_id;
  std::string request_fingerprint;  // of the creating request; '' for old orders
  OrderStatus status = OrderStatus::kReceived;
  NewOrder details;
  std::string owner_agent;  // 首问负责制: the first agent until handed over
  std::string technician_id;
  std::optional<TimeWindow> appointment;
  std::optional<absl::Time> promised_completion;  // carry-in receipt (收条)
  std::string resolution_note;
  std::optional<absl::Time> follow_up_due;
  std::string follow_up_note;
  std::optional<absl::Time> follow_up_done_at;
  std::string specialist;  // who made the complaint's specialist contact
  std::string read_back;   // 复述确认 text generated at creation
  // The last job version the scheduling service reported
  // (RecordDispatchProgress); 0: none yet. A report no newer changes nothing.
  int64_t dispatch_version = 0;
  std::string visit_summary;  // the completed visit's repair record in short
  // The current visit's repair record and the outlet (网点) of the
  // technician who completed it, as scheduling reported them on COMPLETE;
  // unset for a visit completed without the app. REOPEN clears both: the
  // next visit starts without a record.
  std::optional<VisitRecord> visit_record;
  std::string technician_outlet;
  std::vector<OrderDeadline> deadlines;
  WarrantyInfo warranty;
  int reopen_count = 0;
  // The visit reported to the callback service (visit_report.h), which
  // then awaits its callback; 0: none (completed before the callback
  // service was configured, or without one).
  int64_t callback_reported_visit = 0;
  // The visit whose callback (回访) gave up without reaching the customer
  // (callback_outcome.h); 0: none. A person may then close the order.
  int64_t callback_unreachable_visit = 0;
  int64_t last_event_sequence = 0;  // the audit trail's length
  int64_t version = 1;              // etag
  absl::Time created_at;
  absl::Time updated_at;
};

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_REPAIR_ORDER_H_
