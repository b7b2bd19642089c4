// Approvals on a repair order (DOMAIN.md "Approvals"): proposed by an agent,
// decided step by step by the roles of the kind's chain, and for payments
// settled with the customer's receipt. Each change also lands in the order's
// audit trail, in the same transaction.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_APPROVAL_SERVICE_H_
#define FIELDSERVICE_ORDERS_DOMAIN_APPROVAL_SERVICE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/clock.h"
#include "services/orders/domain/approvals.h"
#include "services/orders/domain/order_service.h"

namespace fieldservice::orders {

struct ApprovalRecord {
  int64_t id = 0;
  std::string order_number;
  std::string request_id;
  std::string proposal;
  int64_t amount_fen = 0;       // money involved, 0 when none
  int64_t paid_amount_fen = 0;  // set with the receipt
  ApprovalRequest request;
  absl::Time created_at;
  int64_t version = 1;
};

struct ApprovalCreateResult {
  ApprovalRecord approval;
  bool created = false;
};

// Storage port for approvals.
class ApprovalRepository {
 public:
  virtual ~ApprovalRepository() = default;
  // Stores a new approval and appends `event` to its order's trail; the same
  // request_id returns the first approval. `check_order` sees the order
  // (locked) and may refuse, or complete the record from it (the amount of a
  // return comes from the order's 三包 decision).
  using CheckOrderFn = std::function<absl::Status(const RepairOrder&, ApprovalRecord&)>;
  virtual absl::StatusOr<ApprovalCreateResult> Create(ApprovalRecord record,
                                                      const AuditEvent& event,
                                                      const CheckOrderFn& check_order) = 0;
  virtual absl::StatusOr<ApprovalRecord> Get(const std::string& order_number,
                                             int64_t approval_id) = 0;
  virtual absl::StatusOr<std::vector<ApprovalRecord>> List(const std::string& order_number) = 0;
  // Loads under a lock, lets `change` edit it and add order events, writes.
  using ChangeFn =
      std::function<absl::Status(ApprovalRecord& record, std::vector<AuditEvent>& events)>;
  virtual absl::StatusOr<ApprovalRecord> Mutate(const std::string& order_number,
                                                int64_t approval_id, const ChangeFn& change) = 0;
};

class ApprovalService {
 public:
  ApprovalService(ApprovalRepository& repository, const common::Clock& clock, ApprovalChains chains)
      : repository_(repository), clock_(clock), chains_(std::move(chains)) {}

  // The proposal is the chain's first step, signed by the caller, whose role
  // must be that step's. An exchange or a return needs the order's 三包
  // decision to allow it (CheckAgainstWarranty); a return's amount is the
  // decision's refund.
  absl::StatusOr<ApprovalCreateResult> Propose(const std::string& order_number,
                                               const std::string& request_id,
                                               std::optional<ApprovalKind> kind,
                                               const std::string& proposal, int64_t amount_fen,
                                               const Actor& actor);
  absl::StatusOr<ApprovalRecord> Get(const std::string& order_number, int64_t id);
  absl::StatusOr<std::vector<ApprovalRecord>> List(const std::string& order_number);
  absl::StatusOr<ApprovalRecord> Decide(const std::string& order_number, int64_t id,
                                        std::optional<Decision> decision,
                                        const std::string& comment, const Actor& actor);
  // The payment must equal the approved amount: what was approved is what
  // the customer signs for.
  absl::StatusOr<ApprovalRecord> RecordPayment(const std::string& order_number, int64_t id,
                                               const std::string& receipt_reference,
                                               int64_t amount_fen, const Actor& actor);

 private:
  ApprovalRepository& repository_;
  const common::Clock& clock_;
  ApprovalChains chains_;
};

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_APPROVAL_SERVICE_H_
