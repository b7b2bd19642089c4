// The rules a technician's day keeps when a job is put on it (issue 9
// "AssignJob"): no two visits in the same time (travel between them
// included), no more than their most jobs a day, only within their shifts,
// never during an absence, only active technicians. This only reports the
// broken rules; the caller refuses unless a dispatcher overrides them with a
// reason.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_ASSIGNMENT_RULES_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_ASSIGNMENT_RULES_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/common/enum_names.h"
#include "services/scheduling/domain/technician.h"
#include "services/scheduling/domain/travel.h"

namespace fieldservice::scheduling {

enum class AssignmentRule {
  kDoubleBooked,
  kOverMaxJobsPerDay,
  kOutsideShift,
  kDuringAbsence,
  kTechnicianInactive,
};

// Stable names: the API's rule codes and the audit trail's text. Never
// rename a row; add new ones.
inline constexpr common::EnumName<AssignmentRule> kAssignmentRuleNames[] = {
    {AssignmentRule::kDoubleBooked, "DOUBLE_BOOKED"},
    {AssignmentRule::kOverMaxJobsPerDay, "OVER_MAX_JOBS_PER_DAY"},
    {AssignmentRule::kOutsideShift, "OUTSIDE_SHIFT"},
    {AssignmentRule::kDuringAbsence, "DURING_ABSENCE"},
    {AssignmentRule::kTechnicianInactive, "TECHNICIAN_INACTIVE"},
};

struct BrokenRule {
  AssignmentRule rule;
  // For people: names the rule and what breaks it ("double-booked:
  // overlaps order R1's visit 09:00-10:00").
  std::string reason;
  // The other order involved (a double booking); empty otherwise.
  std::string other_order;
  friend bool operator==(const BrokenRule&, const BrokenRule&) = default;
};

// The rules `proposed` would break on the technician's day. `that_day` is the
// technician's booked visits of the proposed visit's business day; a visit
// of the proposed order itself is ignored (a rebooking moves it). Every
// broken rule is reported, in this order: inactive, absence, outside shift,
// each double booking by time, most jobs.
// Double booking looks at the visits either side in time: the travel from
// the one before must arrive by the proposed start, and the travel to the
// one after must arrive by its start. The shift rule asks only that the
// time on site lies in one shift: the offer (appointment_slots.h) is the
// stricter one, also fitting the trip from the home base in.
std::vector<BrokenRule> CheckAssignment(const Technician& technician,
                                        const std::vector<BookedVisit>& that_day,
                                        const BookedVisit& proposed, absl::TimeZone zone,
                                        const TravelEstimator& travel);

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_ASSIGNMENT_RULES_H_
