// What fsctl reads from people (yuan, enum names, dates, months, yes/no,
// resource names) and how it lines up tables with Chinese text.
#include <gtest/gtest.h>

#include <clocale>
#include <sstream>

#include "fieldservice/orders/v1/repair_order.pb.h"
#include "tools/fsctl/output.h"
#include "tools/fsctl/values.h"

namespace fieldservice::fsctl {
namespace {

TEST(FsctlValuesTest, YuanBecomeFen) {
  EXPECT_EQ(*ParseYuan("3299"), 329900);
  EXPECT_EQ(*ParseYuan("3299.5"), 329950);
  EXPECT_EQ(*ParseYuan("3299.05"), 329905);
  EXPECT_EQ(*ParseYuan("0"), 0);
  for (const char* bad : {"", "-1", "1.234", "1.", ".5", "abc", "1,5", "1.2.3", "+3"}) {
    EXPECT_FALSE(ParseYuan(bad).ok()) << bad;
  }
  EXPECT_EQ(ParseYuan("abc").status().message(),
            "'abc' is not an amount in yuan such as 3299 or 3299.50");
}

TEST(FsctlValuesTest, EnumNamesInAnyCase) {
  const auto& type = *orders::v1::ServiceMode_descriptor();
  EXPECT_EQ(*ParseEnumName(type, "on-site"), orders::v1::ON_SITE);
  EXPECT_EQ(*ParseEnumName(type, "CARRY_IN"), orders::v1::CARRY_IN);
  EXPECT_FALSE(ParseEnumName(type, "SERVICE_MODE_UNSPECIFIED").ok());
  EXPECT_EQ(ParseEnumName(type, "home").status().message(),
            "'home' is not one of ON_SITE, CARRY_IN");
}

TEST(FsctlValuesTest, DatesMonthsTimesAndYesNo) {
  EXPECT_EQ(*ParseDay("2026-03-01"), absl::CivilDay(2026, 3, 1));
  EXPECT_FALSE(ParseDay("2026-02-30").ok());
  EXPECT_FALSE(ParseDay("01/03/2026").ok());
  EXPECT_EQ(*ParseMonth("2026-11"), "2026-11");
  EXPECT_FALSE(ParseMonth("2026-13").ok());
  EXPECT_FALSE(ParseMonth("2026-11-01").ok());
  EXPECT_EQ(*ParseTime("2026-11-23T10:00:00+08:00"), absl::FromUnixSeconds(1795399200));
  EXPECT_FALSE(ParseTime("2026-11-23 10:00").ok());
  const absl::Time now = absl::FromUnixSeconds(1795399200);
  EXPECT_EQ(*ParseTimeOrAhead("+30m", now), now + absl::Minutes(30));
  EXPECT_EQ(*ParseTimeOrAhead("+1h15m", now), now + absl::Minutes(75));
  EXPECT_EQ(*ParseTimeOrAhead("2026-11-23T10:00:00+08:00", now), now);
  EXPECT_FALSE(ParseTimeOrAhead("+soon", now).ok());
  EXPECT_FALSE(ParseTimeOrAhead("+-5m", now).ok());
  EXPECT_FALSE(ParseTimeOrAhead("soon", now).ok());
  EXPECT_TRUE(*ParseYesNo("Y"));
  EXPECT_FALSE(*ParseYesNo("no"));
  EXPECT_FALSE(ParseYesNo("maybe").ok());
}

TEST(FsctlValuesTest, ResourceNames) {
  EXPECT_EQ(ResourceName("repairOrders", "2611230427"), "repairOrders/2611230427");
  EXPECT_EQ(ResourceName("repairOrders", "repairOrders/2611230427"), "repairOrders/2611230427");
  EXPECT_EQ(ResourceName("callbacks", "2611230427/1"), "callbacks/2611230427/1");
  EXPECT_EQ(ResourceName("callbacks", "callbacks/2611230427/1"), "callbacks/2611230427/1");
}

TEST(FsctlOutputTest, TablesLineUpChineseText) {
  ASSERT_NE(std::setlocale(LC_CTYPE, "C.UTF-8"), nullptr);
  EXPECT_EQ(DisplayWidth("张三"), 4);
  EXPECT_EQ(DisplayWidth("BCD-470"), 7);
  Table table({"NAME", "PHONE", "NOTE"});
  table.Add({"张三", "13812345678", ""});
  table.Add({"Li", "010-62345678", "老客户"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "NAME  PHONE         NOTE\n"
            "张三  13812345678\n"
            "Li    010-62345678  老客户\n");
  EXPECT_EQ(YuanText(329905), "3299.05");
  EXPECT_EQ(YuanText(-50), "-0.50");
  EXPECT_EQ(AgeText(42 * 60), "42m");
  EXPECT_EQ(AgeText(3 * 3600 + 5 * 60), "3h05m");
  EXPECT_EQ(AgeText(2 * 86400 + 4 * 3600), "2d04h");
}

}  // namespace
}  // namespace fieldservice::fsctl
