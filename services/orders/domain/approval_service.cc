#include "services/orders/domain/approval_service.h"

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/policy_text.h"
#include "services/orders/domain/state_machine.h"
#include "services/orders/domain/text_limits.h"

namespace fieldservice::orders {
namespace {

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

AuditEvent ApprovalEvent(const RepairOrder* order, absl::Time at, const Actor& actor,
                         std::string reason) {
  AuditEvent e;
  e.at = at;
  e.actor = actor.AuditName();
  e.action = AuditAction::kApproval;
  if (order != nullptr) e.from_status = e.to_status = order->status;
  e.reason = std::move(reason);
  return e;
}

// Complaint handling and batch accidents only make sense on complaints.
bool KindNeedsComplaint(ApprovalKind kind) {
  return kind == ApprovalKind::kComplaintResolution || kind == ApprovalKind::kBatchAccident;
}

}  // namespace

absl::StatusOr<ApprovalCreateResult> ApprovalService::Propose(const std::string& order_number,
                                                              const std::string& request_id,
                                                              std::optional<ApprovalKind> kind,
                                                              const std::string& proposal,
                                                              int64_t amount_fen,
                                                              const Actor& actor) {
  common::Violations v;
  if (request_id.empty()) v.Add("request_id", "required (a UUID per approval)");
  CheckTextLength(v, "request_id", request_id);
  if (!kind.has_value()) {
    v.Add("approval.kind",
          "required: COMPLAINT_RESOLUTION, EXCHANGE, RETURN, COMPENSATION or "
          "BATCH_ACCIDENT_HANDLING");
  }
  if (Blank(proposal)) v.Add("approval.proposal", "required: what is proposed and why");
  CheckTextLength(v, "approval.proposal", proposal);
  if (amount_fen < 0) v.Add("approval.amount.amount_fen", "must not be negative");
  if (!v.empty()) return v.ToStatus();

  absl::Time now = clock_.Now();
  ApprovalRecord record;
  record.order_number = order_number;
  record.request_id = request_id;
  record.proposal = proposal;
  record.amount_fen = amount_fen;
  record.created_at = now;
  auto proposed = ApplyDecision(NewApprovalRequest(*kind, chains_), actor.roles, actor.principal,
                                Decision::kApprove, proposal, now);
  if (!proposed.ok()) return proposed.status();
  record.request = *std::move(proposed);
  AuditEvent event = ApprovalEvent(
      nullptr, now, actor, absl::StrCat(common::ToAbsl(ApprovalKindName(*kind)), " proposed"));
  absl::StatusOr<ApprovalCreateResult> result = repository_.Create(
      record, event, [&](const RepairOrder& order, ApprovalRecord& fresh) -> absl::Status {
        if (KindNeedsComplaint(*kind) && !order.details.complaint.has_value()) {
          return absl::FailedPreconditionError(absl::StrCat(common::ToAbsl(ApprovalKindName(*kind)),
                                                            " applies to complaint orders only"));
        }
        if (order.status == OrderStatus::kCancelled) {
          return absl::FailedPreconditionError("the order is cancelled");
        }
        return CheckAgainstWarranty(*kind, order.warranty, fresh.amount_fen);
      });
  // A retry gets the first approval; another proposal reusing the id is
  // refused rather than answered with an approval it did not ask for. (An
  // amount of 0 took the decision's, so it matches any stored amount.)
  if (result.ok() && !result->created) {
    const ApprovalRecord& first = result->approval;
    if (first.order_number != order_number || first.request.kind != *kind ||
        first.proposal != proposal || (amount_fen != 0 && amount_fen != first.amount_fen)) {
      return common::InvalidArgumentError(
          {{"request_id",
            "already used for a different approval; a new proposal needs a new "
            "request_id"}});
    }
  }
  return result;
}

absl::StatusOr<ApprovalRecord> ApprovalService::Get(const std::string& order_number, int64_t id) {
  return repository_.Get(order_number, id);
}

absl::StatusOr<std::vector<ApprovalRecord>> ApprovalService::List(const std::string& order_number) {
  return repository_.List(order_number);
}

absl::StatusOr<ApprovalRecord> ApprovalService::Decide(const std::string& order_number, int64_t id,
                                                       std::optional<Decision> decision,
                                                       const std::string& comment,
                                                       const Actor& actor) {
  common::Violations v;
  if (!decision.has_value()) v.Add("decision", "required: APPROVE or REJECT");
  CheckTextLength(v, "comment", comment);
  if (!v.empty()) return v.ToStatus();
  absl::Time now = clock_.Now();
  return repository_.Mutate(
      order_number, id, [&](ApprovalRecord& r, std::vector<AuditEvent>& events) {
        auto decided =
            ApplyDecision(r.request, actor.roles, actor.principal, *decision, comment, now);
        if (!decided.ok()) return decided.status();
        const ApprovalStepRecord& signed_step = decided->steps.back();
        std::string step = signed_step.action;
        std::string role = signed_step.role;  // the one of the caller's roles it needed
        r.request = *std::move(decided);
        events.push_back(ApprovalEvent(
            nullptr, now, actor,
            absl::StrCat(common::ToAbsl(ApprovalKindName(r.request.kind)), " #", r.id, " ", step,
                         " by ", role, ": ", common::ToAbsl(DecisionName(*decision)),
                         comment.empty() ? "" : " - ", comment)));
        return absl::OkStatus();
      });
}

absl::StatusOr<ApprovalRecord> ApprovalService::RecordPayment(const std::string& order_number,
                                                              int64_t id,
                                                              const std::string& receipt_reference,
                                                              int64_t amount_fen,
                                                              const Actor& actor) {
  common::Violations v;
  if (Blank(receipt_reference)) v.Add("receipt_reference", "required: the customer's receipt");
  CheckTextLength(v, "receipt_reference", receipt_reference);
  if (amount_fen < 0) v.Add("amount.amount_fen", "must not be negative");
  if (!v.empty()) return v.ToStatus();
  absl::Time now = clock_.Now();
  return repository_.Mutate(
      order_number, id, [&](ApprovalRecord& r, std::vector<AuditEvent>& events) {
        auto paid = RecordReceipt(r.request, receipt_reference, actor.principal, now);
        if (!paid.ok()) return paid.status();
        if (amount_fen != r.amount_fen) {
          return common::InvalidArgumentError(
              {{"amount.amount_fen",
                absl::StrCat("must equal the approved amount, ", r.amount_fen, " fen")}});
        }
        r.request = *std::move(paid);
        r.paid_amount_fen = amount_fen;
        events.push_back(
            ApprovalEvent(nullptr, now, actor,
                          absl::StrCat(common::ToAbsl(ApprovalKindName(r.request.kind)), " #", r.id,
                                       " paid ", amount_fen, " fen, receipt ", receipt_reference)));
        return absl::OkStatus();
      });
}

}  // namespace fieldservice::orders
