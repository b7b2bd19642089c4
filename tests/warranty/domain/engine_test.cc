// Engine properties the case table does not state case by case: the shape of
// every decision, the refund's working, and that numbers come from the
// catalogue rather than code.
#include "services/warranty/domain/engine.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/warranty/domain/rules.h"
#include "tests/warranty/domain/case_table.h"

namespace fieldservice::warranty {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

class EngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string root(FS_SOURCE_DIR);
    auto cal = common::WorkingCalendar::LoadFile(root + "/data/calendar/cn_holidays.txt", kChina);
    ASSERT_TRUE(cal.ok()) << cal.status();
    calendar_ = new common::WorkingCalendar(*std::move(cal));
    auto cat = LoadCatalogueFile(root + "/data/warranty/catalogue.txt");
    ASSERT_TRUE(cat.ok()) << cat.status();
    catalogue_ = new Catalogue(*std::move(cat));
    auto cases = cases::LoadCaseTable(root + "/tests/warranty/cases/warranty_cases.txt", kChina);
    ASSERT_TRUE(cases.ok()) << cases.status();
    cases_ = new std::vector<cases::WarrantyCase>(*std::move(cases));
  }
  static void TearDownTestSuite() {
    delete calendar_;
    delete catalogue_;
    delete cases_;
  }
  static const cases::WarrantyCase& Case(std::string_view id) {
    for (const auto& c : *cases_) {
      if (c.id == id) return c;
    }
    ADD_FAILURE() << "no case " << id;
    return cases_->front();
  }
  static common::WorkingCalendar* calendar_;
  static Catalogue* catalogue_;
  static std::vector<cases::WarrantyCase>* cases_;
};
common::WorkingCalendar* EngineTest::calendar_ = nullptr;
Catalogue* EngineTest::catalogue_ = nullptr;
std::vector<cases::WarrantyCase>* EngineTest::cases_ = nullptr;

// Every decision names its catalogue version, explains every rule in both
// languages with a known id, quotes exactly when the customer pays, and
// carries the transport note.
TEST_F(EngineTest, EveryDecisionIsComplete) {
  const std::vector<std::string_view> known = rules::AllRuleIds();
  for (const cases::WarrantyCase& c : *cases_) {
    if (!c.expect.violations.empty()) continue;
    absl::StatusOr<Decision> d = Decide(c.request, *catalogue_, *calendar_);
    ASSERT_TRUE(d.ok()) << c.id << ": " << d.status();
    EXPECT_EQ(d->catalogue_version, catalogue_->version()) << c.id;
    EXPECT_FALSE(d->remedies.empty()) << c.id;
    EXPECT_FALSE(d->transport_note_zh.empty());
    EXPECT_FALSE(d->transport_note_en.empty());
    EXPECT_EQ(d->quote.has_value(), d->coverage != Coverage::kFree) << c.id;
    EXPECT_EQ(d->refund.has_value(), d->HasRemedy(Remedy::kReturn)) << c.id;
    if (d->period) EXPECT_LE(d->period->start, d->period->end.end) << c.id;
    for (const RuleApplied& r : d->rules) {
      EXPECT_THAT(known, Contains(r.id)) << c.id;
      EXPECT_FALSE(r.reason_zh.empty()) << c.id << " " << r.id;
      EXPECT_FALSE(r.reason_en.empty()) << c.id << " " << r.id;
    }
  }
}

// The checker must notice a wrong expectation, or a passing table proves
// nothing.
TEST_F(EngineTest, CheckerReportsEveryDifference) {
  cases::WarrantyCase c = Case("T01-TWICE-REPAIRED");
  const absl::StatusOr<Decision> d = Decide(c.request, *catalogue_, *calendar_);
  ASSERT_THAT(cases::CheckDecision(c, d), IsEmpty());
  c.expect.coverage = Coverage::kPaid;
  c.expect.refund_fen = 1;
  c.expect.period_end = absl::CivilDay(2026, 3, 10);
  c.expect.remedies = std::vector<Remedy>{Remedy::kRepair};
  c.expect.no_rules = {"SB-TWICE-REPAIRED"};
  c.expect.rules.push_back("SB-7D-CHOICE");
  EXPECT_EQ(cases::CheckDecision(c, d).size(), 6u);
  c.expect = {};
  c.expect.violations = {"invoice_date"};
  EXPECT_THAT(cases::CheckDecision(c, d),
              ElementsAre("expected INVALID_ARGUMENT with field violations"));
}

