#include "services/callback/domain/attempt_policy.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"
#include "tests/callback/domain/task_test_support.h"

namespace fieldservice::callback {
namespace {

using ::fieldservice::callback::testing::China;
using ::fieldservice::callback::testing::NewTask;
using ::fieldservice::callback::testing::Visit;
using ::testing::HasSubstr;

class AttemptTest : public ::testing::Test {
 protected:
  // Claims the task at `now` and records one call's outcome.
  absl::StatusOr<CallbackTask> Call(const CallbackTask& task, absl::Time now,
                                    AttemptOutcome outcome,
                                    std::optional<absl::Time> call_back_at = std::nullopt) {
    absl::StatusOr<CallbackTask> held = Claim(task, "agent-a", now, policy_);
    if (!held.ok()) return held.status();
    return RecordAttempt(*std::move(held), "agent-a", outcome, call_back_at, now + absl::Minutes(1),
                         policy_);
  }

  CallbackPolicy policy_;
  CallbackTask task_ = NewTask(Visit("RO-1", China(2026, 11, 2, 15, 0)));
  absl::Time open_ = China(2026, 11, 3, 9, 0);
};

TEST_F(AttemptTest, NoAnswerRetriesAfterTheSpacing) {
  const absl::StatusOr<CallbackTask> after = Call(task_, open_, AttemptOutcome::kNoAnswer);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->state, TaskState::kRetryWait);
  EXPECT_TRUE(after->agent_id.empty());
  const absl::Time retry = open_ + absl::Minutes(1) + absl::Hours(2);
  EXPECT_EQ(after->next_attempt_at, retry);
  ASSERT_EQ(after->attempts.size(), 1u);
  EXPECT_EQ(after->attempts[0].outcome, AttemptOutcome::kNoAnswer);
  EXPECT_EQ(after->attempts[0].agent_id, "agent-a");

  // Not claimable before the retry time, claimable from it.
  EXPECT_FALSE(IsClaimable(*after, retry - absl::Seconds(1), policy_));
  EXPECT_TRUE(IsClaimable(*after, retry, policy_));
  const absl::StatusOr<CallbackTask> early =
      Claim(*after, "agent-b", retry - absl::Seconds(1), policy_);
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(early.status().message(), HasSubstr("retry time"));
  const absl::StatusOr<CallbackTask> again = Claim(*after, "agent-b", retry, policy_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->claimed_from, TaskState::kRetryWait);
}

TEST_F(AttemptTest, GivesUpAfterTheMostAttemptsAndFlagsTheOrder) {
  absl::Time now = open_;
  absl::StatusOr<CallbackTask> task = Call(task_, now, AttemptOutcome::kNoAnswer);
  ASSERT_TRUE(task.ok());
  now = task->next_attempt_at;
  task = Call(*task, now, AttemptOutcome::kBusy);
  ASSERT_TRUE(task.ok());
  EXPECT_EQ(task->state, TaskState::kRetryWait);
  EXPECT_FALSE(task->order_flagged);
  now = task->next_attempt_at;
  task = Call(*task, now, AttemptOutcome::kNoAnswer);  // the third
  ASSERT_TRUE(task.ok());
  EXPECT_EQ(task->state, TaskState::kGaveUp);
  EXPECT_EQ(task->give_up_reason, GiveUpReason::kUnreachable);
  EXPECT_TRUE(task->order_flagged);
  EXPECT_EQ(task->finished_at, now + absl::Minutes(1));
  EXPECT_EQ(task->attempts.size(), 3u);
  EXPECT_FALSE(IsClaimable(*task, now + absl::Hours(10), policy_));
  EXPECT_EQ(Claim(*task, "agent-a", now + absl::Hours(10), policy_).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(AttemptTest, TheNumberOfAttemptsIsPolicy) {
  policy_.max_attempts = 1;
  const absl::StatusOr<CallbackTask> after = Call(task_, open_, AttemptOutcome::kBusy);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->state, TaskState::kGaveUp);
}

TEST_F(AttemptTest, WrongNumberGivesUpAtOnce) {
  const absl::StatusOr<CallbackTask> after = Call(task_, open_, AttemptOutcome::kWrongNumber);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->state, TaskState::kGaveUp);
  EXPECT_EQ(after->give_up_reason, GiveUpReason::kWrongNumber);
  EXPECT_TRUE(after->order_flagged);
}

TEST_F(AttemptTest, WrongNumberCountsAsUnansweredWhenPolicySaysSo) {
  policy_.wrong_number_gives_up = false;
  const absl::StatusOr<CallbackTask> after = Call(task_, open_, AttemptOutcome::kWrongNumber);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->state, TaskState::kRetryWait);
  EXPECT_EQ(UnansweredAttempts(after->attempts, policy_), 1);
}

