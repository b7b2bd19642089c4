// Complaint classification: DOMAIN.md "Contact types" [002 第九条].
#include "services/orders/domain/complaint_rules.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/files.h"

namespace fieldservice::orders {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

Complaint Batch(int64_t affected, int64_t sold) {
  Complaint c;
  c.reason = "同批次冰箱不制冷";
  c.affected_units = affected;
  c.units_sold = sold;
  return c;
}

// "Batch quality accident: the same model and batch showing the same fault
// in >= 5% of units sold": 4.9% is general, 5% is major.
TEST(ClassifyTest, BatchShareBoundary) {
  const ComplaintPolicy policy;
  EXPECT_EQ(Classify(Batch(49, 1000), policy), ComplaintClass{});
  EXPECT_EQ(Classify(Batch(50, 1000), policy),
            (ComplaintClass{ComplaintSeverity::kMajor, MajorComplaintKind::kBatchAccident}));
  EXPECT_FALSE(IsBatchAccident(Batch(49, 1000), policy));  // 4.9%
  EXPECT_TRUE(IsBatchAccident(Batch(5, 100), policy));     // 5%
  EXPECT_FALSE(IsBatchAccident(Batch(4, 100), policy));    // 4%
}

// "... or >= 50 units": 49 units of a large batch is general, 50 is major.
TEST(ClassifyTest, BatchUnitBoundary) {
  const ComplaintPolicy policy;
  EXPECT_FALSE(IsBatchAccident(Batch(49, 100000), policy));
  EXPECT_TRUE(IsBatchAccident(Batch(50, 100000), policy));
  // Units sold unknown: only the count can make it a batch accident.
  EXPECT_FALSE(IsBatchAccident(Batch(49, 0), policy));
  EXPECT_TRUE(IsBatchAccident(Batch(50, 0), policy));
  EXPECT_FALSE(IsBatchAccident(Batch(0, 0), policy));
}

// Both thresholds are company policy, not constants.
TEST(ClassifyTest, ThresholdsComeFromPolicy) {
  absl::StatusOr<ComplaintPolicy> policy =
      ParseComplaintPolicy("batch_share_percent = 4.9\nbatch_min_units = 20  # stricter\n");
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_EQ(policy->batch_share_basis_points, 490);
  EXPECT_TRUE(IsBatchAccident(Batch(49, 1000), *policy));
  EXPECT_TRUE(IsBatchAccident(Batch(20, 100000), *policy));
  EXPECT_FALSE(IsBatchAccident(Batch(19, 100000), *policy));
}

// "Major ones are 危机事件 (crisis: property loss, injury, unsafe or deceptive
// service, a claim for compensation, or going to the consumer association /
// regulator / media)": any one ground is enough, and outranks a batch.
TEST(ClassifyTest, AnyCrisisGroundIsACrisis) {
  const ComplaintPolicy policy;
  for (CrisisGround g :
       {CrisisGround::kPropertyLoss, CrisisGround::kInjury, CrisisGround::kUnsafeOrDeceptiveService,
        CrisisGround::kCompensationClaim, CrisisGround::kExternalEscalation}) {
    Complaint c = Batch(0, 0);
    c.crisis_grounds = {g};
    EXPECT_EQ(Classify(c, policy),
              (ComplaintClass{ComplaintSeverity::kMajor, MajorComplaintKind::kCrisis}));
  }
  Complaint both = Batch(60, 100);
  both.crisis_grounds = {CrisisGround::kInjury};
  EXPECT_EQ(Classify(both, policy).kind, MajorComplaintKind::kCrisis);
}

// "Property loss over 500 yuan in a major quality accident: the insurer is
// called on site": 500.00 yuan is not over, 500.01 is.
TEST(InsurerOnSiteTest, OverFiveHundredYuanInAMajorComplaint) {
  const ComplaintPolicy policy;
  Complaint c = Batch(0, 0);
  c.crisis_grounds = {CrisisGround::kPropertyLoss};
  c.property_loss_fen = 50000;
  EXPECT_FALSE(InsurerOnSite(c, policy));
  c.property_loss_fen = 50001;
  EXPECT_TRUE(InsurerOnSite(c, policy));
  Complaint batch = Batch(80, 1000);
  batch.property_loss_fen = 80000;
  EXPECT_TRUE(InsurerOnSite(batch, policy));
  Complaint general = Batch(1, 1000);
  general.property_loss_fen = 80000;  // not major: no insurer
  EXPECT_FALSE(InsurerOnSite(general, policy));
}

// A complaint marked major without grounds is refused by field.
TEST(ValidateComplaintTest, MajorWithoutGroundsIsRefused) {
  const ComplaintPolicy policy;
  Complaint c = Batch(49, 1000);
  c.severity = ComplaintSeverity::kMajor;
  std::vector<common::FieldViolation> v = ValidateComplaint(c, policy);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].field, "complaint.severity");
  EXPECT_THAT(v[0].description, HasSubstr(">= 5% of units sold or >= 50 units"));
  c.affected_units = 50;
  EXPECT_THAT(ValidateComplaint(c, policy), IsEmpty());
}

