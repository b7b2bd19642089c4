// The 三包 catalogue: the shipped data and the parser's refusals
// (data/warranty/README.md).
#include "services/warranty/domain/catalogue.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fieldservice::warranty {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::StatusOr<Catalogue> Shipped() {
  return LoadCatalogueFile(std::string(FS_SOURCE_DIR) + "/data/warranty/catalogue.txt");
}

// The smallest catalogue that loads: lines 1-12. Tests append to it, so
// their own lines start at 13.
constexpr char kMinimal[] =
    "version = test-1\n"
    "price.callout = 30\n"
    "category.refrigerator.name = 电冰箱\n"
    "category.refrigerator.whole_unit = 1y\n"
    "category.refrigerator.main_parts = compressor, thermostat\n"
    "category.refrigerator.main_part_period = 3y\n"
    "category.refrigerator.component.ice_maker = 6m\n"
    "category.refrigerator.depreciation_per_day = 0.05%\n"
    "category.refrigerator.service_mode = on_site\n"
    "category.refrigerator.no_invoice_start = month_after_nameplate\n"
    "category.refrigerator.parts_wait_exchange_days = 90\n"
    "category.refrigerator.price.labour = 80\n";

absl::Status ParseWith(const std::string& extra) {
  return ParseCatalogue(absl::StrCat(kMinimal, extra)).status();
}

TEST(ShippedCatalogueTest, HoldsEveryCategoryOfTheDomain) {
  absl::StatusOr<Catalogue> cat = Shipped();
  ASSERT_TRUE(cat.ok()) << cat.status();
  EXPECT_FALSE(cat->version().empty());
  std::vector<std::string> ids;
  for (const auto& [id, c] : cat->categories()) ids.push_back(id);
  EXPECT_THAT(ids, ElementsAre("air_conditioner", "colour_tv", "flat_panel_tv", "gas_water_heater",
                               "microwave", "mobile_phone", "pc", "range_hood", "refrigerator",
                               "washing_machine"));
}

// DOMAIN.md "Periods per category (whole unit / main parts / depreciation)".
TEST(ShippedCatalogueTest, NationalPeriods) {
  absl::StatusOr<Catalogue> cat = Shipped();
  ASSERT_TRUE(cat.ok()) << cat.status();
  const CategoryTerms& fridge = *cat->FindCategory("refrigerator");
  EXPECT_EQ(fridge.whole_unit, Period::Years(1));
  EXPECT_EQ(fridge.main_parts.size(), 5u);
  EXPECT_EQ(fridge.main_parts.at("compressor"), Period::Years(3));
  EXPECT_EQ(fridge.depreciation_ppm_per_day, 500);
  EXPECT_EQ(fridge.parts_wait_exchange_days, 90);
  EXPECT_EQ(fridge.service_mode, ServiceMode::kOnSite);

  const CategoryTerms& tv = *cat->FindCategory("flat_panel_tv");
  EXPECT_TRUE(tv.from_installation);
  EXPECT_EQ(tv.depreciation_ppm_per_day, 1000);
  EXPECT_FALSE(cat->FindCategory("colour_tv")->from_installation);
  EXPECT_EQ(cat->FindCategory("microwave")->main_parts.at("magnetron"), Period::Years(2));
  EXPECT_EQ(cat->FindCategory("pc")->main_parts.at("cpu"), Period::Years(2));

  const CategoryTerms& phone = *cat->FindCategory("移动电话");
  EXPECT_EQ(phone.id, "mobile_phone");
  EXPECT_TRUE(phone.main_parts.empty());
  EXPECT_EQ(phone.components.at("battery"), Period::Months(6));
  EXPECT_EQ(phone.depreciation_ppm_per_day, 5000);
  EXPECT_EQ(phone.parts_wait_exchange_days, 60);
  EXPECT_EQ(phone.no_invoice_start.kind, NoInvoiceStart::Kind::kProductionPlus);
  EXPECT_EQ(phone.no_invoice_start.offset, Period::Days(90));
  EXPECT_EQ(phone.service_mode, ServiceMode::kCarryIn);

  EXPECT_EQ(cat->FindCategory("washing_machine")->commercial_period, Period::Months(6));
  EXPECT_EQ(cat->callout_fen(), 3000);
  EXPECT_EQ(fridge.prices.labour_fen, 8000);
  EXPECT_EQ(fridge.prices.part_fen.at("compressor"), 45000);
}

