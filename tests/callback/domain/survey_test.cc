// A survey definition's rules, the answer checks (every bad answer named by
// its field) and the versions: a new version keeps old submissions
// checkable against the version they were asked under (issue 11 "Surveys").
#include "services/callback/domain/survey.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/callback/domain/default_survey.h"

namespace fieldservice::callback {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::vector<std::string> SurveyFields(const Survey& s) {
  common::Violations v;
  CheckSurvey(s, SurveyPolicy{}, v);
  std::vector<std::string> out;
  for (const auto& violation : v.list()) out.push_back(violation.field);
  return out;
}

std::vector<std::string> AnswerFields(const Survey& s, const Answers& answers) {
  common::Violations v;
  CheckAnswers(s, answers, SurveyPolicy{}, v);
  std::vector<std::string> out;
  for (const auto& violation : v.list()) out.push_back(violation.field);
  return out;
}

// A small survey with one question of each type.
Survey Small() {
  Survey s;
  s.id = "small";
  s.version = 1;
  s.title = "回访";
  Question working;
  working.key = "working";
  working.text_zh = "使用情况是否正常?";
  working.text_en = "Working?";
  working.finding = FindingKind::kNotSolved;
  Question rating;
  rating.key = "rating";
  rating.text_zh = "满意吗?";
  rating.text_en = "Satisfied?";
  rating.type = QuestionType::kRating;
  rating.finding = FindingKind::kDissatisfied;
  rating.bad_rating_at_most = 2;
  Question paid_how;
  paid_how.key = "paid_how";
  paid_how.text_zh = "如何付款?";
  paid_how.text_en = "How did you pay?";
  paid_how.type = QuestionType::kChoice;
  paid_how.options = {{"nothing", "未付款", "Nothing"}, {"cash", "现金", "Cash"}};
  paid_how.finding = FindingKind::kFeeAgainstRules;
  paid_how.bad_choices = {"cash"};
  Question paid;
  paid.key = "paid";
  paid.text_zh = "付了多少?";
  paid.text_en = "How much?";
  paid.type = QuestionType::kAmount;
  paid.finding = FindingKind::kFeeAgainstRules;
  Question comments;
  comments.key = "comments";
  comments.text_zh = "意见或建议?";
  comments.text_en = "Comments?";
  comments.type = QuestionType::kFreeText;
  comments.required = false;
  s.questions = {working, rating, paid_how, paid, comments};
  return s;
}

Answers GoodAnswers() {
  return {{"working", "yes"}, {"rating", "5"}, {"paid_how", "nothing"}, {"paid", "0"}};
}

TEST(SurveyValidationTest, TheSmallSurveyIsValid) { EXPECT_THAT(SurveyFields(Small()), IsEmpty()); }

TEST(SurveyValidationTest, EveryProblemIsNamedByItsField) {
  Survey s = Small();
  s.id = "Small!";
  s.version = 0;
  s.title = " ";
  s.questions[1].key = "working";                        // repeated
  s.questions[1].bad_rating_at_most = 5;                 // every rating would be bad
  s.questions[2].options.resize(1);                      // a choice of one
  s.questions[2].bad_choices = {"cash"};                 // no longer an option
  s.questions[3].text_zh.clear();                        // blank text
  s.questions[4].finding = FindingKind::kRudeOrArguing;  // free text raises nothing
  EXPECT_THAT(
      SurveyFields(s),
      UnorderedElementsAre("survey.id", "survey.version", "survey.title",
                           "survey.questions[1].bad_rating_at_most", "survey.questions[1].key",
                           "survey.questions[2].options", "survey.questions[2].bad_choices[0]",
                           "survey.questions[3].text_zh", "survey.questions[4].finding"));
}

TEST(SurveyValidationTest, ChoiceOptionsAreCheckedOneByOne) {
  Survey s = Small();
  s.questions[2].options = {{"cash", "现金", "Cash"}, {"cash", "", "Cash again"}};
  EXPECT_THAT(SurveyFields(s), ElementsAre("survey.questions[2].options[1].key",
                                           "survey.questions[2].options[1].text_zh"));
  s = Small();
  s.questions[2].options.clear();
  s.questions[2].bad_choices.clear();
  EXPECT_THAT(SurveyFields(s),
              ElementsAre("survey.questions[2].options", "survey.questions[2].bad_choices"));
}

TEST(SurveyValidationTest, OptionsAndThresholdsBelongToTheirTypes) {
  Survey s = Small();
  s.questions[0].options = {{"a", "甲", "A"}, {"b", "乙", "B"}};
  s.questions[0].bad_rating_at_most = 2;
  s.questions[1].bad_when_yes = true;
  EXPECT_THAT(SurveyFields(s),
              ElementsAre("survey.questions[0].options", "survey.questions[0].bad_rating_at_most",
                          "survey.questions[1].bad_when_yes"));
}

TEST(SurveyValidationTest, RatingThresholdIsOneToFour) {
  Survey s = Small();
  for (int at_most : {1, 4}) {
    s.questions[1].bad_rating_at_most = at_most;
    EXPECT_THAT(SurveyFields(s), IsEmpty()) << at_most;
  }
  for (int at_most : {0, 5}) {
    s.questions[1].bad_rating_at_most = at_most;
    EXPECT_THAT(SurveyFields(s), ElementsAre("survey.questions[1].bad_rating_at_most")) << at_most;
  }
}

TEST(SurveyValidationTest, ASurveyAsksSomething) {
  Survey s = Small();
  s.questions.clear();
  EXPECT_THAT(SurveyFields(s), ElementsAre("survey.questions"));
}

TEST(AnswerCheckTest, GoodAnswersPass) {
  EXPECT_THAT(AnswerFields(Small(), GoodAnswers()), IsEmpty());
  Answers with_comment = GoodAnswers();
  with_comment["comments"] = "师傅很好";
  EXPECT_THAT(AnswerFields(Small(), with_comment), IsEmpty());
}

TEST(AnswerCheckTest, YesNoTakesOnlyYesOrNo) {
  Answers a = GoodAnswers();
  a["working"] = "maybe";
  common::Violations v;
  CheckAnswers(Small(), a, SurveyPolicy{}, v);
  ASSERT_EQ(v.list().size(), 1u);
  EXPECT_EQ(v.list()[0].field, "answers[\"working\"]");
  EXPECT_THAT(v.list()[0].description, HasSubstr("\"yes\" or \"no\""));
}

TEST(AnswerCheckTest, RequiredQuestionsMustBeAnswered) {
  Answers a = GoodAnswers();
  a.erase("working");
  a["rating"] = "  ";
  EXPECT_THAT(AnswerFields(Small(), a), ElementsAre("answers[\"working\"]", "answers[\"rating\"]"));
  // The optional free text may be left out.
  EXPECT_THAT(AnswerFields(Small(), GoodAnswers()), IsEmpty());
}

TEST(AnswerCheckTest, UnknownKeysAreNamed) {
  Answers a = GoodAnswers();
  a["on_time"] = "yes";
  EXPECT_THAT(AnswerFields(Small(), a), ElementsAre("answers[\"on_time\"]"));
}

TEST(AnswerCheckTest, RatingIsOneToFive) {
  Answers a = GoodAnswers();
  for (const char* ok : {"1", "5"}) {
    a["rating"] = ok;
    EXPECT_THAT(AnswerFields(Small(), a), IsEmpty()) << ok;
  }
  for (const char* bad : {"0", "6", "-1", "3.5", "five"}) {
    a["rating"] = bad;
    EXPECT_THAT(AnswerFields(Small(), a), ElementsAre("answers[\"rating\"]")) << bad;
  }
}

TEST(AnswerCheckTest, ChoiceIsOneOfTheOptions) {
  Answers a = GoodAnswers();
  a["paid_how"] = "cash";
  EXPECT_THAT(AnswerFields(Small(), a), IsEmpty());
  a["paid_how"] = "card";
  EXPECT_THAT(AnswerFields(Small(), a), ElementsAre("answers[\"paid_how\"]"));
}

TEST(AnswerCheckTest, AmountIsDigitsWithinThePolicy) {
  Answers a = GoodAnswers();
  a["paid"] = "12500";
  EXPECT_THAT(AnswerFields(Small(), a), IsEmpty());
  for (const char* bad : {"-100", "+5", "12.50", "12 yuan", "99999999999999999999"}) {
    a["paid"] = bad;
    EXPECT_THAT(AnswerFields(Small(), a), ElementsAre("answers[\"paid\"]")) << bad;
  }
  a["paid"] = std::to_string(SurveyPolicy{}.max_amount_fen + 1);
  EXPECT_THAT(AnswerFields(Small(), a), ElementsAre("answers[\"paid\"]"));
}

TEST(AnswerCheckTest, FreeTextIsUtf8WithinThePolicy) {
  Answers a = GoodAnswers();
  a["comments"] = "\xff\xfe";
  EXPECT_THAT(AnswerFields(Small(), a), ElementsAre("answers[\"comments\"]"));
  SurveyPolicy policy;
  a["comments"] = std::string(policy.max_free_text_chars + 1, 'a');
  EXPECT_THAT(AnswerFields(Small(), a), ElementsAre("answers[\"comments\"]"));
}

TEST(AnswerCheckTest, EveryBadAnswerIsReportedAtOnce) {
  Answers a = {{"working", "yes please"}, {"rating", "9"}, {"paid_how", "card"}, {"extra", "x"}};
  EXPECT_THAT(AnswerFields(Small(), a),
              ElementsAre("answers[\"working\"]", "answers[\"rating\"]", "answers[\"paid_how\"]",
                          "answers[\"paid\"]", "answers[\"extra\"]"));
}

TEST(SurveyVersionsTest, VersionsAreDefinedInOrderAndNeverChange) {
  SurveyVersions versions;
  Survey v1 = Small();
  ASSERT_TRUE(versions.Define(v1, SurveyPolicy{}).ok());
  // The same definition again is harmless; other content under version 1 is refused.
  EXPECT_TRUE(versions.Define(v1, SurveyPolicy{}).ok());
  Survey changed = v1;
  changed.questions[0].text_zh = "产品正常吗?";
  EXPECT_EQ(versions.Define(changed, SurveyPolicy{}).code(), absl::StatusCode::kAlreadyExists);
  Survey skipping = v1;
  skipping.version = 3;
  EXPECT_EQ(versions.Define(skipping, SurveyPolicy{}).code(),
            absl::StatusCode::kFailedPrecondition);
  Survey invalid = v1;
  invalid.version = 2;
  invalid.title.clear();
  absl::Status status = versions.Define(invalid, SurveyPolicy{});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(common::FieldViolationsOf(status),
              ElementsAre(common::FieldViolation{"survey.title", "is required"}));

  ASSERT_EQ(*versions.Get("small", 1), *versions.Latest("small"));
  EXPECT_EQ(versions.Get("small", 2).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(versions.Latest("other").status().code(), absl::StatusCode::kNotFound);
}

TEST(SurveyVersionsTest, OldSubmissionsAreCheckedAgainstTheirOwnVersion) {
  SurveyVersions versions;
  ASSERT_TRUE(versions.Define(Small(), SurveyPolicy{}).ok());
  // Version 2 drops "paid_how" and asks "on_time".
  Survey v2 = Small();
  v2.version = 2;
  v2.questions.erase(v2.questions.begin() + 2);
  Question on_time = v2.questions[0];
  on_time.key = "on_time";
  on_time.text_zh = "维修完成是否及时?";
  on_time.text_en = "On time?";
  on_time.finding = FindingKind::kLate;
  v2.questions.push_back(on_time);
  ASSERT_TRUE(versions.Define(v2, SurveyPolicy{}).ok());
  EXPECT_EQ((*versions.Latest("small"))->version, 2);

  const SubmittedSurvey old{"small", 1, GoodAnswers()};
  EXPECT_TRUE(CheckSubmission(versions, old, SurveyPolicy{}).ok());
  // The same answers against version 2 name what differs.
  const SubmittedSurvey as_v2{"small", 2, GoodAnswers()};
  EXPECT_THAT(
      common::FieldViolationsOf(CheckSubmission(versions, as_v2, SurveyPolicy{})),
      ElementsAre(::testing::Field(&common::FieldViolation::field, "answers[\"on_time\"]"),
                  ::testing::Field(&common::FieldViolation::field, "answers[\"paid_how\"]")));
  const SubmittedSurvey unknown{"small", 3, GoodAnswers()};
  EXPECT_EQ(CheckSubmission(versions, unknown, SurveyPolicy{}).code(), absl::StatusCode::kNotFound);
}

TEST(SurveyPolicyTest, EveryLimitIsPositive) {
  EXPECT_TRUE(CheckSurveyPolicy(SurveyPolicy{}).ok());
  SurveyPolicy policy;
  policy.max_questions = 0;
  policy.max_amount_fen = -1;
  std::vector<std::string> fields;
  for (const auto& violation : common::FieldViolationsOf(CheckSurveyPolicy(policy))) {
    fields.push_back(violation.field);
  }
  EXPECT_THAT(fields, ElementsAre("max_questions", "max_amount_fen"));
}

TEST(SurveyKeyTest, KeysAreLowerCaseWords) {
  EXPECT_TRUE(IsSurveyKey("product_working", 64));
  EXPECT_TRUE(IsSurveyKey("q2", 64));
  EXPECT_FALSE(IsSurveyKey("", 64));
  EXPECT_FALSE(IsSurveyKey("2q", 64));
  EXPECT_FALSE(IsSurveyKey("On_time", 64));
  EXPECT_FALSE(IsSurveyKey("on-time", 64));
  EXPECT_FALSE(IsSurveyKey("abc", 2));
}

TEST(SurveyNamesTest, EveryEnumValueHasAName) {
  for (const auto& row : kQuestionTypeNames) {
    EXPECT_EQ(common::ValueNamed(kQuestionTypeNames, row.name), row.value);
  }
  EXPECT_EQ(common::NameOf(kFindingKindNames, FindingKind::kNoPoliteGoodbye), "NO_POLITE_GOODBYE");
  EXPECT_EQ(std::size(kFindingKindNames), 12u);
  EXPECT_EQ(common::NameOf(kScriptMomentNames, ScriptMoment::kClosing), "CLOSING");
}

}  // namespace
}  // namespace fieldservice::callback
