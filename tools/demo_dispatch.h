// The demo's dispatcher: puts the queued demo orders on technicians' days
// through the scheduling API (AssignJob, automatic), so a demo technician
// has jobs in their app. Whether a job gets a technician depends on the time
// of day the demo runs (shifts, leave): one that gets none is reported and
// stays queued.
#ifndef FIELDSERVICE_TOOLS_DEMO_DISPATCH_H_
#define FIELDSERVICE_TOOLS_DEMO_DISPATCH_H_

#include "absl/time/time.h"
#include "tools/caller_channel.h"

namespace fieldservice::tools {

// Waits up to `wait` for the queue to fill (the orders service's relay
// delivers asynchronously), then assigns each queued job automatically.
// Returns how many were assigned, or -1 when the service could not be asked.
int AssignQueuedDemoJobs(const CallerChannel& dispatcher, absl::Duration wait);

}  // namespace fieldservice::tools

#endif  // FIELDSERVICE_TOOLS_DEMO_DISPATCH_H_
