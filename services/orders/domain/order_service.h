// The orders use cases: each checks the rules (pure functions of this
// folder), then changes the order through the repository in one transaction
// with its audit events. No gRPC or SQL here; the handlers in api/ map
// protos, this maps rules.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_ORDER_SERVICE_H_
#define FIELDSERVICE_ORDERS_DOMAIN_ORDER_SERVICE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/calendar.h"
#include "services/common/clock.h"
#include "services/common/errors.h"
#include "services/orders/domain/actor.h"
#include "services/orders/domain/callback_outcome.h"
#include "services/orders/domain/deadlines.h"
#include "services/orders/domain/dispatch_progress.h"
#include "services/orders/domain/order_repository.h"
#include "services/orders/domain/orders_policy.h"
#include "services/orders/domain/product_catalogue.h"
#include "services/orders/domain/state_machine.h"

namespace fieldservice::orders {

// The outbox topic that asks the warranty service for a 三包 decision; the
// payload is the order number.
inline constexpr char kWarrantyDecideTopic[] = "warranty.decide";

// One order the sweeper could not change (a corrupt row, a lock timeout):
// reported and skipped so the rest of the pass goes on.
struct SweepFailure {
  std::string order_number;
  absl::Status status;
};

// What one sweep pass did.
struct SweepReport {
  int recorded = 0;  // reminders and breaches recorded
  std::vector<SweepFailure> failed;
};

class OrderService {
 public:
  // `request_warranty`: new repair and complaint orders ask the warranty
  // service for a decision (off when no warranty service is configured).
  // `catalogue` (may be null): the warranty catalogue's categories and parts
  // that intake checks product.category and the claim's parts against.
  // `sync_dispatch`: an on-site order entering, changing in or leaving the
  // dispatch queue owes the scheduling service a sync (dispatch_sync.h; off
  // when no scheduling service is configured).
  // `report_visits`: each completed visit owes the callback service a
  // report (visit_report.h; off when no callback service is configured).
  OrderService(OrderRepository& repository, const common::Clock& clock,
               const common::WorkingCalendar& calendar, OrdersPolicy policy,
               bool request_warranty = true, const ProductCatalogueSource* catalogue = nullptr,
               bool sync_dispatch = false, bool report_visits = false)
      : repository_(repository),
        clock_(clock),
        calendar_(calendar),
        policy_(std::move(policy)),
        request_warranty_(request_warranty),
        catalogue_(catalogue),
        sync_dispatch_(sync_dispatch),
        report_visits_(report_visits) {}

  // Owes scheduling a sync of every on-site order in the dispatch flow (at
  // start-up: scheduling may have been added, or lost its jobs; the syncs
  // are idempotent there). 0 when dispatch is not synced.
  absl::StatusOr<int> ResyncDispatchQueue();

  // The owner is the calling agent (TakeAsOwner, 首问负责制).
  // Checks every intake rule (all violations at once), classifies a
  // complaint, sets the entry deadline (a late entry is recorded as a breach),
  // stores the order with its CREATED event; same request_id, same order.
  // `request_fingerprint` identifies the request's content: the same
  // request_id with another fingerprint is refused (INVALID_ARGUMENT on
  // request_id); empty skips that check.
  absl::StatusOr<CreateResult> Create(const std::string& request_id, NewOrder order,
                                      const Actor& actor,
                                      const std::string& request_fingerprint = "");
  // Create's checks alone, writing nothing: every violation, paths relative
  // to the RepairOrder (plus "request_id").
  // `actor` is the calling agent, the new order's owner (TakeAsOwner).
  std::vector<common::FieldViolation> CheckNew(const std::string& request_id, const NewOrder& order,
                                               const Actor& actor) const;

  // For an OwnJobsOnly actor an order not assigned to them, and one that
  // does not exist, are both PERMISSION_DENIED (AIP-211: they cannot learn
  // whether it exists). The same holds for every use case below that names
  // an order.
  absl::StatusOr<RepairOrder> Get(const std::string& order_number, const Actor& actor);
  // AIP-211 for OwnJobsOnly actors: PERMISSION_DENIED unless the order
  // exists and is assigned to them; OK for everyone else without a read.
  // The use cases here check it themselves; the approvals' handlers call it
  // for the order an approval belongs to.
  absl::Status CheckOwnJob(const std::string& order_number, const Actor& actor);
  // The service's own reads (the warranty requester, tests): no caller rules.
  absl::StatusOr<RepairOrder> Get(const std::string& order_number);
  // An OwnJobsOnly actor lists only their own: the technician filter is
  // theirs (another technician's is PERMISSION_DENIED).
  absl::StatusOr<OrderPage> List(OrderQuery query, const Actor& actor);
  absl::StatusOr<EventPage> ListEvents(const std::string& order_number, int64_t after_sequence,
                                       int limit, const Actor& actor);
  absl::StatusOr<EventPage> ListEvents(const std::string& order_number, int64_t after_sequence,
                                       int limit);

  // Copies the masked fields from `values`, if the status allows each, and
  // re-checks the intake rules for them.
  absl::StatusOr<RepairOrder> Update(const std::string& order_number, int64_t version,
                                     const NewOrder& values, const std::vector<std::string>& paths,
                                     const std::string& reason, const Actor& actor);

