#include "services/common/ids.h"

#include <set>

#include "gtest/gtest.h"

namespace fieldservice::common {
namespace {

TEST(UuidTest, IsVersion4AndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewUuid();
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '4');
    EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
    EXPECT_TRUE(seen.insert(id).second);
  }
}

// DOMAIN.md "Taking a repair request": the order number is read out on the
// phone, so it is short and a misheard digit is caught by the check digit.
TEST(OrderNumberTest, DatePrefixSequenceAndCheckDigit) {
  std::string n = FormatOrderNumber(absl::CivilDay(2026, 11, 23), 42);
  EXPECT_EQ(n.substr(0, 9), "261123042");
  EXPECT_EQ(n.size(), 10u);
  EXPECT_TRUE(IsWellFormedOrderNumber(n));
}

TEST(OrderNumberTest, SequenceGrowsPastMinimumWidth) {
  std::string n = FormatOrderNumber(absl::CivilDay(2026, 1, 2), 12345);
  EXPECT_EQ(n.substr(0, 11), "26010212345");
  EXPECT_TRUE(IsWellFormedOrderNumber(n));
}

TEST(OrderNumberTest, CatchesEverySingleDigitErrorAndAdjacentSwap) {
  std::string n = FormatOrderNumber(absl::CivilDay(2026, 11, 23), 427);
  for (size_t i = 0; i < n.size(); ++i) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == n[i]) continue;
      std::string wrong = n;
      wrong[i] = d;
      EXPECT_FALSE(IsWellFormedOrderNumber(wrong)) << wrong;
    }
    if (i + 1 < n.size() && n[i] != n[i + 1]) {
      std::string swapped = n;
      std::swap(swapped[i], swapped[i + 1]);
      EXPECT_FALSE(IsWellFormedOrderNumber(swapped)) << swapped;
    }
  }
}

TEST(OrderNumberTest, RefusesShapesThatAreNotNumbers) {
  EXPECT_FALSE(IsWellFormedOrderNumber(""));
  EXPECT_FALSE(IsWellFormedOrderNumber("26112304"));
  EXPECT_FALSE(IsWellFormedOrderNumber("26112304a7"));
  EXPECT_FALSE(IsWellFormedOrderNumber("26112304270000000000"));
}

}  // namespace
}  // namespace fieldservice::common
