// The day planner's problem and answer: a vehicle-routing problem with time
// windows (VRPTW) in the solver's own plain terms, so that the solver knows
// nothing of technicians, orders or gRPC. The scheduling rules turn a
// region's day into a RoutingProblem (skills become each job's allowed
// vehicles, a pin becomes one allowed vehicle and a fixed window); the
// Solomon reader of tools/vrptw_solve does the same for benchmark files.
//
// Units are the caller's: times and durations in one unit (minutes for a
// day plan, the file's units for Solomon), distances in another (km).
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_ROUTING_PROBLEM_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_ROUTING_PROBLEM_H_

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace fieldservice::scheduling::routing {

inline constexpr double kUnlimited = std::numeric_limits<double>::infinity();

struct RoutingJob {
  // Row and column of the matrices.
  int location = 0;
  // Service must start inside [ready, due]; arriving early means waiting.
  double ready = 0;
  double due = kUnlimited;
  double service = 0;
  // Van load the job takes (parts, a replacement unit).
  double demand = 0;
  // The vehicles that may do it (skills, brands, area, a pin). Unset: any;
  // an empty list: nobody (the job is reported kNoAllowedVehicle).
  std::optional<std::vector<int>> allowed_vehicles = std::nullopt;
  // A dispatcher's pin: never left out while it fits, never moved to another
  // vehicle. Its allowed_vehicles hold just the pinned one, its window the
  // slot it is pinned to.
  bool pinned = false;
};

struct RoutingVehicle {
  int start_location = 0;
  int end_location = 0;
  // Leaves no earlier than shift_start and is back by shift_end.
  double shift_start = 0;
  double shift_end = kUnlimited;
  double capacity = kUnlimited;
  int max_jobs = std::numeric_limits<int>::max();
};

struct RoutingProblem {
  std::vector<RoutingJob> jobs = {};
  std::vector<RoutingVehicle> vehicles = {};
  int location_count = 0;
  // Row-major location_count x location_count matrices.
  std::vector<double> distance = {};
  std::vector<double> travel_time = {};

  double Distance(int from, int to) const {
    return distance[static_cast<std::size_t>(from) * location_count + to];
  }
  double TravelTime(int from, int to) const {
    return travel_time[static_cast<std::size_t>(from) * location_count + to];
  }
};

// Why a job is in no route, most specific first.
enum class UnassignedReason {
  kNoAllowedVehicle,     // nobody has the skills (or the pinned one is absent)
  kWindowOutsideShifts,  // no allowed vehicle can reach it inside its window
  kTooHeavy,             // its demand exceeds every allowed vehicle's capacity
  kNoRoom,               // each allowed route is full (windows, load, most jobs)
};

struct UnassignedJob {
  int job = 0;
  UnassignedReason reason = UnassignedReason::kNoRoom;
};

struct PlannedVisit {
  int job = 0;
  double arrival = 0;
  // max(arrival, ready): when service starts.
  double start = 0;
};

struct PlannedRoute {
  int vehicle = 0;
  // When it leaves its start location: just in time for the first visit.
  double departure = 0;
  std::vector<PlannedVisit> visits = {};
  double return_time = 0;
  double distance = 0;
};

struct RoutingPlan {
  // Only the vehicles that have visits, in vehicle order.
  std::vector<PlannedRoute> routes = {};
  std::vector<UnassignedJob> unassigned = {};
  double total_distance = 0;
};

}  // namespace fieldservice::scheduling::routing

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_ROUTING_PROBLEM_H_
