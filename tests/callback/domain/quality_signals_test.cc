// The quality signals' rules (quality_signals.h, quality_policy.h): the
// batch-accident threshold of seed 002 第九条 ("同一质量问题在5%以上或在50台以上"),
// new and safety-related defects.
#include "services/callback/domain/quality_signals.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/callback/domain/quality_policy.h"
#include "services/common/errors.h"

namespace fieldservice::callback {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::vector<SheetKind> Kinds(const std::vector<SheetCall>& calls) {
  std::vector<SheetKind> kinds;
  for (const SheetCall& c : calls) kinds.push_back(c.kind);
  return kinds;
}

// A report of a known batch, not the first of its fault, not safety-related.
FaultFacts BatchFacts(int64_t units_in_batch, int64_t units_sold) {
  FaultFacts f;
  f.model = "BCD-216";
  f.fault = "no_cooling";
  f.new_report = true;
  f.first_on_model = false;
  f.batch = "B2025-11";
  f.units_in_batch = units_in_batch;
  f.units_sold = units_sold;
  return f;
}

TEST(QualityPolicyTest, DefaultsFollowTheSeed) {
  const QualityPolicy policy;
  EXPECT_TRUE(CheckQualityPolicy(policy).ok());
  EXPECT_EQ(policy.batch_min_units, 50);
  EXPECT_EQ(policy.batch_percent, 5);
  auto parsed = ParseFaultList(std::string(kDefaultSafetyFaults), "quality_safety_faults");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, policy.safety_faults);
}

TEST(QualityPolicyTest, NamesEverySettingOutOfRange) {
  QualityPolicy p;
  p.batch_min_units = 0;
  p.batch_percent = 101;
  p.safety_faults = {"Smoke"};
  std::vector<std::string> fields;
  for (const auto& v : common::FieldViolationsOf(CheckQualityPolicy(p))) fields.push_back(v.field);
  EXPECT_THAT(fields, UnorderedElementsAre("quality_batch_min_units", "quality_batch_percent",
                                           "quality_safety_faults"));
}

TEST(QualityPolicyTest, FaultListIsTrimmedLowerCaseCodes) {
  auto parsed = ParseFaultList(" Smoke,FIRE , gas_leak,, ", "quality_safety_faults");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(*parsed, UnorderedElementsAre("smoke", "fire", "gas_leak"));
  auto bad = ParseFaultList("smoke, 冒烟", "quality_safety_faults");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(common::FieldViolationsOf(bad.status()),
              ElementsAre(Field(&common::FieldViolation::field, "quality_safety_faults")));
}

// 1000 sold: 5% is 50 units, so the 50-unit rule decides: 49 none, 50 one.
TEST(BatchAccidentTest, FiftyUnitsOfALargeBatch) {
  const QualityPolicy policy;
  EXPECT_FALSE(ReachesBatchAccident(49, 1000, policy));
  EXPECT_TRUE(ReachesBatchAccident(50, 1000, policy));
  // 4800 sold: 5% would be 240 units; 50 are enough, 49 are not.
  EXPECT_FALSE(ReachesBatchAccident(49, 4800, policy));
  EXPECT_TRUE(ReachesBatchAccident(50, 4800, policy));
}

// 200 sold: exactly 5% is 10 units (以上 includes 5% itself); 9 is 4.5%.
TEST(BatchAccidentTest, ExactlyFivePercentOfASmallBatch) {
  const QualityPolicy policy;
  EXPECT_FALSE(ReachesBatchAccident(9, 200, policy));
  EXPECT_TRUE(ReachesBatchAccident(10, 200, policy));
  // 199 sold: 5% is 9.95 units, so 10 reach it and 9 do not (no rounding).
  EXPECT_FALSE(ReachesBatchAccident(9, 199, policy));
  EXPECT_TRUE(ReachesBatchAccident(10, 199, policy));
  // 201 sold: 5% is 10.05 units: 10 do not reach it.
  EXPECT_FALSE(ReachesBatchAccident(10, 201, policy));
  EXPECT_TRUE(ReachesBatchAccident(11, 201, policy));
  EXPECT_FALSE(ReachesBatchAccident(0, 1, policy));
  EXPECT_TRUE(ReachesBatchAccident(1, 20, policy));
}

