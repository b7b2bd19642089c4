// The default survey is the seed script's callback, every question of it
// (issue 11 "Surveys"; seeds/002 电话回访语言规范 and 电话回访内容).
#include "services/callback/domain/default_survey.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "services/common/files.h"

namespace fieldservice::callback {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Text without its whitespace: the seed breaks long lines and pads a few
// places with a space.
std::string Squeezed(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) out.push_back(c);
  }
  return out;
}

TEST(DefaultSurveyTest, Validates) {
  common::Violations v;
  CheckSurvey(DefaultSurvey(), SurveyPolicy{}, v);
  EXPECT_THAT(v.list(), IsEmpty());
  EXPECT_EQ(DefaultSurvey().id, kDefaultSurveyId);
  EXPECT_EQ(DefaultSurvey().version, 1);
}

TEST(DefaultSurveyTest, AsksEveryQuestionOfTheScriptInOrder) {
  std::vector<std::string> keys;
  for (const Question& q : DefaultSurvey().questions) keys.push_back(q.key);
  EXPECT_THAT(keys, ElementsAre("product_working", "other_usage", "technician_satisfaction",
                                "work_id_shown", "tidy_dress", "proper_language",
                                "argued_or_insulted", "on_time", "fees_paid", "use_explained",
                                "function_tested", "repair_quality_satisfied",
                                "opinion_written_by_customer", "signed_by_customer",
                                "product_cleaned", "polite_goodbye", "other_comments"));
}

// The seed's wording, embedded so the test holds where the seed file is not
// beside the checkout; SeedFileHasEveryText checks these against the file.
struct Expected {
  std::string key;
  std::string text_zh;
  QuestionType type;
  std::optional<FindingKind> finding;
};

std::vector<Expected> ExpectedQuestions() {
  using enum QuestionType;
  return {
      {"product_working", "您家的***(产品)使用情况是否正常?", kYesNo, FindingKind::kNotSolved},
      {"other_usage", "其它使用情况", kFreeText, std::nullopt},
      {"technician_satisfaction", "您对维修人员的服务满意吗?", kRating, FindingKind::kDissatisfied},
      {"work_id_shown", "他们是否向您出示 “工作证”?", kYesNo, FindingKind::kNoWorkId},
      {"tidy_dress", "衣着是否整齐?", kYesNo, FindingKind::kNotTidy},
      {"proper_language", "语言是否用规范?", kYesNo, FindingKind::kRudeOrArguing},
      {"argued_or_insulted", "是否与用户争吵、讽刺或辱骂用户", kYesNo, FindingKind::kRudeOrArguing},
      {"on_time", "维修完成是否及时?", kYesNo, FindingKind::kLate},
      {"fees_paid", "是否按规定收取用户费用?", kAmount, FindingKind::kFeeAgainstRules},
      {"use_explained", "是否向用户介绍产品的使用保养常识?", kYesNo,
       FindingKind::kNoUseExplanation},
      {"function_tested", "是否当用户面试机?", kYesNo, FindingKind::kNoFunctionTest},
      {"repair_quality_satisfied", "对维修质量是否满意?", kYesNo, FindingKind::kDissatisfied},
      {"opinion_written_by_customer", "维修记录上“用户意见栏”的意见是否由用户填写", kYesNo,
       FindingKind::kRecordNotSignedByCustomer},
      {"signed_by_customer", "是否由用户亲自签名?", kYesNo,
       FindingKind::kRecordNotSignedByCustomer},
      {"product_cleaned", "是否为用户擦干净产品?", kYesNo, FindingKind::kProductNotCleaned},
      {"polite_goodbye", "是否与用户礼貌地道别?", kYesNo, FindingKind::kNoPoliteGoodbye},
      {"other_comments", "是否有其它不满意的地方?对本公司产品和服务有何意见或建议?", kFreeText,
       std::nullopt},
  };
}

TEST(DefaultSurveyTest, EachQuestionIsWordedTypedAndRaisesItsFinding) {
  const Survey survey = DefaultSurvey();
  for (const Expected& e : ExpectedQuestions()) {
    const Question* q = survey.Find(e.key);
    ASSERT_NE(q, nullptr) << e.key;
    EXPECT_EQ(q->text_zh, e.text_zh) << e.key;
    EXPECT_EQ(q->type, e.type) << e.key;
    EXPECT_EQ(q->finding, e.finding) << e.key;
    EXPECT_FALSE(q->text_en.empty()) << e.key;
    // Only the free-text questions may be left unanswered.
    EXPECT_EQ(q->required, e.type != QuestionType::kFreeText) << e.key;
  }
  EXPECT_EQ(survey.questions.size(), ExpectedQuestions().size());
  // The one "yes" that is bad, and the rating threshold.
  EXPECT_TRUE(survey.Find("argued_or_insulted")->bad_when_yes);
  EXPECT_EQ(survey.Find("technician_satisfaction")->bad_rating_at_most, 2);
}

TEST(DefaultSurveyTest, KeepsTheOpeningAndClosingLinesAsScript) {
  std::vector<ScriptMoment> moments;
  for (const ScriptLine& line : DefaultSurvey().script) moments.push_back(line.moment);
  EXPECT_THAT(moments, ElementsAre(ScriptMoment::kOpening, ScriptMoment::kOnProblem,
                                   ScriptMoment::kClosing, ScriptMoment::kClosing));
  EXPECT_EQ(DefaultSurvey().script[0].text_zh,
            "您好!我是 信息回访员,我姓*,能了解一下您家的***(产品)的使用情况吗?");
}

TEST(DefaultSurveyTest, SeedFileHasEveryText) {
  const std::filesystem::path seed =
      std::filesystem::path(FS_SOURCE_DIR) / ".." / "shared" / "seeds" / "002_6b40492d57317053.txt";
  if (!std::filesystem::exists(seed)) {
    GTEST_SKIP() << "the seed script is not beside the checkout: " << seed;
  }
  absl::StatusOr<std::string> text = common::ReadTextFile(seed.string());
  ASSERT_TRUE(text.ok()) << text.status();
  // Only the callback sections: a question's words must come from there.
  const std::string all = Squeezed(*text);
  const size_t from = all.find("电话回访语言规范");
  const size_t to = all.find("“三包”服务承诺", from);
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  const std::string callback = all.substr(from, to - from);
  const Survey survey = DefaultSurvey();
  for (const Question& q : survey.questions) {
    EXPECT_NE(callback.find(Squeezed(q.text_zh)), std::string::npos) << q.key << ": " << q.text_zh;
  }
  for (const ScriptLine& line : survey.script) {
    EXPECT_NE(callback.find(Squeezed(line.text_zh)), std::string::npos) << line.text_zh;
  }
  for (const Expected& e : ExpectedQuestions()) {
    EXPECT_NE(callback.find(Squeezed(e.text_zh)), std::string::npos) << e.key;
  }
}

}  // namespace
}  // namespace fieldservice::callback
