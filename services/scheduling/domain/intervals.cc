#include "services/scheduling/domain/intervals.h"

#include <algorithm>

namespace fieldservice::scheduling {

std::vector<Interval> Normalize(std::vector<Interval> intervals) {
  std::erase_if(intervals, [](const Interval& i) { return i.end <= i.start; });
  std::sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) {
    return a.start < b.start || (a.start == b.start && a.end < b.end);
  });
  std::vector<Interval> out;
  for (const Interval& i : intervals) {
    if (!out.empty() && i.start <= out.back().end) {
      out.back().end = std::max(out.back().end, i.end);
    } else {
      out.push_back(i);
    }
  }
  return out;
}

std::vector<Interval> Subtract(const std::vector<Interval>& from,
                               const std::vector<Interval>& remove) {
  const std::vector<Interval> cuts = Normalize(remove);
  std::vector<Interval> out;
  for (const Interval& piece : Normalize(from)) {
    absl::Time cursor = piece.start;
    for (const Interval& cut : cuts) {
      if (cut.end <= cursor) continue;
      if (cut.start >= piece.end) break;
      if (cut.start > cursor) out.push_back({cursor, cut.start});
      cursor = std::max(cursor, cut.end);
      if (cursor >= piece.end) break;
    }
    if (cursor < piece.end) out.push_back({cursor, piece.end});
  }
  return out;
}

bool ContainedInOne(const std::vector<Interval>& set, const Interval& inner) {
  return std::any_of(set.begin(), set.end(),
                     [&](const Interval& outer) { return Contains(outer, inner); });
}

}  // namespace fieldservice::scheduling
