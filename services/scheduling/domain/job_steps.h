// Where a job stands once it is in scheduling, and the steps that move it:
// the dispatcher's (assign, reassign, unassign, book) and the technician's
// (accept, decline, depart, arrive, not home, parts, carry-in, complete).
// Each step is a pure function of the job: it checks the job's step allows
// it (FAILED_PRECONDITION naming both otherwise) and returns the job after.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_JOB_STEPS_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_JOB_STEPS_H_

#include <string>

#include "services/common/enum_names.h"

namespace fieldservice::scheduling {

enum class JobStep {
  kQueued,           // waiting for a technician
  kAssigned,         // with a technician; no appointment agreed yet
  kBooked,           // the appointment (预约) is agreed
  kEnRoute,          // the technician is on the way
  kOnSite,           // at the customer
  kWaitingForParts,  // cannot be fixed today: parts awaited
  kCompleted,        // done, the repair record kept
  kCarryIn,          // cannot be fixed on site: the unit goes to an outlet
  kEnded,            // the order left dispatch (cancelled, ...)
};

// Stable names: the API's enum names and the stored text. Never rename a
// row; add new ones.
inline constexpr common::EnumName<JobStep> kJobStepNames[] = {
    {JobStep::kQueued, "QUEUED"},       {JobStep::kAssigned, "ASSIGNED"},
    {JobStep::kBooked, "BOOKED"},       {JobStep::kEnRoute, "EN_ROUTE"},
    {JobStep::kOnSite, "ON_SITE"},      {JobStep::kWaitingForParts, "WAITING_FOR_PARTS"},
    {JobStep::kCompleted, "COMPLETED"}, {JobStep::kCarryIn, "CARRY_IN"},
    {JobStep::kEnded, "ENDED"},
};

std::string JobStepName(JobStep step);

// On a technician's list: assigned to them and not finished. Only such a
// job shows the customer's contact to its technician.
bool IsWithTechnician(JobStep step);

// Finished for scheduling: completed, carried in, or ended by the order.
bool IsFinished(JobStep step);

// Not yet under way: the dispatcher may still move it between technicians.
bool IsMovable(JobStep step);

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_JOB_STEPS_H_
