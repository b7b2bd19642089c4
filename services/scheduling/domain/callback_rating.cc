#include "services/scheduling/domain/callback_rating.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/errors.h"
#include "services/common/utf8.h"
#include "services/scheduling/domain/technician_validation.h"

namespace fieldservice::scheduling {
namespace {

constexpr std::string_view kTechnicianPrefix = "technicians/";
constexpr std::string_view kCallbackPrefix = "callbacks/";
// The callback service's order numbers (its CallbackTask's limit).
constexpr size_t kMaxOrderNumberChars = 64;

bool IsFindingCode(std::string_view code) {
  if (code.empty() || code.size() > static_cast<size_t>(kMaxFindingChars)) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return absl::ascii_isupper(c) || absl::ascii_isdigit(c) || c == '_';
  });
}

// "callbacks/{order_number}/{visit_number}" with a plausible order number
// and a visit number of 1 or more.
bool IsCallbackName(std::string_view name) {
  if (!name.starts_with(kCallbackPrefix)) return false;
  name.remove_prefix(kCallbackPrefix.size());
  const size_t slash = name.find('/');
  if (slash == std::string_view::npos) return false;
  const std::string_view order = name.substr(0, slash);
  const std::string_view visit = name.substr(slash + 1);
  if (order.empty() || !common::IsValidUtf8(order) ||
      common::CountChars(order) > kMaxOrderNumberChars) {
    return false;
  }
  // Digits only (no sign, no spaces, no leading zero), so that one visit has
  // one name.
  if (visit.empty() || visit.front() == '0' ||
      !std::all_of(visit.begin(), visit.end(), [](char c) { return absl::ascii_isdigit(c); })) {
    return false;
  }
  int64_t number = 0;
  return absl::SimpleAtoi(std::string(visit), &number) && number >= 1;
}

}  // namespace

absl::Status CheckCallbackRatingPolicy(const CallbackRatingPolicy& policy) {
  std::vector<std::string> problems;
  if (!(policy.conduct_penalty >= 0 && policy.conduct_penalty <= kHighestRating - kLowestRating)) {
    problems.push_back(absl::StrCat("conduct_penalty must be from 0 to ",
                                    kHighestRating - kLowestRating, ", not ",
                                    policy.conduct_penalty));
  }
  if (policy.window < 1 || policy.window > 10000) {
    problems.push_back(absl::StrCat("window must be from 1 to 10000, not ", policy.window));
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("callback rating policy: ", absl::StrJoin(problems, "; ")));
}

absl::StatusOr<CallbackRating> ParseCallbackRating(const CallbackRatingRequest& request,
                                                   const CallbackRatingPolicy& policy) {
  common::Violations v;
  CallbackRating rating;
  std::string_view technician = request.technician;
  const bool prefixed = technician.starts_with(kTechnicianPrefix);
  if (prefixed) technician.remove_prefix(kTechnicianPrefix.size());
  if (!prefixed || !IsValidTechnicianId(technician)) {
    v.Add("technician", "must be technicians/{technician_id}, the id a valid technician login");
  } else {
    rating.technician_id = std::string(technician);
  }
  if (!IsCallbackName(request.callback)) {
    v.Add(
        "callback",
        absl::StrCat("must be callbacks/{order_number}/{visit_number}: the order number 1 to ",
                     kMaxOrderNumberChars, " characters without '/', the visit number 1 or more"));
  }
  if (request.rating < kUnrated || request.rating > kHighestRating) {
    v.Add("rating",
          absl::StrCat("must be ", kLowestRating, " to ", kHighestRating, ", or ", kUnrated,
                       " when the customer did not rate, not ", request.rating));
  }
  if (request.conduct_findings.size() > static_cast<size_t>(kMaxConductFindings)) {
    v.Add("conduct_findings", absl::StrCat("at most ", kMaxConductFindings, " findings, not ",
                                           request.conduct_findings.size()));
  }
  absl::flat_hash_set<std::string_view> seen;
  for (size_t i = 0; i < request.conduct_findings.size(); ++i) {
    const std::string& finding = request.conduct_findings[i];
    const std::string field = absl::StrCat("conduct_findings[", i, "]");
    if (!IsFindingCode(finding)) {
      v.Add(field, absl::StrCat("a finding kind: 1 to ", kMaxFindingChars,
                                " of A-Z, 0-9 and '_' (\"RUDE_OR_ARGUING\")"));
    } else if (!seen.insert(finding).second) {
      v.Add(field, absl::StrCat("\"", finding, "\" is listed twice: each finding once"));
    }
  }
  if (!request.callback_time.has_value() || *request.callback_time == absl::InfinitePast() ||
      *request.callback_time == absl::InfiniteFuture()) {
    v.Add("callback_time", "required: when the survey was submitted");
  }
  if (!v.empty()) return v.ToStatus();
  rating.callback = request.callback;
  rating.rating = request.rating;
  rating.conduct_findings = request.conduct_findings;
  rating.callback_time = *request.callback_time;
  rating.score =
      CallbackScore(rating.rating, static_cast<int>(rating.conduct_findings.size()), policy);
  return rating;
}

std::optional<double> CallbackScore(int rating, int findings, const CallbackRatingPolicy& policy) {
  const bool rated = rating >= kLowestRating && rating <= kHighestRating;
  if (!rated && findings <= 0) return std::nullopt;
  double score = rated ? rating : kHighestRating;
  if (findings > 0) {
    const double conduct =
        std::max<double>(kLowestRating, kHighestRating - policy.conduct_penalty * findings);
    score = std::min(score, conduct);
  }
  return score;
}

std::optional<double> SatisfactionOf(const std::vector<double>& latest) {
  if (latest.empty()) return std::nullopt;
  double sum = 0;
  for (double score : latest) sum += score;
  return std::round(sum / static_cast<double>(latest.size()) * 100.0) / 100.0;
}

}  // namespace fieldservice::scheduling
