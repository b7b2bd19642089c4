// The order's deadlines (DOMAIN.md "Taking a repair request"): the order is
// entered within 3 minutes of the call ending, a promised follow-up is due
// within 24 h, an escalated complaint gets a specialist's contact within 2
// working days. The numbers are company policy, so they come from
// DeadlinePolicy (data/orders/deadline_policy.txt).
#ifndef FIELDSERVICE_ORDERS_DOMAIN_DEADLINES_H_
#define FIELDSERVICE_ORDERS_DOMAIN_DEADLINES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/calendar.h"
#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

struct DeadlinePolicy {
  // From the end of the call to the order's creation [001, 002].
  absl::Duration order_entry = absl::Minutes(3);
  // A promised follow-up ("we call you back") when the agent names no time.
  absl::Duration follow_up = absl::Hours(24);
  // From escalation to the specialist's contact, in working days [001].
  int specialist_contact_working_days = 2;
  // An open deadline is at risk once less than the smaller of these margins
  // remains: the share keeps a 3-minute deadline from being "at risk" for
  // its whole life, the fixed time keeps a 2-day one from warning a day
  // early.
  absl::Duration warn_before = absl::Minutes(30);
  int warn_share_percent = 20;
};

// `key = value` lines, all optional (defaults above):
//   order_entry = 3m                      # absl duration: 90s, 3m, 24h, 1h30m
//   follow_up = 24h
//   specialist_contact_working_days = 2
//   warn_before = 30m
//   warn_share_percent = 20               # 0..100
// Unknown keys and malformed or non-positive values are refused with the line.
absl::StatusOr<DeadlinePolicy> ParseDeadlinePolicy(std::string_view text);

// When the order must exist, measured from the end of the call.
absl::Time EntryDeadline(absl::Time call_ended_at, const DeadlinePolicy& policy);

// The default due time of a follow-up promised at `promised_at`.
absl::Time FollowUpDue(absl::Time promised_at, const DeadlinePolicy& policy);

// The end of the n-th working day after the escalation's business date
// (holidays and 调休 make-up days from the calendar; the escalation day
// itself is not counted).
absl::Time SpecialistContactDue(absl::Time escalated_at, const common::WorkingCalendar& calendar,
                                const DeadlinePolicy& policy);

// When a working-day deadline from `from` to `due` spans a year the holiday
// calendar does not cover (only weekends rest there, so a holiday would be
// counted as a working day), a note for the audit trail naming the years;
// empty otherwise.
std::string UncoveredCalendarNote(const common::WorkingCalendar& calendar, absl::Time from,
                                  absl::Time due);

// kClosedUnmet: the order became final (closed, cancelled, resolved remotely)
// while the deadline was open; it was neither met nor is it owed any more.
enum class DeadlineState { kOnTrack, kAtRisk, kOverdue, kMet, kMetLate, kClosedUnmet };

// Stable snake_case name ("at_risk"), for storage and reports.
std::string_view DeadlineStateName(DeadlineState state);

// Where a deadline stands at `now`. Met at or before `due` is met (3:00 after
// the call is within 3 minutes); open and past `due` is overdue; open with
// less than the warning margin left is at risk. The share margin needs the
// deadline's `start`; without it only `warn_before` applies.
// When an open deadline from `start` to `due` becomes at risk: the smaller
// margin of warn_before and warn_share_percent of its span (only warn_before
// without a start). Stored with the deadline, so listing "at risk" is a query.
absl::Time WarnAt(std::optional<absl::Time> start, absl::Time due, const DeadlinePolicy& policy);

// The state of a stored deadline at `now`; the same rule as Evaluate. A met
// deadline is met (or met late) even if the order closed later; an unmet
// one that was closed is closed.
DeadlineState StateOf(const OrderDeadline& deadline, absl::Time now);

// Closes every deadline still open (not met, not closed) at `now`: called
// when the order enters a final status. Returns how many it closed.
int CloseOpenDeadlines(std::vector<OrderDeadline>& deadlines, absl::Time now);

// When the sweeper next has something to record for this deadline: its
// warning time until the reminder is recorded, then its due time until the
// breach is; none once met, closed or breached. Stored with the deadline so
// that the sweep reads only the rows it must act on.
std::optional<absl::Time> NextSweepAt(const OrderDeadline& deadline);

// A time for people to read in messages, reasons and audit events: the
// business zone's wall time with its offset, never the host's zone, e.g.
// "2026-12-01 18:30 (UTC+8)".
std::string FormatBusinessTime(absl::Time t, absl::TimeZone zone);

DeadlineState Evaluate(absl::Time due, std::optional<absl::Time> met_at, absl::Time now,
                       const DeadlinePolicy& policy,
                       std::optional<absl::Time> start = std::nullopt);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_DEADLINES_H_
