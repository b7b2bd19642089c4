// Issue 12 "Must show": the journey again, with each service in turn, and
// MariaDB, killed with SIGKILL at a random step and started again. It must
// complete; nothing acknowledged may be lost and no step done twice: the
// end is checked as in the plain journey, the audit trail step by step and
// every outbox message counted as sent, delivered and acted on once.
//
// The step, the delay after it and how long the victim stays down come from
// a seed, printed with the test; FS_JOURNEY_SEED=N replays one.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "tests/journey/journey.h"
#include "tests/journey/journey_system.h"
#include "tests/support/private_mariadb.h"

namespace fieldservice::testing {
namespace {

// The journey's databases are on a MariaDB of this test's own: the test
// command's server is shared with every other test, so it is not ours to
// kill.
class JourneyKillTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    auto started = PrivateMariaDb::Start();
    ASSERT_TRUE(started.ok()) << started.status();
    database_ = *std::move(started);
    database_->UseForTestDatabases();
  }
  static void TearDownTestSuite() { database_.reset(); }

  static uint32_t Seed() {
    uint32_t seed = 0;
    const char* given = std::getenv("FS_JOURNEY_SEED");
    if (given != nullptr && absl::SimpleAtoi(given, &seed)) return seed;
    return std::random_device{}();
  }

  static std::unique_ptr<PrivateMariaDb> database_;
};

std::unique_ptr<PrivateMariaDb> JourneyKillTest::database_;

TEST_P(JourneyKillTest, TheJourneyCompletesWithNothingLostOrDoubled) {
  const std::string victim = GetParam();
  const uint32_t seed = Seed();
  RecordProperty("seed", std::to_string(seed));
  std::mt19937 random(seed);

  JourneySystem system(JourneyNow(), JourneyCallbackNow());
  ASSERT_TRUE(system.Start());
  Journey journey(system);
  const std::vector<std::string> steps = journey.StepNames();
  const int kill_after = std::uniform_int_distribution<int>(0, steps.size() - 1)(random);
  // Right after the acknowledgement, or while the relays carry its messages.
  const absl::Duration delay =
      absl::Milliseconds(std::uniform_int_distribution<int>(0, 300)(random));
  // Down long enough for the others' relays to fail and back off.
  const absl::Duration down =
      absl::Milliseconds(std::uniform_int_distribution<int>(0, 2000)(random));
  std::printf("seed %u: %s killed %s after step %d (%s), down %s\n", seed, victim.c_str(),
              absl::FormatDuration(delay).c_str(), kill_after, steps[kill_after].c_str(),
              absl::FormatDuration(down).c_str());

  bool killed = false;
  journey.Run([&](int step, const std::string&) {
    if (step != kill_after) return;
    absl::SleepFor(delay);
    if (victim == "mariadb") {
      database_->Kill();
      absl::SleepFor(down);
      absl::Status restarted = database_->Restart();
      ASSERT_TRUE(restarted.ok()) << restarted;
    } else {
      ASSERT_TRUE(system.KillAndRestart(victim, down));
    }
    killed = true;
  });
  EXPECT_TRUE(killed);
  journey.CheckEnd();
}

INSTANTIATE_TEST_SUITE_P(EachInTurn, JourneyKillTest,
                         ::testing::Values("warranty", "scheduling", "callback", "orders",
                                           "mariadb"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fieldservice::testing
