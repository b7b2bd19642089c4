// The technicians who may take a job at a place, found without reading all
// of them: an R-tree (Boost.Geometry) over the boxes of each technician's
// polygon and radius circle, and a hash map from the region-code prefixes
// each one covers. Only what these name is checked exactly, so a query
// over 10,000 technicians reads the few dozen whose areas are near.
//
// Built once and never changed: any number of threads may query one index
// at the same time. A changed technician means building a new index.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_INDEX_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_INDEX_H_

#include <boost/geometry/index/rtree.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "services/scheduling/domain/geo.h"
#include "services/scheduling/domain/service_area.h"
#include "services/scheduling/domain/technician.h"

namespace fieldservice::scheduling {

class TechnicianIndex {
 public:
  // Technicians are kept in id order (ids are unique).
  explicit TechnicianIndex(std::vector<Technician> technicians);

  // The areas point into the technicians: moving keeps them (a vector's
  // elements stay put), copying would not.
  TechnicianIndex(TechnicianIndex&&) = default;
  TechnicianIndex& operator=(TechnicianIndex&&) = default;
  TechnicianIndex(const TechnicianIndex&) = delete;
  TechnicianIndex& operator=(const TechnicianIndex&) = delete;

  // Every technician whose area covers `place` (active or not: the rules
  // that follow say why an inactive one is left out), in id order. When
  // `examined` is given it receives how many were checked exactly.
  std::vector<const Technician*> Covering(const Place& place, int* examined = nullptr) const;

  // The `k` technicians whose home base is nearest `location` by
  // great-circle distance, nearest first, ties by id, of those `keep`
  // accepts (all when it is empty). Approximate at the margin: the R-tree
  // searches in degrees, so it fetches a few more than asked and the
  // great-circle distance orders them.
  std::vector<const Technician*> NearestByHomeBase(
      const GeoPoint& location, int k,
      const std::function<bool(const Technician&)>& keep = nullptr) const;

  const std::vector<Technician>& technicians() const { return technicians_; }
  size_t size() const { return technicians_.size(); }

 private:
  using BoxEntry = std::pair<planar::Box, uint32_t>;
  using PointEntry = std::pair<planar::Point, uint32_t>;
  // R*-tree with up to 16 entries a node, bulk-loaded (packed) at build:
  // the best shape for a set that never changes.
  using BoxTree = boost::geometry::index::rtree<BoxEntry, boost::geometry::index::rstar<16>>;
  using PointTree = boost::geometry::index::rtree<PointEntry, boost::geometry::index::rstar<16>>;

  std::vector<Technician> technicians_;
  std::vector<PreparedArea> areas_;  // areas_[i] is technicians_[i]'s
  BoxTree area_boxes_;
  PointTree home_bases_;
  // Cover prefix ("4401" for "440100") -> technicians with such a code.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> by_region_prefix_;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_INDEX_H_
