// The intake policy file: DOMAIN.md "Where a number ... is a company policy
// rather than law, it must be configuration", applied to "Taking a repair
// request" (covered area, vague descriptions, field limits).
#include "services/orders/domain/intake_policy.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/files.h"

namespace fieldservice::orders {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kPolicyPath = std::string(FS_SOURCE_DIR) + "/data/orders/intake_policy.txt";

std::string ShippedText() {
  absl::StatusOr<std::string> text = common::ReadTextFile(kPolicyPath);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.value_or("");
}

IntakePolicy Shipped() {
  absl::StatusOr<IntakePolicy> policy = LoadIntakePolicyFile(kPolicyPath);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *policy : IntakePolicy{};
}

// The shipped text with one line's value replaced, for the error cases.
std::string ShippedWith(const std::string& from, const std::string& to) {
  std::string text = ShippedText();
  EXPECT_THAT(text, HasSubstr(from));
  return absl::StrReplaceAll(text, {{from, to}});
}

// "Taking a repair request": the documented defaults ship in the file.
TEST(IntakePolicyTest, ShippedDefaults) {
  IntakePolicy p = Shipped();
  EXPECT_EQ(p.address_detail_min_chars, 8);
  EXPECT_EQ(p.fault_description_min_chars, 3);
  EXPECT_EQ(p.earliest_purchase_date, absl::CivilDay(1990, 1, 1));
  EXPECT_EQ(p.max_preferred_window, absl::Hours(24));
  EXPECT_EQ(p.max_clock_skew, absl::Minutes(2));
  EXPECT_EQ(p.error_code_max_digits, 3);
  EXPECT_THAT(p.vague_phrases, Contains("有点问题"));
  EXPECT_THAT(p.vague_phrases, Contains("some problem"));
  EXPECT_THAT(p.symptom_keywords, Contains("不制冷"));
  EXPECT_THAT(p.symptom_keywords, Contains("not cooling"));
  // Stored normalised, as descriptions are compared.
  EXPECT_THAT(p.error_code_prefixes, Contains("e"));
  EXPECT_THAT(p.symptom_keywords, Contains("显示e"));
}

// "Service mode": provincial capitals and municipalities are covered whole;
// elsewhere on-site needs authorisation.
TEST(IntakePolicyTest, CoveredAreaIsMunicipalitiesCapitalsAndDevelopedCities) {
  IntakePolicy p = Shipped();
  for (const char* covered : {"110105", "120101", "310115", "500101", "440106", "330106", "130102",
                              "650102", "540102", "440305", "441900"}) {
    EXPECT_TRUE(p.IsOnSiteCovered(covered)) << covered;
  }
  for (const char* outside : {"445102", "330781", "130602", "653101"}) {
    EXPECT_FALSE(p.IsOnSiteCovered(outside)) << outside;
  }
  // All 27 provincial capitals (the municipalities are covered whole).
  for (const char* capital :
       {"1301", "1401", "1501", "2101", "2201", "2301", "3201", "3301", "3401",
        "3501", "3601", "3701", "4101", "4201", "4301", "4401", "4501", "4601",
        "5101", "5201", "5301", "5401", "6101", "6201", "6301", "6401", "6501"}) {
    EXPECT_TRUE(p.IsOnSiteCovered(std::string(capital) + "02")) << capital;
  }
}

// "Taking a repair request": a vague phrase must never hide a symptom, or a
// good description would be refused.
TEST(IntakePolicyTest, NoShippedVaguePhraseContainsASymptomKeyword) {
  IntakePolicy p = Shipped();
  for (const std::string& phrase : p.vague_phrases) {
    for (const std::string& keyword : p.symptom_keywords) {
      EXPECT_THAT(phrase, Not(HasSubstr(keyword))) << phrase << " / " << keyword;
    }
  }
  for (size_t i = 1; i < p.vague_phrases.size(); ++i) {
    EXPECT_GE(p.vague_phrases[i - 1].size(), p.vague_phrases[i].size());
  }
}

// Configuration must be complete: a missing setting is an error, not a
// silent default.
TEST(IntakePolicyTest, RefusesMissingSetting) {
  absl::StatusOr<IntakePolicy> p =
      ParseIntakePolicy(ShippedWith("customer.address.detail.min_chars = 8", ""));
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(), HasSubstr("customer.address.detail.min_chars"));
}

// A minimum no text can reach (longer than the field's column) is refused.
TEST(IntakePolicyTest, RefusesMinimumAboveTheLongestText) {
  absl::StatusOr<IntakePolicy> p = ParseIntakePolicy(
      ShippedWith("fault_description.min_chars = 3", "fault_description.min_chars = 1001"));
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(), HasSubstr("min_chars"));
}

