#include "services/scheduling/domain/service_area.h"

#include <algorithm>

namespace fieldservice::scheduling {

namespace bg = boost::geometry;

std::string_view RegionCoverPrefix(std::string_view area_code) {
  // A province ("44" + "0000") keeps two digits, a city ("4401" + "00")
  // four; the loop stops at two so that no code covers the whole country.
  while (area_code.size() > 2 && area_code.ends_with("00")) {
    area_code.remove_suffix(2);
  }
  return area_code;
}

bool RegionCovers(std::string_view area_code, std::string_view place_code) {
  if (area_code.empty() || place_code.empty()) return false;
  return place_code.starts_with(RegionCoverPrefix(area_code));
}

PreparedArea::PreparedArea(const ServiceArea& area, const GeoPoint& home_base)
    : area_(&area), home_base_(home_base), polygon_(planar::MakePolygon(area.polygon)) {}

bool PreparedArea::Covers(const Place& place) const {
  return CoversByRegion(place.region_code) || CoversByRadius(place.location) ||
         CoversByPolygon(place.location);
}

bool PreparedArea::CoversByRegion(std::string_view place_code) const {
  return std::any_of(area_->region_codes.begin(), area_->region_codes.end(),
                     [&](const std::string& code) { return RegionCovers(code, place_code); });
}

bool PreparedArea::CoversByPolygon(const GeoPoint& location) const {
  if (polygon_.outer().empty()) return false;
  // covered_by, not within: a job on the drawn border line is covered.
  return bg::covered_by(planar::ToPoint(location), polygon_);
}

bool PreparedArea::CoversByRadius(const GeoPoint& location) const {
  return area_->radius_km > 0 && GreatCircleKm(home_base_, location) <= area_->radius_km;
}

std::optional<DegreeBox> PreparedArea::PolygonBox() const {
  if (polygon_.outer().empty()) return std::nullopt;
  const planar::Box box = bg::return_envelope<planar::Box>(polygon_);
  return DegreeBox{box.min_corner().x(), box.min_corner().y(), box.max_corner().x(),
                   box.max_corner().y()};
}

std::optional<DegreeBox> PreparedArea::RadiusBox() const {
  if (area_->radius_km <= 0) return std::nullopt;
  return BoxAroundCircle(home_base_, area_->radius_km);
}

}  // namespace fieldservice::scheduling