// 海尔 gives 10 years on refrigerator compressors; nothing else changes.
TEST(ShippedCatalogueTest, BrandTermsImproveOnlyWhatTheyName) {
  absl::StatusOr<Catalogue> cat = Shipped();
  ASSERT_TRUE(cat.ok()) << cat.status();
  const BrandTerms* haier = cat->BrandTermsForName("HAIER");
  ASSERT_NE(haier, nullptr);
  EXPECT_EQ(cat->BrandTermsForName("海尔"), haier);
  EXPECT_EQ(cat->BrandTermsForName("美的"), nullptr);
  const Terms t = cat->TermsFor(*cat->FindCategory("refrigerator"), haier);
  EXPECT_EQ(t.brand, haier);
  EXPECT_EQ(t.main_parts.at("compressor"), Period::Years(10));
  EXPECT_EQ(t.main_parts.at("evaporator"), Period::Years(3));
  EXPECT_EQ(t.whole_unit, Period::Years(1));
  // No Haier terms for phones: the law, and no brand named as applied.
  const Terms phone = cat->TermsFor(*cat->FindCategory("mobile_phone"), haier);
  EXPECT_EQ(phone.brand, nullptr);
}

TEST(ParseCatalogueTest, MinimalLoads) {
  absl::StatusOr<Catalogue> cat = ParseCatalogue(kMinimal);
  ASSERT_TRUE(cat.ok()) << cat.status();
  EXPECT_EQ(cat->version(), "test-1");
  EXPECT_EQ(cat->KnownCategories(), "refrigerator (电冰箱)");
}

// DOMAIN.md "A brand may give more than the law, never less".
TEST(ParseCatalogueTest, BrandGivingLessThanTheLawIsRefused) {
  EXPECT_EQ(ParseWith("brand.cheap.names = 便宜\n"
                      "brand.cheap.refrigerator.main_part.compressor = 2y\n")
                .message(),
            "line 14: brand terms 'cheap' give refrigerator "
            "main_part.compressor 2y, less than the law's 3y: a brand may give "
            "more than the law, never less");
  EXPECT_THAT(ParseWith("brand.cheap.names = 便宜\n"
                        "brand.cheap.refrigerator.whole_unit = 11m\n")
                  .message(),
              HasSubstr("line 14: brand terms 'cheap' give refrigerator "
                        "whole_unit 11m, less than the law's 1y"));
  // 365 days is less than a year that contains a 29 February.
  EXPECT_THAT(ParseWith("brand.cheap.names = 便宜\n"
                        "brand.cheap.refrigerator.whole_unit = 365d\n")
                  .message(),
              HasSubstr("line 14:"));
  EXPECT_THAT(ParseWith("brand.cheap.names = 便宜\n"
                        "brand.cheap.refrigerator.component.ice_maker = 3m\n")
                  .message(),
              HasSubstr("line 14:"));
  EXPECT_THAT(ParseWith("brand.cheap.names = 便宜\n"
                        "brand.cheap.refrigerator.main_part_period = 30m\n")
                  .message(),
              HasSubstr("line 14:"));
  // Commercial use without a company period gets the whole unit's year.
  EXPECT_THAT(ParseWith("brand.cheap.names = 便宜\n"
                        "brand.cheap.refrigerator.commercial_period = 6m\n")
                  .message(),
              HasSubstr("line 14:"));
}

TEST(ParseCatalogueTest, BrandGivingMoreOrTheSameLoads) {
  absl::StatusOr<Catalogue> cat =
      ParseCatalogue(absl::StrCat(kMinimal,
                                  "brand.good.names = 好牌, Good\n"
                                  "brand.good.refrigerator.whole_unit = 366d\n"
                                  "brand.good.refrigerator.main_part_period = 5y\n"
                                  "brand.good.refrigerator.main_part.compressor = 12y\n"
                                  "brand.good.refrigerator.component.ice_maker = 6m\n"));
  ASSERT_TRUE(cat.ok()) << cat.status();
  const Terms t = cat->TermsFor(*cat->FindCategory("refrigerator"), cat->FindBrandTerms("good"));
  EXPECT_EQ(t.whole_unit, Period::Days(366));
  EXPECT_EQ(t.main_parts.at("compressor"), Period::Years(12));  // per part wins
  EXPECT_EQ(t.main_parts.at("thermostat"), Period::Years(5));
}

TEST(ParseCatalogueTest, BrandLinesMustNameKnownThings) {
  EXPECT_EQ(ParseWith("brand.b.names = B\nbrand.b.toaster.whole_unit = 2y\n").message(),
            "line 14: brand terms 'b': unknown category 'toaster'; known: "
            "refrigerator");
  EXPECT_EQ(ParseWith("brand.b.names = B\n"
                      "brand.b.refrigerator.main_part.door = 2y\n")
                .message(),
            "line 14: brand terms 'b': 'door' is not a main part of "
            "refrigerator; main parts: compressor, thermostat");
  EXPECT_THAT(ParseWith("brand.b.names = B\n"
                        "brand.b.refrigerator.component.battery = 2y\n")
                  .message(),
              HasSubstr("line 14: brand terms 'b': 'battery' is not a "
                        "component"));
  EXPECT_THAT(ParseWith("brand.b.refrigerator.whole_unit = 2y\n").message(),
              HasSubstr("line 13: brand terms 'b' has no 'names'"));
  EXPECT_THAT(ParseWith("brand.b.names = B\nbrand.c.names = b\n").message(),
              HasSubstr("line 14: brand name 'b' is empty or already used"));
}

