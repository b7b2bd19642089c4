// The rules of a survey definition and of the answers to one (survey.h).
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/callback/domain/survey.h"
#include "services/common/utf8.h"

namespace fieldservice::callback {
namespace {

constexpr int kMinRating = 1;
constexpr int kMaxRating = 5;

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

void CheckText(std::string_view text, const std::string& path, size_t max_chars,
               common::Violations& v) {
  if (IsBlank(text)) {
    v.Add(path, "is required");
  } else if (!common::IsValidUtf8(text)) {
    v.Add(path, "is not valid UTF-8");
  } else if (common::CountChars(text) > max_chars) {
    v.Add(path, absl::StrCat("is longer than ", max_chars, " characters"));
  }
}

void CheckKey(std::string_view key, const std::string& path, size_t max_chars,
              common::Violations& v) {
  if (!IsSurveyKey(key, max_chars)) {
    v.Add(path,
          absl::StrCat("must be 1 to ", max_chars, " of a-z, 0-9 and '_', starting with a letter"));
  }
}

void CheckQuestion(const Question& q, const std::string& path, const SurveyPolicy& policy,
                   common::Violations& v) {
  CheckKey(q.key, path + ".key", policy.max_key_chars, v);
  CheckText(q.text_zh, path + ".text_zh", policy.max_text_chars, v);
  CheckText(q.text_en, path + ".text_en", policy.max_text_chars, v);
  const bool choice = q.type == QuestionType::kChoice;
  if (choice) {
    if (q.options.size() < 2) v.Add(path + ".options", "a choice needs at least two options");
    std::set<std::string> keys;
    for (size_t i = 0; i < q.options.size(); ++i) {
      const ChoiceOption& o = q.options[i];
      const std::string opath = absl::StrCat(path, ".options[", i, "]");
      CheckKey(o.key, opath + ".key", policy.max_key_chars, v);
      if (!keys.insert(o.key).second) v.Add(opath + ".key", "repeats an option key");
      CheckText(o.text_zh, opath + ".text_zh", policy.max_text_chars, v);
      CheckText(o.text_en, opath + ".text_en", policy.max_text_chars, v);
    }
    for (size_t i = 0; i < q.bad_choices.size(); ++i) {
      if (!keys.contains(q.bad_choices[i])) {
        v.Add(absl::StrCat(path, ".bad_choices[", i, "]"), "is not one of the options");
      }
    }
  } else {
    if (!q.options.empty()) v.Add(path + ".options", "only a CHOICE question has options");
    if (!q.bad_choices.empty()) {
      v.Add(path + ".bad_choices", "only a CHOICE question has bad choices");
    }
  }
  if (q.type == QuestionType::kRating && q.finding.has_value()) {
    if (q.bad_rating_at_most < kMinRating || q.bad_rating_at_most >= kMaxRating) {
      v.Add(path + ".bad_rating_at_most",
            absl::StrFormat("must be %d to %d: the highest rating at which the finding is raised",
                            kMinRating, kMaxRating - 1));
    }
  } else if (q.bad_rating_at_most != 0) {
    v.Add(path + ".bad_rating_at_most", "only a RATING question with a finding has a threshold");
  }
  if (q.bad_when_yes && q.type != QuestionType::kYesNo) {
    v.Add(path + ".bad_when_yes", "only a YES_NO question has a bad yes");
  }
  if (q.type == QuestionType::kFreeText && q.finding.has_value()) {
    v.Add(path + ".finding", "a FREE_TEXT answer raises no finding (an agent reads it)");
  }
  if (choice && q.finding.has_value() && q.bad_choices.empty()) {
    v.Add(path + ".bad_choices",
          "a CHOICE question with a finding names the choices that raise it");
  }
}

std::string AnswerForm(QuestionType type) {
  switch (type) {
    case QuestionType::kYesNo:
      return "\"yes\" or \"no\"";
    case QuestionType::kRating:
      return absl::StrFormat("a rating %d to %d", kMinRating, kMaxRating);
    case QuestionType::kChoice:
      return "one of the options";
    case QuestionType::kAmount:
      return "an amount in fen (digits)";
    case QuestionType::kFreeText:
      return "text";
  }
  return "?";
}

void CheckAnswer(const Question& q, std::string_view answer, const std::string& path,
                 const SurveyPolicy& policy, common::Violations& v) {
  switch (q.type) {
    case QuestionType::kYesNo:
      if (answer != "yes" && answer != "no") v.Add(path, "must be \"yes\" or \"no\"");
      return;
    case QuestionType::kRating: {
      int rating = 0;
      if (!absl::SimpleAtoi(absl::string_view(answer.data(), answer.size()), &rating) ||
          rating < kMinRating || rating > kMaxRating) {
        v.Add(path, absl::StrCat("must be ", AnswerForm(q.type)));
      }
      return;
    }
    case QuestionType::kChoice:
      for (const ChoiceOption& o : q.options) {
        if (o.key == answer) return;
      }
      v.Add(path, absl::StrCat("is not one of the options of ", q.key));
      return;
    case QuestionType::kAmount: {
      int64_t fen = 0;
      // Digits only: SimpleAtoi would take "+5" or " 5".
      const bool digits =
          !answer.empty() && answer.find_first_not_of("0123456789") == std::string_view::npos;
      if (!digits || !absl::SimpleAtoi(absl::string_view(answer.data(), answer.size()), &fen)) {
        v.Add(path, absl::StrCat("must be ", AnswerForm(q.type), ", 0 or more"));
      } else if (fen > policy.max_amount_fen) {
        v.Add(path, absl::StrCat("is more than ", policy.max_amount_fen, " fen"));
      }
      return;
    }
    case QuestionType::kFreeText:
      if (!common::IsValidUtf8(answer)) {
        v.Add(path, "is not valid UTF-8");
      } else if (common::CountChars(answer) > policy.max_free_text_chars) {
        v.Add(path, absl::StrCat("is longer than ", policy.max_free_text_chars, " characters"));
      }
      return;
  }
}

}  // namespace

absl::Status CheckSurveyPolicy(const SurveyPolicy& policy) {
  common::Violations v;
  if (policy.max_key_chars == 0) v.Add("max_key_chars", "must be positive");
  if (policy.max_text_chars == 0) v.Add("max_text_chars", "must be positive");
  if (policy.max_questions <= 0) v.Add("max_questions", "must be positive");
  if (policy.max_free_text_chars == 0) v.Add("max_free_text_chars", "must be positive");
  if (policy.max_amount_fen <= 0) v.Add("max_amount_fen", "must be positive");
  return v.ToStatus();
}

bool IsSurveyKey(std::string_view key, size_t max_chars) {
  if (key.empty() || key.size() > max_chars || !absl::ascii_islower(key[0])) return false;
  for (char c : key) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '_') return false;
  }
  return true;
}

