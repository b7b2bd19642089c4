#include "services/callback/domain/callback_policy.h"

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"

namespace fieldservice::callback {
namespace {

using ::testing::UnorderedElementsAre;

std::vector<std::string> BadFields(const CallbackPolicy& policy) {
  std::vector<std::string> fields;
  for (const common::FieldViolation& v : common::FieldViolationsOf(CheckCallbackPolicy(policy))) {
    fields.push_back(v.field);
  }
  return fields;
}

TEST(CallbackPolicyTest, DefaultsFollowTheSeeds) {
  const CallbackPolicy policy;
  EXPECT_TRUE(CheckCallbackPolicy(policy).ok());
  // Seed 001: 1-3 working days; seed 002: a complaint within 7 days.
  EXPECT_EQ(policy.repair_earliest_working_days, 1);
  EXPECT_EQ(policy.repair_due_working_days, 3);
  EXPECT_EQ(policy.complaint_due_days, 7);
  EXPECT_EQ(policy.max_attempts, 3);
  EXPECT_EQ(policy.retry_spacing, absl::Hours(2));
  EXPECT_EQ(policy.claim_lapse, absl::Minutes(10));
}

TEST(CallbackPolicyTest, NamesEverySettingOutOfRange) {
  CallbackPolicy p;
  p.repair_due_working_days = 0;
  p.complaint_due_days = 0;
  p.complaint_earliest_working_days = -1;
  p.max_attempts = 0;
  p.retry_spacing = absl::ZeroDuration();
  p.call_back_later_max_delay = absl::Hours(-1);
  p.max_call_back_later = -1;
  p.claim_lapse = absl::Seconds(10);
  const absl::Status status = CheckCallbackPolicy(p);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      BadFields(p),
      UnorderedElementsAre("callback_repair_due_working_days",
                           "callback_repair_earliest_working_days", "callback_complaint_due_days",
                           "callback_complaint_earliest_working_days", "callback_max_attempts",
                           "callback_retry_spacing", "callback_call_back_later_max_delay",
                           "callback_max_call_back_later", "callback_claim_lapse"));
}

TEST(CallbackPolicyTest, RefusesAnEmptyRepairWindow) {
  CallbackPolicy p;
  p.repair_earliest_working_days = 4;
  p.repair_due_working_days = 3;
  EXPECT_THAT(BadFields(p), UnorderedElementsAre("callback_repair_earliest_working_days"));
}

}  // namespace
}  // namespace fieldservice::callback
