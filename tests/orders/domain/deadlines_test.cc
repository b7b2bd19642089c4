// Deadlines: DOMAIN.md "Taking a repair request" (order within 3 minutes of
// the call; a promised follow-up has a deadline, e.g. 24 h, with a reminder
// before it passes; an escalated complaint gets a specialist's contact within
// 2 working days) and "The callback" (working days follow the public-holiday
// calendar, including make-up working weekends).
#include "services/orders/domain/deadlines.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/calendar.h"
#include "services/common/files.h"
#include "tests/orders/host_time_zone.h"

namespace fieldservice::orders {
namespace {

using ::testing::HasSubstr;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 60 * 60);

absl::Time At(int y, int mo, int d, int h, int mi = 0, int s = 0) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s), kChina);
}

common::WorkingCalendar ShippedCalendar() {
  absl::StatusOr<common::WorkingCalendar> cal = common::WorkingCalendar::LoadFile(
      std::string(FS_SOURCE_DIR) + "/data/calendar/cn_holidays.txt", kChina);
  EXPECT_TRUE(cal.ok()) << cal.status();
  return *cal;
}

// "The order is created within 3 minutes of the call ending": created 2:59
// after is met, 3:00 is still within, 3:01 is late.
TEST(EntryDeadlineTest, ThreeMinuteBoundary) {
  const DeadlinePolicy policy;
  const absl::Time ended = At(2026, 3, 2, 9, 0, 0);
  const absl::Time due = EntryDeadline(ended, policy);
  EXPECT_EQ(due, ended + absl::Minutes(3));
  const absl::Time later = ended + absl::Hours(1);
  EXPECT_EQ(Evaluate(due, ended + absl::Seconds(179), later, policy, ended), DeadlineState::kMet);
  EXPECT_EQ(Evaluate(due, ended + absl::Seconds(180), later, policy, ended), DeadlineState::kMet);
  EXPECT_EQ(Evaluate(due, ended + absl::Seconds(181), later, policy, ended),
            DeadlineState::kMetLate);
  // Still open: overdue only after the due instant.
  EXPECT_EQ(Evaluate(due, std::nullopt, ended + absl::Seconds(181), policy, ended),
            DeadlineState::kOverdue);
}

// "The system reminds the owner before it passes": at risk when less than
// the smaller of 30 minutes or 20% of the span remains.
TEST(EvaluateTest, WarningMargin) {
  const DeadlinePolicy policy;
  const absl::Time ended = At(2026, 3, 2, 9);
  const absl::Time entry_due = EntryDeadline(ended, policy);
  // 20% of 3 minutes is 36 s.
  EXPECT_EQ(Evaluate(entry_due, std::nullopt, entry_due - absl::Seconds(37), policy, ended),
            DeadlineState::kOnTrack);
  EXPECT_EQ(Evaluate(entry_due, std::nullopt, entry_due - absl::Seconds(35), policy, ended),
            DeadlineState::kAtRisk);
  EXPECT_EQ(Evaluate(entry_due, std::nullopt, entry_due, policy, ended), DeadlineState::kAtRisk);
  // A 24 h follow-up warns 30 minutes before.
  const absl::Time promised = At(2026, 3, 2, 10);
  const absl::Time follow_due = FollowUpDue(promised, policy);
  EXPECT_EQ(follow_due, At(2026, 3, 3, 10));
  EXPECT_EQ(Evaluate(follow_due, std::nullopt, follow_due - absl::Minutes(31), policy, promised),
            DeadlineState::kOnTrack);
  EXPECT_EQ(Evaluate(follow_due, std::nullopt, follow_due - absl::Minutes(29), policy, promised),
            DeadlineState::kAtRisk);
  // Without the start only the fixed margin applies.
  EXPECT_EQ(Evaluate(follow_due, std::nullopt, follow_due - absl::Minutes(29), policy),
            DeadlineState::kAtRisk);
}