void CheckSurvey(const Survey& survey, const SurveyPolicy& policy, common::Violations& v) {
  CheckKey(survey.id, "survey.id", policy.max_key_chars, v);
  if (survey.version < 1) v.Add("survey.version", "must be 1 or more");
  CheckText(survey.title, "survey.title", policy.max_text_chars, v);
  for (size_t i = 0; i < survey.script.size(); ++i) {
    const std::string path = absl::StrCat("survey.script[", i, "]");
    CheckText(survey.script[i].text_zh, path + ".text_zh", policy.max_text_chars, v);
    CheckText(survey.script[i].text_en, path + ".text_en", policy.max_text_chars, v);
  }
  if (survey.questions.empty()) {
    v.Add("survey.questions", "a survey asks at least one question");
  } else if (static_cast<int>(survey.questions.size()) > policy.max_questions) {
    v.Add("survey.questions", absl::StrCat("has more than ", policy.max_questions, " questions"));
  }
  std::set<std::string> keys;
  for (size_t i = 0; i < survey.questions.size(); ++i) {
    const std::string path = absl::StrCat("survey.questions[", i, "]");
    CheckQuestion(survey.questions[i], path, policy, v);
    if (!survey.questions[i].key.empty() && !keys.insert(survey.questions[i].key).second) {
      v.Add(path + ".key", absl::StrCat("repeats the key ", survey.questions[i].key));
    }
  }
}

std::string AnswerPath(std::string_view key) {
  return absl::StrCat("answers[\"", std::string(key), "\"]");
}

void CheckAnswers(const Survey& survey, const Answers& answers, const SurveyPolicy& policy,
                  common::Violations& v) {
  // In the survey's order, so the agent sees problems as they were asked.
  for (const Question& q : survey.questions) {
    auto it = answers.find(q.key);
    const bool blank = it == answers.end() || IsBlank(it->second);
    if (blank) {
      if (q.required) {
        v.Add(AnswerPath(q.key), absl::StrCat("is required: ", AnswerForm(q.type)));
      }
      continue;
    }
    CheckAnswer(q, it->second, AnswerPath(q.key), policy, v);
  }
  for (const auto& [key, answer] : answers) {
    if (survey.Find(key) == nullptr) {
      v.Add(AnswerPath(key),
            absl::StrCat("is not a question of survey ", survey.id, " version ", survey.version));
    }
  }
}

}  // namespace fieldservice::callback
