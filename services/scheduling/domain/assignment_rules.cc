#include "services/scheduling/domain/assignment_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/scheduling/domain/availability.h"
#include "services/scheduling/domain/intervals.h"

namespace fieldservice::scheduling {
namespace {

std::string Clock(absl::Time t, absl::TimeZone zone) { return absl::FormatTime("%H:%M", t, zone); }

std::string Span(const Interval& i, absl::TimeZone zone) {
  return absl::StrCat(Clock(i.start, zone), "-", Clock(i.end, zone));
}

std::string Stamp(absl::Time t, absl::TimeZone zone) {
  return absl::FormatTime("%Y-%m-%d %H:%M", t, zone);
}

std::string AbsenceWord(AbsenceKind kind) {
  switch (kind) {
    case AbsenceKind::kLeave:
      return "leave";
    case AbsenceKind::kSick:
      return "sick leave";
    case AbsenceKind::kTraining:
      return "training";
  }
  return "absence";
}

void CheckAbsences(const Technician& t, const BookedVisit& proposed, absl::TimeZone zone,
                   std::vector<BrokenRule>& out) {
  for (const Absence& a : t.absences) {
    if (!Overlaps({a.start, a.end}, proposed.time)) continue;
    std::string reason =
        absl::StrCat("during an absence: the technician is on ", AbsenceWord(a.kind), " from ",
                     Stamp(a.start, zone), " to ", Stamp(a.end, zone));
    if (!a.note.empty()) absl::StrAppend(&reason, " (", a.note, ")");
    out.push_back({AssignmentRule::kDuringAbsence, std::move(reason), ""});
  }
}

void CheckShift(const Technician& t, const BookedVisit& proposed, absl::CivilDay day,
                absl::TimeZone zone, std::vector<BrokenRule>& out) {
  const std::vector<Interval> shifts = ShiftsOn(t, day, zone);
  if (ContainedInOne(shifts, proposed.time)) return;
  std::string reason = absl::StrCat("outside the technician's shifts: ", Span(proposed.time, zone),
                                    " on ", absl::FormatCivilTime(day));
  if (shifts.empty()) {
    absl::StrAppend(&reason, " has no shift");
  } else {
    absl::StrAppend(&reason, " is not within one of ",
                    absl::StrJoin(shifts, ", ", [&](std::string* s, const Interval& i) {
                      absl::StrAppend(s, Span(i, zone));
                    }));
  }
  out.push_back({AssignmentRule::kOutsideShift, std::move(reason), ""});
}

// Overlaps with any visit, then the travel from the visit just before and
// to the visit just after.
void CheckDoubleBooking(const std::vector<const BookedVisit*>& others, const BookedVisit& proposed,
                        absl::TimeZone zone, const TravelEstimator& travel,
                        std::vector<BrokenRule>& out) {
  const BookedVisit* before = nullptr;
  const BookedVisit* after = nullptr;
  for (const BookedVisit* v : others) {
    if (Overlaps(v->time, proposed.time)) {
      out.push_back({AssignmentRule::kDoubleBooked,
                     absl::StrCat("double-booked: overlaps order ", v->order_number, "'s visit ",
                                  Span(v->time, zone)),
                     v->order_number});
    } else if (v->time.end <= proposed.time.start) {
      if (before == nullptr || v->time.end >= before->time.end) before = v;
    } else if (after == nullptr || v->time.start < after->time.start) {
      after = v;
    }
  }
  auto check_gap = [&](const BookedVisit& from, const BookedVisit& to, const BookedVisit& other) {
    const absl::Duration gap = to.time.start - from.time.end;
    const absl::Duration needed = travel.Estimate(from.location, to.location).time;
    if (gap >= needed) return;
    out.push_back(
        {AssignmentRule::kDoubleBooked,
         absl::StrCat("double-booked: ", absl::ToInt64Minutes(gap), " min between order ",
                      from.order_number, " (ends ", Clock(from.time.end, zone), ") and order ",
                      to.order_number, " (starts ", Clock(to.time.start, zone),
                      "), the travel takes ", absl::ToInt64Minutes(needed), " min"),
         other.order_number});
  };
  if (before != nullptr) check_gap(*before, proposed, *before);
  if (after != nullptr) check_gap(proposed, *after, *after);
}

}  // namespace

std::vector<BrokenRule> CheckAssignment(const Technician& technician,
                                        const std::vector<BookedVisit>& that_day,
                                        const BookedVisit& proposed, absl::TimeZone zone,
                                        const TravelEstimator& travel) {
  std::vector<BrokenRule> out;
  if (!technician.active) {
    out.push_back({AssignmentRule::kTechnicianInactive,
                   absl::StrCat("technician inactive: ", technician.id, " takes no new jobs"), ""});
  }
  const absl::CivilDay day = absl::ToCivilDay(proposed.time.start, zone);
  CheckAbsences(technician, proposed, zone, out);
  CheckShift(technician, proposed, day, zone, out);

  // The other visits by time, so reports come in a stable order.
  std::vector<const BookedVisit*> others;
  for (const BookedVisit& v : that_day) {
    if (v.order_number != proposed.order_number) others.push_back(&v);
  }
  std::sort(others.begin(), others.end(), [](const BookedVisit* a, const BookedVisit* b) {
    if (a->time.start != b->time.start) return a->time.start < b->time.start;
    return a->order_number < b->order_number;
  });
  CheckDoubleBooking(others, proposed, zone, travel, out);

  const auto jobs_that_day = std::count_if(others.begin(), others.end(), [&](const BookedVisit* v) {
    return absl::ToCivilDay(v->time.start, zone) == day;
  });
  if (jobs_that_day + 1 > technician.max_jobs_per_day) {
    out.push_back({AssignmentRule::kOverMaxJobsPerDay,
                   absl::StrCat("over most jobs per day: this would be job ", jobs_that_day + 1,
                                " of at most ", technician.max_jobs_per_day, " on ",
                                absl::FormatCivilTime(day)),
                   ""});
  }
  return out;
}

}  // namespace fieldservice::scheduling
