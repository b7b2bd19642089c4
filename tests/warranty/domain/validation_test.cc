// Validate: every violation of a decision request at once, by field path.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/calendar.h"
#include "services/warranty/domain/engine.h"
#include "tests/warranty/domain/case_table.h"

namespace fieldservice::warranty {
namespace {

using absl::CivilDay;
using common::FieldViolation;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class ValidateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto cat = LoadCatalogueFile(std::string(FS_SOURCE_DIR) + "/data/warranty/catalogue.txt");
    ASSERT_TRUE(cat.ok()) << cat.status();
    catalogue_ = new Catalogue(*std::move(cat));
  }
  static void TearDownTestSuite() { delete catalogue_; }

  // The case table's default: a valid request.
  DecisionRequest Valid() const { return cases::DefaultCaseRequest(); }

  std::vector<std::string> Fields(const DecisionRequest& r) const {
    std::vector<std::string> out;
    for (const FieldViolation& v : Validate(r, *catalogue_)) out.push_back(v.field);
    return out;
  }
  std::string Only(const DecisionRequest& r) const {
    std::vector<FieldViolation> v = Validate(r, *catalogue_);
    return v.size() == 1 ? v[0].field + ": " + v[0].description
                         : "violations: " + std::to_string(v.size());
  }
  static Catalogue* catalogue_;
};
Catalogue* ValidateTest::catalogue_ = nullptr;

TEST_F(ValidateTest, DefaultRequestIsValid) {
  EXPECT_THAT(Validate(Valid(), *catalogue_), IsEmpty());
}

TEST_F(ValidateTest, PurchaseAfterRequestIsRefused) {
  DecisionRequest r = Valid();
  r.invoice_date = CivilDay(2025, 11, 21);
  EXPECT_EQ(Only(r),
            "invoice_date: purchase date 2025-11-21 is after the request date "
            "2025-11-20");
  r.invoice_date = CivilDay(2025, 11, 20);  // bought and reported the same day
  EXPECT_THAT(Fields(r), IsEmpty());
}

TEST_F(ValidateTest, NegativePriceIsRefusedZeroIsNot) {
  DecisionRequest r = Valid();
  r.price_paid_fen = -1;
  EXPECT_EQ(Only(r), "price_paid.amount_fen: must not be negative, not -1");
  r.price_paid_fen = 0;  // a gift or a promotion
  EXPECT_THAT(Fields(r), IsEmpty());
}

TEST_F(ValidateTest, UnknownCategoryListsTheKnownOnes) {
  DecisionRequest r = Valid();
  r.product.category = "toaster";
  const std::string v = Only(r);
  EXPECT_THAT(v, HasSubstr("product.category: unknown category 'toaster'; "
                           "known: air_conditioner (空调器), colour_tv"));
  EXPECT_THAT(v, HasSubstr("mobile_phone (移动电话)"));
  EXPECT_THAT(v, HasSubstr("washing_machine (洗衣机)"));
}

TEST_F(ValidateTest, InstallationMustBeBetweenPurchaseAndRequest) {
  DecisionRequest r = Valid();
  r.product.category = "flat_panel_tv";
  r.installation_date = CivilDay(2025, 3, 9);
  EXPECT_EQ(Only(r),
            "installation_date: 2025-03-09 is before the purchase date "
            "2025-03-10");
  r.installation_date = CivilDay(2025, 11, 21);
  EXPECT_THAT(Fields(r), ElementsAre("installation_date"));
}

TEST_F(ValidateTest, ProofAndDatesMustAgree) {
  DecisionRequest r = Valid();
  r.proof.invoice_present = false;
  EXPECT_EQ(Only(r), "invoice_date: given but proof.invoice_present is false");
  r.invoice_date.reset();
  EXPECT_THAT(Fields(r), IsEmpty());  // the production date starts the clock
  r.production_date.reset();
  EXPECT_EQ(Only(r), "production_date: required when there is no invoice");

  DecisionRequest s = Valid();
  s.invoice_date.reset();
  EXPECT_EQ(Only(s), "invoice_date: required when proof.invoice_present is true");

  DecisionRequest t = Valid();
  t.production_date = CivilDay(2025, 3, 11);
  EXPECT_THAT(Fields(t), ElementsAre("production_date"));
  t.request_date.reset();
  EXPECT_THAT(Fields(t), UnorderedElementsAre("request_date", "production_date"));
}

TEST_F(ValidateTest, ProductMustBeNamed) {
  DecisionRequest r = Valid();
  r.product.category = " ";
  r.product.brand = "";
  r.product.model = "";
  EXPECT_THAT(Fields(r), ElementsAre("product.category", "product.brand", "product.model"));
}

TEST_F(ValidateTest, BrandTermsMustBeKnownAndTheBrands) {
  DecisionRequest r = Valid();
  r.product.brand_terms = "midea_gold";
  EXPECT_EQ(Only(r),
            "product.brand_terms: unknown brand terms 'midea_gold'; known: "
            "gree, haier");
  r.product.brand_terms = "haier";
  EXPECT_EQ(Only(r),
            "product.brand_terms: brand terms 'haier' are for 海尔/Haier, not "
            "'美的'");
  r.product.brand = "haier";
  EXPECT_THAT(Fields(r), IsEmpty());
}

