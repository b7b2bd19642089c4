// Page tokens and page sizes of every List method (AIP-158): a token
// continues where its page ended, only for the filters it was made for.
#include "services/common/page_token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fieldservice::common {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

TEST(PageTokenTest, ATokenCarriesItsPositionForItsFiltersOnly) {
  const uint64_t mine = FilterFingerprint("outlet=天河");
  const uint64_t other = FilterFingerprint("outlet=越秀");
  const std::string token = EncodePageToken(42, mine);
  auto position = DecodePageToken(token, mine);
  ASSERT_TRUE(position.ok()) << position.status();
  EXPECT_EQ(*position, 42);
  EXPECT_EQ(DecodePageToken(token, other).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodePageToken("not a token", mine).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PageTokenTest, PageSizesDefaultAndClamp) {
  EXPECT_EQ(*ClampPageSize(0, 50, 200), 50);
  EXPECT_EQ(*ClampPageSize(7, 50, 200), 7);
  EXPECT_EQ(*ClampPageSize(1000, 50, 200), 200);
  EXPECT_EQ(ClampPageSize(-1, 50, 200).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PageTokenTest, ReadPageRequestNamesEachBadField) {
  const uint64_t filters = FilterFingerprint("queue");
  std::vector<FieldViolation> violations;
  PageRequest first = ReadPageRequest(0, "", 50, 500, filters, violations);
  EXPECT_EQ(first.limit, 50);
  EXPECT_FALSE(first.after.has_value());
  PageRequest next = ReadPageRequest(10, EncodePageToken(9, filters), 50, 500, filters, violations);
  EXPECT_EQ(next.limit, 10);
  EXPECT_EQ(next.after, 9);
  EXPECT_THAT(violations, IsEmpty());
  ReadPageRequest(-3, "garbage", 50, 500, filters, violations);
  EXPECT_THAT(violations, ElementsAre(Field(&FieldViolation::field, "page_size"),
                                      Field(&FieldViolation::field, "page_token")));
}

}  // namespace
}  // namespace fieldservice::common
