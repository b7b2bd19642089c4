// What an ended callback task owes the other services (issue 11, DOMAIN.md
// "The callback"): the verdict to orders (satisfied closes, not solved
// reopens, unreachable flags) and the rating with the conduct findings to
// scheduling; nothing for a change that ends nothing.
#include "services/callback/domain/outcome_report.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/callback/domain/default_survey.h"
#include "tests/callback/domain/task_test_support.h"

namespace fieldservice::callback::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

CallbackRecord Pending() {
  CallbackRecord r;
  r.task.visit = Visit("RO-1", China(2026, 11, 23, 15, 0));
  r.task.visit.technician_id = "tech-7";
  return r;
}

CallbackRecord Completed(std::vector<Finding> findings, Answers answers = {}) {
  CallbackRecord r = Pending();
  r.task.state = TaskState::kCompleted;
  SurveyResult result;
  result.submitted = {std::string(kDefaultSurveyId), 1, std::move(answers)};
  result.findings = std::move(findings);
  result.outcome = OutcomeOf(result.findings);
  r.result = std::move(result);
  return r;
}

Finding FromAnswer(FindingKind kind, const std::string& key) {
  return {kind, FindingSource::kAnswer, key};
}

TEST(OutcomeReportTest, ACompletedTaskOwesTheVerdictAndTheRatingOnce) {
  const CallbackRecord before = Pending();
  const CallbackRecord after = Completed({});
  EXPECT_THAT(OwedBy(before, after), ElementsAre(OwedMessage{kOrdersOutcomeTopic, "RO-1/1"},
                                                 OwedMessage{kSchedulingRatingTopic, "RO-1/1"}));
  // A later change to an ended task (none is allowed today) owes nothing.
  EXPECT_THAT(OwedBy(after, after), IsEmpty());
}

// A carry-in unit repaired at the outlet's counter: the verdict goes to
// orders, and there is no technician to rate.
TEST(OutcomeReportTest, ACounterRepairOwesTheVerdictOnly) {
  CallbackRecord before = Pending();
  before.task.visit.technician_id.clear();
  CallbackRecord after = Completed({});
  after.task.visit.technician_id.clear();
  EXPECT_THAT(OwedBy(before, after), ElementsAre(OwedMessage{kOrdersOutcomeTopic, "RO-1/1"}));
}

TEST(OutcomeReportTest, AGivenUpTaskOwesOrdersTheUnreachableVerdict) {
  CallbackRecord after = Pending();
  after.task.state = TaskState::kGaveUp;
  after.task.give_up_reason = GiveUpReason::kUnreachable;
  after.task.attempts.resize(3);
  EXPECT_THAT(OwedBy(Pending(), after), ElementsAre(OwedMessage{kOrdersOutcomeTopic, "RO-1/1"}));
  auto verdict = VerdictOf(after);
  ASSERT_TRUE(verdict.has_value());
  EXPECT_EQ(verdict->verdict, OrderVerdict::kUnreachable);
  EXPECT_THAT(verdict->reason, HasSubstr("UNREACHABLE, 3 calls"));
}

TEST(OutcomeReportTest, ClaimsRetriesAndReleasesOweNothing) {
  CallbackRecord claimed = Pending();
  claimed.task.state = TaskState::kClaimed;
  CallbackRecord waiting = Pending();
  waiting.task.state = TaskState::kRetryWait;
  EXPECT_THAT(OwedBy(Pending(), claimed), IsEmpty());
  EXPECT_THAT(OwedBy(claimed, waiting), IsEmpty());
  EXPECT_FALSE(VerdictOf(claimed).has_value());
  EXPECT_FALSE(RatingOf(claimed, DefaultSurvey()).has_value());
}

TEST(OutcomeReportTest, NotSolvedReopensWithTheFindingsAsTheReason) {
  const CallbackRecord r = Completed({FromAnswer(FindingKind::kNotSolved, "product_working"),
                                      FromAnswer(FindingKind::kRudeOrArguing, "argued")});
  auto verdict = VerdictOf(r);
  ASSERT_TRUE(verdict.has_value());
  EXPECT_EQ(verdict->verdict, OrderVerdict::kNotSolved);
  EXPECT_THAT(verdict->reason, HasSubstr("NOT_SOLVED, RUDE_OR_ARGUING"));
  EXPECT_EQ(VerdictOf(Completed({}))->verdict, OrderVerdict::kSatisfied);
}

// The rating is the answer to the survey's RATING question that raises
// DISSATISFIED; the conduct findings go with it, each once, without
// DISSATISFIED (the rating says it) or NOT_SOLVED (not conduct).
TEST(OutcomeReportTest, TheRatingCarriesTheConductFindings) {
  const CallbackRecord r =
      Completed({FromAnswer(FindingKind::kNotSolved, "product_working"),
                 FromAnswer(FindingKind::kDissatisfied, "technician_satisfaction"),
                 FromAnswer(FindingKind::kNoWorkId, "work_id_shown"),
                 FromAnswer(FindingKind::kFeeAgainstRules, "fees_paid"),
                 Finding{FindingKind::kFeeAgainstRules, FindingSource::kRepairRecord, ""}},
                {{"technician_satisfaction", "2"}});
  auto rating = RatingOf(r, DefaultSurvey());
  ASSERT_TRUE(rating.has_value());
  EXPECT_EQ(rating->rating, 2);
  EXPECT_THAT(rating->conduct_findings, ElementsAre("NO_WORK_ID", "FEE_AGAINST_RULES"));
}

TEST(OutcomeReportTest, ARatingNotGivenIsZero) {
  auto rating = RatingOf(Completed({}, {{"technician_satisfaction", "不知道"}}), DefaultSurvey());
  ASSERT_TRUE(rating.has_value());
  EXPECT_EQ(rating->rating, 0);
  EXPECT_THAT(rating->conduct_findings, IsEmpty());
}

}  // namespace
}  // namespace fieldservice::callback::testing