TEST(BatchAccidentTest, TheThresholdsArePolicy) {
  QualityPolicy policy;
  policy.batch_min_units = 30;
  policy.batch_percent = 2;
  EXPECT_TRUE(ReachesBatchAccident(30, 100000, policy));
  EXPECT_FALSE(ReachesBatchAccident(29, 100000, policy));
  EXPECT_TRUE(ReachesBatchAccident(4, 200, policy));
  EXPECT_FALSE(ReachesBatchAccident(3, 200, policy));
}

TEST(SheetsForTest, BatchAccidentOnlyWithAKnownBatch) {
  const QualityPolicy policy;
  EXPECT_THAT(SheetsFor(BatchFacts(49, 1000), policy), IsEmpty());
  const std::vector<SheetCall> calls = SheetsFor(BatchFacts(50, 1000), policy);
  ASSERT_THAT(Kinds(calls), ElementsAre(SheetKind::kBatchAccident));
  EXPECT_THAT(calls[0].reason, HasSubstr("50 units of 1000 sold"));
  EXPECT_THAT(calls[0].reason, HasSubstr("batch B2025-11"));

  FaultFacts unknown = BatchFacts(500, 1000);
  unknown.batch = "";
  unknown.units_sold.reset();
  EXPECT_THAT(SheetsFor(unknown, policy), IsEmpty());
}

TEST(SheetsForTest, TheFirstReportOfAFaultOnAModelIsANewDefect) {
  const QualityPolicy policy;
  FaultFacts f;
  f.model = "BCD-216";
  f.fault = "door_seal";
  f.new_report = true;
  f.first_on_model = true;  // batch unknown: still a new defect
  EXPECT_THAT(Kinds(SheetsFor(f, policy)), ElementsAre(SheetKind::kNewDefect));
  f.first_on_model = false;
  EXPECT_THAT(SheetsFor(f, policy), IsEmpty());
}

TEST(SheetsForTest, ASafetyFaultIsOneSafetySheetNotAlsoANewDefect) {
  const QualityPolicy policy;
  FaultFacts f;
  f.model = "KFR-35GW";
  f.fault = "SMOKE";  // case is ignored
  f.new_report = true;
  f.first_on_model = true;
  EXPECT_THAT(Kinds(SheetsFor(f, policy)), ElementsAre(SheetKind::kSafety));
  // Not the first: the storage opens it once per model and fault.
  f.first_on_model = false;
  EXPECT_THAT(Kinds(SheetsFor(f, policy)), ElementsAre(SheetKind::kSafety));
  EXPECT_TRUE(IsSafetyFault("Gas_Leak", policy));
  EXPECT_FALSE(IsSafetyFault("no_cooling", policy));
}

TEST(SheetsForTest, ASafetyFaultInABatchOverTheThresholdOpensBoth) {
  const QualityPolicy policy;
  FaultFacts f = BatchFacts(10, 200);
  f.fault = "electric_shock";
  EXPECT_THAT(Kinds(SheetsFor(f, policy)),
              ElementsAre(SheetKind::kSafety, SheetKind::kBatchAccident));
}

// New sales figures put a batch's faults to the rule again: only the batch
// signal can follow from them.
TEST(SheetsForTest, AnImportAsksOnlyAboutBatches) {
  const QualityPolicy policy;
  FaultFacts f = BatchFacts(10, 200);
  f.fault = "fire";
  f.new_report = false;
  f.first_on_model = true;
  EXPECT_THAT(Kinds(SheetsFor(f, policy)), ElementsAre(SheetKind::kBatchAccident));
  f.units_in_batch = 9;
  EXPECT_THAT(SheetsFor(f, policy), IsEmpty());
}

TEST(UnitKeyTest, TheSerialOrElseTheOrder) {
  EXPECT_EQ(UnitKey("BCD216-2511-0001", "2606080011"), "BCD216-2511-0001");
  EXPECT_EQ(UnitKey("", "2606080011"), "order 2606080011");
}

}  // namespace
}  // namespace fieldservice::callback