TEST(ParseCatalogueTest, ErrorsNameTheLine) {
  EXPECT_EQ(ParseWith("colour = blue\n").message(), "line 13: unknown key 'colour'");
  EXPECT_EQ(ParseWith("category.refrigerator.colour = blue\n").message(),
            "line 13: unknown setting 'colour' of category 'refrigerator'");
  EXPECT_THAT(ParseWith("category.refrigerator.commercial_period = 6 months\n").message(),
              HasSubstr("line 13: bad period '6 months'"));
  EXPECT_EQ(ParseWith("category.refrigerator.price.part.compressor = 4.505\n").message(),
            "line 13: bad amount '4.505', expected yuan with at most 2 "
            "decimals");
  EXPECT_THAT(ParseWith("category.refrigerator.whole_unit = 2y\n").message(),
              HasSubstr("line 13: 'category.refrigerator.whole_unit' given "
                        "twice"));
  EXPECT_THAT(ParseWith("category.Fridge.name = x\n").message(),
              HasSubstr("line 13: bad id 'Fridge'"));
  EXPECT_THAT(ParseWith("no equals sign\n").message(), HasSubstr("line 13:"));
}

TEST(ParseCatalogueTest, BadValuesAreRefused) {
  const std::string base =
      "version = v\nprice.callout = 30\n"
      "category.tv.name = 电视\ncategory.tv.whole_unit = 1y\n"
      "category.tv.service_mode = on_site\n"
      "category.tv.no_invoice_start = month_after_nameplate\n"
      "category.tv.parts_wait_exchange_days = 90\n"
      "category.tv.price.labour = 80\n";
  // line 9 is each test's line
  EXPECT_THAT(ParseCatalogue(base + "category.tv.depreciation_per_day = 0.1\n").status().message(),
              HasSubstr("line 9: expected a percentage"));
  const std::string rate = "category.tv.depreciation_per_day = 0.1%\n";
  EXPECT_TRUE(ParseCatalogue(base + rate).ok());
  EXPECT_THAT(ParseCatalogue(base + rate + "category.tv.main_parts = screen\n").status().message(),
              HasSubstr("line 10: main_parts and main_part_period must be "
                        "given together"));
  std::string bad_mode = base + rate;
  bad_mode.replace(bad_mode.find("on_site"), 7, "by_post");
  EXPECT_THAT(ParseCatalogue(bad_mode).status().message(),
              HasSubstr("line 5: expected on_site or carry_in"));
  std::string bad_start = base + rate;
  bad_start.replace(bad_start.find("month_after_nameplate"), 21, "production+ninety");
  EXPECT_THAT(ParseCatalogue(bad_start).status().message(),
              HasSubstr("line 6: expected production+<period>"));
}

TEST(ParseCatalogueTest, MissingRequiredSettingNamesTheCategory) {
  EXPECT_EQ(ParseCatalogue("version = v\nprice.callout = 1\n"
                           "category.tv.name = 电视\n")
                .status()
                .message(),
            "line 3: category 'tv' has no 'whole_unit' (required)");
  EXPECT_FALSE(ParseCatalogue("price.callout = 1\n").ok());
}

TEST(PercentTest, ParsesToPartsPerMillion) {
  EXPECT_EQ(ParsePercentPpm("0.1%"), 1000);
  EXPECT_EQ(ParsePercentPpm("0.05%"), 500);
  EXPECT_EQ(ParsePercentPpm("0.5%"), 5000);
  EXPECT_EQ(ParsePercentPpm("1%"), 10000);
  EXPECT_EQ(ParsePercentPpm("0.0001%"), 1);
  EXPECT_EQ(ParsePercentPpm("0.00001%"), std::nullopt);
  EXPECT_EQ(ParsePercentPpm("0.1"), std::nullopt);
  EXPECT_EQ(ParsePercentPpm("-0.1%"), std::nullopt);
  EXPECT_EQ(FormatPpmAsPercent(500), "0.05%");
  EXPECT_EQ(FormatPpmAsPercent(1000), "0.1%");
  EXPECT_EQ(FormatPpmAsPercent(10000), "1%");
  EXPECT_EQ(ParseYuanFen("80"), 8000);
  EXPECT_EQ(ParseYuanFen("80.5"), 8050);
  EXPECT_EQ(ParseYuanFen("80.05"), 8005);
  EXPECT_EQ(ParseYuanFen("80."), std::nullopt);
}

}  // namespace
}  // namespace fieldservice::warranty
