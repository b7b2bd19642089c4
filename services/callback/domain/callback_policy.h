// How callbacks (回访) are scheduled and retried: the numbers are policy, set
// from configuration, with the defaults documented here (DOMAIN.md "The
// callback": "the number of attempts and their spacing are policy").
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_POLICY_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_POLICY_H_

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace fieldservice::callback {

struct CallbackPolicy {
  // A repair is called back 1 to 3 working days after the visit was
  // completed: seed 001 回访机制 "需在问题解决后1-3个工作日内回访". Not before
  // the start of the `repair_earliest_working_days`-th working day after the
  // visit's business date, due by the end of the `repair_due_working_days`-th
  // (the visit's own day is not counted; calendar.h WorkingDaysDeadline).
  int repair_earliest_working_days = 1;
  int repair_due_working_days = 3;

  // A complaint is called back within 7 days after it was handled: seed 002
  // 投诉的处理 (7) "要求在投诉处理后的七天内进行回访". The seed says 天 (days),
  // where seed 001 says 工作日 (working days) for the 1-3 rule, so these are
  // calendar days, counted as DOMAIN.md "Counting periods" says: the day it
  // was handled is not counted, the period ends at the end of the 7th day, or
  // of the first day after the holiday when that day is a public holiday
  // (Civil Code art. 203; calendar.h RollPastHoliday). The earliest call is
  // as for a repair (not the same day: let the customer use the product),
  // but never after the due day.
  int complaint_earliest_working_days = 1;
  int complaint_due_days = 7;

  // Unanswered calls (no answer, busy) before the task gives up and the
  // order is flagged for a supervisor.
  int max_attempts = 3;
  // After an unanswered call the next one is this much later.
  absl::Duration retry_spacing = absl::Hours(2);
  // A wrong number gives up at once (calling it again cannot reach the
  // customer; the flag sends the order to have its contact corrected).
  // False: it counts as an unanswered call.
  bool wrong_number_gives_up = true;
  // "Call back later at a time": the customer's time is kept when it is
  // after now and at most this far ahead; and a customer may ask this many
  // times, the next request gives up (the order is flagged: a supervisor
  // decides), so a task cannot be postponed for ever.
  absl::Duration call_back_later_max_delay = absl::Hours(7 * 24);
  int max_call_back_later = 3;

  // A claim lasts this long after its agent's last sign of life (claim or
  // heartbeat); then the task counts as free and returns to the queue.
  absl::Duration claim_lapse = absl::Minutes(10);
};

// OK, or INVALID_ARGUMENT naming each setting out of range (names as in the
// service's configuration: "callback_" + the field).
absl::Status CheckCallbackPolicy(const CallbackPolicy& policy);

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_POLICY_H_
