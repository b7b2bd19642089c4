// A callback task (回访任务): one call to the customer after a visit, made by
// an agent who claims it from the queue (callback_queue.h). Created from the
// orders service's "visit completed" fact, through the outbox; its identity
// is the order and the visit, so a message delivered twice makes one task.
//
// The transitions are pure functions: each checks the task allows it
// (FAILED_PRECONDITION naming the state or the rule) and returns the task
// after. Recording a call's outcome is in attempt_policy.h.
//
//   PENDING or RETRY_WAIT --Claim--> CLAIMED (from the next attempt time on)
//   CLAIMED --Release--> the state it was claimed from
//   CLAIMED --RecordAttempt--> RETRY_WAIT, or GAVE_UP with the order flagged
//   CLAIMED --Submit--> COMPLETED
//   any open state --Cancel--> CANCELLED
//
// A claim lasts CallbackPolicy::claim_lapse after its agent's last claim or
// heartbeat. A lapsed claim is free for any agent to claim; until another
// does, its holder still holds it (its heartbeat, call or submission is
// accepted: nobody else can have worked on the task meanwhile).
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_TASK_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_TASK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/callback/domain/callback_policy.h"
#include "services/common/calendar.h"
#include "services/common/enum_names.h"
#include "services/common/errors.h"

namespace fieldservice::callback {

// Which complaint the order is (DOMAIN.md "Contact types"): kNone for a
// repair request; a major complaint is a crisis or a batch accident.
enum class ComplaintKind { kNone, kGeneral, kCrisis, kBatchAccident };

inline constexpr common::EnumName<ComplaintKind> kComplaintKindNames[] = {
    {ComplaintKind::kNone, "NONE"},
    {ComplaintKind::kGeneral, "GENERAL"},
    {ComplaintKind::kCrisis, "CRISIS"},
    {ComplaintKind::kBatchAccident, "BATCH_ACCIDENT"},
};

// What the orders service reports when a visit is completed.
struct VisitCompleted {
  std::string order_number;
  int64_t visit_number = 0;  // 1 for the first visit of the order, then 2, ...
  absl::Time completed_at;
  bool complaint = false;  // the order is a complaint (投诉), not a plain repair
  std::string product_model;
  std::string region_code;
  std::string technician_id;
  // The service outlet (网点) the technician works for; empty when the
  // reporter does not know it.
  std::string outlet_id;
  // What reports and quality signals group by.
  std::string brand;
  std::string category;
  std::string serial;        // the unit's; its batch comes from the sales figures
  std::string symptom_code;  // the catalogue's fault the order was taken with
  ComplaintKind complaint_kind = ComplaintKind::kNone;  // kNone unless `complaint`
  // The order's milestones for this visit (reports: time to assign and to
  // complete, on-time arrival); unset when the order has none (a carry-in
  // order is never assigned or arrived at).
  std::optional<absl::Time> received_at;  // the order was taken
  std::optional<absl::Time> assigned_at;  // the visit's technician was assigned
  std::optional<absl::Time> arrived_at;   // the technician arrived on site
  std::optional<absl::Time> promised_by;  // the end of the booked visit window
};

// Adds a violation for each fact a task cannot be made from, paths as in the
// message that carries them.
void CheckVisitCompleted(const VisitCompleted& facts, common::Violations& v);

// A task's identity: the same order and visit give the same key, whatever
// else the message says. The storage makes it the primary key, so a second
// delivery of the message inserts nothing.
std::string CallbackTaskKey(std::string_view order_number, int64_t visit_number);

enum class TaskState {
  kPending,    // waiting for its first call, from its earliest time on
  kClaimed,    // an agent holds it (see the claim rules above)
  kRetryWait,  // a call did not reach the customer; the next one is due later
  kCompleted,  // the survey was submitted
  kGaveUp,     // the customer could not be reached; the order is flagged
  kCancelled,  // the order no longer needs the call (e.g. closed by a supervisor)
};
std::string_view TaskStateName(TaskState state);
bool IsFinal(TaskState state);

// How one call ended, when it did not reach the survey.
enum class AttemptOutcome {
  kNoAnswer,
  kBusy,
  kWrongNumber,
  kCallBackLater,  // the customer asked to be called at another time
};
std::string_view AttemptOutcomeName(AttemptOutcome outcome);

// Why a task gave up (the flag on the order says so).
enum class GiveUpReason {
  kNone,
  kUnreachable,        // the policy's number of unanswered calls
  kWrongNumber,        // the number on the order is not the customer's
  kPostponedTooOften,  // the customer asked to be called later too often
};
std::string_view GiveUpReasonName(GiveUpReason reason);

struct CallAttempt {
  std::string agent_id;
  absl::Time at;
  AttemptOutcome outcome = AttemptOutcome::kNoAnswer;
  std::optional<absl::Time> call_back_at;  // kCallBackLater: the customer's time
  friend bool operator==(const CallAttempt&, const CallAttempt&) = default;
};

struct CallbackTask {
  VisitCompleted visit;
  // The window: not called before `earliest_at`; overdue from `due_at` on.
  absl::Time earliest_at;
  absl::Time due_at;
  TaskState state = TaskState::kPending;
  // When the task may next be claimed: `earliest_at` at first, then the
  // retry time or the customer's time.
  absl::Time next_attempt_at;
  // The claim (state kClaimed): who, since when, last sign of life, and the
  // state it was claimed from (a release returns there).
  std::string agent_id;
  absl::Time claimed_at;
  absl::Time heartbeat_at;
  TaskState claimed_from = TaskState::kPending;
  std::vector<CallAttempt> attempts;
  GiveUpReason give_up_reason = GiveUpReason::kNone;
  bool order_flagged = false;  // the order needs a supervisor (GAVE_UP)
  absl::Time finished_at;      // COMPLETED, GAVE_UP or CANCELLED: when

