#include "services/orders/domain/order_service.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/errors.h"
#include "services/common/ids.h"
#include "services/common/logging.h"
#include "services/common/policy_text.h"
#include "services/orders/domain/complaint_rules.h"
#include "services/orders/domain/dispatch_sync.h"
#include "services/orders/domain/intake_validation.h"
#include "services/orders/domain/names.h"
#include "services/orders/domain/object_rules.h"
#include "services/orders/domain/phone.h"
#include "services/orders/domain/read_back.h"
#include "services/orders/domain/text_limits.h"
#include "services/orders/domain/update_apply.h"
#include "services/orders/domain/update_rules.h"
#include "services/orders/domain/visit_report.h"

namespace fieldservice::orders {
namespace {

using common::FieldViolation;

// All intake violations plus the complaint's own, one per field path.
std::vector<FieldViolation> CheckOrder(const NewOrder& order, const OrdersPolicy& policy,
                                       absl::Time now, absl::TimeZone zone,
                                       const ProductCatalogue* catalogue) {
  std::vector<FieldViolation> all = ValidateNewOrder(order, policy.intake, now, zone, catalogue);
  if (order.complaint.has_value()) {
    std::set<std::string> seen;
    for (const FieldViolation& v : all) seen.insert(v.field);
    for (FieldViolation& v : ValidateComplaint(*order.complaint, policy.complaints)) {
      if (seen.insert(v.field).second) all.push_back(std::move(v));
    }
  }
  return all;
}

// Fields the 三包 decision is made from.
bool IsClaimPath(const std::string& path) {
  return path == "product" || path.starts_with("product.") || path == "warranty_claim" ||
         path.starts_with("warranty_claim.");
}

// Phones are stored in one normal form so that search by phone finds them.
void NormalizePhone(NewOrder& order) {
  auto phone = ParsePhone(order.customer.phone);
  if (phone.ok()) order.customer.phone = phone->normalized;
}

void ApplyComplaintClass(NewOrder& order, const ComplaintPolicy& policy) {
  if (!order.complaint.has_value()) return;
  ComplaintClass c = Classify(*order.complaint, policy);
  order.complaint->severity = c.severity;
  order.complaint->major_kind = c.kind;
}

OrderDeadline* FindDeadline(RepairOrder& order, DeadlineKind kind) {
  for (OrderDeadline& d : order.deadlines) {
    if (d.kind == kind) return &d;
  }
  return nullptr;
}

void PutDeadline(RepairOrder& order, OrderDeadline deadline) {
  if (OrderDeadline* existing = FindDeadline(order, deadline.kind)) {
    *existing = deadline;
  } else {
    order.deadlines.push_back(deadline);
  }
}

AuditEvent NewEvent(AuditAction action, const RepairOrder& order, absl::Time at, const Actor& actor,
                    std::string reason) {
  AuditEvent e;
  e.at = at;
  e.actor = actor.AuditName();
  e.action = action;
  e.from_status = order.status;
  e.to_status = order.status;
  e.reason = std::move(reason);
  return e;
}

// OK when `value` fits its column (text_limits.h), else INVALID_ARGUMENT.
absl::Status LengthStatus(std::string_view field, const std::string& value) {
  common::Violations v;
  CheckTextLength(v, field, value);
  return v.ToStatus();
}

absl::Status RequireText(const std::string& value, const char* field, const char* rule) {
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
    return common::InvalidArgumentError({{field, rule}});
  }
  return LengthStatus(field, value);
}

// FAILED_PRECONDITION that also names the field, as a BadRequest field
// violation (the converter attaches the violations of any status), so a
// client can point at what to change.
absl::Status FailedPreconditionOn(const std::string& field, const std::string& rule) {
  const absl::Status named = common::InvalidArgumentError({{field, rule}});
  absl::Status status(absl::StatusCode::kFailedPrecondition, absl::StrCat(field, ": ", rule));
  named.ForEachPayload(
      [&](absl::string_view url, const absl::Cord& payload) { status.SetPayload(url, payload); });
  return status;
}

// The audit reason of a planned step: the job's reason, with the arrival
// time on the way there and the repair record's summary on completion.
std::string StepReason(const PlannedEvent& step, const DispatchProgress& progress,
                       absl::TimeZone zone) {
  if (step.event == OrderEvent::kDepart && progress.status == OrderStatus::kEnRoute &&
      progress.eta.has_value()) {
    return absl::StrCat(progress.reason, progress.reason.empty() ? "" : "; ", "eta ",
                        FormatBusinessTime(*progress.eta, zone));
  }
  if (step.event == OrderEvent::kComplete && !progress.visit_summary.empty()) {
    return progress.visit_summary;
  }
  return progress.reason;
}

}  // namespace