// "An escalated complaint gets a specialist's contact within 2 working
// days", counted like the Civil Code: the escalation day is not counted and
// the deadline is the end of the 2nd working day.
TEST(SpecialistContactDueTest, OrdinaryWeek) {
  const DeadlinePolicy policy;
  const common::WorkingCalendar cal = ShippedCalendar();
  // Thu 5 Mar 2026: Fri 6 and Mon 9 count, the weekend does not.
  EXPECT_EQ(SpecialistContactDue(At(2026, 3, 5, 15), cal, policy), At(2026, 3, 10, 0));
}

// Over a public holiday: 劳动节 1-5 May 2026 are not working days.
TEST(SpecialistContactDueTest, OverAPublicHoliday) {
  const DeadlinePolicy policy;
  const common::WorkingCalendar cal = ShippedCalendar();
  // Thu 30 Apr: Wed 6 and Thu 7 May count.
  EXPECT_EQ(SpecialistContactDue(At(2026, 4, 30, 11), cal, policy), At(2026, 5, 8, 0));
}

// Over a make-up weekend (调休): Sat 9 May 2026 is a working day.
TEST(SpecialistContactDueTest, OverAMakeUpWorkingSaturday) {
  const DeadlinePolicy policy;
  const common::WorkingCalendar cal = ShippedCalendar();
  // Fri 8 May: Sat 9 (worked) and Mon 11 count; without 调休 it would be
  // the end of Tue 12.
  EXPECT_EQ(SpecialistContactDue(At(2026, 5, 8, 16), cal, policy), At(2026, 5, 12, 0));
  // Spring Festival 2026: Sat 14 Feb is worked, 15-23 Feb are off.
  EXPECT_EQ(SpecialistContactDue(At(2026, 2, 13, 9), cal, policy), At(2026, 2, 25, 0));
}