TEST(ValidateComplaintTest, NumbersAndReason) {
  const ComplaintPolicy policy;
  Complaint c;
  c.affected_units = 120;
  c.units_sold = 100;
  c.property_loss_fen = 1000;  // a loss without the property_loss ground
  std::vector<std::string> fields;
  for (const auto& v : ValidateComplaint(c, policy)) fields.push_back(v.field);
  EXPECT_THAT(fields, ElementsAre("complaint.reason", "complaint.crisis_grounds",
                                  "complaint.affected_units"));
  Complaint negative = Batch(-1, -1);
  negative.property_loss_fen = -5;
  fields.clear();
  for (const auto& v : ValidateComplaint(negative, policy)) {
    fields.push_back(v.field);
  }
  EXPECT_THAT(fields, ElementsAre("complaint.property_loss", "complaint.affected_units",
                                  "complaint.units_sold"));
}

// DOMAIN.md: "Where a number below is a company policy rather than law, it
// must be configuration": the shipped file holds the documented defaults.
TEST(ParseComplaintPolicyTest, ShippedFileIsTheDefaults) {
  absl::StatusOr<ComplaintPolicy> policy = common::ParseFile<ComplaintPolicy>(
      std::string(FS_SOURCE_DIR) + "/data/orders/complaint_policy.txt", ParseComplaintPolicy);
  ASSERT_TRUE(policy.ok()) << policy.status();
  const ComplaintPolicy defaults;
  EXPECT_EQ(policy->batch_share_basis_points, defaults.batch_share_basis_points);
  EXPECT_EQ(policy->batch_min_units, defaults.batch_min_units);
  EXPECT_EQ(policy->insurer_property_loss_fen, defaults.insurer_property_loss_fen);
}

TEST(ParseComplaintPolicyTest, RefusesBadLinesByNumber) {
  for (const char* bad :
       {"batch_share_percent = 5.001", "batch_share_percent = -5", "batch_share_percent = 101",
        "batch_min_units = 0", "insurer_property_loss_yuan = 5e2", "batch_share = 5",
        "batch_min_units"}) {
    absl::StatusOr<ComplaintPolicy> p = ParseComplaintPolicy(absl::StrCat("# policy\n", bad, "\n"));
    EXPECT_FALSE(p.ok()) << bad;
    EXPECT_THAT(p.status().message(), HasSubstr("line 2")) << bad;
  }
  absl::StatusOr<ComplaintPolicy> p = ParseComplaintPolicy("insurer_property_loss_yuan = 499.5");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->insurer_property_loss_fen, 49950);
}

}  // namespace
}  // namespace fieldservice::orders