TEST_F(ValidateTest, ClaimedMainPartMustBeOne) {
  DecisionRequest r = Valid();
  r.fault.main_part = true;
  EXPECT_EQ(Only(r),
            "fault.component: 'defrost_heater' is given as a main part but is "
            "not one; main parts of refrigerator: compressor, condenser, "
            "control_board, evaporator, thermostat");
  r.fault.component = "compressor";
  EXPECT_THAT(Fields(r), IsEmpty());
  r.fault.component = "";  // the flag was sent, the part was not: name the flag
  EXPECT_EQ(Only(r), "fault.main_part: set, but fault.component does not name the part");
  r.fault.component = "compressor";
  r.product.category = "mobile_phone";
  r.fault.component = "battery";
  EXPECT_THAT(Only(r), HasSubstr("mobile_phone has no main parts"));
}

TEST_F(ValidateTest, HistoryIsChecked) {
  DecisionRequest r = Valid();
  r.history.repairs = {{CivilDay(2025, 3, 1), "defrost_heater", 2}, {CivilDay(2025, 6, 1), "", -1}};
  r.history.exchanged_on = CivilDay(2025, 12, 1);
  r.history.main_parts_replaced = {{"door_seal", CivilDay(2025, 6, 1)}};
  r.repair_delay_days = -1;
  r.parts_wait_days = 4000;
  EXPECT_THAT(Fields(r), ElementsAre("history.repairs[0].date", "history.repairs[1].days_in_repair",
                                     "history.exchanged_on", "history.main_parts_replaced[0].part",
                                     "repair_delay_days", "parts_wait_days", "history.repairs"));
}

TEST_F(ValidateTest, MoreDaysInRepairThanSincePurchase) {
  DecisionRequest r = Valid();
  r.history.repairs = {{CivilDay(2025, 6, 1), "defrost_heater", 200}};
  r.parts_wait_days = 56;  // 256 > 255 days since 10 Mar
  EXPECT_EQ(Only(r),
            "history.repairs: 256 days in repair or waiting for parts is more "
            "than the 255 days since the purchase");
  r.parts_wait_days = 55;
  EXPECT_THAT(Fields(r), IsEmpty());
}

// A violation names a field the caller sent: with no repairs the days come
// from the current hand-in alone.
TEST_F(ValidateTest, DaysInShopAreNamedOnTheFieldSent) {
  DecisionRequest r = Valid();
  r.parts_wait_days = 300;
  EXPECT_EQ(Only(r),
            "parts_wait_days: 300 days in repair or waiting for parts is more than the 255 days "
            "since the purchase");
  r.parts_wait_days = 0;
  r.repair_delay_days = 300;
  EXPECT_THAT(Fields(r), ElementsAre("repair_delay_days"));
}

// Only a fact a rule needs is demanded: with an exclusion deciding, no date,
// brand or model is required; with a card and a production date the
// missing invoice is no obstacle.
TEST_F(ValidateTest, DemandsOnlyWhatARuleNeeds) {
  DecisionRequest r = Valid();
  r.proof = {.invoice_present = false, .warranty_card_present = false};
  r.invoice_date.reset();
  r.production_date.reset();
  r.product.brand.clear();
  r.product.model.clear();
  EXPECT_THAT(Fields(r), IsEmpty());
  r.proof.warranty_card_present = true;  // now the periods decide: dates are needed
  EXPECT_THAT(Fields(r), ElementsAre("product.brand", "product.model", "production_date"));
  r.production_date = CivilDay(2025, 1, 15);
  r.product.brand = "美的";
  r.product.model = "BCD-215WTM";
  EXPECT_THAT(Fields(r), IsEmpty());
}

// One limit table: too long is refused naming the field, counted in
// characters (a Chinese character is one, whatever its UTF-8 bytes).
TEST_F(ValidateTest, TextLongerThanItsLimitIsRefused) {
  DecisionRequest r = Valid();
  r.product.model = std::string(64, 'M');
  r.product.brand = "";
  for (int i = 0; i < 64; ++i) r.product.brand += "美";  // 64 characters, 192 bytes
  EXPECT_THAT(Fields(r), IsEmpty());
  r.product.model += "M";
  r.product.serial = std::string(65, 'S');
  r.fault.component = std::string(65, 'c');
  r.history.repairs = {{CivilDay(2025, 5, 1), std::string(65, 'p'), 1}};
  EXPECT_THAT(Fields(r), ElementsAre("product.model", "product.serial", "fault.component",
                                     "history.repairs[0].component"));
}

// Validation returns every violation at once; Decide carries them on the
// INVALID_ARGUMENT status for the gRPC converter.
TEST_F(ValidateTest, AllAtOnceAndDecideRefuses) {
  DecisionRequest r = Valid();
  r.product.category = "toaster";
  r.invoice_date = CivilDay(2026, 1, 1);
  r.price_paid_fen = -5;
  const std::vector<FieldViolation> v = Validate(r, *catalogue_);
  EXPECT_THAT(v, UnorderedElementsAre(Field(&FieldViolation::field, "product.category"),
                                      Field(&FieldViolation::field, "invoice_date"),
                                      Field(&FieldViolation::field, "price_paid.amount_fen")));
  auto cal = common::WorkingCalendar::Parse("", absl::FixedTimeZone(8 * 3600));
  ASSERT_TRUE(cal.ok());
  const absl::StatusOr<Decision> d = Decide(r, *catalogue_, *cal);
  ASSERT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(common::FieldViolationsOf(d.status()), v);
}

}  // namespace
}  // namespace fieldservice::warranty
