// The one backoff and the one hash every part of the code base shares.
#include "gtest/gtest.h"
#include "services/common/backoff.h"
#include "services/common/hashing.h"
#include "services/common/migrations.h"

namespace fieldservice::common {
namespace {

TEST(BackoffTest, DoublesFromInitialUpToTheCap) {
  BackoffPolicy p = {.initial = absl::Seconds(1), .max = absl::Seconds(10), .jitter = 0};
  EXPECT_EQ(BackoffDelay(p, 1), absl::Seconds(1));
  EXPECT_EQ(BackoffDelay(p, 2), absl::Seconds(2));
  EXPECT_EQ(BackoffDelay(p, 4), absl::Seconds(8));
  EXPECT_EQ(BackoffDelay(p, 5), absl::Seconds(10));
  EXPECT_EQ(BackoffDelay(p, 1000000), absl::Seconds(10));  // no overflow
}

TEST(BackoffTest, JitterSpreadsWithinItsBounds) {
  BackoffPolicy p = {.initial = absl::Seconds(4), .max = absl::Minutes(1), .jitter = 0.5};
  bool varied = false;
  absl::Duration first = BackoffDelay(p, 1);
  for (int i = 0; i < 200; ++i) {
    absl::Duration d = BackoffDelay(p, 1);
    EXPECT_GE(d, absl::Seconds(2));
    EXPECT_LE(d, absl::Seconds(6));
    varied = varied || d != first;
  }
  EXPECT_TRUE(varied);
}

// Published FNV-1a 64 test vectors.
TEST(HashTest, Fnv1a64MatchesTheReferenceVectors) {
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(HashTest, MigrationChecksumUsesTheSharedHashAndKnowsOldRecords) {
  EXPECT_EQ(MigrationChecksum("a"), "af63dc4c8601ec8c");
  // What versions before the shared hash recorded for "a" (a mistyped
  // offset basis): databases migrated then must still start.
  EXPECT_TRUE(MigrationChecksumMatches("44bd8ad473cd9906", "a"));
  EXPECT_FALSE(MigrationChecksumMatches("0000000000000000", "a"));
}

}  // namespace
}  // namespace fieldservice::common
