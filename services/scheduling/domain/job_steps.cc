#include "services/scheduling/domain/job_steps.h"

namespace fieldservice::scheduling {

std::string JobStepName(JobStep step) { return std::string(common::NameOf(kJobStepNames, step)); }

bool IsWithTechnician(JobStep step) {
  switch (step) {
    case JobStep::kAssigned:
    case JobStep::kBooked:
    case JobStep::kEnRoute:
    case JobStep::kOnSite:
    case JobStep::kWaitingForParts:
      return true;
    default:
      return false;
  }
}

bool IsFinished(JobStep step) {
  return step == JobStep::kCompleted || step == JobStep::kCarryIn || step == JobStep::kEnded;
}

bool IsMovable(JobStep step) { return step == JobStep::kAssigned || step == JobStep::kBooked; }

}  // namespace fieldservice::scheduling
