// The default survey: the seed script's callback (002, 电话回访内容), every
// question of it in its order, with the opening, on-problem and closing lines
// of 电话回访语言规范 kept as the agent's script. Where the script's own
// wording is a direct question (语言规范 (2), (3)) that wording is used; a
// seed line that asks two things ("衣着是否整齐?语言是否用规范?") is two
// questions, so each answer raises its own finding.
//
// Questions, their types and what a bad answer raises:
//   product_working             内容(1)(a), 规范(2)  YES_NO  no  -> NOT_SOLVED
//   other_usage                 内容(1)(b)           FREE_TEXT, optional
//   technician_satisfaction     规范(3)              RATING  <=2 -> DISSATISFIED
//   work_id_shown               规范(3)              YES_NO  no  -> NO_WORK_ID
//   tidy_dress                  内容(2)(a)           YES_NO  no  -> NOT_TIDY
//   proper_language             内容(2)(a)           YES_NO  no  -> RUDE_OR_ARGUING
//   argued_or_insulted          内容(2)(b)           YES_NO  yes -> RUDE_OR_ARGUING
//   on_time                     内容(2)(c)           YES_NO  no  -> LATE
//   fees_paid                   内容(2)(d)           AMOUNT      -> FEE_AGAINST_RULES
//   use_explained               内容(2)(e)           YES_NO  no  -> NO_USE_EXPLANATION
//   function_tested             内容(2)(f)           YES_NO  no  -> NO_FUNCTION_TEST
//   repair_quality_satisfied    内容(2)(f)           YES_NO  no  -> DISSATISFIED
//   opinion_written_by_customer 内容(2)(g)           YES_NO  no  -> RECORD_NOT_SIGNED_BY_CUSTOMER
//   signed_by_customer          内容(2)(g)           YES_NO  no  -> RECORD_NOT_SIGNED_BY_CUSTOMER
//   product_cleaned             内容(2)(h)           YES_NO  no  -> PRODUCT_NOT_CLEANED
//   polite_goodbye              内容(2)(i)           YES_NO  no  -> NO_POLITE_GOODBYE
//   other_comments              内容(3), 规范(4)     FREE_TEXT, optional
//
// "是否按规定收取用户费用?" is asked as an AMOUNT (what the customer says
// they paid, in fen): the customer cannot know the 三包 rules, but they know
// what they paid, and findings.h compares that with the repair record and
// the decision. A YES_NO would turn a fee check into an opinion.
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_DEFAULT_SURVEY_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_DEFAULT_SURVEY_H_

#include <string_view>

#include "services/callback/domain/survey.h"

namespace fieldservice::callback {

// The default survey's id; its first version is DefaultSurvey().
inline constexpr std::string_view kDefaultSurveyId = "default";

// Version 1 of the default survey (a fresh value each call).
Survey DefaultSurvey();

// The rating at or below which a customer is taken as dissatisfied with the
// technician in the default survey (1 very dissatisfied .. 5 very
// satisfied): 3 is "neither", so only 1 and 2 raise a finding. A survey
// wanting another threshold is a new version with its own value.
inline constexpr int kDefaultDissatisfiedAtMost = 2;

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_DEFAULT_SURVEY_H_
