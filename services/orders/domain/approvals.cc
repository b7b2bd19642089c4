#include "services/orders/domain/approvals.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/enum_names.h"
#include "services/common/errors.h"
#include "services/common/policy_text.h"
#include "services/orders/domain/names.h"

namespace fieldservice::orders {
namespace {

constexpr common::EnumName<ApprovalKind> kKindNames[] = {
    {ApprovalKind::kComplaintResolution, "complaint_resolution"},
    {ApprovalKind::kExchange, "exchange"},
    {ApprovalKind::kReturn, "return"},
    {ApprovalKind::kCompensation, "compensation"},
    {ApprovalKind::kBatchAccident, "batch_accident"},
};

constexpr common::EnumName<Decision> kDecisionNames[] = {{Decision::kApprove, "approve"},
                                                         {Decision::kReject, "reject"}};

constexpr common::EnumName<ApprovalState> kStateNames[] = {{ApprovalState::kPending, "pending"},
                                                           {ApprovalState::kApproved, "approved"},
                                                           {ApprovalState::kRejected, "rejected"}};

constexpr ApprovalKind kAllKinds[] = {ApprovalKind::kComplaintResolution, ApprovalKind::kExchange,
                                      ApprovalKind::kReturn, ApprovalKind::kCompensation,
                                      ApprovalKind::kBatchAccident};

bool IsSnakeCase(std::string_view s) {
  if (s.empty() || !absl::ascii_islower(static_cast<unsigned char>(s[0]))) {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return absl::ascii_islower(static_cast<unsigned char>(c)) ||
           absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool IsBlank(std::string_view s) { return absl::StripAsciiWhitespace(common::ToAbsl(s)).empty(); }

}  // namespace

std::string_view ApprovalKindName(ApprovalKind kind) { return common::NameOf(kKindNames, kind); }

std::optional<ApprovalKind> ParseApprovalKind(std::string_view name) {
  return common::ValueNamed(kKindNames, name);
}

std::span<const ApprovalKind> AllApprovalKinds() { return kAllKinds; }

std::string_view DecisionName(Decision decision) {
  return common::NameOf(kDecisionNames, decision);
}

std::optional<Decision> ParseDecision(std::string_view name) {
  return common::ValueNamed(kDecisionNames, name);
}

std::string_view ApprovalStateName(ApprovalState state) {
  return common::NameOf(kStateNames, state);
}

std::optional<ApprovalState> ParseApprovalState(std::string_view name) {
  return common::ValueNamed(kStateNames, name);
}

absl::StatusOr<ApprovalChains> ParseApprovalChains(std::string_view text) {
  absl::StatusOr<std::vector<common::PolicyLine>> lines = common::ParsePolicyLines(text);
  if (!lines.ok()) return lines.status();
  ApprovalChains chains;
  for (const common::PolicyLine& line : *lines) {
    std::optional<ApprovalKind> kind = ParseApprovalKind(line.key);
    if (!kind.has_value()) {
      return common::PolicyLineError(line, absl::StrCat("unknown approval kind '", line.key, "'"));
    }
    ApprovalChain chain;
    for (absl::string_view item : absl::StrSplit(line.value, ',')) {
      std::pair<std::string, std::string> parts =
          absl::StrSplit(absl::StripAsciiWhitespace(item), absl::MaxSplits(':', 1));
      if (!IsSnakeCase(parts.first) || !IsSnakeCase(parts.second)) {
        return common::PolicyLineError(line,
                                       absl::StrCat("step '", absl::StripAsciiWhitespace(item),
                                                    "' is not role:action in snake_case"));
      }
      chain.push_back({std::move(parts.first), std::move(parts.second)});
    }
    if (chain.size() < 2) {
      return common::PolicyLineError(line, "a chain needs a proposal and a decision");
    }
    chains[*kind] = std::move(chain);
  }
  for (ApprovalKind kind : kAllKinds) {
    if (!chains.contains(kind)) {
      return absl::InvalidArgumentError(
          absl::StrCat("no chain for '", common::ToAbsl(ApprovalKindName(kind)), "'"));
    }
  }
  return chains;
}

ApprovalRequest NewApprovalRequest(ApprovalKind kind, const ApprovalChains& chains) {
  ApprovalRequest request;
  request.kind = kind;
  if (auto it = chains.find(kind); it != chains.end()) request.chain = it->second;
  return request;
}

std::optional<ChainStep> NextStep(const ApprovalRequest& request) {
  if (request.state != ApprovalState::kPending || request.steps.size() >= request.chain.size()) {
    return std::nullopt;
  }
  return request.chain[request.steps.size()];
}

absl::StatusOr<ApprovalRequest> ApplyDecision(ApprovalRequest request,
                                              const std::vector<std::string>& roles,
                                              std::string_view actor, Decision decision,
                                              std::string_view comment, absl::Time now) {
  std::optional<ChainStep> next = NextStep(request);
  if (!next.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat(common::ToAbsl(ApprovalKindName(request.kind)), " approval is already ",
                     common::ToAbsl(ApprovalStateName(request.state)), "; no decision is pending"));
  }
  // A caller with several roles signs with the one the step needs.
  if (std::find(roles.begin(), roles.end(), next->role) == roles.end()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "the next step of this ", common::ToAbsl(ApprovalKindName(request.kind)), " approval is '",
        next->action, "' by role '", next->role, "', not by role ",
        roles.empty() ? "(none)" : absl::StrCat("'", absl::StrJoin(roles, "', '"), "'")));
  }
  for (const ApprovalStepRecord& done : request.steps) {
    if (done.actor == actor) {
      return absl::PermissionDeniedError(absl::StrCat("'", common::ToAbsl(actor),
                                                      "' already signed this approval as '",
                                                      done.role, "'; another person must decide"));
    }
  }
  common::Violations v;
  if (IsBlank(actor)) v.Add("actor", "required");
  if (decision == Decision::kReject && IsBlank(comment)) {
    v.Add("comment", "required when rejecting: say why");
  }
  if (!v.empty()) return v.ToStatus();