OrderDeadline OrderService::NewDeadline(DeadlineKind kind, absl::Time start, absl::Time due) const {
  OrderDeadline d;
  d.kind = kind;
  d.due = due;
  d.warn_at = WarnAt(start, due, policy_.deadlines);
  return d;
}

absl::StatusOr<CreateResult> OrderService::Create(const std::string& request_id, NewOrder order,
                                                  const Actor& actor,
                                                  const std::string& request_fingerprint) {
  absl::Time now = clock_.Now();
  std::vector<FieldViolation> violations = CheckNew(request_id, order, actor);
  if (!violations.empty()) return common::InvalidArgumentError(violations);
  TakeAsOwner(order, actor);  // checked just above

  NormalizePhone(order);
  ApplyComplaintClass(order, policy_.complaints);
  RepairOrder o;
  o.request_id = request_id;
  o.request_fingerprint = request_fingerprint;
  o.status = OrderStatus::kReceived;
  o.owner_agent = order.taking_agent;
  o.created_at = now;
  o.updated_at = now;
  o.details = std::move(order);

  OrderDeadline entry = NewDeadline(DeadlineKind::kOrderEntry, o.details.call_ended_at,
                                    EntryDeadline(o.details.call_ended_at, policy_.deadlines));
  entry.met_at = now;
  OrderChanges changes;
  changes.events.push_back(NewEvent(AuditAction::kCreated, o, now, actor, ""));
  if (now > entry.due) {
    // Created, but late: the breach is on the record from the start.
    entry.breached_at = now;
    AuditEvent late = NewEvent(AuditAction::kDeadlineBreached, o, now, actor,
                               absl::StrCat("order entered ", absl::FormatDuration(now - entry.due),
                                            " after the entry deadline"));
    late.changed_fields = {
        std::string(common::ToAbsl(DeadlineKindName(DeadlineKind::kOrderEntry)))};
    changes.events.push_back(late);
  }
  o.deadlines.push_back(entry);
  // Who pays is decided by the warranty service, asked through the outbox in
  // this same transaction: if it is down the order is still taken, pending.
  if (request_warranty_ && o.details.contact_type != ContactType::kConsultation) {
    AskForWarrantyDecision(o, actor, changes);
  }
  absl::TimeZone zone = calendar_.zone();
  absl::StatusOr<CreateResult> result = repository_.Create(
      o, calendar_.BusinessDay(now), std::move(changes),
      [zone](RepairOrder& numbered) { numbered.read_back = ReadBackText(numbered, zone); });
  // A retry returns the first order; another call under a used request_id
  // would silently get an order that is not the one it described.
  if (result.ok() && !result->created && !request_fingerprint.empty() &&
      !result->order.request_fingerprint.empty() &&
      result->order.request_fingerprint != request_fingerprint) {
    return common::InvalidArgumentError(
        {{"request_id",
          absl::StrCat("already used for a different request (repairOrders/",
                       result->order.order_number, "); a new call needs a new request_id")}});
  }
  return result;
}

