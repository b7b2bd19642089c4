// Phone rules from DOMAIN.md "Taking a repair request" (the order records the
// customer's phone, nothing wrong) and "Confidentiality" (logs never carry a
// full phone number).
#include "services/orders/domain/phone.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fieldservice::orders {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Normalized(const std::string& input) {
  absl::StatusOr<PhoneNumber> number = ParsePhone(input);
  EXPECT_TRUE(number.ok()) << input << ": " << number.status();
  return number.ok() ? number->normalized : "";
}

// "Taking a repair request": a mobile is stored as its 11 digits, however the
// customer said it.
TEST(ParsePhoneTest, MobileInEveryCommonSpelling) {
  for (const char* input :
       {"13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+8613812345678",
        "008613812345678", "8613812345678", "86 13812345678", " 13812345678 ",
        "\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x98\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC"
        "\x93\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x96\xEF\xBC\x97\xEF\xBC\x98"}) {
    EXPECT_EQ(Normalized(input), "13812345678") << input;
  }
  absl::StatusOr<PhoneNumber> number = ParsePhone("199 1234 5678");
  ASSERT_TRUE(number.ok());
  EXPECT_EQ(number->kind, PhoneKind::kMobile);
  EXPECT_EQ(number->normalized, "19912345678");
}

// "Taking a repair request": a mobile starts 13-19 and has exactly 11 digits.
TEST(ParsePhoneTest, RefusesMalformedMobiles) {
  for (const char* input :
       {"12345678901", "1381234567", "138123456789", "10086", "138-1234-567x", "13812345678转12"}) {
    EXPECT_FALSE(ParsePhone(input).ok()) << input;
  }
  EXPECT_THAT(ParsePhone("13812345678转12").status().message(), HasSubstr("no extension"));
}

// "Taking a repair request": a landline needs its area code and is stored as
// 0AAA-NNNNNNNN[-EXT].
TEST(ParsePhoneTest, LandlineWithAreaCode) {
  EXPECT_EQ(Normalized("010-62345678"), "010-62345678");
  EXPECT_EQ(Normalized("01062345678"), "010-62345678");
  EXPECT_EQ(Normalized("(010) 6234 5678"), "010-62345678");
  EXPECT_EQ(Normalized("020-83456789"), "020-83456789");
  EXPECT_EQ(Normalized("0571-87654321"), "0571-87654321");
  EXPECT_EQ(Normalized("0571-8765432"), "0571-8765432");
  EXPECT_EQ(Normalized("0755 2345 6789"), "0755-23456789");
  EXPECT_EQ(Normalized("+86 10 6234 5678"), "010-62345678");
  EXPECT_EQ(Normalized("+86-571-87654321"), "0571-87654321");
  absl::StatusOr<PhoneNumber> number = ParsePhone("0571-87654321");
  ASSERT_TRUE(number.ok());
  EXPECT_EQ(number->kind, PhoneKind::kLandline);
  EXPECT_EQ(number->area_code, "0571");
  EXPECT_EQ(number->subscriber, "87654321");
}

// "Taking a repair request": an office number may need its extension.
TEST(ParsePhoneTest, LandlineExtension) {
  EXPECT_EQ(Normalized("010-62345678-123"), "010-62345678-123");
  EXPECT_EQ(Normalized("010-62345678转123"), "010-62345678-123");
  EXPECT_EQ(Normalized("010 6234 5678 ext. 88"), "010-62345678-88");
  EXPECT_EQ(Normalized("0571-8765432 x9"), "0571-8765432-9");
  EXPECT_FALSE(ParsePhone("010-62345678转").ok());
  EXPECT_FALSE(ParsePhone("010-62345678转1234567").ok());
}

// "Taking a repair request": a number a technician cannot dial is wrong.
TEST(ParsePhoneTest, RefusesMalformedLandlines) {
  for (const char* input : {"62345678", "010-1234567", "010-02345678", "010-12345678",
                            "0571-123456", "0571-123456789", "012-62345678", "0010-62345678",
                            "010-6234567a", "电话010-62345678", "+1 415 555 0100", "", "   "}) {
    EXPECT_FALSE(ParsePhone(input).ok()) << input;
  }
  EXPECT_EQ(ParsePhone("010-1234567").status().message(),
            "must be a mainland mobile (11 digits starting 13-19) or a "
            "landline with area code");
  EXPECT_THAT(ParsePhone("+1 415 555 0100").status().message(), HasSubstr("+86"));
  EXPECT_THAT(ParsePhone("").status().message(), HasSubstr("required"));
}

// "Taking a repair request": the phone is how we reach the customer; a
// 400/800 hotline is a company's, not theirs.
TEST(ParsePhoneTest, RefusesServiceHotlines) {
  for (const char* input : {"400-123-4567", "4001234567", "800-820-8820", "8008208820"}) {
    absl::StatusOr<PhoneNumber> number = ParsePhone(input);
    ASSERT_FALSE(number.ok()) << input;
    EXPECT_EQ(number.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(number.status().message(), HasSubstr("400/800")) << input;
  }
}

}  // namespace
}  // namespace fieldservice::orders
