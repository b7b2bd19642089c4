#include "services/callback/domain/callback_queue.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/callback/domain/task_test_support.h"

namespace fieldservice::callback {
namespace {

using ::fieldservice::callback::testing::China;
using ::fieldservice::callback::testing::NewTask;
using ::fieldservice::callback::testing::Visit;
using ::testing::ElementsAre;

// A task with the given window, made by hand so each rule is tested alone.
CallbackTask Task(const std::string& order, absl::Time due_at, bool complaint,
                  absl::Time completed_at) {
  CallbackTask t = NewTask(Visit(order, completed_at, complaint));
  t.due_at = due_at;
  t.earliest_at = completed_at;
  t.next_attempt_at = completed_at;
  return t;
}

std::vector<std::string> Ordered(std::vector<CallbackTask> tasks, absl::Time now) {
  std::sort(tasks.begin(), tasks.end(),
            [now](const CallbackTask& a, const CallbackTask& b) { return MoreUrgent(a, b, now); });
  std::vector<std::string> orders;
  for (const CallbackTask& t : tasks) orders.push_back(t.visit.order_number);
  return orders;
}

class QueueTest : public ::testing::Test {
 protected:
  CallbackPolicy policy_;
  absl::Time now_ = China(2026, 11, 12, 10, 0);
  absl::Time done_ = China(2026, 11, 2, 15, 0);
};

TEST_F(QueueTest, OverdueFirstThenEarliestDue) {
  const std::vector<CallbackTask> tasks = {
      Task("later", China(2026, 11, 14), false, done_),
      Task("overdue", China(2026, 11, 11), false, done_),
      Task("sooner", China(2026, 11, 13), false, done_),
      Task("very-overdue", China(2026, 11, 9), false, done_),
  };
  EXPECT_THAT(Ordered(tasks, now_), ElementsAre("very-overdue", "overdue", "sooner", "later"));
  EXPECT_EQ(PickMostUrgent(tasks, now_, policy_), 3u);
}

TEST_F(QueueTest, ComplaintBeforeRepairAtEqualDueThenOldestCompletion) {
  const absl::Time due = China(2026, 11, 13);
  const std::vector<CallbackTask> tasks = {
      Task("repair-old", due, false, done_),
      Task("complaint-new", due, true, done_ + absl::Hours(5)),
      Task("repair-new", due, false, done_ + absl::Hours(1)),
      Task("complaint-old", due, true, done_),
  };
  EXPECT_THAT(Ordered(tasks, now_),
              ElementsAre("complaint-old", "complaint-new", "repair-old", "repair-new"));
  EXPECT_EQ(PickMostUrgent(tasks, now_, policy_), 3u);
}

TEST_F(QueueTest, SkipsTasksNotYetClaimable) {
  std::vector<CallbackTask> tasks = {
      Task("waiting-retry", China(2026, 11, 9), false, done_),
      Task("window-not-open", China(2026, 11, 10), false, done_),
      Task("held", China(2026, 11, 11), false, done_),
      Task("done", China(2026, 11, 8), false, done_),
      Task("ready", China(2026, 11, 20), false, done_),
  };
  tasks[0].state = TaskState::kRetryWait;
  tasks[0].next_attempt_at = now_ + absl::Minutes(1);
  tasks[1].next_attempt_at = now_ + absl::Hours(1);
  tasks[2] = *Claim(tasks[2], "agent-a", now_ - absl::Minutes(9), policy_);
  tasks[3].state = TaskState::kCompleted;
  EXPECT_EQ(PickMostUrgent(tasks, now_, policy_), 4u);

  // A minute on: the retry time is reached and the claim lapsed.
  EXPECT_EQ(PickMostUrgent(tasks, now_ + absl::Minutes(1), policy_), 0u);
  tasks[0].state = TaskState::kGaveUp;
  EXPECT_EQ(PickMostUrgent(tasks, now_ + absl::Minutes(1), policy_), 2u);
}

TEST_F(QueueTest, NothingClaimable) {
  CallbackTask held =
      *Claim(Task("held", China(2026, 11, 11), false, done_), "agent-a", now_, policy_);
  const std::vector<CallbackTask> tasks = {held};
  EXPECT_EQ(PickMostUrgent(tasks, now_, policy_), std::nullopt);
  EXPECT_EQ(PickMostUrgent({}, now_, policy_), std::nullopt);
}

// Real windows: a complaint handled the same afternoon as a repair is due
// later (7 days against 3 working days), so the repair comes first; once the
// repair is called, the complaint is next.
TEST_F(QueueTest, RealWindowsFromTheCalendar) {
  std::vector<CallbackTask> tasks = {
      NewTask(Visit("complaint", done_, true)),
      NewTask(Visit("repair", done_, false)),
  };
  const absl::Time morning = China(2026, 11, 3, 9, 0);
  ASSERT_EQ(PickMostUrgent(tasks, morning, policy_), 1u);
  tasks[1] = *Claim(tasks[1], "agent-a", morning, policy_);
  EXPECT_EQ(PickMostUrgent(tasks, morning, policy_), 0u);
}

}  // namespace
}  // namespace fieldservice::callback