// "Service mode", "Taking a repair request": an empty covered area or lexicon
// would refuse every on-site order or every description.
TEST(IntakePolicyTest, RefusesEmptyList) {
  std::string text = ShippedText();
  std::string without;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("onsite_regions", 0) != 0) without += line + "\n";
  }
  absl::StatusOr<IntakePolicy> p = ParseIntakePolicy(without);
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(), HasSubstr("onsite_regions"));
}

// Policy is configuration (DOMAIN.md preamble): a malformed line is refused
// whole, naming the line, never half-loaded.
TEST(IntakePolicyTest, RefusesMalformedValuesNamingTheLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"customer.address.detail.min_chars = 8", "customer.address.detail.min_chars = eight"},
      {"customer.address.detail.min_chars = 8", "customer.address.detail.min_chars = 0"},
      {"preferred_window.max_length = 24h", "preferred_window.max_length = 1 day"},
      {"product.purchase_date.earliest = 1990-01-01",
       "product.purchase_date.earliest = 1990/01/01"},
      {"= 11, 12, 31, 50", "= 11, 12, 310"},
      {"= 11, 12, 31, 50", "= 11, , 31, 50"},
      {"= E, F, H", "= E1, F, H"},
      {"customer.address.detail.min_chars = 8",
       "customer.address.detail.min_chars = 8\ncustomer.adress.detail.min_chars = 8"},
      {"customer.address.detail.min_chars = 8",
       "customer.address.detail.min_chars = 8\ncustomer.address.detail.min_chars = 9"},
  };
  for (const auto& [from, to] : cases) {
    absl::StatusOr<IntakePolicy> p = ParseIntakePolicy(ShippedWith(from, to));
    ASSERT_FALSE(p.ok()) << to;
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(p.status().message(), HasSubstr("line ")) << to;
  }
}

// "Taking a repair request": a minimum above its maximum would refuse every
// address.
TEST(IntakePolicyTest, RefusesMinimumAboveMaximum) {
  absl::StatusOr<IntakePolicy> p = ParseIntakePolicy(ShippedWith(
      "customer.address.detail.min_chars = 8", "customer.address.detail.min_chars = 300"));
  EXPECT_FALSE(p.ok());
}

// "Taking a repair request": a file saved as GBK would match nothing and
// refuse every description.
TEST(IntakePolicyTest, RefusesNonUtf8File) {
  absl::StatusOr<IntakePolicy> p = ParseIntakePolicy(ShippedWith("有点问题", "\xD3\xD0\xB5\xE3"));
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(), HasSubstr("UTF-8"));
}

// Policy is configuration (DOMAIN.md preamble): no file, no silent defaults.
TEST(IntakePolicyTest, MissingFileIsNotFound) {
  EXPECT_EQ(LoadIntakePolicyFile("/nonexistent/intake_policy.txt").status().code(),
            absl::StatusCode::kNotFound);
}

// Policy is configuration (DOMAIN.md preamble) kept by operators who type
// Chinese: '，' and '、' separate entries like ','.
TEST(IntakePolicyTest, ListsAcceptChineseSeparatorsAndMergeLabels) {
  absl::StatusOr<IntakePolicy> p =
      ParseIntakePolicy(ShippedWith("symptom_keywords.en = ",
                                    "symptom_keywords.extra = 嘎吱响，咔哒声、LOUD "
                                    "HUM\nsymptom_keywords.en = "));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_THAT(p->symptom_keywords, Contains("嘎吱响"));
  EXPECT_THAT(p->symptom_keywords, Contains("咔哒声"));
  EXPECT_THAT(p->symptom_keywords, Contains("loud hum"));
  EXPECT_THAT(p->symptom_keywords, Contains("不制冷"));
}

// "Taking a repair request": a symptom typed with a Chinese IME (Ｅ４) or in
// capitals still names the symptom.
TEST(NormalizeForMatchingTest, FoldsFullWidthAndLowercasesAscii) {
  // "Ｅ１　ABC冰箱" from a Chinese IME.
  EXPECT_EQ(NormalizeForMatching("\xEF\xBC\xA5\xEF\xBC\x91\xE3\x80\x80"
                                 "ABC冰箱"),
            "e1 abc冰箱");
  EXPECT_EQ(NormalizeForMatching("不制冷，NOT Cooling。"),
            "不制冷,not cooling。");  // full-width comma folds, 。 stays
}

}  // namespace
}  // namespace fieldservice::orders