  std::string key() const { return CallbackTaskKey(visit.order_number, visit.visit_number); }
};

// The window of a visit completed at `completed_at` (CallbackPolicy says
// how it is counted), on the business calendar.
struct DueWindow {
  absl::Time earliest_at;
  absl::Time due_at;
};
DueWindow CallbackDueWindow(absl::Time completed_at, bool complaint, const CallbackPolicy& policy,
                            const common::WorkingCalendar& calendar);

// The new task of a visit (PENDING), or INVALID_ARGUMENT naming each bad
// fact.
absl::StatusOr<CallbackTask> NewCallbackTask(const VisitCompleted& facts,
                                             const CallbackPolicy& policy,
                                             const common::WorkingCalendar& calendar);

// Whether the claim on a CLAIMED task has lapsed at `now`.
bool ClaimLapsed(const CallbackTask& task, absl::Time now, const CallbackPolicy& policy);
// Whether an agent may claim the task at `now`: PENDING or RETRY_WAIT with
// its next attempt time reached, or CLAIMED with the claim lapsed.
bool IsClaimable(const CallbackTask& task, absl::Time now, const CallbackPolicy& policy);
// Whether the task is past its due time at `now` and still open.
bool IsOverdue(const CallbackTask& task, absl::Time now);

// The agent's steps. Claiming a task one already holds renews the claim.
absl::StatusOr<CallbackTask> Claim(CallbackTask task, std::string_view agent_id, absl::Time now,
                                   const CallbackPolicy& policy);
absl::StatusOr<CallbackTask> Heartbeat(CallbackTask task, std::string_view agent_id,
                                       absl::Time now);
// Gives the task back without a call: it returns to the state it was claimed
// from, claimable again at once.
absl::StatusOr<CallbackTask> Release(CallbackTask task, std::string_view agent_id);
// The survey was submitted (its answers are checked elsewhere): COMPLETED.
absl::StatusOr<CallbackTask> Submit(CallbackTask task, std::string_view agent_id, absl::Time now);
// The order no longer needs the call: CANCELLED, from any open state.
absl::StatusOr<CallbackTask> Cancel(CallbackTask task, absl::Time now);

// FAILED_PRECONDITION unless the task is CLAIMED by `agent_id`; `action`
// names what was asked. Shared with attempt_policy.cc.
// Whether `agent_id` holds the task's claim (a lapsed claim stays its
// holder's until another agent claims the task).
bool IsHeldBy(const CallbackTask& task, std::string_view agent_id);
absl::Status CheckHeldBy(const CallbackTask& task, std::string_view agent_id,
                         std::string_view action);

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_TASK_H_