absl::StatusOr<RepairOrder> OrderService::MutateOrder(const std::string& order_number,
                                                      std::optional<int64_t> version,
                                                      const std::string& on_behalf_of,
                                                      const OrderRepository::ChangeFn& change) {
  return repository_.Mutate(order_number, version, [&](RepairOrder& o, OrderChanges& changes) {
    // Only a service that syncs dispatch looks at the facts before and after.
    std::optional<DispatchFacts> before;
    if (sync_dispatch_) before = DispatchFactsOf(o);
    if (absl::Status s = change(o, changes); !s.ok()) return s;
    if (before.has_value() && !changes.nothing_to_write &&
        OwesDispatchSync(*before, DispatchFactsOf(o))) {
      // Any message id: the sync sends the order's current facts and
      // scheduling keeps the newest version, so extra or late ones are
      // harmless.
      changes.owed.push_back({kSchedulingSyncTopic, common::NewUuid(), on_behalf_of});
    }
    if (report_visits_ && !changes.nothing_to_write && CompletesAVisit(changes)) {
      // One message per visit; the callback service is idempotent by order
      // and visit number, so a redelivery makes no second task.
      changes.owed.push_back(
          {kCallbackVisitCompletedTopic, common::NewUuid(), on_behalf_of, VisitNumberOf(o)});
      // The visit now awaits its callback (callback_outcome.h).
      o.callback_reported_visit = VisitNumberOf(o);
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<int> OrderService::ResyncDispatchQueue() {
  if (!sync_dispatch_) return 0;
  return repository_.OweForStatuses(kSchedulingSyncTopic, DispatchFlowStatuses(),
                                    ServiceMode::kOnSite, clock_.Now());
}

void OrderService::AskForWarrantyDecision(RepairOrder& o, const Actor& actor,
                                          OrderChanges& changes) const {
  // The message id is the request's identity: only the answer to the latest
  // request is recorded (RecordWarrantyDecision).
  std::string request_id = common::NewUuid();
  o.warranty = WarrantyInfo{};
  o.warranty.state = WarrantyState::kPending;
  o.warranty.request_id = request_id;
  changes.owed.push_back({kWarrantyDecideTopic, request_id, actor.principal});
}

std::vector<FieldViolation> OrderService::CheckNew(const std::string& request_id,
                                                   const NewOrder& order,
                                                   const Actor& actor) const {
  std::shared_ptr<const ProductCatalogue> catalogue = CurrentCatalogue();
  NewOrder owned = order;
  std::optional<FieldViolation> not_the_caller = TakeAsOwner(owned, actor);
  std::vector<FieldViolation> violations =
      CheckOrder(owned, policy_, clock_.Now(), calendar_.zone(), catalogue.get());
  if (not_the_caller.has_value()) {
    // Named once: the caller's identity is the rule that failed.
    std::erase_if(violations, [](const FieldViolation& v) { return v.field == "taking_agent"; });
    violations.push_back(*not_the_caller);
  }
  common::Violations id;
  if (request_id.empty()) id.Add("request_id", "required (a UUID per order)");
  CheckTextLength(id, "request_id", request_id);
  violations.insert(violations.begin(), id.list().begin(), id.list().end());
  return violations;
}

absl::Status OrderService::CheckOwnJob(const std::string& order_number, const Actor& actor) {
  if (!actor.OwnJobsOnly()) return absl::OkStatus();
  absl::StatusOr<RepairOrder> order = repository_.Get(order_number);
  if (!order.ok() && order.status().code() != absl::StatusCode::kNotFound) return order.status();
  return orders::CheckOwnJob(actor, order_number, order.ok() ? &*order : nullptr);
}

absl::StatusOr<RepairOrder> OrderService::Get(const std::string& order_number) {
  return repository_.Get(order_number);
}

absl::StatusOr<RepairOrder> OrderService::Get(const std::string& order_number, const Actor& actor) {
  absl::StatusOr<RepairOrder> order = repository_.Get(order_number);
  if (actor.OwnJobsOnly()) {
    if (!order.ok() && order.status().code() != absl::StatusCode::kNotFound) return order.status();
    if (absl::Status s = orders::CheckOwnJob(actor, order_number, order.ok() ? &*order : nullptr);
        !s.ok()) {
      return s;
    }
  }
  return order;
}

absl::StatusOr<OrderPage> OrderService::List(OrderQuery query, const Actor& actor) {
  absl::StatusOr<std::string> technician = TechnicianFilterFor(actor, query.technician_id);
  if (!technician.ok()) return technician.status();
  query.technician_id = *technician;
  query.now = clock_.Now();
  if (!query.phone.empty()) {
    auto phone = ParsePhone(query.phone);
    if (!phone.ok()) {
      return common::InvalidArgumentError({{"phone", std::string(phone.status().message())}});
    }
    query.phone = phone->normalized;
  }
  return repository_.List(query);
}

absl::StatusOr<EventPage> OrderService::ListEvents(const std::string& order_number,
                                                   int64_t after_sequence, int limit) {
  return repository_.ListEvents(order_number, after_sequence, limit);
}

absl::StatusOr<EventPage> OrderService::ListEvents(const std::string& order_number,
                                                   int64_t after_sequence, int limit,
                                                   const Actor& actor) {
  if (absl::Status s = CheckOwnJob(order_number, actor); !s.ok()) return s;
  return repository_.ListEvents(order_number, after_sequence, limit);
}

absl::StatusOr<RepairOrder> OrderService::Update(const std::string& order_number, int64_t version,
                                                 const NewOrder& values,
                                                 const std::vector<std::string>& paths,
                                                 const std::string& reason, const Actor& actor) {
  if (paths.empty()) {
    return common::InvalidArgumentError({{"update_mask", "name at least one field to change"}});
  }
  if (absl::Status s = LengthStatus("reason", reason); !s.ok()) return s;
  absl::Time now = clock_.Now();
  if (absl::Status s = CheckOwnJob(order_number, actor); !s.ok()) return s;
  return MutateOrder(
      order_number, version, actor.principal, [&](RepairOrder& o, OrderChanges& changes) {
        if (absl::Status s = orders::CheckOwnJob(actor, order_number, &o); !s.ok()) return s;
        if (TouchesContact(paths) && !MaySeeContact(actor, o)) {
          return absl::PermissionDeniedError(
              "update_mask: the customer's phone and address are changed only by a caller who may "
              "see them (DOMAIN.md \"Confidentiality\")");
        }
        std::vector<FieldViolation> refused = CheckUpdatable(paths, o.status);
        if (!refused.empty()) return common::InvalidArgumentError(refused);
        NewOrder merged = o.details;
        std::vector<std::string> changed = ApplyUpdatePaths(values, paths, merged);
        // Re-check the rules, reporting only what the update touched: an old
        // appointment window that is now in the past is not this caller's fault.
        // A changed product or claim fact re-checks the whole claim: an invoice
        // added now needs its date and price as it would at intake.
        bool claim_changed = std::any_of(changed.begin(), changed.end(), IsClaimPath);
        std::shared_ptr<const ProductCatalogue> catalogue = CurrentCatalogue();
        std::vector<FieldViolation> violations;
        for (FieldViolation& v :
             CheckOrder(merged, policy_, now, calendar_.zone(), catalogue.get())) {
          if (claim_changed && IsClaimPath(v.field)) {
            violations.push_back(v);
            continue;
          }
          for (const std::string& path : changed) {
            if (v.field == path || v.field.starts_with(path + ".") ||
                path.starts_with(v.field + ".")) {
              violations.push_back(v);
              break;
            }
          }
        }
        if (!violations.empty()) return common::InvalidArgumentError(violations);
        NormalizePhone(merged);
        ApplyComplaintClass(merged, policy_.complaints);
        o.details = std::move(merged);
        o.updated_at = now;
        AuditEvent e = NewEvent(AuditAction::kUpdated, o, now, actor, reason);
        e.changed_fields = changed;
        changes.events.push_back(e);
        // Corrected product or claim facts (purchase date, proof, price, an
        // earlier repair) make the 三包 decision stale: ask again.
        if (claim_changed && o.warranty.state != WarrantyState::kNotRequested) {
          AskForWarrantyDecision(o, actor, changes);
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<RepairOrder> OrderService::Transition(const std::string& order_number,
                                                     std::optional<int64_t> version,
                                                     OrderEvent event,
                                                     const TransitionPayload& payload,
                                                     const Actor& actor) {
  std::vector<FieldViolation> bad = CheckTransitionPayload(event, payload);
  common::Violations lengths;
  CheckTextLength(lengths, "technician_id", payload.technician_id);
  CheckTextLength(lengths, "reason", payload.reason);
  bad.insert(bad.end(), lengths.list().begin(), lengths.list().end());
  absl::Time now = clock_.Now();
  if (event == OrderEvent::kBookAppointment && payload.appointment.has_value() &&
      payload.appointment->end <= now) {
    bad.push_back({"appointment.end_time", "the appointment must not be over already"});
  }
  if (!bad.empty()) return common::InvalidArgumentError(bad);
  if (absl::Status s = CheckOwnJob(order_number, actor); !s.ok()) return s;
  return MutateOrder(
      order_number, version, actor.principal, [&](RepairOrder& o, OrderChanges& changes) {
        if (absl::Status s = orders::CheckOwnJob(actor, order_number, &o); !s.ok()) return s;
        if (sync_dispatch_ && IsRecordedBySchedulingService(event, o.details.service_mode)) {
          return FailedPreconditionOn(
              "event",
              absl::StrCat(common::ToAbsl(EventName(event)),
                           " is recorded by the scheduling service: dispatchers use "
                           "Dispatch (AssignJob, BookAppointment), technicians their app"));
        }
        if (report_visits_ && event == OrderEvent::kClose && AwaitsCallback(o)) {
          return FailedPreconditionOn(
              "event",
              absl::StrCat("close waits for visit ", VisitNumberOf(o),
                           "'s callback (回访): the callback service closes a satisfied order; "
                           "a person may close it once the callback gave up"));
        }
        absl::StatusOr<OrderStatus> next = NextStatus(o.status, event, o.details.service_mode);
        if (!next.ok()) return next.status();  // names the allowed events
        AuditEvent e = NewEvent(AuditAction::kTransitioned, o, now, actor, payload.reason);
        e.event = event;
        e.to_status = *next;
        ApplyEventEffects(event, payload, o);
        o.status = *next;
        // A final order owes nothing more: its open deadlines are closed, never
        // reported at risk or overdue, never breached later.
        if (IsFinal(o.status)) CloseOpenDeadlines(o.deadlines, now);
        o.updated_at = now;
        changes.events.push_back(e);
        return absl::OkStatus();
      });
}

std::vector<OrderEvent> OrderService::EventsForPeople(const RepairOrder& order) const {
  std::vector<OrderEvent> events = AllowedEvents(order.status, order.details.service_mode);
  if (sync_dispatch_) {
    std::erase_if(events, [&](OrderEvent e) {
      return IsRecordedBySchedulingService(e, order.details.service_mode);
    });
  }
  if (report_visits_ && AwaitsCallback(order)) {
    std::erase(events, OrderEvent::kClose);
  }
  return events;
}

absl::StatusOr<RepairOrder> OrderService::RecordCallbackOutcome(const std::string& order_number,
                                                                const CallbackOutcome& outcome,
                                                                const Actor& actor) {
  if (std::vector<FieldViolation> bad = CheckCallbackOutcome(outcome); !bad.empty()) {
    return common::InvalidArgumentError(bad);
  }
  const absl::Time now = clock_.Now();
  return MutateOrder(order_number, std::nullopt, "", [&](RepairOrder& o, OrderChanges& changes) {
    if (!AppliesTo(outcome, o)) {
      changes.nothing_to_write = true;  // acted on already, or the order moved on
      return absl::OkStatus();
    }
    // REOPEN needs a reason; the callback service sends its findings.
    const std::string reason =
        outcome.reason.empty()
            ? absl::StrCat("callback ", common::ToAbsl(CallbackVerdictName(outcome.verdict)))
            : outcome.reason;
    if (outcome.verdict == CallbackVerdict::kUnreachable) {
      o.callback_unreachable_visit = outcome.visit_number;
      changes.events.push_back(NewEvent(AuditAction::kCallbackUnreachable, o, now, actor, reason));
    }
    for (OrderEvent event : EventsFor(outcome.verdict, o.details.service_mode)) {
      absl::StatusOr<OrderStatus> next = NextStatus(o.status, event, o.details.service_mode);
      if (!next.ok()) return next.status();
      AuditEvent e = NewEvent(AuditAction::kTransitioned, o, now, actor, reason);
      e.event = event;
      e.to_status = *next;
      ApplyEventEffects(event, TransitionPayload{.reason = reason}, o);
      o.status = *next;
      if (IsFinal(o.status)) CloseOpenDeadlines(o.deadlines, now);
      changes.events.push_back(e);
    }
    o.updated_at = now;
    return absl::OkStatus();
  });
}

absl::StatusOr<RepairOrder> OrderService::RecordDispatchProgress(const std::string& order_number,
                                                                 const DispatchProgress& progress,
                                                                 const Actor& actor) {
  if (std::vector<FieldViolation> bad = CheckDispatchProgress(progress); !bad.empty()) {
    return common::InvalidArgumentError(bad);
  }
  const absl::Time now = clock_.Now();
  std::optional<OrderStatus> unplanned_from;  // set when no legal path led there
  auto recorded =
      MutateOrder(order_number, std::nullopt, "", [&](RepairOrder& o, OrderChanges& changes) {
        unplanned_from.reset();
        if (progress.dispatch_version <= o.dispatch_version) {
          changes.nothing_to_write = true;  // already applied, or overtaken
          return absl::OkStatus();
        }
        o.dispatch_version = progress.dispatch_version;
        std::optional<std::vector<PlannedEvent>> plan =
            PlanDispatchProgress(DispatchPositionOf(o), progress);
        if (!plan.has_value()) {
          unplanned_from = o.status;
          return absl::OkStatus();
        }
        // What the path's events need that the report left out (a booking
        // without a window), each field once.
        common::Violations missing;
        for (const PlannedEvent& step : *plan) {
          for (const FieldViolation& v : CheckTransitionPayload(step.event, step.payload)) {
            auto same = [&](const FieldViolation& seen) { return seen.field == v.field; };
            if (std::none_of(missing.list().begin(), missing.list().end(), same)) {
              missing.Add(v.field, v.description);
            }
          }
        }
        if (!missing.empty()) return missing.ToStatus();
        for (const PlannedEvent& step : *plan) {
          absl::StatusOr<OrderStatus> next =
              NextStatus(o.status, step.event, o.details.service_mode);
          if (!next.ok()) return next.status();  // the plan uses only legal moves
          AuditEvent e = NewEvent(AuditAction::kTransitioned, o, now, actor,
                                  StepReason(step, progress, calendar_.zone()));
          e.event = step.event;
          e.to_status = *next;
          ApplyEventEffects(step.event, step.payload, o);
          o.status = *next;
          if (step.event == OrderEvent::kComplete) {
            o.visit_summary = progress.visit_summary;
            o.visit_record = progress.visit_record;
            o.technician_outlet = progress.technician_outlet;
          }
          if (IsFinal(o.status)) CloseOpenDeadlines(o.deadlines, now);
          changes.events.push_back(e);
        }
        if (!plan->empty()) o.updated_at = now;
        return absl::OkStatus();
      });
  if (recorded.ok() && unplanned_from.has_value()) {
    // Not an error: scheduling reports every step, and a newer one may
    // apply; retrying this one could never succeed. Order facts only (no
    // phone or address).
    common::LogWarning("dispatch_progress_not_applied",
                       {{"order", order_number},
                        {"order_status", std::string(common::ToAbsl(StatusName(*unplanned_from)))},
                        {"job_status", std::string(common::ToAbsl(StatusName(progress.status)))},
                        {"dispatch_version", absl::StrCat(progress.dispatch_version)},
                        {"why", "no legal path of dispatch events from the order's status"}});
  }
  return recorded;
}

absl::StatusOr<RepairOrder> OrderService::HandOver(const std::string& order_number,
                                                   std::optional<int64_t> version,
                                                   const std::string& to_agent,
                                                   const std::string& reason, const Actor& actor) {
  common::Violations v;
  if (to_agent.find_first_not_of(' ') == std::string::npos)
    v.Add("to_agent", "name the agent taking over");
  if (reason.find_first_not_of(' ') == std::string::npos)
    v.Add("reason", "say why it is handed over");
  CheckTextLength(v, "to_agent", to_agent);
  CheckTextLength(v, "reason", reason);
  if (!v.empty()) return v.ToStatus();
  absl::Time now = clock_.Now();
  if (absl::Status s = CheckOwnJob(order_number, actor); !s.ok()) return s;
  return MutateOrder(
      order_number, version, actor.principal, [&](RepairOrder& o, OrderChanges& changes) {
        if (absl::Status s = orders::CheckOwnJob(actor, order_number, &o); !s.ok()) return s;
        if (IsFinal(o.status)) {
          return absl::FailedPreconditionError(absl::StrCat("repair order ", o.order_number, " is ",
                                                            common::ToAbsl(StatusName(o.status)),
                                                            "; nothing to hand over"));
        }
        if (actor.principal != o.owner_agent && !actor.HasRole(kSupervisorRole)) {
          return absl::PermissionDeniedError(absl::StrCat(
              "only the owner (", o.owner_agent, ") or a supervisor may hand this order over"));
        }
        if (to_agent == o.owner_agent) {
          return common::InvalidArgumentError({{"to_agent", "already owns the order"}});
        }
        AuditEvent e = NewEvent(AuditAction::kHandedOver, o, now, actor,
                                absl::StrCat(o.owner_agent, " -> ", to_agent, ": ", reason));
        o.owner_agent = to_agent;
        o.updated_at = now;
        changes.events.push_back(e);
        return absl::OkStatus();
      });
}

absl::StatusOr<RepairOrder> OrderService::EscalateComplaint(const std::string& order_number,
                                                            std::optional<int64_t> version,
                                                            const std::string& reason,
                                                            const Actor& actor) {
  if (auto s = RequireText(reason, "reason", "say why it is escalated"); !s.ok()) return s;
  absl::Time now = clock_.Now();
  if (absl::Status s = CheckOwnJob(order_number, actor); !s.ok()) return s;
  return MutateOrder(
      order_number, version, actor.principal, [&](RepairOrder& o, OrderChanges& changes) {
        if (absl::Status s = orders::CheckOwnJob(actor, order_number, &o); !s.ok()) return s;
        if (!o.details.complaint.has_value()) {
          return absl::FailedPreconditionError(
              absl::StrCat("repair order ", o.order_number,
                           " is not a complaint; only complaints are escalated"));
        }
        if (IsFinal(o.status)) {
          return absl::FailedPreconditionError(absl::StrCat("repair order ", o.order_number, " is ",
                                                            common::ToAbsl(StatusName(o.status))));
        }
        Complaint& c = *o.details.complaint;
        if (c.escalated_at.has_value()) {
          return absl::FailedPreconditionError(
              absl::StrCat("complaint already escalated at ",
                           FormatBusinessTime(*c.escalated_at, calendar_.zone())));
        }
        c.escalated_at = now;
        c.specialist_contact_due = SpecialistContactDue(now, calendar_, policy_.deadlines);
        PutDeadline(o,
                    NewDeadline(DeadlineKind::kSpecialistContact, now, *c.specialist_contact_due));
        o.updated_at = now;
        std::string note = UncoveredCalendarNote(calendar_, now, *c.specialist_contact_due);
        if (!note.empty()) {
          common::LogWarning("deadline_calendar_uncovered",
                             {{"order", o.order_number}, {"note", note}});
        }
        changes.events.push_back(
            NewEvent(AuditAction::kEscalated, o, now, actor,
                     note.empty() ? reason : absl::StrCat(reason, " [", note, "]")));
        return absl::OkStatus();
      });
}

absl::StatusOr<RepairOrder> OrderService::RecordSpecialistContact(const std::string& order_number,
                                                                  std::optional<int64_t> version,
                                                                  const std::string& specialist,
                                                                  const std::string& note,
                                                                  const Actor& actor) {
  if (auto s = RequireText(specialist, "specialist", "name the specialist"); !s.ok()) return s;
  if (auto s = LengthStatus("note", note); !s.ok()) return s;
  absl::Time now = clock_.Now();
  if (absl::Status s = CheckOwnJob(order_number, actor); !s.ok()) return s;
  return MutateOrder(
      order_number, version, actor.principal, [&](RepairOrder& o, OrderChanges& changes) {
        if (absl::Status s = orders::CheckOwnJob(actor, order_number, &o); !s.ok()) return s;
        if (!o.details.complaint.has_value() || !o.details.complaint->escalated_at.has_value()) {
          return absl::FailedPreconditionError("the complaint has not been escalated");
        }
        Complaint& c = *o.details.complaint;
        if (c.specialist_contacted_at.has_value()) {
          return absl::FailedPreconditionError("the specialist contact is already recorded");
        }
        c.specialist_contacted_at = now;
        o.specialist = specialist;
        if (OrderDeadline* d = FindDeadline(o, DeadlineKind::kSpecialistContact)) d->met_at = now;
        o.updated_at = now;
        changes.events.push_back(NewEvent(AuditAction::kSpecialistContacted, o, now, actor,
                                          absl::StrCat(specialist, ": ", note)));
        return absl::OkStatus();
      });
}

absl::StatusOr<RepairOrder> OrderService::PromiseFollowUp(const std::string& order_number,
                                                          std::optional<int64_t> version,
                                                          std::optional<absl::Time> due,
                                                          const std::string& note,
                                                          const Actor& actor) {
  if (auto s = RequireText(note, "note", "say what was promised"); !s.ok()) return s;
  absl::Time now = clock_.Now();
  absl::Time due_at = due.value_or(FollowUpDue(now, policy_.deadlines));
  if (due_at <= now) {
    return common::InvalidArgumentError({{"due_time", "must be in the future"}});
  }
  if (absl::Status s = CheckOwnJob(order_number, actor); !s.ok()) return s;
  return MutateOrder(
      order_number, version, actor.principal, [&](RepairOrder& o, OrderChanges& changes) {
        if (absl::Status s = orders::CheckOwnJob(actor, order_number, &o); !s.ok()) return s;
        if (IsFinal(o.status)) {
          return absl::FailedPreconditionError(absl::StrCat("repair order ", o.order_number, " is ",
                                                            common::ToAbsl(StatusName(o.status))));
        }
        // A new promise replaces an open one; the trail keeps both.
        o.follow_up_due = due_at;
        o.follow_up_note = note;
        o.follow_up_done_at.reset();
        PutDeadline(o, NewDeadline(DeadlineKind::kFollowUp, now, due_at));
        o.updated_at = now;
        changes.events.push_back(NewEvent(
            AuditAction::kFollowUpPromised, o, now, actor,
            absl::StrCat("due ", FormatBusinessTime(due_at, calendar_.zone()), ": ", note)));
        return absl::OkStatus();
      });
}

absl::StatusOr<RepairOrder> OrderService::CompleteFollowUp(const std::string& order_number,
                                                           std::optional<int64_t> version,
                                                           const std::string& note,
                                                           const Actor& actor) {
  if (auto s = LengthStatus("note", note); !s.ok()) return s;
  absl::Time now = clock_.Now();
  if (absl::Status s = CheckOwnJob(order_number, actor); !s.ok()) return s;
  return MutateOrder(
      order_number, version, actor.principal, [&](RepairOrder& o, OrderChanges& changes) {
        if (absl::Status s = orders::CheckOwnJob(actor, order_number, &o); !s.ok()) return s;
        if (!o.follow_up_due.has_value() || o.follow_up_done_at.has_value()) {
          return absl::FailedPreconditionError("there is no open follow-up on this order");
        }
        o.follow_up_done_at = now;
        if (OrderDeadline* d = FindDeadline(o, DeadlineKind::kFollowUp)) d->met_at = now;
        o.updated_at = now;
        changes.events.push_back(NewEvent(AuditAction::kFollowUpDone, o, now, actor, note));
        return absl::OkStatus();
      });
}

absl::StatusOr<RepairOrder> OrderService::RecordWarrantyDecision(const std::string& order_number,
                                                                 const std::string& request_id,
                                                                 const WarrantyInfo& info) {
  absl::Time now = clock_.Now();
  const Actor warranty_service{.principal = "warranty-service", .roles = {"service"}};
  return MutateOrder(order_number, std::nullopt, "", [&](RepairOrder& o, OrderChanges& changes) {
    // An answer to a request that was superseded (the product facts changed
    // since), or one already recorded, changes nothing.
    if (o.warranty.request_id != request_id || o.warranty.state != WarrantyState::kPending) {
      changes.nothing_to_write = true;
      return absl::OkStatus();
    }
    o.warranty = info;
    o.warranty.request_id = request_id;
    o.warranty.decided_at = now;
    o.updated_at = now;
    changes.events.push_back(NewEvent(AuditAction::kWarrantyDecided, o, now, warranty_service,
                                      info.state == WarrantyState::kDecided
                                          ? absl::StrCat(info.summary, " (", info.decision, ")")
                                          : absl::StrCat("needs information: ", info.problem)));
    return absl::OkStatus();
  });
}

absl::StatusOr<SweepReport> OrderService::SweepDeadlines(int batch_size) {
  const absl::Time now = clock_.Now();
  SweepReport report;
  std::optional<DueDeadline> after;
  while (true) {
    auto due = repository_.DeadlinesToSweep(now, after, batch_size);
    if (!due.ok()) return due.status();
    for (const DueDeadline& item : *due) {
      absl::StatusOr<int> recorded = SweepOne(item, now);
      if (recorded.ok()) {
        report.recorded += *recorded;
      } else {
        report.failed.push_back({item.order_number, recorded.status()});
      }
    }
    // The next page starts after the last row read, whether it was swept or
    // not: a failing order stays due but is not picked again in this pass.
    if (static_cast<int>(due->size()) < batch_size) break;
    after = due->back();
  }
  return report;
}

absl::StatusOr<int> OrderService::SweepOne(const DueDeadline& item, absl::Time now) {
  if (!item.kind.has_value()) {
    return absl::DataLossError(
        absl::StrCat("deadline of unknown kind '", item.kind_name, "'; not swept"));
  }
  const Actor system{.principal = "system", .roles = {"service"}};
  const absl::TimeZone zone = calendar_.zone();
  int recorded = 0;
  auto changed =
      MutateOrder(item.order_number, std::nullopt, "", [&](RepairOrder& o, OrderChanges& changes) {
        recorded = 0;
        changes.nothing_to_write = true;  // until something is recorded below
        // Nothing is owed on a final order (it may have become final since
        // the deadline was read).
        if (IsFinal(o.status)) return absl::OkStatus();
        OrderDeadline* d = FindDeadline(o, *item.kind);
        if (d == nullptr || d->met_at.has_value() || d->closed_at.has_value()) {
          return absl::OkStatus();
        }
        std::string kind(common::ToAbsl(DeadlineKindName(d->kind)));
        auto record = [&](AuditAction action, std::string reason) {
          AuditEvent e = NewEvent(action, o, now, system, std::move(reason));
          e.changed_fields = {kind};
          changes.events.push_back(e);
          changes.nothing_to_write = false;
          ++recorded;
        };
        if (now > d->due && !d->breached_at.has_value()) {
          d->breached_at = now;
          d->warned_at = d->warned_at.value_or(now);
          record(AuditAction::kDeadlineBreached,
                 absl::StrCat(kind, " was due ", FormatBusinessTime(d->due, zone), "; owner ",
                              o.owner_agent));
        } else if (now > d->warn_at && !d->warned_at.has_value()) {
          // The reminder to the owner before the deadline passes.
          d->warned_at = now;
          record(AuditAction::kDeadlineWarning,
                 absl::StrCat(kind, " due ", FormatBusinessTime(d->due, zone), "; reminder to ",
                              o.owner_agent));
        }
        return absl::OkStatus();
      });
  if (!changed.ok()) return changed.status();
  return recorded;
}

bool OrderService::InsurerOnSite(const RepairOrder& order) const {
  return order.details.complaint.has_value() &&
         orders::InsurerOnSite(*order.details.complaint, policy_.complaints);
}

}  // namespace fieldservice::orders
