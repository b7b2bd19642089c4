#include "services/scheduling/domain/routing/solomon_instance.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace fieldservice::scheduling::routing {
namespace {

// The columns in the order the rows give them; the header must name them so,
// because the rows are read by position.
constexpr std::array<absl::string_view, 7> kColumns = {
    "CUST_NO", "XCOORD", "YCOORD", "DEMAND", "READY_TIME", "DUE_DATE", "SERVICE_TIME"};
enum Column { kCustNo, kX, kY, kDemand, kReady, kDue, kService };

constexpr absl::string_view kCapacityKey = "VEHICLE_CAPACITY";

struct Node {
  int number = 0;
  double x = 0;
  double y = 0;
  double demand = 0;
  double ready = 0;
  double due = 0;
  double service = 0;
};

absl::Status LineError(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", what));
}

// A finite number: SimpleAtod also accepts "inf" and "nan", which no
// coordinate or time can be.
absl::StatusOr<double> ReadNumber(int line, absl::string_view field, absl::string_view text) {
  double value = 0;
  if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
    return LineError(line, absl::StrCat(field, ": '", text, "' is not a number"));
  }
  return value;
}

absl::StatusOr<Node> ReadNode(int line, const std::vector<absl::string_view>& fields) {
  if (fields.size() != kColumns.size()) {
    return LineError(line, absl::StrCat("expected ", kColumns.size(), " fields (",
                                        absl::StrJoin(kColumns, " "), "), found ", fields.size()));
  }
  Node node;
  if (!absl::SimpleAtoi(fields[kCustNo], &node.number)) {
    return LineError(line, absl::StrCat("CUST_NO: '", fields[kCustNo], "' is not a whole number"));
  }
  double* const targets[] = {nullptr,     &node.x,   &node.y,      &node.demand,
                             &node.ready, &node.due, &node.service};
  for (std::size_t i = kX; i < kColumns.size(); ++i) {
    absl::StatusOr<double> value = ReadNumber(line, kColumns[i], fields[i]);
    if (!value.ok()) return value.status();
    *targets[i] = *value;
  }
  if (node.demand < 0) {
    return LineError(line, absl::StrCat("DEMAND: ", fields[kDemand], " is negative"));
  }
  if (node.service < 0) {
    return LineError(line, absl::StrCat("SERVICE_TIME: ", fields[kService], " is negative"));
  }
  if (node.due < node.ready) {
    return LineError(
        line, absl::StrCat("DUE_DATE: ", fields[kDue], " is before READY_TIME ", fields[kReady]));
  }
  return node;
}

SolomonInstance Build(const std::vector<Node>& nodes, double capacity) {
  SolomonInstance instance;
  RoutingProblem& problem = instance.problem;
  const Node& depot = nodes.front();
  instance.depot_number = depot.number;

  const int count = static_cast<int>(nodes.size());
  problem.location_count = count;
  problem.distance.resize(static_cast<std::size_t>(count) * count);
  for (int from = 0; from < count; ++from) {
    for (int to = 0; to < count; ++to) {
      problem.distance[static_cast<std::size_t>(from) * count + to] =
          std::hypot(nodes[from].x - nodes[to].x, nodes[from].y - nodes[to].y);
    }
  }
  problem.travel_time = problem.distance;

  for (int i = 1; i < count; ++i) {
    const Node& node = nodes[i];
    RoutingJob job;
    job.location = i;
    job.ready = node.ready;
    job.due = node.due;
    job.service = node.service;
    job.demand = node.demand;
    problem.jobs.push_back(job);
    instance.customer_numbers.push_back(node.number);
  }

  RoutingVehicle vehicle;
  vehicle.start_location = 0;
  vehicle.end_location = 0;
  vehicle.shift_start = depot.ready;
  vehicle.shift_end = depot.due;
  vehicle.capacity = capacity;
  problem.vehicles.assign(problem.jobs.size(), vehicle);
  return instance;
}

}  // namespace

