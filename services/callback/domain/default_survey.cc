#include "services/callback/domain/default_survey.h"

#include <string>
#include <utility>

namespace fieldservice::callback {
namespace {

Question YesNo(std::string key, std::string zh, std::string en, FindingKind finding,
               bool bad_when_yes = false) {
  Question q;
  q.key = std::move(key);
  q.text_zh = std::move(zh);
  q.text_en = std::move(en);
  q.type = QuestionType::kYesNo;
  q.finding = finding;
  q.bad_when_yes = bad_when_yes;
  return q;
}

Question FreeText(std::string key, std::string zh, std::string en) {
  Question q;
  q.key = std::move(key);
  q.text_zh = std::move(zh);
  q.text_en = std::move(en);
  q.type = QuestionType::kFreeText;
  // The customer may have nothing to add.
  q.required = false;
  return q;
}

}  // namespace

Survey DefaultSurvey() {
  Survey s;
  s.id = std::string(kDefaultSurveyId);
  s.version = 1;
  s.title = "电话回访";
  // 电话回访语言规范 (1), (5), (6), (7); (2) to (4) are questions below.
  s.script = {
      {ScriptMoment::kOpening, "您好!我是 信息回访员,我姓*,能了解一下您家的***(产品)的使用情况吗?",
       "Hello! I am the callback agent, my name is *; may I ask how your *** (product) is "
       "working?"},
      {ScriptMoment::kOnProblem,
       "对不起!给您添麻烦了,请不要着急,我马上为您联系,尽快为您解决***问题。",
       "Sorry for the trouble! Please don't worry: I will arrange it at once and have the *** "
       "problem solved as soon as possible."},
      {ScriptMoment::kClosing, "如果有问题,请再打电话 ,我们将及时为您服务。",
       "If there is any problem, please call us again at (the hotline); we will serve you "
       "promptly."},
      {ScriptMoment::kClosing, "感谢您对我们的工作提出宝贵意见。谢谢!再见。",
       "Thank you for your valuable comments on our work. Thank you! Goodbye."},
  };

  // 内容 (1): the product's quality and use.
  s.questions.push_back(YesNo("product_working", "您家的***(产品)使用情况是否正常?",
                              "Is your *** (product) working normally now?",
                              FindingKind::kNotSolved));
  s.questions.push_back(FreeText("other_usage", "其它使用情况",
                                 "Anything else about its use (note where and how it is used, "
                                 "so the customer can be given a sound explanation)."));

  // 规范 (3): the technician.
  Question satisfaction;
  satisfaction.key = "technician_satisfaction";
  satisfaction.text_zh = "您对维修人员的服务满意吗?";
  satisfaction.text_en =
      "Are you satisfied with the technician's service? (1 very dissatisfied to 5 very satisfied)";
  satisfaction.type = QuestionType::kRating;
  satisfaction.finding = FindingKind::kDissatisfied;
  satisfaction.bad_rating_at_most = kDefaultDissatisfiedAtMost;
  s.questions.push_back(std::move(satisfaction));
  s.questions.push_back(YesNo("work_id_shown", "他们是否向您出示 “工作证”?",
                              "Did they show you their work ID?", FindingKind::kNoWorkId));

  // 内容 (2): the service staff's quality of service.
  s.questions.push_back(
      YesNo("tidy_dress", "衣着是否整齐?", "Were they tidily dressed?", FindingKind::kNotTidy));
  s.questions.push_back(YesNo("proper_language", "语言是否用规范?",
                              "Did they use proper, polite language?",
                              FindingKind::kRudeOrArguing));
  s.questions.push_back(YesNo("argued_or_insulted", "是否与用户争吵、讽刺或辱骂用户",
                              "Did they argue with you, mock or insult you?",
                              FindingKind::kRudeOrArguing, /*bad_when_yes=*/true));
  s.questions.push_back(
      YesNo("on_time", "维修完成是否及时?", "Was the repair done on time?", FindingKind::kLate));
  Question fees;
  fees.key = "fees_paid";
  fees.text_zh = "是否按规定收取用户费用?";
  fees.text_en =
      "Were fees charged as the rules say? (Ask what the customer paid in all; record it in fen, "
      "0 if nothing.)";
  fees.type = QuestionType::kAmount;
  fees.finding = FindingKind::kFeeAgainstRules;
  s.questions.push_back(std::move(fees));
  s.questions.push_back(YesNo("use_explained", "是否向用户介绍产品的使用保养常识?",
                              "Did they explain how to use and look after the product?",
                              FindingKind::kNoUseExplanation));
  s.questions.push_back(YesNo("function_tested", "是否当用户面试机?",
                              "Did they test the product in front of you?",
                              FindingKind::kNoFunctionTest));
  s.questions.push_back(YesNo("repair_quality_satisfied", "对维修质量是否满意?",
                              "Are you satisfied with the quality of the repair?",
                              FindingKind::kDissatisfied));
  s.questions.push_back(YesNo("opinion_written_by_customer",
                              "维修记录上“用户意见栏”的意见是否由用户填写",
                              "Did you write the opinion box on the repair record yourself?",
                              FindingKind::kRecordNotSignedByCustomer));
  s.questions.push_back(YesNo("signed_by_customer", "是否由用户亲自签名?",
                              "Did you sign the repair record yourself?",
                              FindingKind::kRecordNotSignedByCustomer));
  s.questions.push_back(YesNo("product_cleaned", "是否为用户擦干净产品?",
                              "Did they wipe the product clean for you?",
                              FindingKind::kProductNotCleaned));
  s.questions.push_back(YesNo("polite_goodbye", "是否与用户礼貌地道别?",
                              "Did they say goodbye politely?", FindingKind::kNoPoliteGoodbye));

  // 内容 (3): the customer's opinion (规范 (4) asks the same).
  s.questions.push_back(FreeText(
      "other_comments", "是否有其它不满意的地方?对本公司产品和服务有何意见或建议?",
      "Is there anything else you are unhappy with? Any comments or suggestions on our products "
      "and service?"));
  return s;
}

}  // namespace fieldservice::callback
