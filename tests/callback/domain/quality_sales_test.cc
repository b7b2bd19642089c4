// Sales figures as data (quality_sales.h): the CSV, the checks on rows and
// the batch of a unit by the longest serial prefix.
#include "services/callback/domain/quality_sales.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"

namespace fieldservice::callback {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

SalesFigure Row(std::string model, std::string batch, std::string prefix, int64_t sold) {
  SalesFigure r;
  r.model = std::move(model);
  r.batch = std::move(batch);
  r.serial_prefix = std::move(prefix);
  r.units_sold = sold;
  return r;
}

std::vector<std::string> BadFields(const std::vector<SalesFigure>& rows) {
  common::Violations v;
  CheckSalesFigures(rows, "figures", v);
  std::vector<std::string> fields;
  for (const auto& f : v.list()) fields.push_back(f.field);
  return fields;
}

TEST(SalesCsvTest, ReadsTheHeaderInAnyOrderAndSkipsComments) {
  auto rows = ParseSalesCsv(
      "# demo\r\n"
      "units_sold, serial_prefix, batch, product_model\r\n"
      "\r\n"
      "1000, BCD216-2511, B2025-11, BCD-216\r\n"
      "200,BCD216-2601,B2026-01,BCD-216\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT(*rows, ElementsAre(Row("BCD-216", "B2025-11", "BCD216-2511", 1000),
                                 Row("BCD-216", "B2026-01", "BCD216-2601", 200)));
}

TEST(SalesCsvTest, ErrorsNameTheLine) {
  const auto message = [](const std::string& text) {
    auto rows = ParseSalesCsv(text);
    EXPECT_FALSE(rows.ok());
    return std::string(rows.status().message());
  };
  EXPECT_THAT(message("model,batch,serial_prefix\n"), HasSubstr("line 1: the header lacks"));
  EXPECT_THAT(message("model,batch,serial_prefix,units_sold,colour\n"),
              HasSubstr("unknown column 'colour'"));
  EXPECT_THAT(message("model,batch,serial_prefix,units_sold\nA,B,C\n"),
              HasSubstr("line 2: 3 fields"));
  EXPECT_THAT(message("model,batch,serial_prefix,units_sold\nA,B,C,many\n"),
              HasSubstr("line 2: units_sold is not a whole number"));
  EXPECT_THAT(message("model,batch,serial_prefix,units_sold\n\"A,1\",B,C,1\n"),
              HasSubstr("line 2: quoted fields"));
  EXPECT_THAT(message("# nothing\n"), HasSubstr("no header line"));
  auto rows = ParseSalesCsv("model,batch,serial_prefix,units_sold\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
}

TEST(SalesFiguresTest, NamesEachBadRowAndField) {
  EXPECT_THAT(BadFields({Row("BCD-216", "B1", "P1", 10)}), ::testing::IsEmpty());
  EXPECT_THAT(BadFields({}), ElementsAre("figures"));
  EXPECT_THAT(BadFields({Row("", "B1", "P1", 10), Row("M", "B 2", "P2", 0),
                         Row("M", "B3", std::string(65, 'P'), 1)}),
              UnorderedElementsAre("figures[0].model", "figures[1].batch", "figures[1].units_sold",
                                   "figures[2].serial_prefix"));
  // A model's batch twice, or two batches with one prefix, in one import.
  EXPECT_THAT(BadFields({Row("M", "B1", "P1", 1), Row("M", "B1", "P2", 1), Row("M", "B3", "P1", 1),
                         Row("N", "B1", "P1", 1)}),
              UnorderedElementsAre("figures[1].batch", "figures[2].serial_prefix"));
}

TEST(SalesFiguresTest, TwoBatchesOfAModelMayNotShareAPrefix) {
  EXPECT_TRUE(CheckBatchPrefixes({Row("M", "B1", "P1", 1), Row("M", "B2", "P2", 1)}).ok());
  absl::Status shared = CheckBatchPrefixes({Row("M", "B1", "P1", 1), Row("M", "B2", "P1", 1)});
  EXPECT_EQ(shared.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(shared.message(), HasSubstr("serial_prefix: P1 of model M"));
  EXPECT_THAT(shared.message(), HasSubstr("B1 and B2"));
}

TEST(BatchOfTest, TheLongestMatchingPrefixWins) {
  const std::vector<SalesFigure> rows = {Row("M", "B-all-2026", "M26", 5000),
                                         Row("M", "B-2026-01", "M2601", 1000),
                                         Row("M", "B-2025-11", "M2511", 200)};
  EXPECT_EQ(BatchOf("M2601-0042", rows), "B-2026-01");
  EXPECT_EQ(BatchOf("M2603-0042", rows), "B-all-2026");
  EXPECT_EQ(BatchOf("M2511-0001", rows), "B-2025-11");
  EXPECT_EQ(BatchOf("X2601-0042", rows), "");  // no prefix matches: unknown
  EXPECT_EQ(BatchOf("", rows), "");
  EXPECT_EQ(BatchOf("M2601", {}), "");
}

}  // namespace
}  // namespace fieldservice::callback
