// Whether a technician's service area covers a job's place: region codes by
// GB/T 2260 prefix, a polygon, a radius around the home base.
#include "services/scheduling/domain/service_area.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace fieldservice::scheduling {
namespace {

const GeoPoint kHome{23.1291, 113.2644};

TEST(RegionCoverTest, ADistrictCoversOnlyItself) {
  EXPECT_TRUE(RegionCovers("440106", "440106"));
  EXPECT_FALSE(RegionCovers("440106", "440104"));
  // A district does not cover its city: the place could be anywhere in it.
  EXPECT_FALSE(RegionCovers("440106", "440100"));
}

TEST(RegionCoverTest, ACityCoversItsDistricts) {
  EXPECT_EQ(RegionCoverPrefix("440100"), "4401");
  EXPECT_TRUE(RegionCovers("440100", "440106"));
  EXPECT_TRUE(RegionCovers("440100", "440100"));
  EXPECT_FALSE(RegionCovers("440100", "440306"));  // Shenzhen's Bao'an
  EXPECT_FALSE(RegionCovers("440100", "440000"));  // not the whole province
}

TEST(RegionCoverTest, AProvinceCoversEveryCodeStartingWithIt) {
  EXPECT_EQ(RegionCoverPrefix("440000"), "44");
  EXPECT_TRUE(RegionCovers("440000", "440106"));
  EXPECT_TRUE(RegionCovers("440000", "441900"));   // Dongguan
  EXPECT_FALSE(RegionCovers("440000", "450100"));  // Nanning, Guangxi
}

TEST(RegionCoverTest, EmptyCodesCoverNothing) {
  EXPECT_FALSE(RegionCovers("", "440106"));
  EXPECT_FALSE(RegionCovers("440100", ""));
}

TEST(ServiceAreaTest, AnyRegionCodeCovers) {
  ServiceArea area;
  area.region_codes = {"440104", "440300"};
  EXPECT_TRUE(AreaCovers(area, kHome, {kHome, "440104"}));
  EXPECT_TRUE(AreaCovers(area, kHome, {kHome, "440305"}));
  EXPECT_FALSE(AreaCovers(area, kHome, {kHome, "440106"}));
  EXPECT_FALSE(AreaCovers(area, kHome, {kHome, ""}));
}

// A square 0.02 degrees a side around kHome, corners in the given order.
std::vector<GeoPoint> Square(bool clockwise, bool closed) {
  const double d = 0.01;
  std::vector<GeoPoint> ring = {{kHome.latitude - d, kHome.longitude - d},
                                {kHome.latitude - d, kHome.longitude + d},
                                {kHome.latitude + d, kHome.longitude + d},
                                {kHome.latitude + d, kHome.longitude - d}};
  if (clockwise) std::reverse(ring.begin(), ring.end());
  if (closed) ring.push_back(ring.front());
  return ring;
}

TEST(ServiceAreaTest, PolygonCoversInsideInEitherWindingOpenOrClosed) {
  for (bool clockwise : {false, true}) {
    for (bool closed : {false, true}) {
      SCOPED_TRACE(testing::Message() << "clockwise " << clockwise << " closed " << closed);
      ServiceArea area;
      area.polygon = Square(clockwise, closed);
      // The home base is irrelevant to a polygon: far away here.
      const PreparedArea prepared(area, {0, 0});
      EXPECT_TRUE(prepared.Covers({{kHome.latitude + 0.005, kHome.longitude - 0.009}, ""}));
      EXPECT_FALSE(prepared.Covers({{kHome.latitude + 0.011, kHome.longitude}, ""}));
      EXPECT_FALSE(prepared.Covers({{kHome.latitude, kHome.longitude + 0.0101}, ""}));
      // On the drawn border: covered.
      EXPECT_TRUE(prepared.Covers({{kHome.latitude + 0.01, kHome.longitude}, ""}));
    }
  }
}

TEST(ServiceAreaTest, ConcavePolygonLeavesOutItsNotch) {
  // An L shape: the top-right quarter of the square is not in it.
  ServiceArea area;
  area.polygon = {{0, 0}, {0, 2}, {1, 2}, {1, 1}, {2, 1}, {2, 0}};
  EXPECT_TRUE(AreaCovers(area, kHome, {{0.5, 1.5}, ""}));
  EXPECT_TRUE(AreaCovers(area, kHome, {{1.5, 0.5}, ""}));
  EXPECT_FALSE(AreaCovers(area, kHome, {{1.5, 1.5}, ""}));
}

TEST(ServiceAreaTest, TooFewPointsMakeNoPolygon) {
  ServiceArea area;
  area.polygon = {{0, 0}, {0, 1}, {0, 0}};
  EXPECT_FALSE(AreaCovers(area, kHome, {{0, 0.5}, ""}));
  EXPECT_FALSE(PreparedArea(area, kHome).PolygonBox().has_value());
}

// The point `km` from kHome at `bearing` degrees, on the mean-radius sphere.
GeoPoint Away(double km, double bearing_degrees) {
  const double rad = std::numbers::pi / 180;
  const double d = km / kEarthRadiusKm, b = bearing_degrees * rad, lat = kHome.latitude * rad;
  const double lat2 =
      std::asin(std::sin(lat) * std::cos(d) + std::cos(lat) * std::sin(d) * std::cos(b));
  const double lon2 =
      kHome.longitude * rad + std::atan2(std::sin(b) * std::sin(d) * std::cos(lat),
                                         std::cos(d) - std::sin(lat) * std::sin(lat2));
  return {lat2 / rad, lon2 / rad};
}

TEST(ServiceAreaTest, RadiusCoversWithinItsKilometresOfHome) {
  ServiceArea area;
  area.radius_km = 5;
  for (double bearing : {0.0, 45.0, 90.0, 200.0}) {
    EXPECT_TRUE(AreaCovers(area, kHome, {Away(4.9, bearing), ""})) << bearing;
    EXPECT_FALSE(AreaCovers(area, kHome, {Away(5.1, bearing), ""})) << bearing;
  }
  EXPECT_TRUE(AreaCovers(area, kHome, {kHome, ""}));
}

TEST(ServiceAreaTest, NoRadiusCoversNothingAroundHome) {
  EXPECT_FALSE(AreaCovers(ServiceArea{}, kHome, {kHome, "440106"}));
}

TEST(ServiceAreaTest, TheRadiusBoxHoldsTheWholeCircle) {
  ServiceArea area;
  area.radius_km = 50;
  const DegreeBox box = *PreparedArea(area, kHome).RadiusBox();
  for (int bearing = 0; bearing < 360; bearing += 5) {
    const GeoPoint edge = Away(50, bearing);
    EXPECT_GE(edge.latitude, box.min_latitude) << bearing;
    EXPECT_LE(edge.latitude, box.max_latitude) << bearing;
    EXPECT_GE(edge.longitude, box.min_longitude) << bearing;
    EXPECT_LE(edge.longitude, box.max_longitude) << bearing;
  }
  // And is not much bigger: 50 km is 0.45 degrees of latitude.
  EXPECT_NEAR(box.max_latitude - kHome.latitude, 50 / 111.195, 1e-4);
}

TEST(ServiceAreaTest, AnyPartCovers) {
  ServiceArea area;
  area.region_codes = {"440104"};
  area.polygon = Square(false, false);
  area.radius_km = 3;
  const PreparedArea prepared(area, {23.3, 113.3});
  EXPECT_TRUE(prepared.Covers({{0, 0}, "440104"}));          // by code
  EXPECT_TRUE(prepared.Covers({kHome, "440106"}));           // by polygon
  EXPECT_TRUE(prepared.Covers({{23.31, 113.3}, "440106"}));  // by radius
  EXPECT_FALSE(prepared.Covers({{23.2, 113.3}, "440106"}));  // by none
}

}  // namespace
}  // namespace fieldservice::scheduling
