// Whether a technician's service area covers a job's place: any of its
// region codes, its polygon or its radius around the home base.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_SERVICE_AREA_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_SERVICE_AREA_H_

#include <optional>
#include <string_view>

#include "services/scheduling/domain/geo.h"
#include "services/scheduling/domain/technician.h"

namespace fieldservice::scheduling {

// Where a job is: its point and its GB/T 2260 code (may be empty when
// unknown: then only a polygon or radius can cover it).
struct Place {
  GeoPoint location;
  std::string_view region_code;
};

inline Place PlaceOf(const Job& job) { return Place{job.location, job.region_code}; }

// The prefix a region code covers by: trailing "00" pairs stand for "every
// subdivision", so "440100" gives "4401", "440000" gives "44", and "440106"
// (a district, no subdivisions) gives itself.
std::string_view RegionCoverPrefix(std::string_view area_code);

// Whether `area_code` covers `place_code`: the place's code starts with the
// area code's cover prefix. An empty place code is covered by nothing.
bool RegionCovers(std::string_view area_code, std::string_view place_code);

// A technician's area made ready for many checks: the polygon is built and
// corrected once. Holds a reference to `area`, which must outlive it.
class PreparedArea {
 public:
  PreparedArea(const ServiceArea& area, const GeoPoint& home_base);

  bool Covers(const Place& place) const;
  bool CoversByRegion(std::string_view place_code) const;
  // Inside or on the edge of the polygon.
  bool CoversByPolygon(const GeoPoint& location) const;
  // Within radius_km (great-circle) of the home base.
  bool CoversByRadius(const GeoPoint& location) const;

  const ServiceArea& area() const { return *area_; }
  // The polygon's corners as a box; nullopt without a polygon.
  std::optional<DegreeBox> PolygonBox() const;
  // The box around the radius circle; nullopt without a radius.
  std::optional<DegreeBox> RadiusBox() const;

 private:
  const ServiceArea* area_;
  GeoPoint home_base_;
  planar::Polygon polygon_;  // empty: no polygon
};

// One-off check; PreparedArea when checking one area many times.
inline bool AreaCovers(const ServiceArea& area, const GeoPoint& home_base, const Place& place) {
  return PreparedArea(area, home_base).Covers(place);
}

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_SERVICE_AREA_H_
