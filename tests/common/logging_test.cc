#include "services/common/logging.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fieldservice::common {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// DOMAIN.md "Confidentiality": logs never carry a full phone number.
TEST(MaskPhoneTest, MobileKeepsFirstThreeAndLastFour) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("+86 138-1234-5678"), "138****5678");
}

TEST(MaskPhoneTest, LandlineKeepsAreaCodeAndLastTwo) {
  EXPECT_EQ(MaskPhone("010-62345678"), "010-****78");
  EXPECT_EQ(MaskPhone("0571-88123456"), "0571-****56");
  EXPECT_EQ(MaskPhone("0571-8765432"), "0571-****32");
  EXPECT_EQ(MaskPhone("010-62345678转123"), "010-****78");  // extension dropped
}

// Even a mistyped number is not logged in full.
TEST(MaskPhoneTest, UnparseableInputKeepsOnlyLastTwoDigits) {
  EXPECT_EQ(MaskPhone("1381234567"), "****67");
  EXPECT_EQ(MaskPhone("4001234567"), "****67");
  EXPECT_EQ(MaskPhone("7"), "**");
  for (const char* input : {"13812345678", "010-62345678", "138123456789"}) {
    EXPECT_THAT(MaskPhone(input), Not(HasSubstr("12345"))) << input;
  }
}

TEST(MaskAddressTest, KeepsOnlyTheBeginning) {
  std::string masked = MaskAddress("广东省广州市天河区天河路385号太古汇1座2201");
  EXPECT_THAT(masked, HasSubstr("广东省广州市"));
  EXPECT_THAT(masked, Not(HasSubstr("385")));
}

TEST(RedactPhonesTest, MasksPhonesInFreeTextButNotOrderNumbers) {
  std::string line = FormatLogLine(
      "order_created",
      {{"order", "2611230427"}, {"note", "customer 13812345678 asked, also 010-62345678"}});
  EXPECT_THAT(line, HasSubstr("2611230427"));
  EXPECT_THAT(line, Not(HasSubstr("13812345678")));
  EXPECT_THAT(line, Not(HasSubstr("62345678")));
  EXPECT_THAT(line, HasSubstr("5678"));
}

TEST(RedactPhonesTest, MasksInternationalPrefixForms) {
  EXPECT_THAT(RedactPhones("call 8613812345678 now"), Not(HasSubstr("13812345678")));
  EXPECT_THAT(RedactPhones("call 008613812345678 now"), Not(HasSubstr("13812345678")));
}

TEST(LogLevelTest, Parses) {
  LogLevel level;
  EXPECT_TRUE(ParseLogLevel("WARNING", &level));
  EXPECT_EQ(level, LogLevel::kWarning);
  EXPECT_FALSE(ParseLogLevel("loud", &level));
}

}  // namespace
}  // namespace fieldservice::common
