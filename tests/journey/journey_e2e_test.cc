// Issue 12 "Must show", the first: the whole journey with the four real
// binaries, every state along the way awaited in the service that owns it
// (tests/journey/journey.cc) and the end checked in all four.
#include <gtest/gtest.h>

#include "tests/journey/journey.h"
#include "tests/journey/journey_system.h"

namespace fieldservice::testing {
namespace {

TEST(JourneyE2ETest, ACallTravelsThroughFourServicesToAClosedOrder) {
  JourneySystem system(JourneyNow(), JourneyCallbackNow());
  ASSERT_TRUE(system.Start());
  Journey journey(system);
  std::vector<std::string> done;
  journey.Run([&](int, const std::string& step) { done.push_back(step); });
  EXPECT_EQ(done, journey.StepNames());
  journey.CheckEnd();
}

// At least once, acted on once: every message of the journey delivered a
// second time changes nothing anywhere.
TEST(JourneyE2ETest, EveryMessageDeliveredTwiceIsActedOnOnce) {
  JourneySystem system(JourneyNow(), JourneyCallbackNow());
  ASSERT_TRUE(system.Start());
  Journey journey(system);
  journey.Run([](int, const std::string&) {});
  journey.CheckEnd();
  if (HasFailure()) return;
  journey.RedeliverEveryMessage();
  journey.CheckEnd();
}

// Issue 13: the same journey with two replicas of every service on one
// database. Every client and every service reaches a service through one
// round-robin channel over both replicas, so consecutive steps land on
// different replicas, and the end state is the same as with one.
TEST(JourneyE2ETest, TwoReplicasOfEveryServiceMakeTheSameJourney) {
  JourneySystem system(JourneyNow(), JourneyCallbackNow(), /*replicas=*/2);
  ASSERT_TRUE(system.Start());
  Journey journey(system);
  journey.Run([](int, const std::string&) {});
  journey.CheckEnd();
}

}  // namespace
}  // namespace fieldservice::testing