absl::StatusOr<SolomonInstance> ParseSolomonInstance(std::string_view text) {
  std::optional<double> capacity;
  bool header_seen = false;
  std::vector<Node> nodes;
  std::set<int> numbers;
  int line = 0;
  for (absl::string_view raw : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    ++line;
    const absl::string_view content = absl::StripAsciiWhitespace(raw);
    if (content.empty()) continue;
    std::vector<absl::string_view> fields =
        absl::StrSplit(content, absl::ByAnyChar(" \t"), absl::SkipEmpty());

    if (content.front() == '#') {
      // `# VEHICLE_CAPACITY q`; any other `#` line is a comment.
      absl::string_view directive = absl::StripAsciiWhitespace(content.substr(1));
      std::vector<absl::string_view> words =
          absl::StrSplit(directive, absl::ByAnyChar(" \t"), absl::SkipEmpty());
      if (words.empty() || words.front() != kCapacityKey) continue;
      if (capacity.has_value()) return LineError(line, "VEHICLE_CAPACITY: given twice");
      if (words.size() != 2) {
        return LineError(line, "VEHICLE_CAPACITY: expected '# VEHICLE_CAPACITY <number>'");
      }
      absl::StatusOr<double> value = ReadNumber(line, kCapacityKey, words[1]);
      if (!value.ok()) return value.status();
      if (*value <= 0) {
        return LineError(line, absl::StrCat("VEHICLE_CAPACITY: ", words[1], " is not positive"));
      }
      capacity = *value;
      continue;
    }

    if (!header_seen) {
      if (fields.size() != kColumns.size() ||
          !std::equal(fields.begin(), fields.end(), kColumns.begin())) {
        return LineError(line,
                         absl::StrCat("expected the header '", absl::StrJoin(kColumns, " "), "'"));
      }
      header_seen = true;
      continue;
    }

    absl::StatusOr<Node> node = ReadNode(line, fields);
    if (!node.ok()) return node.status();
    if (!numbers.insert(node->number).second) {
      return LineError(line, absl::StrCat("CUST_NO: ", node->number, " given twice"));
    }
    nodes.push_back(*node);
  }

  if (!capacity.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("no '# ", kCapacityKey, " <number>' line: the vehicles' capacity"));
  }
  if (!header_seen) {
    return absl::InvalidArgumentError(
        absl::StrCat("no header line '", absl::StrJoin(kColumns, " "), "'"));
  }
  if (nodes.empty()) {
    return absl::InvalidArgumentError("no rows after the header: the first row is the depot");
  }
  return Build(nodes, *capacity);
}

double RecomputedDistance(const SolomonInstance& instance, const RoutingPlan& plan) {
  const RoutingProblem& problem = instance.problem;
  double total = 0;
  for (const PlannedRoute& route : plan.routes) {
    if (route.visits.empty()) continue;
    const RoutingVehicle& vehicle = problem.vehicles[route.vehicle];
    int at = vehicle.start_location;
    for (const PlannedVisit& visit : route.visits) {
      const int next = problem.jobs[visit.job].location;
      total += problem.Distance(at, next);
      at = next;
    }
    total += problem.Distance(at, vehicle.end_location);
  }
  return total;
}

std::string CvrplibSolution(const SolomonInstance& instance, const RoutingPlan& plan) {
  std::string out;
  int number = 0;
  for (const PlannedRoute& route : plan.routes) {
    if (route.visits.empty()) continue;
    absl::StrAppend(&out, "Route #", ++number, ":");
    for (const PlannedVisit& visit : route.visits) {
      absl::StrAppend(&out, " ", instance.customer_numbers[visit.job]);
    }
    absl::StrAppend(&out, "\n");
  }
  absl::StrAppend(&out, absl::StrFormat("Cost %.2f\n", RecomputedDistance(instance, plan)));
  return out;
}

}  // namespace fieldservice::scheduling::routing