  request.steps.push_back(
      {next->role, next->action, std::string(actor), now, decision, std::string(comment)});
  if (decision == Decision::kReject) {
    request.state = ApprovalState::kRejected;
  } else if (request.steps.size() == request.chain.size()) {
    request.state = ApprovalState::kApproved;
  }
  return request;
}

absl::Status CheckAgainstWarranty(ApprovalKind kind, const WarrantyInfo& warranty,
                                  int64_t& amount_fen) {
  if (kind != ApprovalKind::kExchange && kind != ApprovalKind::kReturn) return absl::OkStatus();
  Remedy wanted = kind == ApprovalKind::kReturn ? Remedy::kReturn : Remedy::kExchange;
  const char* what = kind == ApprovalKind::kReturn ? "a return" : "an exchange";
  if (warranty.state != WarrantyState::kDecided) {
    return absl::FailedPreconditionError(
        absl::StrCat(what, " follows the order's 三包 decision, which is ",
                     common::ToAbsl(WarrantyStateName(warranty.state)),
                     warranty.state == WarrantyState::kNeedsInformation
                         ? absl::StrCat(": ", warranty.problem, "; correct the order's facts first")
                         : "; wait for the warranty service's answer"));
  }
  if (std::find(warranty.remedies.begin(), warranty.remedies.end(), wanted) ==
      warranty.remedies.end()) {
    std::vector<std::string> offered;
    for (Remedy r : warranty.remedies) offered.emplace_back(RemedyName(r));
    return absl::FailedPreconditionError(absl::StrCat(
        "the 三包 decision ", warranty.decision, " (", warranty.coverage, ") does not allow ", what,
        "; it allows: ", offered.empty() ? "none" : absl::StrJoin(offered, ", ")));
  }
  if (kind == ApprovalKind::kExchange) {
    if (amount_fen != 0) {
      return common::InvalidArgumentError(
          {{"approval.amount.amount_fen",
            "must be 0: an exchange hands over a unit of the same model, not money; propose a "
            "compensation for money"}});
    }
    return absl::OkStatus();
  }
  int64_t refund = warranty.refund.has_value() ? warranty.refund->amount_fen : 0;
  if (amount_fen == 0) {
    amount_fen = refund;
  } else if (amount_fen != refund) {
    return common::InvalidArgumentError(
        {{"approval.amount.amount_fen",
          absl::StrCat(amount_fen > refund ? "more" : "less", " than the refund the 三包 decision ",
                       warranty.decision, " allows: ", refund,
                       " fen (leave it 0 to take the decision's amount)")}});
  }
  return absl::OkStatus();
}

bool NeedsReceipt(ApprovalKind kind) {
  return kind == ApprovalKind::kCompensation || kind == ApprovalKind::kExchange ||
         kind == ApprovalKind::kReturn;
}

absl::StatusOr<ApprovalRequest> RecordReceipt(ApprovalRequest request,
                                              std::string_view receipt_reference,
                                              std::string_view actor, absl::Time now) {
  if (request.state != ApprovalState::kApproved) {
    return absl::FailedPreconditionError(
        absl::StrCat("a receipt is recorded only after approval; this request is ",
                     common::ToAbsl(ApprovalStateName(request.state))));
  }
  if (!request.receipt_reference.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("receipt '", request.receipt_reference, "' is already recorded"));
  }
  common::Violations v;
  if (IsBlank(receipt_reference)) v.Add("receipt_reference", "required");
  if (IsBlank(actor)) v.Add("actor", "required");
  if (!v.empty()) return v.ToStatus();
  request.receipt_reference = std::string(receipt_reference);
  request.receipt_recorded_by = std::string(actor);
  request.receipt_recorded_at = now;
  return request;
}

}  // namespace fieldservice::orders
