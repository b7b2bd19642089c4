// What happens after a call that did not reach the survey (DOMAIN.md "The
// callback": unreachable customers are retried; the number of attempts and
// their spacing are policy). Every call is kept on the task; the decision
// reads them all, so it is the same however often it is recomputed.
//
// - NO_ANSWER, BUSY: the next call CallbackPolicy::retry_spacing later; the
//   max_attempts-th such call gives up (UNREACHABLE).
// - WRONG_NUMBER: gives up at once (WRONG_NUMBER) when the policy says so
//   (the default: the same number cannot reach the customer, the flag sends
//   the order to have its contact corrected); otherwise an unanswered call.
// - CALL_BACK_LATER at a time: the next call at the customer's time, which
//   must be after the call and at most call_back_later_max_delay ahead. It
//   does not count as unanswered (the customer was reached); the request
//   after max_call_back_later of them gives up (POSTPONED_TOO_OFTEN).
// Giving up flags the order for a supervisor.
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_ATTEMPT_POLICY_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_ATTEMPT_POLICY_H_

#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/callback/domain/callback_policy.h"
#include "services/callback/domain/callback_task.h"

namespace fieldservice::callback {

// After the last of `attempts` (not empty): the next call's time, or give up
// and why.
struct AttemptDecision {
  bool give_up = false;
  GiveUpReason reason = GiveUpReason::kNone;
  absl::Time next_attempt_at;  // when !give_up
};
AttemptDecision DecideAfterAttempt(const std::vector<CallAttempt>& attempts,
                                   const CallbackPolicy& policy);

// The calls that count towards max_attempts.
int UnansweredAttempts(const std::vector<CallAttempt>& attempts, const CallbackPolicy& policy);

// The agent holding the claim records a call's outcome at `now`:
// RETRY_WAIT until the decided time (the claim ends), or GAVE_UP with the
// order flagged. FAILED_PRECONDITION unless the agent holds the claim;
// INVALID_ARGUMENT for a CALL_BACK_LATER without a time or with one outside
// the policy's limits, or a time with another outcome.
absl::StatusOr<CallbackTask> RecordAttempt(CallbackTask task, std::string_view agent_id,
                                           AttemptOutcome outcome,
                                           std::optional<absl::Time> call_back_at, absl::Time now,
                                           const CallbackPolicy& policy);

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_ATTEMPT_POLICY_H_
