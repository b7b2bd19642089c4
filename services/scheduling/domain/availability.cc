#include "services/scheduling/domain/availability.h"

#include <algorithm>

#include "services/scheduling/domain/intervals.h"

namespace fieldservice::scheduling {
namespace {

absl::Time MinuteOf(absl::CivilDay day, int minute, absl::TimeZone zone) {
  return absl::FromCivil(absl::CivilMinute(day) + minute, zone);
}

// Whether a shift starts in (after, until]: the technician went off shift
// in between, so their position is no longer the earlier visit's.
bool ShiftStartsBetween(const TechnicianDay& day, absl::Time after, absl::Time until) {
  return std::any_of(day.shifts.begin(), day.shifts.end(), [&](const Interval& shift) {
    return after < shift.start && shift.start <= until;
  });
}

bool ByStartThenOrder(const BookedVisit& a, const BookedVisit& b) {
  if (a.time.start != b.time.start) return a.time.start < b.time.start;
  return a.order_number < b.order_number;
}

}  // namespace

std::vector<Interval> ShiftsOn(const Technician& t, absl::CivilDay day, absl::TimeZone zone) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  std::vector<Interval> shifts;
  for (const WeeklyShift& s : t.shifts) {
    if (s.weekday != weekday) continue;
    shifts.push_back({MinuteOf(day, s.start_minute, zone), MinuteOf(day, s.end_minute, zone)});
  }
  return Normalize(std::move(shifts));
}

TechnicianDay MakeTechnicianDay(const Technician& t, absl::CivilDay day, absl::TimeZone zone,
                                const std::vector<BookedVisit>& visits) {
  TechnicianDay out;
  out.day = day;
  out.home_base = t.home_base;
  out.shifts = ShiftsOn(t, day, zone);
  std::vector<Interval> absent;
  for (const Absence& a : t.absences) absent.push_back({a.start, a.end});
  out.working = Subtract(out.shifts, absent);
  const Interval whole_day{absl::FromCivil(day, zone), absl::FromCivil(day + 1, zone)};
  for (const BookedVisit& v : visits) {
    if (Overlaps(v.time, whole_day)) out.visits.push_back(v);
  }
  std::sort(out.visits.begin(), out.visits.end(), ByStartThenOrder);
  return out;
}

GeoPoint PlaceBefore(const TechnicianDay& day, absl::Time arrival, const BookedVisit* previous) {
  if (previous == nullptr || ShiftStartsBetween(day, previous->time.end, arrival)) {
    return day.home_base;
  }
  return previous->location;
}

std::vector<Interval> FreeTime(const TechnicianDay& day, const TravelEstimator& travel) {
  std::vector<Interval> taken;
  for (size_t i = 0; i < day.visits.size(); ++i) {
    const BookedVisit& v = day.visits[i];
    const GeoPoint from = PlaceBefore(day, v.time.start, i == 0 ? nullptr : &day.visits[i - 1]);
    taken.push_back({v.time.start - travel.Estimate(from, v.location).time, v.time.end});
  }
  return Subtract(day.working, taken);
}

std::vector<Interval> FreeTime(const Technician& t, absl::CivilDay day, absl::TimeZone zone,
                               const std::vector<BookedVisit>& visits,
                               const TravelEstimator& travel) {
  return FreeTime(MakeTechnicianDay(t, day, zone, visits), travel);
}

VisitFit FitVisit(const TechnicianDay& day, const GeoPoint& place, absl::Time start,
                  absl::Duration service, const TravelEstimator& travel) {
  // The first booked visit starting at or after `start`; the one before it
  // is where the technician comes from (if it overlaps, the visit fails
  // below anyway).
  const auto next = std::find_if(day.visits.begin(), day.visits.end(),
                                 [&](const BookedVisit& v) { return v.time.start >= start; });
  const BookedVisit* previous = next == day.visits.begin() ? nullptr : &*(next - 1);

  VisitFit fit;
  fit.travel_in = travel.Estimate(PlaceBefore(day, start, previous), place).time;
  const Interval needed{start - fit.travel_in, start + service};
  const bool clear = std::none_of(day.visits.begin(), day.visits.end(),
                                  [&](const BookedVisit& v) { return Overlaps(v.time, needed); });
  if (!clear || !ContainedInOne(day.working, needed)) return fit;

  if (next != day.visits.end() && !ShiftStartsBetween(day, needed.end, next->time.start)) {
    fit.travel_out = travel.Estimate(place, next->location).time;
    if (needed.end + *fit.travel_out > next->time.start) return fit;
  }
  fit.fits = true;
  return fit;
}

}  // namespace fieldservice::scheduling
