#include "services/callback/domain/outcome_report.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/callback/domain/findings.h"

namespace fieldservice::callback {
namespace {

bool Reached(TaskState state, const CallbackRecord& before, const CallbackRecord& after) {
  return after.task.state == state && before.task.state != state;
}

std::string FindingNames(const std::vector<Finding>& findings) {
  std::vector<std::string> names;
  for (const Finding& f : findings) {
    const std::string name(common::NameOf(kFindingKindNames, f.kind));
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return absl::StrJoin(names, ", ");
}

}  // namespace

std::vector<OwedMessage> OwedBy(const CallbackRecord& before, const CallbackRecord& after) {
  const std::string key = after.task.key();
  std::vector<OwedMessage> owed;
  if (Reached(TaskState::kCompleted, before, after)) {
    owed.push_back({kOrdersOutcomeTopic, key});
    if (!after.task.visit.technician_id.empty()) owed.push_back({kSchedulingRatingTopic, key});
  } else if (Reached(TaskState::kGaveUp, before, after)) {
    owed.push_back({kOrdersOutcomeTopic, key});
  }
  return owed;
}

std::optional<VerdictReport> VerdictOf(const CallbackRecord& record) {
  const CallbackTask& t = record.task;
  if (t.state == TaskState::kGaveUp) {
    return VerdictReport{OrderVerdict::kUnreachable,
                         absl::StrCat("回访未联系上 (callback gave up: ",
                                      std::string(GiveUpReasonName(t.give_up_reason)), ", ",
                                      t.attempts.size(), " calls)")};
  }
  if (t.state != TaskState::kCompleted || !record.result.has_value()) return std::nullopt;
  const SurveyResult& r = *record.result;
  if (r.outcome == CallbackOutcome::kNotSolved) {
    return VerdictReport{OrderVerdict::kNotSolved,
                         absl::StrCat("回访未解决 (callback: not solved; findings: ",
                                      FindingNames(r.findings), ")")};
  }
  return VerdictReport{OrderVerdict::kSatisfied,
                       r.findings.empty()
                           ? std::string("回访满意 (callback: satisfied)")
                           : absl::StrCat("回访满意 (callback: satisfied; findings: ",
                                          FindingNames(r.findings), ")")};
}

std::optional<RatingReport> RatingOf(const CallbackRecord& record, const Survey& survey) {
  if (record.task.state != TaskState::kCompleted || !record.result.has_value()) {
    return std::nullopt;
  }
  const SurveyResult& r = *record.result;
  RatingReport out;
  for (const Question& q : survey.questions) {
    if (q.type != QuestionType::kRating || q.finding != FindingKind::kDissatisfied) continue;
    auto answer = r.submitted.answers.find(q.key);
    int rating = 0;
    if (answer != r.submitted.answers.end() && absl::SimpleAtoi(answer->second, &rating) &&
        rating >= 1 && rating <= 5) {
      out.rating = rating;
    }
    break;
  }
  for (const Finding& f : r.findings) {
    if (ClassOf(f.kind) != FindingClass::kConduct || f.kind == FindingKind::kDissatisfied) {
      continue;
    }
    const std::string name(common::NameOf(kFindingKindNames, f.kind));
    if (std::find(out.conduct_findings.begin(), out.conduct_findings.end(), name) ==
        out.conduct_findings.end()) {
      out.conduct_findings.push_back(name);
    }
  }
  return out;
}

}  // namespace fieldservice::callback
