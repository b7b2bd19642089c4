// Every policy the orders service runs on, loaded from the data directory at
// start-up (data/orders/*.txt; formats in data/orders/README.md).
#ifndef FIELDSERVICE_ORDERS_DOMAIN_ORDERS_POLICY_H_
#define FIELDSERVICE_ORDERS_DOMAIN_ORDERS_POLICY_H_

#include <string>

#include "absl/status/statusor.h"
#include "services/orders/domain/approvals.h"
#include "services/orders/domain/complaint_rules.h"
#include "services/orders/domain/deadlines.h"
#include "services/orders/domain/intake_policy.h"

namespace fieldservice::orders {

struct OrdersPolicy {
  IntakePolicy intake;
  DeadlinePolicy deadlines;
  ComplaintPolicy complaints;
  ApprovalChains approval_chains;
};

// Reads intake_policy.txt, deadline_policy.txt, complaint_policy.txt and
// approval_chains.txt from `directory`; errors name the file and line.
absl::StatusOr<OrdersPolicy> LoadOrdersPolicy(const std::string& directory);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_ORDERS_POLICY_H_
