// Distances and boxes on the Earth for the scheduling rules, with
// Boost.Geometry. One spherical model (the mean Earth radius) serves every
// rule, so that a radius area, the index's box around it and the travel
// estimate all agree on what "12 km away" means.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_GEO_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_GEO_H_

#include <boost/geometry.hpp>

#include "services/scheduling/domain/technician.h"

namespace fieldservice::scheduling {

// The IUGG mean Earth radius. A sphere is within 0.5% of the WGS-84
// ellipsoid, far below the error of a road factor, and its haversine is
// several times cheaper than an ellipsoidal distance.
inline constexpr double kEarthRadiusKm = 6371.0088;

// Latitude -90 to 90 and longitude -180 to 180 degrees.
inline bool IsOnEarth(const GeoPoint& p) {
  return p.latitude >= -90 && p.latitude <= 90 && p.longitude >= -180 && p.longitude <= 180;
}

// Great-circle distance in km.
double GreatCircleKm(const GeoPoint& from, const GeoPoint& to);

// A longitude/latitude box in degrees: [min, max] on each axis.
struct DegreeBox {
  double min_longitude = 0;
  double min_latitude = 0;
  double max_longitude = 0;
  double max_latitude = 0;
};

// The smallest box holding every point within `radius_km` of `center`
// (a spherical cap), widened by a hair so that rounding never leaves a
// point of the circle outside. Places near the antimeridian are not
// handled (the service works in China).
DegreeBox BoxAroundCircle(const GeoPoint& center, double radius_km);

// Planar longitude/latitude geometry for areas drawn on a map. A map
// (Web Mercator) draws a polygon's edges as straight lines of constant
// bearing, which straight lines in degrees follow; great-circle edges would
// bow away from what the dispatcher drew. It also keeps a polygon inside the
// box of its corners, which the index relies on.
namespace planar {
using Point = boost::geometry::model::d2::point_xy<double>;  // x: longitude, y: latitude
using Box = boost::geometry::model::box<Point>;
// Counter-clockwise, open: `MakePolygon` corrects whatever was sent.
using Polygon = boost::geometry::model::polygon<Point, /*ClockWise=*/false, /*Closed=*/false>;

inline Point ToPoint(const GeoPoint& p) { return Point(p.longitude, p.latitude); }
inline Box ToBox(const DegreeBox& b) {
  return Box(Point(b.min_longitude, b.min_latitude), Point(b.max_longitude, b.max_latitude));
}

// The polygon of a service area's points, either winding, open or closed
// ring as sent; empty when fewer than 3 distinct points remain.
Polygon MakePolygon(const std::vector<GeoPoint>& points);
}  // namespace planar

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_GEO_H_
