#include "services/common/service_clock.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/config.h"

namespace fieldservice::common {
namespace {

using ::testing::HasSubstr;

// Between what the clock read just before and just after.
void ExpectReads(const Clock& clock, absl::Time start, absl::Time anchor, double rate) {
  const absl::Time before = absl::Now();
  const absl::Time read = clock.Now();
  const absl::Time after = absl::Now();
  EXPECT_GE(read, start + (before - anchor) * rate);
  EXPECT_LE(read, start + (after - anchor) * rate);
}

absl::Time Rfc3339(const std::string& text) {
  absl::Time t;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, text, &t, &error)) << error;
  return t;
}

TEST(ShiftedClockTest, ReadsStartAtItsAnchorAndRunsAtItsRate) {
  const absl::Time kStart = Rfc3339("2026-11-18T04:53:20Z");
  const absl::Time anchor = absl::Now() - absl::Seconds(10);
  ExpectReads(ShiftedClock(kStart, anchor, 480), kStart, anchor, 480);
  ExpectReads(ShiftedClock(kStart, anchor, 1), kStart, anchor, 1);
  // Before its anchor it reads earlier than its start.
  const absl::Time later = absl::Now() + absl::Hours(1);
  EXPECT_LT(ShiftedClock(kStart, later, 2).Now(), kStart);
}

absl::StatusOr<std::unique_ptr<Clock>> ClockOf(std::vector<const char*> flags) {
  std::vector<Setting> settings;
  AddFakeNowSettings(settings);
  flags.insert(flags.begin(), "svc");
  const char* envp[] = {nullptr};
  auto config = Config::Load(settings, static_cast<int>(flags.size()), flags.data(), envp);
  if (!config.ok()) return config.status();
  return ServiceClock(*config);
}

TEST(ServiceClockTest, AScaledClockSharedByItsAnchor) {
  auto clock = ClockOf({"--fake_now=2026-11-18T04:53:20Z", "--allow_fake_now=true",
                        "--fake_now_anchor=2026-01-01T00:00:00Z", "--fake_clock_rate=2"});
  ASSERT_TRUE(clock.ok()) << clock.status();
  ExpectReads(**clock, Rfc3339("2026-11-18T04:53:20Z"), Rfc3339("2026-01-01T00:00:00Z"), 2);
}

TEST(ServiceClockTest, RateAndAnchorNeedFakeNowAndSenseAndPermission) {
  EXPECT_THAT(ClockOf({"--fake_clock_rate=60"}).status().message(), HasSubstr("need fake_now"));
  EXPECT_THAT(ClockOf({"--fake_now_anchor=2026-01-01T00:00:00Z"}).status().message(),
              HasSubstr("need fake_now"));
  EXPECT_THAT(
      ClockOf({"--fake_now=2026-11-18T04:53:20Z", "--fake_clock_rate=60"}).status().message(),
      HasSubstr("allow_fake_now"));
  EXPECT_THAT(
      ClockOf({"--fake_now=2026-11-18T04:53:20Z", "--allow_fake_now=true", "--fake_clock_rate=0"})
          .status()
          .message(),
      HasSubstr("fake_clock_rate must be a number above 0"));
  EXPECT_THAT(ClockOf({"--fake_now=2026-11-18T04:53:20Z", "--allow_fake_now=true",
                       "--fake_now_anchor=yesterday"})
                  .status()
                  .message(),
              HasSubstr("fake_now_anchor must be an RFC 3339 instant"));
  EXPECT_TRUE(ClockOf({}).ok());
}

}  // namespace
}  // namespace fieldservice::common
