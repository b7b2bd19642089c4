#include "services/scheduling/domain/geo.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace fieldservice::scheduling {
namespace {

namespace bg = boost::geometry;
using SpherePoint = bg::model::point<double, 2, bg::cs::spherical_equatorial<bg::degree>>;

constexpr double kDegreesPerRadian = 180.0 / std::numbers::pi;
// A box widened by ~1 cm: the cap formulas and the haversine round
// differently, and a point exactly on the circle must stay inside the box.
constexpr double kBoxMarginDegrees = 1e-7;

}  // namespace

double GreatCircleKm(const GeoPoint& from, const GeoPoint& to) {
  static const bg::strategy::distance::haversine<double> kHaversine(kEarthRadiusKm);
  return bg::distance(SpherePoint(from.longitude, from.latitude),
                      SpherePoint(to.longitude, to.latitude), kHaversine);
}

DegreeBox BoxAroundCircle(const GeoPoint& center, double radius_km) {
  // The cap's angular radius; its latitude extent is exact, and its
  // longitude half-width at the widest is asin(sin(r) / cos(latitude)).
  const double angle = radius_km / kEarthRadiusKm;
  const double angle_deg = angle * kDegreesPerRadian + kBoxMarginDegrees;
  DegreeBox box;
  box.min_latitude = std::max(-90.0, center.latitude - angle_deg);
  box.max_latitude = std::min(90.0, center.latitude + angle_deg);
  const double cos_lat = std::cos(center.latitude / kDegreesPerRadian);
  const double sin_ratio = std::sin(angle) / std::max(cos_lat, 0.0);
  if (box.min_latitude <= -90 || box.max_latitude >= 90 || sin_ratio >= 1) {
    // The cap holds a pole: every longitude.
    box.min_longitude = -180;
    box.max_longitude = 180;
    return box;
  }
  const double half_width = std::asin(sin_ratio) * kDegreesPerRadian + kBoxMarginDegrees;
  box.min_longitude = center.longitude - half_width;
  box.max_longitude = center.longitude + half_width;
  return box;
}

namespace planar {

Polygon MakePolygon(const std::vector<GeoPoint>& points) {
  Polygon polygon;
  auto& ring = polygon.outer();
  for (const GeoPoint& p : points) ring.push_back(ToPoint(p));
  // An open ring: the closing point, when the caller sent it, is dropped.
  if (ring.size() > 1 && bg::equals(ring.front(), ring.back())) ring.pop_back();
  if (ring.size() < 3) return Polygon();
  bg::correct(polygon);  // either winding is accepted
  return polygon;
}

}  // namespace planar

}  // namespace fieldservice::scheduling
