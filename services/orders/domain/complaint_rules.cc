#include "services/orders/domain/complaint_rules.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/policy_text.h"

namespace fieldservice::orders {
namespace {

// "5", "4.9", "4.75" -> 500, 490, 475. Exact: percentages and yuan both have
// two decimal places of meaning (basis points, fen), and floating point would
// make 4.9% vs 5% a rounding question.
std::optional<int64_t> ParseHundredths(std::string_view text) {
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || frac.size() > 2 || (dot != std::string_view::npos && frac.empty())) {
    return std::nullopt;
  }
  for (char c : absl::StrCat(common::ToAbsl(whole), common::ToAbsl(frac))) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  int64_t w = 0;
  int64_t f = 0;
  if (!absl::SimpleAtoi(common::ToAbsl(whole), &w) || w > 1'000'000'000'000) return std::nullopt;
  if (!frac.empty() && !absl::SimpleAtoi(common::ToAbsl(frac), &f)) return std::nullopt;
  if (frac.size() == 1) f *= 10;
  return w * 100 + f;
}

bool HasGround(const Complaint& c, CrisisGround g) {
  return std::find(c.crisis_grounds.begin(), c.crisis_grounds.end(), g) != c.crisis_grounds.end();
}

std::string Hundredths(int64_t v) {
  std::string out = absl::StrCat(v / 100);
  if (v % 100 != 0) {
    absl::StrAppend(&out, ".", v % 100 < 10 ? "0" : "", v % 100);
  }
  return out;
}

}  // namespace

absl::StatusOr<ComplaintPolicy> ParseComplaintPolicy(std::string_view text) {
  absl::StatusOr<std::vector<common::PolicyLine>> lines = common::ParsePolicyLines(text);
  if (!lines.ok()) return lines.status();
  ComplaintPolicy policy;
  for (const common::PolicyLine& line : *lines) {
    if (line.key == "batch_share_percent") {
      std::optional<int64_t> bp = ParseHundredths(line.value);
      if (!bp.has_value() || *bp <= 0 || *bp > 10000) {
        return common::PolicyLineError(line,
                                       "batch_share_percent must be a decimal "
                                       "in (0, 100] with at most 2 places");
      }
      policy.batch_share_basis_points = *bp;
    } else if (line.key == "batch_min_units") {
      if (!absl::SimpleAtoi(line.value, &policy.batch_min_units) || policy.batch_min_units <= 0) {
        return common::PolicyLineError(line, "batch_min_units must be a positive integer");
      }
    } else if (line.key == "insurer_property_loss_yuan") {
      std::optional<int64_t> fen = ParseHundredths(line.value);
      if (!fen.has_value()) {
        return common::PolicyLineError(line,
                                       "insurer_property_loss_yuan must be a "
                                       "decimal with at most 2 places");
      }
      policy.insurer_property_loss_fen = *fen;
    } else {
      return common::PolicyLineError(line, absl::StrCat("unknown key '", line.key, "'"));
    }
  }
  return policy;
}

bool IsBatchAccident(const Complaint& c, const ComplaintPolicy& policy) {
  if (c.affected_units <= 0) return false;
  if (c.affected_units >= policy.batch_min_units) return true;
  // affected / sold >= bp / 10000, cross-multiplied to stay exact; 128 bits
  // so that no count a caller sends can overflow.
  return c.units_sold > 0 && absl::int128(c.affected_units) * 10000 >=
                                 absl::int128(policy.batch_share_basis_points) * c.units_sold;
}

ComplaintClass Classify(const Complaint& c, const ComplaintPolicy& policy) {
  if (!c.crisis_grounds.empty()) {
    return {ComplaintSeverity::kMajor, MajorComplaintKind::kCrisis};
  }
  if (IsBatchAccident(c, policy)) {
    return {ComplaintSeverity::kMajor, MajorComplaintKind::kBatchAccident};
  }
  return {};
}

bool InsurerOnSite(const Complaint& c, const ComplaintPolicy& policy) {
  return Classify(c, policy).severity == ComplaintSeverity::kMajor &&
         c.property_loss_fen > policy.insurer_property_loss_fen;
}

std::vector<common::FieldViolation> ValidateComplaint(const Complaint& c,
                                                      const ComplaintPolicy& policy) {
  common::Violations v;
  if (absl::StripAsciiWhitespace(common::ToAbsl(c.reason)).empty()) {
    v.Add("complaint.reason", "required: what the customer complains about");
  }
  std::set<CrisisGround> seen;
  for (CrisisGround g : c.crisis_grounds) {
    if (!seen.insert(g).second) {
      v.Add("complaint.crisis_grounds", "a ground is listed twice");
      break;
    }
  }
  if (c.property_loss_fen < 0) {
    v.Add("complaint.property_loss", "must not be negative");
  } else if (c.property_loss_fen > 0 && !HasGround(c, CrisisGround::kPropertyLoss)) {
    // A recorded loss is itself a crisis ground; leaving it out would hide
    // a crisis as a general complaint.
    v.Add("complaint.crisis_grounds",
          "property loss is recorded, so PROPERTY_LOSS must be a ground");
  }
  if (c.affected_units < 0) {
    v.Add("complaint.affected_units", "must not be negative");
  }
  if (c.units_sold < 0) {
    v.Add("complaint.units_sold", "must not be negative");
  } else if (c.units_sold > 0 && c.affected_units > c.units_sold) {
    v.Add("complaint.affected_units", "cannot exceed complaint.units_sold");
  }
  if (c.severity == ComplaintSeverity::kMajor &&
      Classify(c, policy).severity != ComplaintSeverity::kMajor) {
    v.Add("complaint.severity",
          absl::StrCat("MAJOR needs a crisis ground or a batch accident (the "
                       "same fault in >= ",
                       Hundredths(policy.batch_share_basis_points),
                       "% of units sold or >= ", policy.batch_min_units, " units)"));
  }
  if (c.escalated_at.has_value() && c.specialist_contacted_at.has_value() &&
      *c.specialist_contacted_at < *c.escalated_at) {
    v.Add("complaint.specialist_contact_time", "before the escalation");
  }
  return v.list();
}

}  // namespace fieldservice::orders
