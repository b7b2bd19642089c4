// Arithmetic on sets of half-open time intervals [start, end): the shape
// availability is computed in (shifts minus absences minus bookings).
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_INTERVALS_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_INTERVALS_H_

#include <vector>

#include "services/scheduling/domain/technician.h"

namespace fieldservice::scheduling {

// Half-open: [9:00, 10:00) and [10:00, 11:00) do not overlap.
inline bool Overlaps(const Interval& a, const Interval& b) {
  return a.start < b.end && b.start < a.end;
}

inline bool Contains(const Interval& outer, const Interval& inner) {
  return outer.start <= inner.start && inner.end <= outer.end;
}

// Sorted by start, overlapping or touching intervals joined, empty ones
// dropped: time that is free from 9:00 to 10:00 and from 10:00 to 11:00 is
// one free stretch.
std::vector<Interval> Normalize(std::vector<Interval> intervals);

// The time of `from` not covered by any of `remove`, normalized.
std::vector<Interval> Subtract(const std::vector<Interval>& from,
                               const std::vector<Interval>& remove);

// Whether one interval of `set` holds all of `inner`: a visit must not
// straddle two shifts, since the gap between them is not working time.
bool ContainedInOne(const std::vector<Interval>& set, const Interval& inner);

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_INTERVALS_H_
