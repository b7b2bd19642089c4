// When a technician is free on one business day: their weekly shifts for
// that weekday, minus absences, minus booked visits with the travel into
// each. Travel is working time, so it must fit inside the shifts too.
//
// Where a technician comes from: the home base at the start of each shift
// (the day's first trip, and after a break between shifts, when they may
// have gone anywhere), otherwise the place of the visit before.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_AVAILABILITY_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_AVAILABILITY_H_

#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/scheduling/domain/technician.h"
#include "services/scheduling/domain/travel.h"

namespace fieldservice::scheduling {

// The technician's shifts on `day` of the business zone as instants, merged
// (two shifts that touch are one working stretch).
std::vector<Interval> ShiftsOn(const Technician& t, absl::CivilDay day, absl::TimeZone zone);

// One technician's business day: when they work and what is booked. Built
// once per day by MakeTechnicianDay and then asked many questions (a slot
// offer tries many start times).
struct TechnicianDay {
  absl::CivilDay day;
  GeoPoint home_base;
  std::vector<Interval> shifts;  // ShiftsOn
  // The shifts minus the absences: when the technician may work at all.
  std::vector<Interval> working;
  // The visits that overlap the day, by start time then order number.
  std::vector<BookedVisit> visits;
};

// `visits` may hold other days' visits; only the day's are kept.
TechnicianDay MakeTechnicianDay(const Technician& t, absl::CivilDay day, absl::TimeZone zone,
                                const std::vector<BookedVisit>& visits);

// The place the technician travels from to arrive at `arrival`, when
// `previous` (may be null) is the last visit before it: the home base when a
// shift starts after that visit ends (or there is none).
GeoPoint PlaceBefore(const TechnicianDay& day, absl::Time arrival, const BookedVisit* previous);

// The free time of the day: sorted, merged, non-overlapping. Each visit
// takes its own time plus the travel into it from PlaceBefore.
std::vector<Interval> FreeTime(const TechnicianDay& day, const TravelEstimator& travel);
std::vector<Interval> FreeTime(const Technician& t, absl::CivilDay day, absl::TimeZone zone,
                               const std::vector<BookedVisit>& visits,
                               const TravelEstimator& travel);

// What a new visit would need of the day.
struct VisitFit {
  bool fits = false;
  // From the place before (PlaceBefore) to the new visit.
  absl::Duration travel_in;
  // From the new visit to the next booked visit of the same shift; none
  // when no visit follows in that shift.
  std::optional<absl::Duration> travel_out;
};

// Whether a new visit at `place` over [start, start + service) fits: the
// travel into it and the visit lie in one stretch of working time and
// overlap no booked visit, and the travel from it reaches the next booked
// visit of the shift by that visit's start. The next visit's own travel
// then comes from the new place, so the check is against the booked visits
// themselves, not against FreeTime (whose gaps assume the old order).
VisitFit FitVisit(const TechnicianDay& day, const GeoPoint& place, absl::Time start,
                  absl::Duration service, const TravelEstimator& travel);

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_AVAILABILITY_H_
