// Runs every case of tests/warranty/cases/warranty_cases.txt through the
// engine, one gtest per case so a failure names the case id.
#include "tests/warranty/domain/case_table.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "services/common/calendar.h"
#include "services/warranty/domain/catalogue.h"
#include "services/warranty/domain/engine.h"
#include "services/warranty/domain/rules.h"

namespace fieldservice::warranty::cases {

// gtest prints a parameter on failure; the id is what a reader needs.
void PrintTo(const WarrantyCase& c, std::ostream* os) { *os << c.id; }

namespace {

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

std::string Source(const std::string& path) { return std::string(FS_SOURCE_DIR) + "/" + path; }

// Loaded once when the test cases are generated. A table that does not parse
// becomes a single failing case carrying the error, so the run says why.
const std::vector<WarrantyCase>& Cases() {
  static const auto* cases = [] {
    auto loaded = LoadCaseTable(Source("tests/warranty/cases/warranty_cases.txt"), kChina);
    if (loaded.ok()) return new std::vector<WarrantyCase>(*std::move(loaded));
    WarrantyCase failed;
    failed.id = "TABLE-DOES-NOT-PARSE";
    failed.rule = std::string(loaded.status().message());
    return new std::vector<WarrantyCase>{failed};
  }();
  return *cases;
}

class CaseTableTest : public ::testing::TestWithParam<WarrantyCase> {
 protected:
  static void SetUpTestSuite() {
    auto calendar =
        common::WorkingCalendar::LoadFile(Source("data/calendar/cn_holidays.txt"), kChina);
    ASSERT_TRUE(calendar.ok()) << calendar.status();
    calendar_ = new common::WorkingCalendar(*std::move(calendar));
    auto catalogue = LoadCatalogueFile(Source("data/warranty/catalogue.txt"));
    ASSERT_TRUE(catalogue.ok()) << catalogue.status();
    catalogue_ = new Catalogue(*std::move(catalogue));
  }
  static void TearDownTestSuite() {
    delete calendar_;
    delete catalogue_;
  }
  static common::WorkingCalendar* calendar_;
  static Catalogue* catalogue_;
};

common::WorkingCalendar* CaseTableTest::calendar_ = nullptr;
Catalogue* CaseTableTest::catalogue_ = nullptr;

TEST_P(CaseTableTest, DecisionMatches) {
  const WarrantyCase& c = GetParam();
  ASSERT_NE(c.id, "TABLE-DOES-NOT-PARSE") << c.rule;
  ASSERT_NE(calendar_, nullptr);
  ASSERT_NE(catalogue_, nullptr);
  const absl::StatusOr<Decision> d = Decide(c.request, *catalogue_, *calendar_);
  const std::vector<std::string> diffs = CheckDecision(c, d);
  EXPECT_TRUE(diffs.empty()) << c.id << " (line " << c.line << "): " << c.rule << "\n  "
                             << absl::StrJoin(diffs, "\n  ");
}

std::string CaseName(const ::testing::TestParamInfo<WarrantyCase>& info) {
  std::string name = info.param.id;
  for (char& ch : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Warranty, CaseTableTest, ::testing::ValuesIn(Cases()), CaseName);

// The brief asks for at least 70 cases and every rule covered.
TEST(CaseTableCoverageTest, EnoughCasesAndEveryRuleExpected) {
  ASSERT_GE(Cases().size(), 70u);
  std::set<std::string> expected;
  for (const WarrantyCase& c : Cases()) {
    expected.insert(c.expect.rules.begin(), c.expect.rules.end());
  }
  for (std::string_view id : rules::AllRuleIds()) {
    EXPECT_TRUE(expected.contains(std::string(id))) << "no case expects rule " << id;
  }
}

TEST(CaseTableParseTest, ErrorsNameTheLine) {
  auto bad = ParseCaseTable("case A\nrule r\nset colour blue\n", kChina);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "line 3: unknown field 'colour'");
  auto dup = ParseCaseTable("case A\nrule r\nexpect coverage FREE\ncase A\n", kChina);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().message(), "line 4: case id 'A' given twice");
  auto rule = ParseCaseTable("case A\nrule r\nexpect rules SB-NOPE\n", kChina);
  ASSERT_FALSE(rule.ok());
  EXPECT_EQ(rule.status().message(), "line 3: unknown rule id 'SB-NOPE'");
}

TEST(CaseTableParseTest, InstantsBecomeBusinessDaysAndAreKept) {
  auto cases = ParseCaseTable(
      "case A\nrule r\nset request_date 2025-05-08T16:30:00Z\n"
      "expect coverage FREE\n",
      kChina);
  ASSERT_TRUE(cases.ok()) << cases.status();
  EXPECT_EQ(*(*cases)[0].request.request_date, absl::CivilDay(2025, 5, 9));
  EXPECT_EQ((*cases)[0].instants.at("request_date"),
            absl::FromCivil(absl::CivilSecond(2025, 5, 9, 0, 30, 0), kChina));
}

}  // namespace
}  // namespace fieldservice::warranty::cases