  // With dispatch synced, the dispatch steps of an on-site order
  // (IsRecordedBySchedulingService) are refused: FAILED_PRECONDITION on
  // `event`; the scheduling service records them (RecordDispatchProgress).
  // With visits reported, CLOSE of an order awaiting its callback
  // (AwaitsCallback) is refused the same way: the callback closes it.
  absl::StatusOr<RepairOrder> Transition(const std::string& order_number,
                                         std::optional<int64_t> version, OrderEvent event,
                                         const TransitionPayload& payload, const Actor& actor);
  // The events a person may send for `order` now: the legal ones, less
  // those the scheduling service records when dispatch is synced, and less
  // CLOSE while the order awaits its callback.
  std::vector<OrderEvent> EventsForPeople(const RepairOrder& order) const;

  // Brings the order to where its job stands in the scheduling service
  // (`actor`: that service) through the lifecycle's own events, each an
  // audit event carrying the reason (PlanDispatchProgress), in one
  // transaction. A report whose dispatch_version is not newer than the
  // order's changes nothing (a redelivered or late message acts once). With
  // no legal path (cancelled, closed, ...) only the version is stored and a
  // warning logged: OK, so the sender does not retry a report that can never
  // apply. INVALID_ARGUMENT for a malformed report, naming each field.
  absl::StatusOr<RepairOrder> RecordDispatchProgress(const std::string& order_number,
                                                     const DispatchProgress& progress,
                                                     const Actor& actor);

  // Carries out a visit's callback outcome (`actor`: the callback service;
  // callback_outcome.h) in one transaction, each event in the audit trail:
  // CLOSE; REOPEN and back into the flow; or the unreachable flag. A report
  // that does not apply to the order as it stands (AppliesTo) changes
  // nothing and is OK, so a redelivered or overtaken message acts once.
  // INVALID_ARGUMENT naming each bad field.
  absl::StatusOr<RepairOrder> RecordCallbackOutcome(const std::string& order_number,
                                                    const CallbackOutcome& outcome,
                                                    const Actor& actor);

  // 首问负责制: only the owner (or a supervisor) hands over, by name.
  absl::StatusOr<RepairOrder> HandOver(const std::string& order_number,
                                       std::optional<int64_t> version, const std::string& to_agent,
                                       const std::string& reason, const Actor& actor);
  absl::StatusOr<RepairOrder> EscalateComplaint(const std::string& order_number,
                                                std::optional<int64_t> version,
                                                const std::string& reason, const Actor& actor);
  absl::StatusOr<RepairOrder> RecordSpecialistContact(const std::string& order_number,
                                                      std::optional<int64_t> version,
                                                      const std::string& specialist,
                                                      const std::string& note, const Actor& actor);
  // `due` unset: the policy default from now.
  absl::StatusOr<RepairOrder> PromiseFollowUp(const std::string& order_number,
                                              std::optional<int64_t> version,
                                              std::optional<absl::Time> due,
                                              const std::string& note, const Actor& actor);
  absl::StatusOr<RepairOrder> CompleteFollowUp(const std::string& order_number,
                                               std::optional<int64_t> version,
                                               const std::string& note, const Actor& actor);

  // Records the warranty service's answer to request `request_id` (the
  // outbox message id): the decision (kDecided) or why it could not decide
  // (kNeedsInformation). Only the answer to the order's latest request counts;
  // a repeated or superseded answer changes nothing, so redelivered and
  // late messages are harmless.
  absl::StatusOr<RepairOrder> RecordWarrantyDecision(const std::string& order_number,
                                                     const std::string& request_id,
                                                     const WarrantyInfo& info);

  // One pass over the deadlines due for the sweeper at the clock's now,
  // `batch_size` at a time: records a reminder for each deadline that entered
  // its warning margin and a breach for each that passed unmet. Final orders
  // get neither (their deadlines closed when they became final). An order whose
  // change fails is reported in `failed` and skipped; the pass goes on past
  // it and ends, so a failing order is retried once per pass, never in a
  // loop. An error only when the due deadlines cannot be read at all.
  absl::StatusOr<SweepReport> SweepDeadlines(int batch_size);

  // The complaint's derived facts, for display.
  bool InsurerOnSite(const RepairOrder& order) const;
  DeadlineState StateOf(const OrderDeadline& d) const { return orders::StateOf(d, clock_.Now()); }
  const common::Clock& clock() const { return clock_; }
  const OrdersPolicy& policy() const { return policy_; }

 private:
  OrderDeadline NewDeadline(DeadlineKind kind, absl::Time start, absl::Time due) const;
  std::shared_ptr<const ProductCatalogue> CurrentCatalogue() const {
    return catalogue_ != nullptr ? catalogue_->Current() : nullptr;
  }
  // Records what is due on one deadline; how many events it recorded.
  absl::StatusOr<int> SweepOne(const DueDeadline& item, absl::Time now);
  // Marks the order's 三包 decision pending and owes a new request.
  void AskForWarrantyDecision(RepairOrder& order, const Actor& actor, OrderChanges& changes) const;
  // Every change of an order goes through here: repository_.Mutate, plus the
  // scheduling sync and the callback report the change owes (`on_behalf_of`:
  // the person, or empty).
  absl::StatusOr<RepairOrder> MutateOrder(const std::string& order_number,
                                          std::optional<int64_t> version,
                                          const std::string& on_behalf_of,
                                          const OrderRepository::ChangeFn& change);

  OrderRepository& repository_;
  const common::Clock& clock_;
  const common::WorkingCalendar& calendar_;
  OrdersPolicy policy_;
  bool request_warranty_;
  const ProductCatalogueSource* catalogue_;
  bool sync_dispatch_;
  bool report_visits_;
};

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_ORDER_SERVICE_H_
