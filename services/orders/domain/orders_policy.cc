#include "services/orders/domain/orders_policy.h"

#include "services/common/files.h"

namespace fieldservice::orders {

absl::StatusOr<OrdersPolicy> LoadOrdersPolicy(const std::string& directory) {
  using common::ParseFile;
  auto intake = ParseFile<IntakePolicy>(directory + "/intake_policy.txt", ParseIntakePolicy);
  if (!intake.ok()) return intake.status();
  auto deadlines =
      ParseFile<DeadlinePolicy>(directory + "/deadline_policy.txt", ParseDeadlinePolicy);
  if (!deadlines.ok()) return deadlines.status();
  auto complaints =
      ParseFile<ComplaintPolicy>(directory + "/complaint_policy.txt", ParseComplaintPolicy);
  if (!complaints.ok()) return complaints.status();
  auto chains = ParseFile<ApprovalChains>(directory + "/approval_chains.txt", ParseApprovalChains);
  if (!chains.ok()) return chains.status();
  return OrdersPolicy{*std::move(intake), *deadlines, *complaints, *std::move(chains)};
}

}  // namespace fieldservice::orders
