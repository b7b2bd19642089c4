// The steps that move a job (job_steps.h), as pure functions: each checks
// the job's step allows it (FAILED_PRECONDITION naming the step it is at
// and the ones the action needs) and returns the job after. Who may take a
// step (the job's own technician, a dispatcher) and whether the day allows
// a visit (assignment_rules.h) are the caller's checks.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_JOB_TRANSITIONS_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_JOB_TRANSITIONS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/errors.h"
#include "services/scheduling/domain/dispatch_queue.h"

namespace fieldservice::scheduling {

// "dispatchJobs/{order_number}".
std::string JobName(const std::string& order_number);

// Why a step happened, as people give it (a decline, an unassignment, an
// override, customer not home) and the repair record's summary: kept with
// the job and carried to the orders service's audit trail, whose reasons and
// visit summary hold this many characters.
inline constexpr size_t kMaxReasonChars = 1000;

// Adds a violation on `field` when `text` is longer than kMaxReasonChars,
// or blank when `required`.
void CheckReason(const std::string& text, const char* field, bool required, common::Violations& v);

// Who takes the job and when they arrive, with the day rules a dispatcher
// chose to override (names from kAssignmentRuleNames) and why.
struct Assignment {
  std::string technician_id;
  Interval visit;
  std::vector<std::string> overridden_rules = {};
  std::string override_reason = {};
};

// The dispatcher's steps.
absl::StatusOr<DispatchJob> AssignJob(DispatchJob job, const Assignment& a, absl::Time now);
absl::StatusOr<DispatchJob> ReassignJob(DispatchJob job, const Assignment& a,
                                        const std::string& reason, absl::Time now);
absl::StatusOr<DispatchJob> UnassignJob(DispatchJob job, const std::string& reason, absl::Time now);
// Queued, assigned or booked (a rebooking) -> booked in `window`.
absl::StatusOr<DispatchJob> BookJob(DispatchJob job, const Assignment& a, const Interval& window,
                                    absl::Time now);

// The technician's steps.
absl::StatusOr<DispatchJob> AcceptJob(DispatchJob job, absl::Time now);
absl::StatusOr<DispatchJob> DeclineJob(DispatchJob job, const std::string& reason, absl::Time now);
absl::StatusOr<DispatchJob> DepartForJob(DispatchJob job, absl::Time eta, absl::Time now);
absl::StatusOr<DispatchJob> ArriveAtJob(DispatchJob job, absl::Time now);
// The customer was not home: back to assigned (same technician) to be
// rebooked; the missed window is kept so the new offer leaves it out.
absl::StatusOr<DispatchJob> CustomerNotHome(DispatchJob job, const std::string& reason,
                                            absl::Time now);
absl::StatusOr<DispatchJob> WaitForParts(DispatchJob job, const std::string& reason,
                                         absl::Time now);
// Parts are in: assigned again (same technician), for a new visit.
absl::StatusOr<DispatchJob> PartsArrived(DispatchJob job, absl::Time now);
absl::StatusOr<DispatchJob> ConvertToCarryIn(DispatchJob job, const std::string& reason,
                                             absl::Time now);
absl::StatusOr<DispatchJob> CompleteJob(DispatchJob job, const std::string& summary,
                                        absl::Time now);

// The outbox topic of messages to the orders service; the payload is the
// order number (the relay sends the job as it is when it delivers).
inline constexpr char kOrdersProgressTopic[] = "orders.dispatch_progress";

// Whether the orders service must hear of the change from `before` to
// `after`: the step, the technician or the appointment changed, by
// scheduling (a job the order ended needs no message back).
bool OwesOrdersProgress(const std::optional<DispatchJob>& before, const DispatchJob& after);

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_JOB_TRANSITIONS_H_
