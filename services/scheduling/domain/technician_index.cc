#include "services/scheduling/domain/technician_index.h"

#include <algorithm>
#include <boost/iterator/function_output_iterator.hpp>
#include <iterator>

namespace fieldservice::scheduling {
namespace {

namespace bgi = boost::geometry::index;

// NearestByHomeBase fetches this many times k (plus a few) in degrees
// before ordering by great-circle distance: a degree of longitude is
// shorter than one of latitude away from the equator, so the planar nearest
// can differ from the true nearest near the k-th.
constexpr int kNearestOverFetch = 3;
constexpr int kNearestExtra = 8;

}  // namespace

TechnicianIndex::TechnicianIndex(std::vector<Technician> technicians)
    : technicians_(std::move(technicians)) {
  std::sort(technicians_.begin(), technicians_.end(),
            [](const Technician& a, const Technician& b) { return a.id < b.id; });
  areas_.reserve(technicians_.size());
  std::vector<BoxEntry> boxes;
  std::vector<PointEntry> points;
  for (uint32_t i = 0; i < technicians_.size(); ++i) {
    const Technician& t = technicians_[i];
    const PreparedArea& area = areas_.emplace_back(t.area, t.home_base);
    if (auto box = area.PolygonBox()) boxes.emplace_back(planar::ToBox(*box), i);
    if (auto box = area.RadiusBox()) boxes.emplace_back(planar::ToBox(*box), i);
    points.emplace_back(planar::ToPoint(t.home_base), i);
    for (const std::string& code : t.area.region_codes) {
      std::string_view prefix = RegionCoverPrefix(code);
      if (prefix.empty()) continue;
      std::vector<uint32_t>& ids = by_region_prefix_[std::string(prefix)];
      if (ids.empty() || ids.back() != i) ids.push_back(i);
    }
  }
  // The range constructors bulk-load (pack) the trees.
  area_boxes_ = BoxTree(boxes);
  home_bases_ = PointTree(points);
}

std::vector<const Technician*> TechnicianIndex::Covering(const Place& place, int* examined) const {
  std::vector<uint32_t> near;
  // Region codes: every prefix of the place's code may be some area's cover
  // prefix ("44", "4401", "440106"), a handful of hash lookups.
  for (size_t length = 1; length <= place.region_code.size(); ++length) {
    // absl::string_view is its own type in this abseil build.
    auto it = by_region_prefix_.find(absl::string_view(place.region_code.data(), length));
    if (it != by_region_prefix_.end())
      near.insert(near.end(), it->second.begin(), it->second.end());
  }
  // Polygons and circles: the boxes holding the point.
  area_boxes_.query(bgi::intersects(planar::ToPoint(place.location)),
                    boost::make_function_output_iterator(
                        [&](const BoxEntry& entry) { near.push_back(entry.second); }));
  std::sort(near.begin(), near.end());
  near.erase(std::unique(near.begin(), near.end()), near.end());
  if (examined != nullptr) *examined = static_cast<int>(near.size());

  std::vector<const Technician*> covering;
  for (uint32_t i : near) {
    if (areas_[i].Covers(place)) covering.push_back(&technicians_[i]);
  }
  return covering;
}

std::vector<const Technician*> TechnicianIndex::NearestByHomeBase(
    const GeoPoint& location, int k, const std::function<bool(const Technician&)>& keep) const {
  if (k <= 0) return {};
  std::vector<std::pair<double, uint32_t>> found;
  const int fetch = k * kNearestOverFetch + kNearestExtra;
  auto add = [&](const PointEntry& entry) {
    found.emplace_back(GreatCircleKm(location, technicians_[entry.second].home_base), entry.second);
  };
  const planar::Point here = planar::ToPoint(location);
  if (keep) {
    // The R-tree skips the others while it searches, so that k of the kept
    // are found however many nearer ones are not.
    home_bases_.query(bgi::nearest(here, fetch) && bgi::satisfies([&](const PointEntry& entry) {
                        return keep(technicians_[entry.second]);
                      }),
                      boost::make_function_output_iterator(add));
  } else {
    home_bases_.query(bgi::nearest(here, fetch), boost::make_function_output_iterator(add));
  }
  // Index order is id order, so sorting the pairs breaks ties by id.
  std::sort(found.begin(), found.end());
  if (static_cast<int>(found.size()) > k) found.resize(k);
  std::vector<const Technician*> nearest;
  for (const auto& [km, i] : found) nearest.push_back(&technicians_[i]);
  return nearest;
}

}  // namespace fieldservice::scheduling
