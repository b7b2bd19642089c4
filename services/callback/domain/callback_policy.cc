#include "services/callback/domain/callback_policy.h"

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"

namespace fieldservice::callback {
namespace {

// Bounds that catch a typo (a "30" meant as hours typed as days) rather than
// business limits.
constexpr int kMaxWindowDays = 60;
constexpr int kMaxAttempts = 20;

void CheckRange(const char* name, int value, int low, int high, common::Violations& v) {
  if (value < low || value > high) v.Add(name, absl::StrCat(low, " to ", high));
}

}  // namespace

absl::Status CheckCallbackPolicy(const CallbackPolicy& p) {
  common::Violations v;
  CheckRange("callback_repair_earliest_working_days", p.repair_earliest_working_days, 0,
             kMaxWindowDays, v);
  CheckRange("callback_repair_due_working_days", p.repair_due_working_days, 1, kMaxWindowDays, v);
  if (p.repair_earliest_working_days > p.repair_due_working_days) {
    v.Add("callback_repair_earliest_working_days",
          "at most callback_repair_due_working_days (the window would be empty)");
  }
  CheckRange("callback_complaint_earliest_working_days", p.complaint_earliest_working_days, 0,
             kMaxWindowDays, v);
  CheckRange("callback_complaint_due_days", p.complaint_due_days, 1, kMaxWindowDays, v);
  CheckRange("callback_max_attempts", p.max_attempts, 1, kMaxAttempts, v);
  if (p.retry_spacing <= absl::ZeroDuration() || p.retry_spacing > absl::Hours(72)) {
    v.Add("callback_retry_spacing", "more than 0 and at most 72h");
  }
  if (p.call_back_later_max_delay <= absl::ZeroDuration() ||
      p.call_back_later_max_delay > absl::Hours(30 * 24)) {
    v.Add("callback_call_back_later_max_delay", "more than 0 and at most 30 days");
  }
  CheckRange("callback_max_call_back_later", p.max_call_back_later, 0, kMaxAttempts, v);
  if (p.claim_lapse < absl::Minutes(1) || p.claim_lapse > absl::Hours(8)) {
    v.Add("callback_claim_lapse", "1 minute to 8h");
  }
  return v.ToStatus();
}

}  // namespace fieldservice::callback
