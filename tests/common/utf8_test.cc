// The one UTF-8 helper. Field limits count characters, not bytes, so a
// Chinese name is not cut at a third of its length (DOMAIN.md "Taking a
// repair request": nothing wrong), and invalid text is refused.
#include "services/common/utf8.h"

#include "gtest/gtest.h"

namespace fieldservice::common {
namespace {

TEST(Utf8Test, DecodesCodePointsAndRefusesInvalidText) {
  EXPECT_EQ(DecodeUtf8("张三 Li")->size(), 5u);
  EXPECT_EQ(DecodeUtf8("\xF0\x9F\x98\x80")->size(), 1u);
  EXPECT_FALSE(DecodeUtf8("\xC3").has_value());          // truncated
  EXPECT_FALSE(DecodeUtf8("\xC0\xAF").has_value());      // overlong '/'
  EXPECT_FALSE(DecodeUtf8("\xED\xA0\x80").has_value());  // surrogate
  EXPECT_FALSE(DecodeUtf8("\xD3\xD0").has_value());      // GBK 有
  EXPECT_TRUE(IsValidUtf8("冷藏室不制冷"));
  EXPECT_FALSE(IsValidUtf8("\xD3\xD0"));
}

TEST(Utf8Test, CountsAndCutsOnCharacterBoundaries) {
  EXPECT_EQ(CountChars("张三 Li"), 5u);
  EXPECT_EQ(CountChars(""), 0u);
  EXPECT_EQ(LeadingChars("张三李四", 2), "张三");
  EXPECT_EQ(LeadingChars("ab", 5), "ab");
}

}  // namespace
}  // namespace fieldservice::common
