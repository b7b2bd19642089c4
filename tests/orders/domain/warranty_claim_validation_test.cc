// Intake of a 三包 claim (DOMAIN.md "Taking a repair request": nothing missing;
// "Warranty: 三包": what the decision is made from). What the warranty
// decision needs is named at intake, while the customer is on the phone.
#include "services/orders/domain/warranty_claim_validation.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fieldservice::orders {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const absl::CivilDay kToday(2026, 11, 24);

NewOrder Claim() {
  NewOrder o;
  o.contact_type = ContactType::kRepair;
  o.product.category = "refrigerator";
  o.product.brand = "海尔";
  o.product.model = "BCD-470WDPG";
  o.product.serial = "BA0123456789";
  o.product.purchase_date = absl::CivilDay(2026, 3, 1);
  o.product.invoice_number = "24440000000012345678";
  o.product.warranty_card_present = true;
  o.warranty_claim.price_paid_fen = 329900;
  return o;
}

ProductCatalogue Catalogue() {
  ProductCatalogue c;
  c.version = "2026.1";
  c.categories["refrigerator"] = {"电冰箱", {"compressor", "evaporator", "control_board"}};
  c.categories["mobile_phone"] = {"移动电话", {"battery", "screen"}};
  return c;
}

std::vector<common::FieldViolation> Check(const NewOrder& o, const ProductCatalogue* c = nullptr) {
  common::Violations v;
  CheckWarrantyClaim(v, o, kToday, c);
  return v.list();
}

std::vector<std::string> Fields(const NewOrder& o, const ProductCatalogue* c = nullptr) {
  std::vector<std::string> out;
  for (const auto& v : Check(o, c)) out.push_back(v.field);
  return out;
}

std::string Rule(const NewOrder& o, const std::string& field, const ProductCatalogue* c = nullptr) {
  for (const auto& v : Check(o, c)) {
    if (v.field == field) return v.description;
  }
  return "";
}

TEST(WarrantyClaimValidation, CompleteClaimPasses) {
  ProductCatalogue catalogue = Catalogue();
  EXPECT_THAT(Fields(Claim(), &catalogue), IsEmpty());
}

// "Periods run from the invoice date"; "a return refunds the invoice price".
TEST(WarrantyClaimValidation, InvoiceNeedsItsDateAndPrice) {
  NewOrder o = Claim();
  o.product.purchase_date.reset();
  o.warranty_claim.price_paid_fen.reset();
  EXPECT_THAT(Fields(o),
              UnorderedElementsAre("product.purchase_date", "warranty_claim.price_paid"));
  EXPECT_THAT(Rule(o, "warranty_claim.price_paid"), HasSubstr("refunds"));
}

// "With no invoice, company policy may start from the production date": a
// card without an invoice needs the nameplate's production date, not a price.
TEST(WarrantyClaimValidation, CardWithoutInvoiceNeedsProductionDate) {
  NewOrder o = Claim();
  o.product.invoice_number.clear();
  o.product.purchase_date.reset();
  o.warranty_claim.price_paid_fen.reset();
  EXPECT_THAT(Fields(o), UnorderedElementsAre("warranty_claim.production_date"));
  o.warranty_claim.production_date = absl::CivilDay(2025, 12, 1);
  EXPECT_THAT(Fields(o), IsEmpty());
}

// "No warranty card and no invoice, or either altered, or the card's model
// does not match": not covered whatever the dates, so nothing is demanded.
TEST(WarrantyClaimValidation, NoProofOrVoidProofDemandsNothing) {
  NewOrder o = Claim();
  o.product.invoice_number.clear();
  o.product.warranty_card_present = false;
  o.product.purchase_date.reset();
  o.product.serial.clear();
  o.warranty_claim.price_paid_fen.reset();
  EXPECT_THAT(Fields(o), IsEmpty());
  EXPECT_FALSE(IsWarrantyClaim(o.product));

  o = Claim();
  o.product.proof_altered = true;
  o.product.purchase_date.reset();
  o.warranty_claim.price_paid_fen.reset();
  EXPECT_THAT(Fields(o), IsEmpty());
  o.product.proof_altered = false;
  o.warranty_claim.card_model_mismatch = true;
  EXPECT_THAT(Fields(o), IsEmpty());
}

// "Taking a repair request": the product with its serial, nothing missing.
TEST(WarrantyClaimValidation, ClaimNeedsTheSerial) {
  NewOrder o = Claim();
  o.product.serial.clear();
  EXPECT_THAT(Fields(o), UnorderedElementsAre("product.serial"));
}

// Intake names the categories the catalogue knows.
TEST(WarrantyClaimValidation, CategoryMustBeInTheCatalogue) {
  ProductCatalogue catalogue = Catalogue();
  NewOrder o = Claim();
  o.product.category = "fridge";
  EXPECT_THAT(Fields(o, &catalogue), UnorderedElementsAre("product.category"));
  EXPECT_THAT(Rule(o, "product.category", &catalogue),
              HasSubstr("mobile_phone (移动电话), refrigerator (电冰箱)"));
  // Without a catalogue (not fetched yet) only the form is checked elsewhere.
  EXPECT_THAT(Fields(o), IsEmpty());
}

// "A replaced main part restarts its own period"; the part is the category's.
TEST(WarrantyClaimValidation, PartsMustBeTheCategorys) {
  ProductCatalogue catalogue = Catalogue();
  NewOrder o = Claim();
  o.warranty_claim.fault_component = "battery";  // a phone's, not a fridge's
  o.warranty_claim.earlier_repairs = {{absl::CivilDay(2026, 5, 1), "compressor", 3},
                                      {absl::CivilDay(2026, 6, 1), "", 2}};
  o.warranty_claim.main_parts_replaced = {{"", absl::CivilDay(2026, 6, 1)}};
  EXPECT_THAT(Fields(o, &catalogue),
              UnorderedElementsAre("warranty_claim.fault_component",
                                   "warranty_claim.main_parts_replaced[0].part"));
  EXPECT_THAT(Rule(o, "warranty_claim.fault_component", &catalogue),
              HasSubstr("compressor, control_board, evaporator"));
  o.warranty_claim.fault_component = "Compressor!";
  o.warranty_claim.main_parts_replaced = {{"compressor", absl::CivilDay(2026, 6, 1)}};
  EXPECT_THAT(Fields(o, &catalogue), UnorderedElementsAre("warranty_claim.fault_component"));
}

TEST(WarrantyClaimValidation, DatesAndNumbersMakeSense) {
  NewOrder o = Claim();
  o.warranty_claim.price_paid_fen = -1;
  o.warranty_claim.production_date = absl::CivilDay(2026, 4, 1);    // after the purchase
  o.warranty_claim.installation_date = absl::CivilDay(2026, 2, 1);  // before the purchase
  o.warranty_claim.exchanged_on = absl::CivilDay(2026, 12, 1);      // in the future
  o.warranty_claim.earlier_repairs = {{absl::CivilDay(2026, 12, 1), "", -2}};
  o.warranty_claim.repair_delay_days = -1;
  o.warranty_claim.parts_wait_days = -1;
  EXPECT_THAT(
      Fields(o),
      UnorderedElementsAre("warranty_claim.price_paid.amount_fen", "warranty_claim.production_date",
                           "warranty_claim.installation_date", "warranty_claim.exchanged_on",
                           "warranty_claim.earlier_repairs[0].date",
                           "warranty_claim.earlier_repairs[0].days_in_repair",
                           "warranty_claim.repair_delay_days", "warranty_claim.parts_wait_days"));
}

}  // namespace
}  // namespace fieldservice::orders
