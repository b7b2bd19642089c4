#include "services/orders/api/approval_mapping.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/orders/api/proto_mapping.h"

namespace fieldservice::orders::api {

std::optional<ApprovalKind> FromProto(v1::ApprovalKind kind) {
  switch (kind) {
    case v1::COMPLAINT_RESOLUTION:
      return ApprovalKind::kComplaintResolution;
    case v1::EXCHANGE:
      return ApprovalKind::kExchange;
    case v1::RETURN:
      return ApprovalKind::kReturn;
    case v1::COMPENSATION:
      return ApprovalKind::kCompensation;
    case v1::BATCH_ACCIDENT_HANDLING:
      return ApprovalKind::kBatchAccident;
    default:
      return std::nullopt;
  }
}

std::optional<Decision> FromProto(v1::Decision decision) {
  switch (decision) {
    case v1::APPROVE:
      return Decision::kApprove;
    case v1::REJECT:
      return Decision::kReject;
    default:
      return std::nullopt;
  }
}

namespace {

v1::ApprovalKind KindToProto(ApprovalKind kind) {
  switch (kind) {
    case ApprovalKind::kComplaintResolution:
      return v1::COMPLAINT_RESOLUTION;
    case ApprovalKind::kExchange:
      return v1::EXCHANGE;
    case ApprovalKind::kReturn:
      return v1::RETURN;
    case ApprovalKind::kCompensation:
      return v1::COMPENSATION;
    case ApprovalKind::kBatchAccident:
      return v1::BATCH_ACCIDENT_HANDLING;
  }
  return v1::APPROVAL_KIND_UNSPECIFIED;
}

v1::ApprovalState StateToProto(ApprovalState state) {
  switch (state) {
    case ApprovalState::kPending:
      return v1::PENDING;
    case ApprovalState::kApproved:
      return v1::APPROVED;
    case ApprovalState::kRejected:
      return v1::REJECTED;
  }
  return v1::APPROVAL_STATE_UNSPECIFIED;
}

}  // namespace

void ToProto(const ApprovalRecord& r, v1::Approval* out) {
  out->set_name(absl::StrCat("repairOrders/", r.order_number, "/approvals/", r.id));
  out->set_kind(KindToProto(r.request.kind));
  out->set_proposal(r.proposal);
  out->mutable_amount()->set_amount_fen(r.amount_fen);
  out->set_state(StateToProto(r.request.state));
  if (auto next = NextStep(r.request)) out->set_next_role(next->role);
  for (const ApprovalStepRecord& s : r.request.steps) {
    auto* step = out->add_steps();
    step->set_step(s.action);
    step->set_role(s.role);
    step->set_actor(s.actor);
    step->set_decision(s.decision == Decision::kApprove ? v1::APPROVE : v1::REJECT);
    step->set_comment(s.comment);
    SetTimestamp(s.at, step->mutable_time());
  }
  out->set_payment_receipt_reference(r.request.receipt_reference);
  if (r.request.receipt_recorded_at) {
    SetTimestamp(*r.request.receipt_recorded_at, out->mutable_payment_time());
  }
  SetTimestamp(r.created_at, out->mutable_create_time());
}

std::optional<std::pair<std::string, int64_t>> ParseApprovalName(
    const std::string& name, const std::string& field,
    std::vector<common::FieldViolation>& violations) {
  size_t slash = name.find("/approvals/");
  int64_t id = 0;
  if (slash == std::string::npos ||
      !absl::SimpleAtoi(name.substr(slash + std::string("/approvals/").size()), &id) || id < 1) {
    violations.push_back({field, "must be repairOrders/{order_number}/approvals/{approval_id}"});
    return std::nullopt;
  }
  auto order = ParseOrderName(name.substr(0, slash), field, violations);
  if (!order.has_value()) return std::nullopt;
  return std::make_pair(*order, id);
}

}  // namespace fieldservice::orders::api
