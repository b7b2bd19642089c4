#include "services/scheduling/domain/technician_validation.h"

#include <algorithm>
#include <boost/geometry.hpp>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/utf8.h"
#include "services/scheduling/domain/geo.h"

namespace fieldservice::scheduling {
namespace {

namespace bg = boost::geometry;

using Limits = TechnicianLimits;

void CheckText(const std::string& path, std::string_view value, size_t max_chars, bool required,
               common::Violations& v) {
  if (required && value.empty()) {
    v.Add(path, "required");
    return;
  }
  if (!common::IsValidUtf8(value)) {
    v.Add(path, "must be valid UTF-8");
    return;
  }
  const size_t chars = common::CountChars(value);
  if (chars > max_chars) {
    v.Add(path, absl::StrCat("at most ", max_chars, " characters, not ", chars));
  }
}

// A list of codes: each present, within its length, no repeats.
void CheckCodes(const std::string& path, const std::vector<std::string>& codes, bool required,
                common::Violations& v) {
  if (required && codes.empty()) {
    v.Add(path, "at least one is required");
    return;
  }
  if (static_cast<int>(codes.size()) > Limits::kMaxListEntries) {
    v.Add(path, absl::StrCat("at most ", Limits::kMaxListEntries, " entries"));
    return;
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < codes.size(); ++i) {
    const std::string at = absl::StrCat(path, "[", i, "]");
    CheckText(at, codes[i], Limits::kCodeChars, true, v);
    if (!seen.insert(codes[i]).second) v.Add(at, absl::StrCat("repeats \"", codes[i], "\""));
  }
}

void CheckPoint(const std::string& path, const GeoPoint& p, common::Violations& v) {
  if (!IsOnEarth(p)) {
    v.Add(path, "latitude must be -90 to 90 and longitude -180 to 180 degrees");
  }
}

void CheckPolygon(const std::string& path, const std::vector<GeoPoint>& points,
                  common::Violations& v) {
  if (points.empty()) return;
  if (static_cast<int>(points.size()) > Limits::kMaxListEntries + 1) {
    v.Add(path, absl::StrCat("at most ", Limits::kMaxListEntries, " points"));
    return;
  }
  bool points_ok = true;
  for (size_t i = 0; i < points.size(); ++i) {
    if (!IsOnEarth(points[i])) {
      CheckPoint(absl::StrCat(path, "[", i, "]"), points[i], v);
      points_ok = false;
    }
  }
  if (!points_ok) return;
  // The very polygon coverage uses (service_area.h), so what passes here
  // is what dispatch tests places against.
  const planar::Polygon polygon = planar::MakePolygon(points);
  if (polygon.outer().empty()) {
    v.Add(path, "a polygon needs at least 3 distinct points");
    return;
  }
  std::string reason;
  if (!bg::is_valid(polygon, reason)) {
    v.Add(path, absl::StrCat("not a simple polygon: ", reason));
  }
}

}  // namespace

bool IsValidTechnicianId(std::string_view id) {
  if (id.empty() || id.size() > Limits::kIdChars) return false;
  if (!absl::ascii_islower(id[0]) && !absl::ascii_isdigit(id[0])) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '.' || c == '_' || c == '-';
  });
}

bool IsRegionCode(std::string_view code) {
  return code.size() == 6 && std::all_of(code.begin(), code.end(), absl::ascii_isdigit);
}

void CheckTechnician(const Technician& t, const std::string& prefix, common::Violations& v) {
  auto at = [&](const char* field) { return absl::StrCat(prefix, ".", field); };
  CheckText(at("display_name"), t.display_name, Limits::kNameChars, true, v);
  CheckText(at("phone"), t.phone, Limits::kPhoneChars, false, v);
  CheckText(at("outlet"), t.outlet, Limits::kOutletChars, true, v);

  CheckCodes(at("skills.categories"), t.skills.categories, true, v);
  CheckCodes(at("skills.brands"), t.skills.brands, true, v);
  if (t.skills.level < kMinSkillLevel || t.skills.level > kMaxSkillLevel) {
    v.Add(at("skills.level"),
          absl::StrCat("must be ", kMinSkillLevel, " (trainee) to ", kMaxSkillLevel, " (master)"));
  }

  const ServiceArea& area = t.area;
  if (area.region_codes.empty() && area.polygon.empty() && area.radius_km == 0) {
    v.Add(at("service_area"), "give region codes, a polygon or a radius around the home base");
  }
  CheckCodes(at("service_area.region_codes"), area.region_codes, false, v);
  for (size_t i = 0; i < area.region_codes.size(); ++i) {
    if (!IsRegionCode(area.region_codes[i])) {
      v.Add(absl::StrCat(prefix, ".service_area.region_codes[", i, "]"),
            "a GB/T 2260 code: six digits, e.g. 440106");
    }
  }
  CheckPolygon(at("service_area.polygon"), area.polygon, v);
  if (area.radius_km < 0 || area.radius_km > Limits::kMaxRadiusKm) {
    v.Add(at("service_area.radius_km"), absl::StrCat("0 (none) to ", Limits::kMaxRadiusKm, " km"));
  }
  CheckPoint(at("home_base"), t.home_base, v);

  if (static_cast<int>(t.shifts.size()) > Limits::kMaxShifts) {
    v.Add(at("weekly_shifts"), absl::StrCat("at most ", Limits::kMaxShifts, " shifts"));
  } else {
    for (size_t i = 0; i < t.shifts.size(); ++i) {
      const WeeklyShift& s = t.shifts[i];
      const std::string path = absl::StrCat(prefix, ".weekly_shifts[", i, "]");
      if (s.start_minute < 0 || s.end_minute > 24 * 60 || s.start_minute >= s.end_minute) {
        v.Add(path, "start_minute before end_minute, both within the day (0 to 1440)");
        continue;
      }
      for (size_t j = 0; j < i; ++j) {
        const WeeklyShift& o = t.shifts[j];
        if (o.weekday == s.weekday && s.start_minute < o.end_minute &&
            o.start_minute < s.end_minute) {
          v.Add(path, absl::StrCat("overlaps weekly_shifts[", j, "] on the same weekday"));
        }
      }
    }
  }

  if (static_cast<int>(t.absences.size()) > Limits::kMaxListEntries) {
    v.Add(at("absences"), absl::StrCat("at most ", Limits::kMaxListEntries, " absences"));
  } else {
    for (size_t i = 0; i < t.absences.size(); ++i) {
      const Absence& a = t.absences[i];
      const std::string path = absl::StrCat(prefix, ".absences[", i, "]");
      if (a.start >= a.end) v.Add(absl::StrCat(path, ".time"), "start_time before end_time");
      CheckText(absl::StrCat(path, ".note"), a.note, Limits::kNoteChars, false, v);
    }
  }

  if (t.max_jobs_per_day < 1 || t.max_jobs_per_day > Limits::kMaxJobsPerDay) {
    v.Add(at("max_jobs_per_day"), absl::StrCat("1 to ", Limits::kMaxJobsPerDay));
  }
  // Written so that NaN fails too.
  if (t.van_capacity.has_value() &&
      !(*t.van_capacity > 0 && *t.van_capacity <= Limits::kMaxVanCapacity)) {
    v.Add(at("van_capacity"),
          absl::StrCat("more than 0, at most ", Limits::kMaxVanCapacity, "; unset: no limit"));
  }
}

}  // namespace fieldservice::scheduling
