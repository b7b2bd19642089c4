// Approval chains (DOMAIN.md "Approvals", [002 第十条]) as data: who must sign,
// in which order, before a complaint resolution, an exchange or return, a
// compensation or a batch-accident handling takes effect. The chains are
// parsed from policy text (data/orders/approval_chains.txt, documented in
// data/orders/APPROVALS.md) because organisations rename and reorder roles.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_APPROVALS_H_
#define FIELDSERVICE_ORDERS_DOMAIN_APPROVALS_H_

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

enum class ApprovalKind {
  kComplaintResolution,  // 用户投诉处理
  kExchange,             // 用户单台退换机: exchange
  kReturn,               // 用户单台退换机: return (refund)
  kCompensation,         // money or goods paid to the customer
  kBatchAccident,        // 批量事故处理
};

enum class Decision { kApprove, kReject };
enum class ApprovalState { kPending, kApproved, kRejected };

// Stable snake_case names, stored in the database: never rename.
std::string_view ApprovalKindName(ApprovalKind kind);
std::optional<ApprovalKind> ParseApprovalKind(std::string_view name);
std::span<const ApprovalKind> AllApprovalKinds();
std::string_view DecisionName(Decision decision);
std::optional<Decision> ParseDecision(std::string_view name);
std::string_view ApprovalStateName(ApprovalState state);
std::optional<ApprovalState> ParseApprovalState(std::string_view name);

// One step of a chain: the role that signs and what its signature means
// ("reviewed", "approved").
struct ChainStep {
  std::string role;
  std::string action;
  bool operator==(const ChainStep&) const = default;
};

using ApprovalChain = std::vector<ChainStep>;
using ApprovalChains = std::map<ApprovalKind, ApprovalChain>;

// One line per kind, every kind exactly once:
//   exchange = agent:proposed, service_centre:approved
// Roles and actions are snake_case; a chain has at least two steps (a
// proposal and a decision), so nobody approves their own proposal. `#`
// starts a comment. Errors name the line.
absl::StatusOr<ApprovalChains> ParseApprovalChains(std::string_view text);

struct ApprovalStepRecord {
  std::string role;
  std::string action;
  std::string actor;
  absl::Time at;
  Decision decision = Decision::kApprove;
  std::string comment;
};

struct ApprovalRequest {
  ApprovalKind kind = ApprovalKind::kComplaintResolution;
  // The chain as it was when the request was opened: a policy change must not
  // reroute requests already half signed.
  ApprovalChain chain;
  std::vector<ApprovalStepRecord> steps;  // decided so far, in order
  ApprovalState state = ApprovalState::kPending;
  // The customer's receipt (签收) for the money or goods handed over, recorded
  // after approval: every payment to a customer carries one.
  std::string receipt_reference;
  std::string receipt_recorded_by;
  std::optional<absl::Time> receipt_recorded_at;
};

// A pending request with no step done; the first step is the proposal.
// Chains from ParseApprovalChains hold every kind; for a kind missing from a
// hand-built map the chain is empty and every decision is refused.
ApprovalRequest NewApprovalRequest(ApprovalKind kind, const ApprovalChains& chains);

// The step waiting for a decision, or nullopt when the request is finished.
std::optional<ChainStep> NextStep(const ApprovalRequest& request);

// Records `actor`'s decision on the next step, signed with the one of their
// verified `roles` that the step needs. Refused: a finished request
// (FAILED_PRECONDITION); none of `roles` is the next step's (PERMISSION_DENIED
// naming the expected role); an actor (principal) who already signed an
// earlier step of this request, whatever role they sign with now
// (PERMISSION_DENIED: a chain exists so that different people check); a
// blank actor, or a rejection without a comment (INVALID_ARGUMENT). A
// rejection at any step ends the request rejected; approval of the last step
// ends it approved.
absl::StatusOr<ApprovalRequest> ApplyDecision(ApprovalRequest request,
                                              const std::vector<std::string>& roles,
                                              std::string_view actor, Decision decision,
                                              std::string_view comment, absl::Time now);

// An exchange or a return follows the order's 三包 decision (DOMAIN.md
// "Warranty: 三包"): the decision must be made and must offer that remedy
// (FAILED_PRECONDITION naming what it offers); a return pays exactly the
// decision's refund (an `amount_fen` of 0 takes it; another amount is
// INVALID_ARGUMENT on approval.amount naming the allowed one); an exchange
// hands over a unit, not money. Other kinds pass unchanged.
absl::Status CheckAgainstWarranty(ApprovalKind kind, const WarrantyInfo& warranty,
                                  int64_t& amount_fen);

// Kinds that always hand money or goods to the customer, so an approved
// request is not settled until its receipt is recorded.
bool NeedsReceipt(ApprovalKind kind);

// Records the customer's receipt reference on an approved request, once: it
// is evidence, so it is never overwritten (FAILED_PRECONDITION when not
// approved or already recorded; INVALID_ARGUMENT when blank).
absl::StatusOr<ApprovalRequest> RecordReceipt(ApprovalRequest request,
                                              std::string_view receipt_reference,
                                              std::string_view actor, absl::Time now);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_APPROVALS_H_
