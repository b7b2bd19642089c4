#include "services/orders/domain/deadlines.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/common/enum_names.h"
#include "services/common/policy_text.h"

namespace fieldservice::orders {
namespace {

absl::Status ParsePositiveDuration(const common::PolicyLine& line, absl::Duration* out) {
  if (!absl::ParseDuration(line.value, out) || *out <= absl::ZeroDuration() ||
      *out == absl::InfiniteDuration()) {
    return common::PolicyLineError(line, absl::StrCat(line.key,
                                                      " must be a positive duration "
                                                      "such as 90s, 3m or 24h"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DeadlinePolicy> ParseDeadlinePolicy(std::string_view text) {
  absl::StatusOr<std::vector<common::PolicyLine>> lines = common::ParsePolicyLines(text);
  if (!lines.ok()) return lines.status();
  DeadlinePolicy policy;
  for (const common::PolicyLine& line : *lines) {
    absl::Status status;
    if (line.key == "order_entry") {
      status = ParsePositiveDuration(line, &policy.order_entry);
    } else if (line.key == "follow_up") {
      status = ParsePositiveDuration(line, &policy.follow_up);
    } else if (line.key == "warn_before") {
      status = ParsePositiveDuration(line, &policy.warn_before);
    } else if (line.key == "specialist_contact_working_days") {
      int& days = policy.specialist_contact_working_days;
      if (!absl::SimpleAtoi(line.value, &days) || days < 1 || days > 366) {
        status = common::PolicyLineError(line, "specialist_contact_working_days must be 1 to 366");
      }
    } else if (line.key == "warn_share_percent") {
      int& share = policy.warn_share_percent;
      if (!absl::SimpleAtoi(line.value, &share) || share < 0 || share > 100) {
        status = common::PolicyLineError(line, "warn_share_percent must be 0 to 100");
      }
    } else {
      status = common::PolicyLineError(line, absl::StrCat("unknown key '", line.key, "'"));
    }
    if (!status.ok()) return status;
  }
  return policy;
}

absl::Time EntryDeadline(absl::Time call_ended_at, const DeadlinePolicy& policy) {
  return call_ended_at + policy.order_entry;
}

absl::Time FollowUpDue(absl::Time promised_at, const DeadlinePolicy& policy) {
  return promised_at + policy.follow_up;
}

absl::Time SpecialistContactDue(absl::Time escalated_at, const common::WorkingCalendar& calendar,
                                const DeadlinePolicy& policy) {
  return calendar.WorkingDaysDeadline(escalated_at, policy.specialist_contact_working_days);
}

std::string UncoveredCalendarNote(const common::WorkingCalendar& calendar, absl::Time from,
                                  absl::Time due) {
  std::vector<std::string> missing;
  for (int year = static_cast<int>(calendar.BusinessDay(from).year());
       year <= static_cast<int>(calendar.BusinessDay(due).year()); ++year) {
    if (!calendar.CoversYear(year)) missing.push_back(absl::StrCat(year));
  }
  if (missing.empty()) return "";
  return absl::StrCat("working days counted without a holiday calendar for ",
                      absl::StrJoin(missing, ", "),
                      " (only weekends rest there; load the year's calendar)");
}

std::string_view DeadlineStateName(DeadlineState state) {
  static constexpr common::EnumName<DeadlineState> kNames[] = {
      {DeadlineState::kOnTrack, "on_track"}, {DeadlineState::kAtRisk, "at_risk"},
      {DeadlineState::kOverdue, "overdue"},  {DeadlineState::kMet, "met"},
      {DeadlineState::kMetLate, "met_late"}, {DeadlineState::kClosedUnmet, "closed_unmet"}};
  return common::NameOf(kNames, state);
}

absl::Time WarnAt(std::optional<absl::Time> start, absl::Time due, const DeadlinePolicy& policy) {
  absl::Duration margin = policy.warn_before;
  if (start.has_value() && *start < due) {
    margin = std::min(margin, (due - *start) * policy.warn_share_percent / 100);
  }
  return due - margin;
}

DeadlineState Evaluate(absl::Time due, std::optional<absl::Time> met_at, absl::Time now,
                       const DeadlinePolicy& policy, std::optional<absl::Time> start) {
  OrderDeadline d;
  d.due = due;
  d.warn_at = WarnAt(start, due, policy);
  d.met_at = met_at;
  return StateOf(d, now);
}

DeadlineState StateOf(const OrderDeadline& d, absl::Time now) {
  if (d.met_at.has_value()) {
    return *d.met_at <= d.due ? DeadlineState::kMet : DeadlineState::kMetLate;
  }
  if (d.closed_at.has_value()) return DeadlineState::kClosedUnmet;
  if (now > d.due) return DeadlineState::kOverdue;
  return now > d.warn_at ? DeadlineState::kAtRisk : DeadlineState::kOnTrack;
}

int CloseOpenDeadlines(std::vector<OrderDeadline>& deadlines, absl::Time now) {
  int closed = 0;
  for (OrderDeadline& d : deadlines) {
    if (d.met_at.has_value() || d.closed_at.has_value()) continue;
    d.closed_at = now;
    ++closed;
  }
  return closed;
}

std::optional<absl::Time> NextSweepAt(const OrderDeadline& d) {
  if (d.met_at.has_value() || d.closed_at.has_value()) return std::nullopt;
  if (!d.warned_at.has_value()) return d.warn_at;
  if (!d.breached_at.has_value()) return d.due;
  return std::nullopt;
}

std::string FormatBusinessTime(absl::Time t, absl::TimeZone zone) {
  int offset_minutes = zone.At(t).offset / 60;
  std::string offset = absl::StrCat("UTC", offset_minutes < 0 ? "-" : "+");
  offset_minutes = std::abs(offset_minutes);
  absl::StrAppend(&offset, offset_minutes / 60);
  if (offset_minutes % 60 != 0)
    absl::StrAppend(&offset, absl::StrFormat(":%02d", offset_minutes % 60));
  return absl::StrCat(absl::FormatTime("%Y-%m-%d %H:%M", t, zone), " (", offset, ")");
}

}  // namespace fieldservice::orders
