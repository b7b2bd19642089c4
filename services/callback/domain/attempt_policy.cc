#include "services/callback/domain/attempt_policy.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"

namespace fieldservice::callback {
namespace {

bool CountsAsUnanswered(AttemptOutcome outcome, const CallbackPolicy& policy) {
  switch (outcome) {
    case AttemptOutcome::kNoAnswer:
    case AttemptOutcome::kBusy:
      return true;
    case AttemptOutcome::kWrongNumber:
      return !policy.wrong_number_gives_up;
    case AttemptOutcome::kCallBackLater:
      return false;
  }
  return false;
}

AttemptDecision GiveUp(GiveUpReason reason) { return {true, reason, absl::Time()}; }

}  // namespace

int UnansweredAttempts(const std::vector<CallAttempt>& attempts, const CallbackPolicy& policy) {
  return static_cast<int>(
      std::count_if(attempts.begin(), attempts.end(),
                    [&](const CallAttempt& a) { return CountsAsUnanswered(a.outcome, policy); }));
}

AttemptDecision DecideAfterAttempt(const std::vector<CallAttempt>& attempts,
                                   const CallbackPolicy& policy) {
  if (attempts.empty()) return {};
  const CallAttempt& last = attempts.back();
  if (last.outcome == AttemptOutcome::kWrongNumber && policy.wrong_number_gives_up) {
    return GiveUp(GiveUpReason::kWrongNumber);
  }
  if (last.outcome == AttemptOutcome::kCallBackLater) {
    const int postponements =
        static_cast<int>(std::count_if(attempts.begin(), attempts.end(), [](const CallAttempt& a) {
          return a.outcome == AttemptOutcome::kCallBackLater;
        }));
    if (postponements > policy.max_call_back_later) {
      return GiveUp(GiveUpReason::kPostponedTooOften);
    }
    return {false, GiveUpReason::kNone, last.call_back_at.value_or(last.at)};
  }
  if (UnansweredAttempts(attempts, policy) >= policy.max_attempts) {
    return GiveUp(GiveUpReason::kUnreachable);
  }
  return {false, GiveUpReason::kNone, last.at + policy.retry_spacing};
}

absl::StatusOr<CallbackTask> RecordAttempt(CallbackTask task, std::string_view agent_id,
                                           AttemptOutcome outcome,
                                           std::optional<absl::Time> call_back_at, absl::Time now,
                                           const CallbackPolicy& policy) {
  if (absl::Status held = CheckHeldBy(task, agent_id, "RecordAttempt"); !held.ok()) return held;
  if (outcome == AttemptOutcome::kCallBackLater) {
    if (!call_back_at.has_value()) {
      return common::InvalidArgumentError(
          {{"call_back_time", "required when the customer asks to be called back later"}});
    }
    if (*call_back_at <= now || *call_back_at > now + policy.call_back_later_max_delay) {
      return common::InvalidArgumentError(
          {{"call_back_time", absl::StrCat("after the call and at most ",
                                           absl::FormatDuration(policy.call_back_later_max_delay),
                                           " ahead (callback_call_back_later_max_delay)")}});
    }
  } else if (call_back_at.has_value()) {
    return common::InvalidArgumentError(
        {{"call_back_time", "only when the customer asks to be called back later"}});
  }
  task.attempts.push_back({std::string(agent_id), now, outcome, call_back_at});
  const AttemptDecision decision = DecideAfterAttempt(task.attempts, policy);
  task.agent_id.clear();
  if (decision.give_up) {
    task.state = TaskState::kGaveUp;
    task.give_up_reason = decision.reason;
    task.order_flagged = true;
    task.finished_at = now;
  } else {
    task.state = TaskState::kRetryWait;
    task.next_attempt_at = decision.next_attempt_at;
  }
  return task;
}

}  // namespace fieldservice::callback
