// The demo's callback agent: the completed demo visit (tools/demo_lifecycle.h)
// gets its callback from the working day after the visit on (DOMAIN.md "The
// callback"). Once it is due, the callback agent claims it, asks the survey
// and the customer is satisfied, so the order closes: the demo's CLOSED
// order, made on the first run on a later working day.
#ifndef FIELDSERVICE_TOOLS_DEMO_CALLBACK_H_
#define FIELDSERVICE_TOOLS_DEMO_CALLBACK_H_

#include "tools/caller_channel.h"

namespace fieldservice::tools {

enum class DemoCallback {
  kClosed,     // the order is closed (now, or by an earlier run)
  kNotDueYet,  // nothing to do today; a later run closes it
  kFailed,     // printed to stderr, naming the step
};

// `agent` reads the orders service (to find the demo's completed order),
// `callback_agent` calls the callback service. A callback the queue offers
// first that is not the demo's is released at once, untouched.
DemoCallback CloseDemoCallback(const CallerChannel& agent, const CallerChannel& callback_agent);

}  // namespace fieldservice::tools

#endif  // FIELDSERVICE_TOOLS_DEMO_CALLBACK_H_
