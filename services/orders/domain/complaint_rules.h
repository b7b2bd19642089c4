// Complaint classification (DOMAIN.md "Contact types", [002 第九条]): general
// or major, and why major. The thresholds are company policy, so they live in
// ComplaintPolicy (data/orders/complaint_policy.txt), not in code.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_COMPLAINT_RULES_H_
#define FIELDSERVICE_ORDERS_DOMAIN_COMPLAINT_RULES_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/errors.h"
#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

struct ComplaintPolicy {
  // 批量质量事故: the same fault in at least this share of the units sold of
  // one model and batch, in basis points (500 = 5%) so that 4.9% vs 5% is
  // compared exactly.
  int64_t batch_share_basis_points = 500;
  // ... or in at least this many units, whatever the share.
  int64_t batch_min_units = 50;
  // The insurer is called on site when the property loss in a major
  // complaint is over this amount (500 yuan).
  int64_t insurer_property_loss_fen = 50000;
};

// Keys (all optional; defaults above):
//   batch_share_percent = 5         # decimal, up to two places ("4.75")
//   batch_min_units = 50
//   insurer_property_loss_yuan = 500  # decimal yuan, up to two places
// Unknown keys and malformed values are refused with the line number.
absl::StatusOr<ComplaintPolicy> ParseComplaintPolicy(std::string_view text);

struct ComplaintClass {
  ComplaintSeverity severity = ComplaintSeverity::kGeneral;
  MajorComplaintKind kind = MajorComplaintKind::kNone;
  bool operator==(const ComplaintClass&) const = default;
};

// The same model and batch with the same fault in >= the share of units sold
// or >= the unit count.
bool IsBatchAccident(const Complaint& complaint, const ComplaintPolicy& policy);

// The effective class, from the grounds and the numbers alone: any crisis
// ground makes it a crisis (it takes precedence, being the more urgent
// handling), else a batch accident, else general. The severity the agent
// asked for does not raise it; Validate refuses an unfounded "major".
ComplaintClass Classify(const Complaint& complaint, const ComplaintPolicy& policy);

// Property loss over the policy threshold in a major complaint.
bool InsurerOnSite(const Complaint& complaint, const ComplaintPolicy& policy);

// Every problem with a complaint, with paths as in the API
// ("complaint.affected_units").
std::vector<common::FieldViolation> ValidateComplaint(const Complaint& complaint,
                                                      const ComplaintPolicy& policy);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_COMPLAINT_RULES_H_
