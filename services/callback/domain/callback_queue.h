// The agents' queue: which claimable task an agent gets next (issue 11:
// ClaimNextCallback gives the most urgent due task).
//
// Claimable at `now` (callback_task.h IsClaimable):
//   PENDING or RETRY_WAIT with next_attempt_at <= now (a task waiting for its
//   window, a retry time or the customer's time is not), or CLAIMED with
//   heartbeat_at + claim_lapse <= now (a lapsed claim).
// Most urgent first:
//   1. overdue (due_at <= now) before not yet due;
//   2. earlier due_at;
//   3. a complaint before a repair;
//   4. earlier completed_at (the visit longest ago);
//   5. order number, then visit number (only so the order is total).
// Rule 1 is implied by rule 2 (every overdue task is due before every other)
// and is stated because it is the promise; the storage can sort on due_at.
// In SQL, with the claim taken in the same transaction:
//   SELECT ... FROM callback_tasks
//    WHERE (state IN ('PENDING', 'RETRY_WAIT') AND next_attempt_at <= :now)
//       OR (state = 'CLAIMED' AND heartbeat_at <= :now - :claim_lapse)
//    ORDER BY due_at, complaint DESC, completed_at, order_number, visit_number
//    LIMIT 1 FOR UPDATE SKIP LOCKED
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_QUEUE_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_QUEUE_H_

#include <optional>
#include <span>

#include "absl/time/time.h"
#include "services/callback/domain/callback_policy.h"
#include "services/callback/domain/callback_task.h"

namespace fieldservice::callback {

// Whether `a` comes before `b` in the queue at `now` (rules 1 to 5 above);
// a strict weak order, total over distinct keys.
bool MoreUrgent(const CallbackTask& a, const CallbackTask& b, absl::Time now);

// The index in `tasks` of the most urgent claimable one at `now`, or nullopt
// when none is claimable.
std::optional<size_t> PickMostUrgent(std::span<const CallbackTask> tasks, absl::Time now,
                                     const CallbackPolicy& policy);

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_QUEUE_H_
