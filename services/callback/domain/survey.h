// The callback survey (回访问卷, issue 11 "Surveys"): typed questions, each
// carrying the finding a bad answer raises, grouped in a versioned survey.
// A version, once defined, never changes: a new wording or a new question is
// a new Survey value with the next version, and a submitted survey keeps the
// version it was asked under, so old submissions are still checked (and their
// findings computed) against the questions the customer was actually asked.
//
// Answers travel as text, one per question key, so that the API and storage
// need no per-type columns; the text each type takes:
//   YES_NO     "yes" or "no"
//   RATING     "1" to "5" (5 is best)
//   CHOICE     the key of one of the question's options
//   AMOUNT     what the customer says they paid, in fen, as decimal digits
//              ("0" when they paid nothing)
//   FREE_TEXT  the customer's words (valid UTF-8, at most the policy's length)
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_SURVEY_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_SURVEY_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/enum_names.h"
#include "services/common/errors.h"

namespace fieldservice::callback {

enum class QuestionType { kYesNo, kRating, kChoice, kAmount, kFreeText };

// Stable names (storage, API enum values). Never rename a row; add new ones.
inline constexpr common::EnumName<QuestionType> kQuestionTypeNames[] = {
    {QuestionType::kYesNo, "YES_NO"},       {QuestionType::kRating, "RATING"},
    {QuestionType::kChoice, "CHOICE"},      {QuestionType::kAmount, "AMOUNT"},
    {QuestionType::kFreeText, "FREE_TEXT"},
};

// What a bad answer (or the repair record) says went wrong. findings.h
// classifies them: which reopens the order, which count against the
// technician.
enum class FindingKind {
  kNotSolved,                  // the product still does not work
  kDissatisfied,               // unhappy with the technician or the repair
  kNoWorkId,                   // no 工作证 shown
  kNotTidy,                    // untidy dress (衣着不整齐)
  kRudeOrArguing,              // improper language, argued, mocked or insulted
  kLate,                       // the repair was not done in time
  kFeeAgainstRules,            // paid more than the rules allow
  kNoUseExplanation,           // use and upkeep not explained
  kNoFunctionTest,             // no test in front of the customer (试机)
  kRecordNotSignedByCustomer,  // opinion box not written or signed by the customer
  kProductNotCleaned,          // the product was left dirty
  kNoPoliteGoodbye,            // left without a polite goodbye
};

inline constexpr common::EnumName<FindingKind> kFindingKindNames[] = {
    {FindingKind::kNotSolved, "NOT_SOLVED"},
    {FindingKind::kDissatisfied, "DISSATISFIED"},
    {FindingKind::kNoWorkId, "NO_WORK_ID"},
    {FindingKind::kNotTidy, "NOT_TIDY"},
    {FindingKind::kRudeOrArguing, "RUDE_OR_ARGUING"},
    {FindingKind::kLate, "LATE"},
    {FindingKind::kFeeAgainstRules, "FEE_AGAINST_RULES"},
    {FindingKind::kNoUseExplanation, "NO_USE_EXPLANATION"},
    {FindingKind::kNoFunctionTest, "NO_FUNCTION_TEST"},
    {FindingKind::kRecordNotSignedByCustomer, "RECORD_NOT_SIGNED_BY_CUSTOMER"},
    {FindingKind::kProductNotCleaned, "PRODUCT_NOT_CLEANED"},
    {FindingKind::kNoPoliteGoodbye, "NO_POLITE_GOODBYE"},
};

// One option of a CHOICE question.
struct ChoiceOption {
  std::string key;  // the answer's text ("cash")
  std::string text_zh;
  std::string text_en;

  friend bool operator==(const ChoiceOption&, const ChoiceOption&) = default;
};

struct Question {
  // Stable across versions ("product_working"): reports group answers by it.
  std::string key;
  // The words the agent reads, as the seed script words them, and a gloss.
  std::string text_zh;
  std::string text_en;
  QuestionType type = QuestionType::kYesNo;
  bool required = true;
  std::vector<ChoiceOption> options;  // CHOICE only
  // What a bad answer raises; none for FREE_TEXT (an agent reads it).
  std::optional<FindingKind> finding;
  // Which answer is bad, by type:
  // YES_NO: this answer ("no" for "did they show their work ID?", "yes"
  // for "did they argue with you?").
  bool bad_when_yes = false;
  // RATING: a rating at most this (1 to 4: 5 would make every answer bad).
  int bad_rating_at_most = 0;
  // CHOICE: these option keys.
  std::vector<std::string> bad_choices;
  // AMOUNT: fixed by findings.h, against the repair record: anything paid on
  // a free repair, or more than the record charges.

