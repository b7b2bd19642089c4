#include "services/callback/domain/findings.h"

#include <algorithm>
#include <string_view>

#include "absl/strings/numbers.h"

namespace fieldservice::callback {
namespace {

bool PaidAgainstRules(int64_t paid_fen, const RepairFacts& facts) {
  if (facts.free_under_warranty) return paid_fen > 0;
  return paid_fen > facts.charged_fen;
}

// Whether `answer` to `q` raises q's finding.
bool IsBad(const Question& q, std::string_view answer, const RepairFacts& facts) {
  switch (q.type) {
    case QuestionType::kYesNo:
      return answer == (q.bad_when_yes ? "yes" : "no");
    case QuestionType::kRating: {
      int rating = 0;
      return absl::SimpleAtoi(absl::string_view(answer.data(), answer.size()), &rating) &&
             rating >= 1 && rating <= q.bad_rating_at_most;
    }
    case QuestionType::kChoice:
      return std::find(q.bad_choices.begin(), q.bad_choices.end(), answer) != q.bad_choices.end();
    case QuestionType::kAmount: {
      int64_t paid_fen = 0;
      return absl::SimpleAtoi(absl::string_view(answer.data(), answer.size()), &paid_fen) &&
             paid_fen >= 0 && PaidAgainstRules(paid_fen, facts);
    }
    case QuestionType::kFreeText:
      return false;
  }
  return false;
}

bool Has(const std::vector<Finding>& findings, FindingKind kind) {
  return std::any_of(findings.begin(), findings.end(),
                     [kind](const Finding& f) { return f.kind == kind; });
}

}  // namespace

FindingClass ClassOf(FindingKind kind) {
  return kind == FindingKind::kNotSolved ? FindingClass::kReopens : FindingClass::kConduct;
}

std::vector<Finding> Findings(const Survey& survey, const Answers& answers,
                              const RepairFacts& facts) {
  std::vector<Finding> out;
  for (const Question& q : survey.questions) {
    if (!q.finding.has_value()) continue;
    auto it = answers.find(q.key);
    if (it == answers.end() || !IsBad(q, it->second, facts)) continue;
    out.push_back({*q.finding, FindingSource::kAnswer, q.key});
  }
  // The record speaks even when the customer's answer did not (or the
  // question was not asked): scheduling refuses such a record today, but a
  // record from before that check still counts. Without a record there is
  // nothing to read: its absence is no lapse of the technician's.
  if (!facts.record_known) return out;
  if (!facts.function_test_recorded && !Has(out, FindingKind::kNoFunctionTest)) {
    out.push_back({FindingKind::kNoFunctionTest, FindingSource::kRepairRecord, ""});
  }
  if (!facts.record_signed && !Has(out, FindingKind::kRecordNotSignedByCustomer)) {
    out.push_back({FindingKind::kRecordNotSignedByCustomer, FindingSource::kRepairRecord, ""});
  }
  if (facts.free_under_warranty && facts.charged_fen > 0 &&
      !Has(out, FindingKind::kFeeAgainstRules)) {
    out.push_back({FindingKind::kFeeAgainstRules, FindingSource::kRepairRecord, ""});
  }
  return out;
}

CallbackOutcome OutcomeOf(const std::vector<Finding>& findings) {
  for (const Finding& f : findings) {
    if (ClassOf(f.kind) == FindingClass::kReopens) return CallbackOutcome::kNotSolved;
  }
  return CallbackOutcome::kSatisfied;
}

std::vector<Finding> ConductFindings(const std::vector<Finding>& findings) {
  std::vector<Finding> out;
  for (const Finding& f : findings) {
    if (ClassOf(f.kind) == FindingClass::kConduct) out.push_back(f);
  }
  return out;
}

}  // namespace fieldservice::callback