// Business dates are in the configured zone (DESIGN.md: China is UTC+8):
// 16:30 UTC on 7 May is already 8 May in Beijing.
TEST(SpecialistContactDueTest, BusinessDateIsInTheZone) {
  const DeadlinePolicy policy;
  const common::WorkingCalendar cal = ShippedCalendar();
  const absl::Time late_evening_utc =
      absl::FromCivil(absl::CivilSecond(2026, 5, 7, 16, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(SpecialistContactDue(late_evening_utc, cal, policy), At(2026, 5, 12, 0));
}

// DOMAIN.md: policy numbers are configuration; the shipped file holds the
// documented defaults.
TEST(ParseDeadlinePolicyTest, ShippedFileIsTheDefaults) {
  absl::StatusOr<DeadlinePolicy> policy = common::ParseFile<DeadlinePolicy>(
      std::string(FS_SOURCE_DIR) + "/data/orders/deadline_policy.txt", ParseDeadlinePolicy);
  ASSERT_TRUE(policy.ok()) << policy.status();
  const DeadlinePolicy defaults;
  EXPECT_EQ(policy->order_entry, defaults.order_entry);
  EXPECT_EQ(policy->follow_up, defaults.follow_up);
  EXPECT_EQ(policy->specialist_contact_working_days, defaults.specialist_contact_working_days);
  EXPECT_EQ(policy->warn_before, defaults.warn_before);
  EXPECT_EQ(policy->warn_share_percent, defaults.warn_share_percent);
}

TEST(ParseDeadlinePolicyTest, OverridesAndRefusals) {
  absl::StatusOr<DeadlinePolicy> p =
      ParseDeadlinePolicy("order_entry = 5m\nspecialist_contact_working_days = 1 # faster\n");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->order_entry, absl::Minutes(5));
  EXPECT_EQ(p->specialist_contact_working_days, 1);
  EXPECT_EQ(p->follow_up, absl::Hours(24));
  for (const char* bad : {"order_entry = 3", "order_entry = -3m", "follow_up = soon",
                          "warn_share_percent = 120", "specialist_contact_working_days = 0",
                          "order_entry = 3m\norder_entry = 4m", "entry = 3m", "warn_before ="}) {
    absl::StatusOr<DeadlinePolicy> r = ParseDeadlinePolicy(bad);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(r.status().message(), HasSubstr("line ")) << bad;
  }
}

TEST(DeadlineNamesTest, DeadlineStateNames) {
  EXPECT_EQ(DeadlineStateName(DeadlineState::kOnTrack), "on_track");
  EXPECT_EQ(DeadlineStateName(DeadlineState::kMetLate), "met_late");
  EXPECT_EQ(DeadlineStateName(DeadlineState::kClosedUnmet), "closed_unmet");
}

OrderDeadline Open(DeadlineKind kind, absl::Time due) {
  OrderDeadline d;
  d.kind = kind;
  d.due = due;
  d.warn_at = due - absl::Minutes(30);
  return d;
}

// A final order owes nothing more: its open deadlines close and are neither
// at risk nor overdue afterwards, however late it gets; met ones stay met,
// and a breach already recorded stays on record.
TEST(CloseOpenDeadlinesTest, ClosesOnlyOpenOnesAndTheyStayClosed) {
  const absl::Time due = At(2026, 11, 24, 10);
  OrderDeadline entry = Open(DeadlineKind::kOrderEntry, due);
  entry.met_at = due - absl::Hours(1);
  OrderDeadline follow_up = Open(DeadlineKind::kFollowUp, due);
  OrderDeadline overdue = Open(DeadlineKind::kSpecialistContact, due);
  overdue.breached_at = due + absl::Minutes(1);
  std::vector<OrderDeadline> all = {entry, follow_up, overdue};

  const absl::Time closing = due + absl::Hours(2);
  EXPECT_EQ(StateOf(all[1], closing), DeadlineState::kOverdue);
  EXPECT_EQ(CloseOpenDeadlines(all, closing), 2);
  EXPECT_EQ(all[0].closed_at, std::nullopt);
  EXPECT_EQ(StateOf(all[0], closing), DeadlineState::kMet);
  for (int i : {1, 2}) {
    EXPECT_EQ(all[i].closed_at, closing);
    EXPECT_EQ(StateOf(all[i], closing + absl::Hours(24 * 365)), DeadlineState::kClosedUnmet);
    EXPECT_EQ(NextSweepAt(all[i]), std::nullopt);
  }
  EXPECT_EQ(all[2].breached_at, due + absl::Minutes(1));
  EXPECT_EQ(CloseOpenDeadlines(all, closing + absl::Hours(1)), 0);  // closed once
  EXPECT_EQ(all[1].closed_at, closing);
}

// The sweeper's next job on a deadline: the reminder, then the breach, then
// nothing.
TEST(NextSweepAtTest, ReminderThenBreachThenNothing) {
  OrderDeadline d = Open(DeadlineKind::kFollowUp, At(2026, 11, 24, 10));
  EXPECT_EQ(NextSweepAt(d), d.warn_at);
  d.warned_at = d.warn_at + absl::Seconds(5);
  EXPECT_EQ(NextSweepAt(d), d.due);
  d.breached_at = d.due + absl::Seconds(5);
  EXPECT_EQ(NextSweepAt(d), std::nullopt);
  OrderDeadline met = Open(DeadlineKind::kFollowUp, At(2026, 11, 24, 10));
  met.met_at = met.warn_at - absl::Hours(1);
  EXPECT_EQ(NextSweepAt(met), std::nullopt);
}

// Times people read are in the business zone with its offset, whatever the
// host's zone is.
TEST(FormatBusinessTimeTest, BusinessZoneWithOffsetNotTheHostZone) {
  testing::ScopedHostTimeZone host("America/New_York");
  const absl::Time t = At(2026, 12, 1, 18, 30);
  EXPECT_EQ(FormatBusinessTime(t, kChina), "2026-12-01 18:30 (UTC+8)");
  EXPECT_EQ(FormatBusinessTime(t, absl::FixedTimeZone(-(4 * 3600 + 30 * 60))),
            "2026-12-01 06:00 (UTC-4:30)");
  EXPECT_EQ(FormatBusinessTime(t, absl::UTCTimeZone()), "2026-12-01 10:30 (UTC+0)");
}

}  // namespace
}  // namespace fieldservice::orders
