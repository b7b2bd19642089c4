// The Solomon VRPTW benchmark format (../shared/bench/solomon/README.md) read
// into a RoutingProblem, so that tools/vrptw_solve and the benchmark measure
// the day planner's own solver on the instances the literature reports on.
// Pure code: the caller reads the file.
//
// The format: a line `# VEHICLE_CAPACITY <q>`, a header line (`CUST_NO
// XCOORD YCOORD DEMAND READY_TIME DUE_DATE SERVICE_TIME`), then one row per
// node in those columns; the first row is the depot.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_SOLOMON_INSTANCE_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_SOLOMON_INSTANCE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/scheduling/domain/routing/routing_problem.h"

namespace fieldservice::scheduling::routing {

struct SolomonInstance {
  // Location 0 is the depot, job i is at location i + 1. Distances are
  // Euclidean at full double precision and travel times equal them (the
  // literature's convention). Every vehicle starts and ends at the depot with
  // the depot's window as its shift and the file's capacity; there is one
  // vehicle per customer, as the fleet is unlimited and the solver minimises
  // the routes it uses.
  RoutingProblem problem;
  // CUST_NO of each job (same index as problem.jobs), for printing routes
  // with the file's numbers.
  std::vector<int> customer_numbers;
  int depot_number = 0;
};

// INVALID_ARGUMENT naming the line and the field on anything it cannot read:
// a missing capacity line or header, a row without seven numbers, a number
// that does not parse, a CUST_NO given twice, a negative demand or service
// time, a window that closes before it opens.
absl::StatusOr<SolomonInstance> ParseSolomonInstance(std::string_view text);

// The plan's total distance summed again over its routes' arcs, depot to
// depot, from the instance's matrix: what the printed Cost says, whatever the
// solver's own bookkeeping holds.
double RecomputedDistance(const SolomonInstance& instance, const RoutingPlan& plan);

// The plan in the CVRPLIB solution format the literature's tools read: one
// line `Route #k: c1 c2 ...` per route that has visits (k from 1, customers
// by CUST_NO in visiting order), then `Cost <RecomputedDistance>` with two
// decimals. Unassigned jobs are not in it.
std::string CvrplibSolution(const SolomonInstance& instance, const RoutingPlan& plan);

}  // namespace fieldservice::scheduling::routing

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_SOLOMON_INSTANCE_H_