TEST_F(AttemptTest, CallBackLaterAtTheCustomersTime) {
  const absl::Time customer_time = China(2026, 11, 4, 19, 30);
  const absl::StatusOr<CallbackTask> after =
      Call(task_, open_, AttemptOutcome::kCallBackLater, customer_time);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->state, TaskState::kRetryWait);
  EXPECT_EQ(after->next_attempt_at, customer_time);
  EXPECT_EQ(after->attempts[0].call_back_at, customer_time);
  // The customer was reached: it does not count towards giving up.
  EXPECT_EQ(UnansweredAttempts(after->attempts, policy_), 0);
  EXPECT_FALSE(IsClaimable(*after, customer_time - absl::Minutes(1), policy_));
  EXPECT_TRUE(IsClaimable(*after, customer_time, policy_));
}

TEST_F(AttemptTest, CallBackLaterNeedsATimeWithinTheLimits) {
  const absl::StatusOr<CallbackTask> held = Claim(task_, "agent-a", open_, policy_);
  ASSERT_TRUE(held.ok());
  auto field_of = [](const absl::Status& s) {
    const std::vector<common::FieldViolation> v = common::FieldViolationsOf(s);
    return v.empty() ? std::string() : v[0].field;
  };
  const absl::StatusOr<CallbackTask> no_time =
      RecordAttempt(*held, "agent-a", AttemptOutcome::kCallBackLater, std::nullopt, open_, policy_);
  EXPECT_EQ(no_time.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(field_of(no_time.status()), "call_back_time");
  const absl::StatusOr<CallbackTask> past = RecordAttempt(
      *held, "agent-a", AttemptOutcome::kCallBackLater, open_ - absl::Hours(1), open_, policy_);
  EXPECT_EQ(past.status().code(), absl::StatusCode::kInvalidArgument);
  const absl::StatusOr<CallbackTask> too_far =
      RecordAttempt(*held, "agent-a", AttemptOutcome::kCallBackLater,
                    open_ + absl::Hours(7 * 24) + absl::Seconds(1), open_, policy_);
  EXPECT_EQ(too_far.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(too_far.status().message(), HasSubstr("callback_call_back_later_max_delay"));
  const absl::StatusOr<CallbackTask> at_limit =
      RecordAttempt(*held, "agent-a", AttemptOutcome::kCallBackLater, open_ + absl::Hours(7 * 24),
                    open_, policy_);
  EXPECT_TRUE(at_limit.ok()) << at_limit.status();
  const absl::StatusOr<CallbackTask> time_with_busy = RecordAttempt(
      *held, "agent-a", AttemptOutcome::kBusy, open_ + absl::Hours(1), open_, policy_);
  EXPECT_EQ(time_with_busy.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(AttemptTest, PostponedTooOftenGivesUp) {
  policy_.max_call_back_later = 2;
  absl::Time now = open_;
  absl::StatusOr<CallbackTask> task = task_;
  for (int i = 0; i < 2; ++i) {
    task = Call(*task, now, AttemptOutcome::kCallBackLater, now + absl::Hours(3));
    ASSERT_TRUE(task.ok()) << task.status();
    EXPECT_EQ(task->state, TaskState::kRetryWait);
    now = task->next_attempt_at;
  }
  task = Call(*task, now, AttemptOutcome::kCallBackLater, now + absl::Hours(3));
  ASSERT_TRUE(task.ok());
  EXPECT_EQ(task->state, TaskState::kGaveUp);
  EXPECT_EQ(task->give_up_reason, GiveUpReason::kPostponedTooOften);
  EXPECT_TRUE(task->order_flagged);
}

TEST_F(AttemptTest, OnlyTheHolderRecords) {
  const absl::StatusOr<CallbackTask> held = Claim(task_, "agent-a", open_, policy_);
  ASSERT_TRUE(held.ok());
  const absl::StatusOr<CallbackTask> other =
      RecordAttempt(*held, "agent-b", AttemptOutcome::kNoAnswer, std::nullopt, open_, policy_);
  EXPECT_EQ(other.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(other.status().message(), HasSubstr("agent agent-a holds"));
  const absl::StatusOr<CallbackTask> unclaimed =
      RecordAttempt(task_, "agent-a", AttemptOutcome::kNoAnswer, std::nullopt, open_, policy_);
  EXPECT_EQ(unclaimed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(unclaimed.status().message(), HasSubstr("'RecordAttempt' is not allowed"));
}

}  // namespace
}  // namespace fieldservice::callback
