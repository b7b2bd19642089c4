// The built-in travel estimate (issue 9 "Travel time"): great-circle
// distance, a road factor and a speed.
#include "services/scheduling/domain/great_circle_travel.h"

#include <gtest/gtest.h>

#include "services/scheduling/domain/geo.h"

namespace fieldservice::scheduling {
namespace {

const GeoPoint kTianhe{23.1291, 113.2644};
// One degree of latitude north: 111.195 km on the mean-radius sphere.
const GeoPoint kOneDegreeNorth{24.1291, 113.2644};

TEST(GreatCircleTravelTest, SamePlaceIsZero) {
  const Travel travel = GreatCircleTravelEstimator().Estimate(kTianhe, kTianhe);
  EXPECT_EQ(travel.distance_km, 0);
  EXPECT_EQ(travel.time, absl::ZeroDuration());
}

TEST(GreatCircleTravelTest, DistanceIsGreatCircleTimesRoadFactor) {
  EXPECT_NEAR(GreatCircleKm(kTianhe, kOneDegreeNorth), 111.195, 0.001);
  // Guangzhou to Shenzhen centres: about 104 km as the crow flies.
  EXPECT_NEAR(GreatCircleKm(kTianhe, {22.5431, 114.0579}), 104, 2);

  TravelPolicy policy;
  policy.road_factor = 1.5;
  policy.speed_kmh = 50;
  const Travel travel = GreatCircleTravelEstimator(policy).Estimate(kTianhe, kOneDegreeNorth);
  EXPECT_NEAR(travel.distance_km, 111.195 * 1.5, 0.01);
  EXPECT_NEAR(absl::ToDoubleHours(travel.time), 111.195 * 1.5 / 50, 1e-4);
}

TEST(GreatCircleTravelTest, DefaultsAreCityDriving) {
  const Travel travel = GreatCircleTravelEstimator().Estimate(kTianhe, kOneDegreeNorth);
  EXPECT_NEAR(travel.distance_km, 111.195 * 1.3, 0.01);
  EXPECT_NEAR(absl::ToDoubleHours(travel.time), 111.195 * 1.3 / 30, 1e-4);
}

TEST(GreatCircleTravelTest, AShortTripTakesTheMinimum) {
  const GeoPoint next_door{23.1292, 113.2644};  // about 11 m
  const Travel travel = GreatCircleTravelEstimator().Estimate(kTianhe, next_door);
  EXPECT_NEAR(travel.distance_km, 0.0111 * 1.3, 0.001);
  EXPECT_EQ(travel.time, absl::Minutes(5));
}

TEST(GreatCircleTravelTest, NoSpeedTakesForever) {
  TravelPolicy policy;
  policy.speed_kmh = 0;
  EXPECT_EQ(GreatCircleTravelEstimator(policy).Estimate(kTianhe, kOneDegreeNorth).time,
            absl::InfiniteDuration());
}

TEST(GreatCircleTravelTest, SymmetricAndNeverNegative) {
  const GreatCircleTravelEstimator estimator;
  const Travel there = estimator.Estimate(kTianhe, {22.5431, 114.0579});
  const Travel back = estimator.Estimate({22.5431, 114.0579}, kTianhe);
  EXPECT_DOUBLE_EQ(there.distance_km, back.distance_km);
  EXPECT_GT(there.time, absl::ZeroDuration());
}

}  // namespace
}  // namespace fieldservice::scheduling
