#include "services/callback/domain/callback_task.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/enum_names.h"
#include "services/common/utf8.h"

namespace fieldservice::callback {
namespace {

constexpr common::EnumName<TaskState> kStateNames[] = {
    {TaskState::kPending, "PENDING"},      {TaskState::kClaimed, "CLAIMED"},
    {TaskState::kRetryWait, "RETRY_WAIT"}, {TaskState::kCompleted, "COMPLETED"},
    {TaskState::kGaveUp, "GAVE_UP"},       {TaskState::kCancelled, "CANCELLED"},
};
constexpr common::EnumName<AttemptOutcome> kOutcomeNames[] = {
    {AttemptOutcome::kNoAnswer, "NO_ANSWER"},
    {AttemptOutcome::kBusy, "BUSY"},
    {AttemptOutcome::kWrongNumber, "WRONG_NUMBER"},
    {AttemptOutcome::kCallBackLater, "CALL_BACK_LATER"},
};
constexpr common::EnumName<GiveUpReason> kGiveUpNames[] = {
    {GiveUpReason::kNone, "NONE"},
    {GiveUpReason::kUnreachable, "UNREACHABLE"},
    {GiveUpReason::kWrongNumber, "WRONG_NUMBER"},
    {GiveUpReason::kPostponedTooOften, "POSTPONED_TOO_OFTEN"},
};

// Codes and ids as the other services write them: 1 to 64 characters.
void CheckCode(const char* field, const std::string& value, common::Violations& v) {
  if (value.empty()) {
    v.Add(field, "required");
  } else if (!common::IsValidUtf8(value) || common::CountChars(value) > 64) {
    v.Add(field, "1 to 64 characters of valid UTF-8");
  }
}

// The start of the n-th working day after the business date of `t`; `t`
// itself for n = 0.
absl::Time StartOfWorkingDayAfter(absl::Time t, int n, const common::WorkingCalendar& calendar) {
  if (n <= 0) return t;
  return calendar.StartOf(calendar.AddWorkingDays(calendar.BusinessDay(t), n));
}

absl::Status Illegal(const CallbackTask& task, std::string_view action,
                     const std::vector<std::string>& allowed) {
  return common::IllegalTransitionError(absl::StrCat("callback task ", task.key()), action,
                                        TaskStateName(task.state), allowed);
}

}  // namespace

std::string_view TaskStateName(TaskState state) { return common::NameOf(kStateNames, state); }
std::string_view AttemptOutcomeName(AttemptOutcome outcome) {
  return common::NameOf(kOutcomeNames, outcome);
}
std::string_view GiveUpReasonName(GiveUpReason reason) {
  return common::NameOf(kGiveUpNames, reason);
}

bool IsFinal(TaskState state) {
  return state == TaskState::kCompleted || state == TaskState::kGaveUp ||
         state == TaskState::kCancelled;
}

void CheckVisitCompleted(const VisitCompleted& f, common::Violations& v) {
  CheckCode("order_number", f.order_number, v);
  if (f.visit_number < 1) v.Add("visit_number", "1 or more");
  if (f.completed_at == absl::Time() || f.completed_at == absl::InfinitePast() ||
      f.completed_at == absl::InfiniteFuture()) {
    v.Add("completed_time", "required");
  }
  CheckCode("region_code", f.region_code, v);
  CheckCode("product_model", f.product_model, v);
  // Optional: a carry-in unit repaired at the outlet's counter names no
  // technician (and no rating follows its callback); a visit completed
  // without the technician's app reports no outlet.
  if (!f.technician_id.empty()) CheckCode("technician_id", f.technician_id, v);
  if (!f.outlet_id.empty()) CheckCode("outlet_id", f.outlet_id, v);
  for (const auto& [field, value] : {std::pair{"brand", &f.brand},
                                     {"category", &f.category},
                                     {"serial", &f.serial},
                                     {"symptom_code", &f.symptom_code}}) {
    if (!value->empty()) CheckCode(field, *value, v);
  }
  if (f.complaint != (f.complaint_kind != ComplaintKind::kNone)) {
    v.Add("complaint_kind",
          f.complaint ? "required for a complaint" : "only for a complaint (complaint is false)");
  }
}

std::string CallbackTaskKey(std::string_view order_number, int64_t visit_number) {
  // The visit number is the digits after the last '/', so the key reads back
  // even if an order number held a '/'.
  return absl::StrCat(std::string(order_number), "/", visit_number);
}

DueWindow CallbackDueWindow(absl::Time completed_at, bool complaint, const CallbackPolicy& policy,
                            const common::WorkingCalendar& calendar) {
  if (!complaint) {
    return {StartOfWorkingDayAfter(completed_at, policy.repair_earliest_working_days, calendar),
            calendar.WorkingDaysDeadline(completed_at, policy.repair_due_working_days)};
  }
  const absl::CivilDay handled = calendar.BusinessDay(completed_at);
  const absl::CivilDay last = calendar.RollPastHoliday(handled + policy.complaint_due_days);
  const absl::Time earliest =
      StartOfWorkingDayAfter(completed_at, policy.complaint_earliest_working_days, calendar);
  // A long holiday could put the earliest working day after the last day:
  // then the last day opens the window.
  return {std::min(earliest, calendar.StartOf(last)), calendar.StartOf(last + 1)};
}

absl::StatusOr<CallbackTask> NewCallbackTask(const VisitCompleted& facts,
                                             const CallbackPolicy& policy,
                                             const common::WorkingCalendar& calendar) {
  common::Violations v;
  CheckVisitCompleted(facts, v);
  if (!v.empty()) return v.ToStatus();
  CallbackTask task;
  task.visit = facts;
  const DueWindow window = CallbackDueWindow(facts.completed_at, facts.complaint, policy, calendar);
  task.earliest_at = window.earliest_at;
  task.due_at = window.due_at;
  task.next_attempt_at = window.earliest_at;
  return task;
}

bool ClaimLapsed(const CallbackTask& task, absl::Time now, const CallbackPolicy& policy) {
  return task.state == TaskState::kClaimed && now >= task.heartbeat_at + policy.claim_lapse;
}

bool IsClaimable(const CallbackTask& task, absl::Time now, const CallbackPolicy& policy) {
  switch (task.state) {
    case TaskState::kPending:
    case TaskState::kRetryWait:
      return now >= task.next_attempt_at;
    case TaskState::kClaimed:
      return ClaimLapsed(task, now, policy);
    default:
      return false;
  }
}

bool IsOverdue(const CallbackTask& task, absl::Time now) {
  return !IsFinal(task.state) && now >= task.due_at;
}

bool IsHeldBy(const CallbackTask& task, std::string_view agent_id) {
  return task.state == TaskState::kClaimed && task.agent_id == agent_id;
}

absl::Status CheckHeldBy(const CallbackTask& task, std::string_view agent_id,
                         std::string_view action) {
  if (task.state != TaskState::kClaimed) return Illegal(task, action, {"Claim"});
  if (task.agent_id != agent_id) {
    return absl::FailedPreconditionError(absl::StrCat(
        "callback task ", task.key(), ": '", std::string(action), "' needs the claim, which agent ",
        task.agent_id, " holds; only the agent holding the claim may act on the task"));
  }
  return absl::OkStatus();
}

absl::StatusOr<CallbackTask> Claim(CallbackTask task, std::string_view agent_id, absl::Time now,
                                   const CallbackPolicy& policy) {
  if (agent_id.empty()) return absl::InvalidArgumentError("agent_id: required");
  if (task.state == TaskState::kClaimed) {
    if (task.agent_id == agent_id) {  // claiming again renews
      task.heartbeat_at = now;
      return task;
    }
    if (!ClaimLapsed(task, now, policy)) {
      return absl::FailedPreconditionError(
          absl::StrCat("callback task ", task.key(), ": held by agent ", task.agent_id, " until ",
                       absl::FormatTime(absl::RFC3339_sec, task.heartbeat_at + policy.claim_lapse,
                                        absl::UTCTimeZone()),
                       "; a claim lasts callback_claim_lapse after its agent's last heartbeat"));
    }
    // The lapsed claim passes to this agent; the state it came from stays.
  } else if (task.state == TaskState::kPending || task.state == TaskState::kRetryWait) {
    if (now < task.next_attempt_at) {
      return absl::FailedPreconditionError(absl::StrCat(
          "callback task ", task.key(), ": not due for a call before ",
          absl::FormatTime(absl::RFC3339_sec, task.next_attempt_at, absl::UTCTimeZone()),
          task.state == TaskState::kPending ? " (the callback window's earliest time)"
                                            : " (the retry time)"));
    }
    task.claimed_from = task.state;
  } else {
    return Illegal(task, "Claim", {});
  }
  task.state = TaskState::kClaimed;
  task.agent_id = std::string(agent_id);
  task.claimed_at = now;
  task.heartbeat_at = now;
  return task;
}

absl::StatusOr<CallbackTask> Heartbeat(CallbackTask task, std::string_view agent_id,
                                       absl::Time now) {
  if (absl::Status held = CheckHeldBy(task, agent_id, "Heartbeat"); !held.ok()) return held;
  task.heartbeat_at = std::max(task.heartbeat_at, now);
  return task;
}

absl::StatusOr<CallbackTask> Release(CallbackTask task, std::string_view agent_id) {
  if (absl::Status held = CheckHeldBy(task, agent_id, "Release"); !held.ok()) return held;
  task.state = task.claimed_from;
  task.agent_id.clear();
  return task;
}

absl::StatusOr<CallbackTask> Submit(CallbackTask task, std::string_view agent_id, absl::Time now) {
  if (absl::Status held = CheckHeldBy(task, agent_id, "Submit"); !held.ok()) return held;
  task.state = TaskState::kCompleted;
  task.finished_at = now;
  return task;
}

absl::StatusOr<CallbackTask> Cancel(CallbackTask task, absl::Time now) {
  if (IsFinal(task.state)) return Illegal(task, "Cancel", {});
  task.state = TaskState::kCancelled;
  task.agent_id.clear();
  task.finished_at = now;
  return task;
}

}  // namespace fieldservice::callback
