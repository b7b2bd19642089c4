// The demo's technicians, created through the scheduling API as a
// dispatcher would: Shanghai and Guangzhou, several each, with different
// skills, brands, levels and weekly shifts, and one on leave in each city.
// Request ids are fixed, so loading twice adds nothing.
#ifndef FIELDSERVICE_TOOLS_DEMO_TECHNICIANS_H_
#define FIELDSERVICE_TOOLS_DEMO_TECHNICIANS_H_

#include "services/common/clock.h"
#include "tools/caller_channel.h"

namespace fieldservice::tools {

// True when every technician is there; failures are printed to stderr.
// Leave is set around `clock`'s now.
bool LoadDemoTechnicians(const CallerChannel& dispatcher, const common::Clock& clock);

}  // namespace fieldservice::tools

#endif  // FIELDSERVICE_TOOLS_DEMO_TECHNICIANS_H_