  friend bool operator==(const Question&, const Question&) = default;
};

// A line the agent says that is not a question (电话回访语言规范): the
// greeting, what to say when a problem is found, the goodbye.
enum class ScriptMoment { kOpening, kOnProblem, kClosing };

inline constexpr common::EnumName<ScriptMoment> kScriptMomentNames[] = {
    {ScriptMoment::kOpening, "OPENING"},
    {ScriptMoment::kOnProblem, "ON_PROBLEM"},
    {ScriptMoment::kClosing, "CLOSING"},
};

struct ScriptLine {
  ScriptMoment moment = ScriptMoment::kOpening;
  // Verbatim, placeholders included ("我姓*", "***(产品)"): the agent fills
  // them in as they speak.
  std::string text_zh;
  std::string text_en;

  friend bool operator==(const ScriptLine&, const ScriptLine&) = default;
};

struct Survey {
  std::string id;   // "default"
  int version = 1;  // 1, 2, ... per id
  std::string title;
  std::vector<ScriptLine> script;
  std::vector<Question> questions;  // in the order they are asked

  // The question with `key`, or nullptr.
  const Question* Find(std::string_view key) const;

  friend bool operator==(const Survey&, const Survey&) = default;
};

// Limits of a survey definition and its answers; the service fills them
// from configuration.
struct SurveyPolicy {
  // A survey id and a question or option key: [a-z0-9_], starting with a letter.
  size_t max_key_chars = 64;
  // A question's or script line's text.
  size_t max_text_chars = 500;
  // Questions in one survey (the seed script has 17).
  int max_questions = 100;
  // A free-text answer: the customer's words as the agent notes them.
  size_t max_free_text_chars = 2000;
  // The most a customer can say they paid on one visit (fen): 100,000 yuan,
  // far above any household repair, so a typo of extra digits is refused.
  int64_t max_amount_fen = 10'000'000;
};

// OK, or InvalidArgument naming each limit that is not positive: the service
// checks the policy it built from configuration once, at start-up.
absl::Status CheckSurveyPolicy(const SurveyPolicy& policy);

// Whether `key` is a valid survey, question or option key.
bool IsSurveyKey(std::string_view key, size_t max_chars);

// Adds a violation for each broken rule of `survey`, paths as
// "survey.questions[3].options":
// - id is a key; version is at least 1; title is not blank;
// - at least one question, at most the policy's number;
// - question keys are keys and unique;
// - texts (questions, options, script lines) are not blank, valid UTF-8 and
//   within the policy's length;
// - CHOICE has at least two options with unique keys, and its bad choices
//   name options; only CHOICE has options or bad choices;
// - RATING with a finding has bad_rating_at_most 1 to 4; other types 0;
// - FREE_TEXT raises no finding; bad_when_yes only on YES_NO.
void CheckSurvey(const Survey& survey, const SurveyPolicy& policy, common::Violations& v);

// Answers by question key.
using Answers = std::map<std::string, std::string>;

// What an agent submits: the survey version asked, and the answers.
struct SubmittedSurvey {
  std::string survey_id;
  int survey_version = 0;
  Answers answers;

  friend bool operator==(const SubmittedSurvey&, const SubmittedSurvey&) = default;
};

// The path an answer's violation is reported under: answers["on_time"].
std::string AnswerPath(std::string_view key);

// Adds a violation for each answer that does not fit `survey` (paths as
// AnswerPath): an unknown key; a required question unanswered (or blank);
// an answer not of its type's form (the table above); a rating outside 1 to
// 5; a choice not among the options; an amount negative, not digits or over
// the policy; free text that is not UTF-8 or too long.
void CheckAnswers(const Survey& survey, const Answers& answers, const SurveyPolicy& policy,
                  common::Violations& v);

// The versions of each survey. Defining a version checks it and refuses
// any change to one already defined: the next version must be exactly one
// more than the latest (the first is 1).
class SurveyVersions {
 public:
  // OK; InvalidArgument naming each broken rule (CheckSurvey); AlreadyExists
  // when the version exists with other content (the same content again is
  // OK, so a repeated definition is harmless); FailedPrecondition when it is
  // not the next version.
  absl::Status Define(Survey survey, const SurveyPolicy& policy);
  // NotFound naming the id and version.
  absl::StatusOr<const Survey*> Get(std::string_view id, int version) const;
  // The highest version of `id`; NotFound when none.
  absl::StatusOr<const Survey*> Latest(std::string_view id) const;

 private:
  std::map<std::string, std::vector<Survey>, std::less<>> by_id_;  // [version - 1]
};

// Checks `submitted` against the version it names: NotFound when that
// version is unknown, InvalidArgument naming each bad answer otherwise.
absl::Status CheckSubmission(const SurveyVersions& versions, const SubmittedSurvey& submitted,
                             const SurveyPolicy& policy);

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_SURVEY_H_
