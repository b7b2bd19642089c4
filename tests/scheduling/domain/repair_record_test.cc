// The repair record a technician hands in with CompleteJob (issue 9,
// DOMAIN.md "The visit"): every rule is reported on its field, and the fees
// keep to the order's 三包 decision.
#include "services/scheduling/domain/repair_record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/ascii.h"
#include "services/common/hashing.h"

namespace fieldservice::scheduling {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

// The published SHA-256 test vector (FIPS 180-2): "abc".
constexpr char kAbcSha256[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

// Out of warranty, quoted: labour 80.00, the part 150.00, call-out 30.00.
ChargeTerms PaidTerms() {
  return {.decided = true,
          .free = false,
          .labour_fen = 8000,
          .part_fen = 15000,
          .part_priced = true,
          .callout_fen = 3000};
}

ChargeTerms FreeTerms() { return {.decided = true, .free = true}; }

// A paid visit that keeps every rule: a relay fitted, labour, part and
// call-out each at the quote.
RepairRecord PaidRecord() {
  RepairRecord r;
  r.fault_found = "压缩机启动继电器烧毁 (start relay burnt out)";
  r.work_done = "更换启动继电器, 试机正常 (replaced the start relay)";
  r.parts_used = {{"start_relay", "SR-2026-0001", 1}};
  r.fees = {{FeeKind::kLabour, "", 8000},
            {FeeKind::kPart, "start_relay", 15000},
            {FeeKind::kCallout, "", 3000}};
  r.function_test_passed = true;
  r.customer_opinion = "满意";
  r.signature = "abc";
  r.signature_sha256 = kAbcSha256;
  return r;
}

RepairRecord FreeRecord() {
  RepairRecord r = PaidRecord();
  r.fees.clear();
  return r;
}

std::vector<common::FieldViolation> Check(const RepairRecord& r, const ChargeTerms& terms,
                                          const RepairRecordPolicy& policy = {}) {
  common::Violations v;
  CheckRepairRecord(r, terms, policy, v);
  return v.list();
}

std::vector<std::string> Fields(const std::vector<common::FieldViolation>& list) {
  std::vector<std::string> out;
  for (const auto& f : list) out.push_back(f.field);
  return out;
}

auto Violation(const std::string& field, const std::string& says) {
  return AllOf(Field(&common::FieldViolation::field, field),
               Field(&common::FieldViolation::description, HasSubstr(says)));
}

TEST(RepairRecordTest, FeeKindsHaveStableNames) {
  std::set<std::string_view> names;
  for (FeeKind k : {FeeKind::kLabour, FeeKind::kPart, FeeKind::kCallout}) {
    names.insert(common::NameOf(kFeeKindNames, k));
  }
  EXPECT_THAT(names, ElementsAre("CALLOUT", "LABOUR", "PART"));
}

TEST(RepairRecordTest, Sha256HexIsTheStandardDigest) {
  EXPECT_EQ(common::Sha256Hex("abc"), kAbcSha256);
  EXPECT_EQ(common::Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(RepairRecordTest, YuanTextHasTwoDecimals) {
  EXPECT_EQ(YuanText(8000), "80.00 yuan");
  EXPECT_EQ(YuanText(5), "0.05 yuan");
  EXPECT_EQ(YuanText(-150), "-1.50 yuan");
}

TEST(RepairRecordTest, AFullPaidRecordAtTheQuotePasses) {
  EXPECT_THAT(Check(PaidRecord(), PaidTerms()), IsEmpty());
}

TEST(RepairRecordTest, AFreeRecordWithoutFeesPasses) {
  EXPECT_THAT(Check(FreeRecord(), FreeTerms()), IsEmpty());
}

// MUST SHOW (issue 9): DOMAIN.md "The visit": in warranty the repair is free,
// parts and labour; no invented charges. Any fee on a free repair is refused,
// each on its own field.
TEST(RepairRecordTest, AFreeRepairChargingAnyFeeIsRefused) {
  for (FeeKind kind : {FeeKind::kLabour, FeeKind::kPart, FeeKind::kCallout}) {
    RepairRecord r = FreeRecord();
    r.fees = {{kind, kind == FeeKind::kPart ? "start_relay" : "", 100}};
    EXPECT_THAT(Check(r, FreeTerms()),
                ElementsAre(Violation("record.fees[0]", "in warranty the repair is free")))
        << common::NameOf(kFeeKindNames, kind);
  }
  RepairRecord all_three = PaidRecord();
  EXPECT_THAT(Fields(Check(all_three, FreeTerms())),
              ElementsAre("record.fees[0]", "record.fees[1]", "record.fees[2]"));
}

TEST(RepairRecordTest, NoFeeBeforeTheDecisionIsKnown) {
  RepairRecord r = FreeRecord();
  r.fees = {{FeeKind::kLabour, "", 8000}};
  EXPECT_THAT(Check(r, ChargeTerms{}),
              ElementsAre(Violation("record.fees[0]", "the 三包 decision is not known yet")));
  EXPECT_THAT(Check(FreeRecord(), ChargeTerms{}), IsEmpty());
}

TEST(RepairRecordTest, LabourOverTheQuoteIsRefusedInYuan) {
  RepairRecord r = PaidRecord();
  r.fees[0].amount_fen = 8001;
  EXPECT_THAT(Check(r, PaidTerms()),
              ElementsAre(Violation("record.fees[0].amount",
                                    "labour of 80.01 yuan is over the quote's 80.00 yuan")));
}

TEST(RepairRecordTest, LabourIsChargedOnce) {
  RepairRecord r = PaidRecord();
  r.fees.push_back({FeeKind::kLabour, "", 1000});
  EXPECT_THAT(Check(r, PaidTerms()),
              ElementsAre(Violation("record.fees[3].kind", "labour is charged once; fees[0]")));
}

TEST(RepairRecordTest, CalloutIsChargedOnceAndAtMostTheQuote) {
  RepairRecord r = PaidRecord();
  r.fees[2].amount_fen = 3500;
  r.fees.push_back({FeeKind::kCallout, "", 100});
  EXPECT_THAT(Check(r, PaidTerms()),
              UnorderedElementsAre(
                  Violation("record.fees[2].amount",
                            "call-out of 35.00 yuan is over the "
                            "quote's 30.00 yuan"),
                  Violation("record.fees[3].kind", "the call-out is charged once; fees[2]")));
}

TEST(RepairRecordTest, ACalloutOnAQuoteWithoutOneIsRefused) {
  ChargeTerms terms = PaidTerms();
  terms.callout_fen = 0;
  EXPECT_THAT(Check(PaidRecord(), terms),
              ElementsAre(Violation("record.fees[2]", "the quote has no call-out fee")));
}

TEST(RepairRecordTest, PartFeesTogetherAreHeldToAPricedPart) {
  RepairRecord r = PaidRecord();
  r.fees.push_back({FeeKind::kPart, "start_relay", 1});
  EXPECT_THAT(Check(r, PaidTerms()), ElementsAre(Violation("record.fees",
                                                           "part fees total 150.01 yuan, over the "
                                                           "quoted part's 150.00 yuan")));
}

// Priced after inspection: the price list check is not this service's.
TEST(RepairRecordTest, AnUnpricedPartMayBeCharged) {
  ChargeTerms terms = PaidTerms();
  terms.part_priced = false;
  terms.part_fen = 0;
  RepairRecord r = PaidRecord();
  r.fees[1].amount_fen = 42000;
  EXPECT_THAT(Check(r, terms), IsEmpty());
}

TEST(RepairRecordTest, APartFeeIsForAPartFittedOnTheVisit) {
  RepairRecord r = PaidRecord();
  r.fees[1].part_id = "compressor";
  r.fees[0].part_id = "start_relay";
  EXPECT_THAT(Check(r, PaidTerms()),
              UnorderedElementsAre(
                  Violation("record.fees[1].part_id", "\"compressor\" is not among the parts used"),
                  Violation("record.fees[0].part_id", "only a PART fee names a part")));
  r = PaidRecord();
  r.fees[1].part_id.clear();
  EXPECT_THAT(Check(r, PaidTerms()),
              ElementsAre(Violation("record.fees[1].part_id", "required for a PART fee")));
}

TEST(RepairRecordTest, AmountsArePositiveAndKindsSet) {
  RepairRecord r = PaidRecord();
  r.fees[0].amount_fen = 0;
  r.fees[2].amount_fen = -500;
  r.fees.push_back({std::nullopt, "", 100});
  EXPECT_THAT(
      Check(r, PaidTerms()),
      UnorderedElementsAre(Violation("record.fees[0].amount", "must be positive, not 0.00 yuan"),
                           Violation("record.fees[2].amount", "must be positive, not -5.00 yuan"),
                           Violation("record.fees[3].kind", "required: LABOUR, PART or CALLOUT")));
}

TEST(RepairRecordTest, EachPartNeedsItsIdSerialAndAQuantity) {
  RepairRecord r = FreeRecord();
  r.parts_used = {{"start_relay", "", 1}, {"", "X-1", 0}, {"fan", "F-1", 100}};
  EXPECT_THAT(Check(r, FreeTerms()),
              UnorderedElementsAre(
                  Violation("record.parts_used[0].serial", "required: the fitted part's serial"),
                  Violation("record.parts_used[1].part_id", "required"),
                  Violation("record.parts_used[1].quantity", "must be 1 to 99, not 0"),
                  Violation("record.parts_used[2].quantity", "must be 1 to 99, not 100")));
}

TEST(RepairRecordTest, TheFunctionTestMustHavePassed) {
  RepairRecord r = FreeRecord();
  r.function_test_passed = false;
  EXPECT_THAT(Check(r, FreeTerms()),
              ElementsAre(Violation("record.function_test_passed", "全功能试机")));
}

TEST(RepairRecordTest, BlankTextsAreMissing) {
  RepairRecord r = FreeRecord();
  r.fault_found = "";
  r.work_done = " \t\n";
  r.customer_opinion = "\u3000\u3000";  // ideographic spaces from a Chinese input method
  EXPECT_THAT(Check(r, FreeTerms()),
              ElementsAre(Violation("record.fault_found", "required: the fault found"),
                          Violation("record.work_done", "required: the work done"),
                          Violation("record.customer_opinion", "required: the customer's")));
}

TEST(RepairRecordTest, TextsKeepToTheirLimitsInCharacters) {
  RepairRecordPolicy policy;
  policy.max_opinion_chars = 2;
  RepairRecord r = FreeRecord();
  r.customer_opinion = "满意";  // two characters, six bytes
  EXPECT_THAT(Check(r, FreeTerms(), policy), IsEmpty());
  r.customer_opinion = "很满意";
  EXPECT_THAT(Check(r, FreeTerms(), policy),
              ElementsAre(Violation("record.customer_opinion", "at most 2 characters, not 3")));
  r.customer_opinion = "\xff";
  EXPECT_THAT(Check(r, FreeTerms(), policy),
              ElementsAre(Violation("record.customer_opinion", "valid UTF-8")));
}

TEST(RepairRecordTest, TheHashMayBeUpperCase) {
  RepairRecord r = FreeRecord();
  r.signature_sha256 = absl::AsciiStrToUpper(kAbcSha256);
  EXPECT_THAT(Check(r, FreeTerms()), IsEmpty());
}

TEST(RepairRecordTest, AHashOfOtherBytesIsRefused) {
  RepairRecord r = FreeRecord();
  r.signature = "abd";
  EXPECT_THAT(Check(r, FreeTerms()),
              ElementsAre(Violation(
                  "record.signature_sha256",
                  "does not match the signature: its SHA-256 is " + common::Sha256Hex("abd"))));
}

TEST(RepairRecordTest, AMalformedHashIsRefused) {
  RepairRecord r = FreeRecord();
  for (std::string bad : {std::string(kAbcSha256).substr(1), std::string(kAbcSha256) + "0",
                          "g" + std::string(kAbcSha256).substr(1)}) {
    r.signature_sha256 = bad;
    EXPECT_THAT(Check(r, FreeTerms()),
                ElementsAre(Violation("record.signature_sha256", "must be 64 hex digits")))
        << bad;
  }
  r.signature_sha256.clear();
  EXPECT_THAT(Check(r, FreeTerms()), ElementsAre(Violation("record.signature_sha256", "required")));
}

TEST(RepairRecordTest, TheSignatureIsRequiredAndBounded) {
  RepairRecord r = FreeRecord();
  r.signature.clear();
  EXPECT_THAT(Check(r, FreeTerms()),
              ElementsAre(Violation("record.signature", "required: the customer's signature")));
  RepairRecordPolicy policy;
  policy.max_signature_bytes = 2;
  EXPECT_THAT(Check(FreeRecord(), FreeTerms(), policy),
              ElementsAre(Violation("record.signature", "at most 2 bytes, not 3")));
}

TEST(RepairRecordTest, EveryBrokenRuleIsReportedAtOnce) {
  RepairRecord r = PaidRecord();
  r.fault_found.clear();
  r.parts_used[0].serial.clear();
  r.fees[0].amount_fen = 9000;
  r.fees.push_back({FeeKind::kLabour, "", 100});
  r.function_test_passed = false;
  r.signature_sha256 = common::Sha256Hex("another image");
  EXPECT_THAT(
      Fields(Check(r, PaidTerms())),
      ElementsAre("record.fault_found", "record.parts_used[0].serial", "record.fees[0].amount",
                  "record.fees[3].kind", "record.function_test_passed", "record.signature_sha256"));
}

TEST(RepairRecordTest, ListsKeepToTheirLimits) {
  RepairRecordPolicy policy;
  policy.max_parts = 1;
  policy.max_fees = 2;
  RepairRecord r = PaidRecord();
  r.parts_used.push_back({"fan", "F-1", 1});
  EXPECT_THAT(Check(r, PaidTerms(), policy),
              UnorderedElementsAre(Violation("record.parts_used", "at most 1 parts, not 2"),
                                   Violation("record.fees", "at most 2 fees, not 3")));
}

TEST(RepairRecordTest, ThePolicyNeedsPositiveLimits) {
  EXPECT_TRUE(CheckRepairRecordPolicy(RepairRecordPolicy{}).ok());
  RepairRecordPolicy policy;
  policy.max_fees = 0;
  policy.max_signature_bytes = 0;
  const absl::Status status = CheckRepairRecordPolicy(policy);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), AllOf(HasSubstr("max_fees"), HasSubstr("max_signature_bytes")));
}

TEST(RepairRecordTest, TheSummaryIsOneLineWithoutSignatureOrOpinion) {
  RepairRecord r = PaidRecord();
  r.work_done = "replaced the relay\nand tested";
  r.customer_opinion = "call me on 13800138000";
  const std::string summary = RepairSummary(r);
  EXPECT_EQ(summary,
            "fault found: 压缩机启动继电器烧毁 (start relay burnt out); work done: replaced the "
            "relay and tested; parts: start_relay x1 (serial SR-2026-0001); fees: 260.00 yuan; "
            "function test: passed");
  EXPECT_THAT(summary, Not(HasSubstr("13800138000")));
  EXPECT_THAT(summary, Not(HasSubstr(kAbcSha256)));
  EXPECT_THAT(RepairSummary(FreeRecord()), HasSubstr("fees: none"));
}

}  // namespace
}  // namespace fieldservice::scheduling