// "refund minus depreciation = price x daily rate x days used", line by line.
TEST_F(EngineTest, DepreciationIsWorkedOutLineByLine) {
  const absl::StatusOr<Decision> d =
      Decide(Case("T01-TWICE-REPAIRED").request, *catalogue_, *calendar_);
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_TRUE(d->refund.has_value());
  const Refund& r = *d->refund;
  EXPECT_TRUE(r.depreciated);
  EXPECT_EQ(r.price_fen, 399900);
  EXPECT_EQ(r.days_since_invoice, 255);
  EXPECT_EQ(r.days_paused, 7);
  EXPECT_EQ(r.days_used, 248);
  EXPECT_EQ(r.rate_ppm_per_day, 500);
  EXPECT_EQ(r.depreciation_fen, 49588);
  EXPECT_EQ(r.amount_fen, 350312);
  ASSERT_EQ(r.lines.size(), 4u);
  EXPECT_EQ(r.lines[1].en,
            "days used = 255 days from 2025-03-10 to 2025-11-20 - 7 days in "
            "repair or waiting for parts = 248");
  EXPECT_EQ(r.lines[2].en,
            "depreciation = 3999.00 yuan × 0.05% a day × 248 days = 495.88 "
            "yuan (rounded half up)");
  EXPECT_EQ(r.lines[3].zh, "退款 = 3999.00 - 495.88 = 3503.12 元");
}

TEST_F(EngineTest, PaidQuoteComesFromThePriceList) {
  const absl::StatusOr<Decision> d =
      Decide(Case("P10-MAIN-PART-DAY-AFTER").request, *catalogue_, *calendar_);
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_TRUE(d->quote.has_value());
  EXPECT_EQ(d->quote->labour_fen, 8000);
  EXPECT_EQ(d->quote->part_fen, 45000);
  EXPECT_TRUE(d->quote->part_priced);
  EXPECT_EQ(d->quote->callout_fen, 3000);
  EXPECT_EQ(d->service_mode, ServiceMode::kOnSite);
  EXPECT_THAT(d->transport_note_en, HasSubstr("never pays transport"));
  // A part missing from the price list is priced after inspection.
  DecisionRequest r = Case("P10-MAIN-PART-DAY-AFTER").request;
  r.fault.component = "evaporator";
  const absl::StatusOr<Decision> e = Decide(r, *catalogue_, *calendar_);
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(e->quote->part_priced);
  EXPECT_EQ(e->quote->total_fen, 11000);
}

// The parts-wait limit, periods and rates are data: a catalogue with other
// numbers gives other answers without a code change.
TEST_F(EngineTest, NumbersComeFromTheCatalogue) {
  absl::StatusOr<Catalogue> strict = ParseCatalogue(
      "version = strict-7\nprice.callout = 0\n"
      "category.refrigerator.name = 电冰箱\n"
      "category.refrigerator.whole_unit = 2y\n"
      "category.refrigerator.depreciation_per_day = 0.1%\n"
      "category.refrigerator.service_mode = carry_in\n"
      "category.refrigerator.no_invoice_start = production+30d\n"
      "category.refrigerator.parts_wait_exchange_days = 30\n"
      "category.refrigerator.price.labour = 10\n");
  ASSERT_TRUE(strict.ok()) << strict.status();
  DecisionRequest r = cases::DefaultCaseRequest();
  r.parts_wait_days = 31;
  absl::StatusOr<Decision> d = Decide(r, *strict, *calendar_);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->catalogue_version, "strict-7");
  EXPECT_THAT(d->remedies, ElementsAre(Remedy::kExchange));
  EXPECT_EQ(d->period->end.end, absl::CivilDay(2027, 4, 10));  // 2y + 31 days
  EXPECT_EQ(d->service_mode, ServiceMode::kCarryIn);
}

// Brand terms are only named when they changed the applied period.
TEST_F(EngineTest, AppliedBrandTermsAreRecorded) {
  const absl::StatusOr<Decision> d =
      Decide(Case("B01-HAIER-COMPRESSOR-10Y").request, *catalogue_, *calendar_);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->brand_terms, "haier");
  EXPECT_EQ(d->period->length, Period::Years(10));
  const absl::StatusOr<Decision> law =
      Decide(Case("P01-DEFAULT-IN-PERIOD").request, *catalogue_, *calendar_);
  ASSERT_TRUE(law.ok());
  EXPECT_EQ(law->brand_terms, "");
  EXPECT_THAT(law->rules,
              Not(Contains(::testing::Field(&RuleApplied::id, std::string("SB-BRAND-TERMS")))));
}

}  // namespace
}  // namespace fieldservice::warranty
