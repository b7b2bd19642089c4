// The technician (维修人员 / 服务工程师) as the scheduling domain sees it:
// plain data, no gRPC or SQL. Who they are, what they can repair, where they
// work and when.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace fieldservice::scheduling {

// WGS-84 degrees (DESIGN.md "Places and routes").
struct GeoPoint {
  double latitude = 0;
  double longitude = 0;
  friend bool operator==(const GeoPoint&, const GeoPoint&) = default;
};

// The lowest and highest skill levels: 1 a trainee, 5 a master technician
// who may take any job. A job names the lowest level it needs.
inline constexpr int kMinSkillLevel = 1;
inline constexpr int kMaxSkillLevel = 5;

// What a technician may repair.
struct Skills {
  // Product category codes of the catalogue ("refrigerator", ...).
  std::vector<std::string> categories;
  // Brands whose certification the technician holds ("海尔", ...).
  std::vector<std::string> brands;
  int level = kMinSkillLevel;
  friend bool operator==(const Skills&, const Skills&) = default;
};

// Where a technician takes on-site jobs. A job's place is covered when any
// of these covers it; a technician with none covers nowhere.
struct ServiceArea {
  // GB/T 2260 codes. A code covers itself and, when it ends in "00", its
  // subdivisions: "440100" (Guangzhou) covers "440106" (Tianhe); "440000"
  // (Guangdong) covers every code starting "44".
  std::vector<std::string> region_codes;
  // A polygon (at least 3 distinct points, open or closed ring).
  std::vector<GeoPoint> polygon;
  // A circle of this radius around the home base; 0: none.
  double radius_km = 0;
  friend bool operator==(const ServiceArea&, const ServiceArea&) = default;
};

// A regular working period on one weekday, in the business time zone:
// [start_minute, end_minute) minutes after local midnight.
struct WeeklyShift {
  absl::Weekday weekday = absl::Weekday::monday;
  int start_minute = 0;
  int end_minute = 0;
  friend bool operator==(const WeeklyShift&, const WeeklyShift&) = default;
};

// Time taken out of the regular shifts.
enum class AbsenceKind { kLeave, kSick, kTraining };

// An exception to the weekly shifts: no jobs in [start, end).
struct Absence {
  AbsenceKind kind = AbsenceKind::kLeave;
  absl::Time start;
  absl::Time end;
  std::string note;
  friend bool operator==(const Absence&, const Absence&) = default;
};

struct Technician {
  // The technician's login (the subject of their token): the `{id}` of
  // `technicians/{id}`. A technician's calls act as this technician.
  std::string id;
  std::string display_name;
  // Work phone, shown to dispatchers.
  std::string phone;
  // The service outlet (网点) they belong to.
  std::string outlet;
  Skills skills;
  ServiceArea area;
  // Where their day starts and ends.
  GeoPoint home_base;
  std::vector<WeeklyShift> shifts;
  std::vector<Absence> absences;
  // Most jobs on one business day (a dispatcher may override, with a reason).
  int max_jobs_per_day = 8;
  // What their van holds, in the units jobs' loads are given in (parts, a
  // replacement unit); none: no limit.
  std::optional<double> van_capacity;
  bool active = true;
  // Mean callback satisfaction, 1 to 5, once callbacks have rated them.
  std::optional<double> satisfaction;
  int64_t version = 0;  // the etag: bumped by every change
  absl::Time create_time;
  absl::Time update_time;
};

// A half-open interval [start, end).
struct Interval {
  absl::Time start;
  absl::Time end;
  absl::Duration length() const { return end - start; }
  friend bool operator==(const Interval&, const Interval&) = default;
};

// A job waiting for (or holding) a technician: what dispatch knows of the
// order it came from.
struct Job {
  // The order's number (`repairOrders/{order_number}`).
  std::string order_number;
  GeoPoint location;
  std::string region_code;
  std::string category;
  std::string brand;
  int min_level = kMinSkillLevel;
  // The window promised to (or preferred by) the customer; none: any time.
  std::optional<Interval> window;
  // When the job must be done by (the order's SLA deadline).
  absl::Time deadline = absl::InfiniteFuture();
  int priority = 0;  // higher first
  bool complaint = false;
  // Time on site.
  absl::Duration service_time = absl::Minutes(60);
  // What it takes of the technician's van (parts, a replacement unit), in
  // the units of Technician::van_capacity; 0: nothing.
  double load = 0;
};

// A visit already on a technician's calendar.
struct BookedVisit {
  std::string order_number;
  Interval time;
  GeoPoint location;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_H_
