// The demo's orders in every status a real flow reaches today (README
// "Order lifecycle"), each driven there through the public APIs by the
// people who take the steps: the agent takes the call and queues it or
// resolves, cancels, or takes it through the outlet's carry-in steps; the
// dispatcher assigns or books the on-site ones (Dispatch); the technician
// the job went to accepts, departs, arrives, waits for parts or completes
// it in their app (TechnicianApp, with their own token). Request and
// operation ids are fixed and each order is driven from where it is, so a
// second run adds nothing and a run that stopped half way finishes the rest.
//
// Not reached here: CLOSED and REOPENED follow a callback's verdict, and a
// callback is not made before the working day after the visit (DOMAIN.md
// "The callback"; the app's steps carry no time of their own, so a visit
// cannot be completed "yesterday"). Of the two completed visits, one's order
// is closed by its callback on a later working day (tools/demo_callback.h),
// the other's callback waits for a callback agent; REOPENED (a callback
// finding the problem unsolved) is not in the demo.
#ifndef FIELDSERVICE_TOOLS_DEMO_LIFECYCLE_H_
#define FIELDSERVICE_TOOLS_DEMO_LIFECYCLE_H_

#include <string>

#include "services/common/clock.h"
#include "tools/caller_channel.h"

namespace fieldservice::tools {

// The sample customer (tools/sample_orders.h) of the demo's completed on-site
// visit, and of no other demo order: its callback closes it
// (tools/demo_callback.h).
inline constexpr int kDemoCompletedVisitCustomer = 9;
// The customer of a second completed visit, whose callback the demo leaves
// for a person: from the working day after the visit it waits, due, in the
// callback agents' queue.
inline constexpr int kDemoWaitingCallbackCustomer = 13;

struct DemoLifecycleSetup {
  CallerChannel agent;       // the orders service, as a call agent
  CallerChannel dispatcher;  // the scheduling service, as a dispatcher
  // The technicians call the scheduling service with their own tokens, one
  // file `<technician_id>.jwt` each in this directory.
  std::string scheduling_address;
  std::string tls_ca;
  std::string technician_token_dir;
  bool plaintext = false;
  // The services' now: calls end, technicians arrive and units are promised
  // from it.
  const common::Clock* clock = nullptr;
};

// True when every order reached its status. Each failure is printed to
// stderr naming the order, the status it was meant for and the step.
bool LoadDemoLifecycle(const DemoLifecycleSetup& setup);

}  // namespace fieldservice::tools

#endif  // FIELDSERVICE_TOOLS_DEMO_LIFECYCLE_H_
