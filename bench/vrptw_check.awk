# The benchmark's own feasibility check of a VRPTW solution, independent of
# the solver and of its C++ reader: it reads the Solomon instance and the
# solution as printed (CVRPLIB text: `Route #k: c1 c2 ...`, `Cost x`), and
# recomputes everything from them. scripts/vrptw_bench.sh runs it on every run.
#
#   awk -f bench/vrptw_check.awk INSTANCE SOLUTION
#
# Feasible: every customer exactly once (no unknown number, not the depot),
# each route's load within the capacity, each service starting inside its
# customer's window (arriving early means waiting; routes leave the depot at
# its ready time), each route back at the depot by its due time.
# Travel time equals the Euclidean distance, at full precision.
#
# Prints one tab-separated line:
#   feasible(yes|no) vehicles distance distance_1dp printed_cost problems notes
# distance is the routes' total at full precision (%.6f); distance_1dp the
# same with each arc truncated to one decimal, the convention of the
# published optimal values (bkv.csv's `.100` rows); printed_cost the
# solution's Cost line ("-" if none); problems what makes it infeasible
# ("-" if nothing), notes what is wrong without being infeasible: a Cost
# line that is not the recomputed distance ("-" if nothing).
# Exit status: 0 feasible, 1 infeasible, 2 an instance it cannot read.

# Times are sums of square roots: a solver and this check may differ in the
# last bits, never by this much.
BEGIN { eps = 1e-6; max_listed = 8 }

function problem(text) {
  problems_count++
  if (problems_count <= max_listed) problems = problems (problems == "" ? "" : "; ") text
}
function dist(a, b) { return sqrt((x[a] - x[b]) ^ 2 + (y[a] - y[b]) ^ 2) }
function arc_1dp(a, b) { return int(dist(a, b) * 10 + 1e-9) / 10 }
function number(s) { return s ~ /^-?[0-9]+(\.[0-9]+)?$/ }

# The instance.
FNR == NR {
  if ($1 == "#" && $2 == "VEHICLE_CAPACITY") { capacity = $3 + 0; next }
  if ($0 ~ /^[ \t\r]*(#|$)/ || $1 == "CUST_NO") next
  sub(/\r$/, "")
  if (NF != 7) { printf "instance line %d: expected 7 fields\n", FNR > "/dev/stderr"; bad = 1; exit 2 }
  for (i = 1; i <= 7; i++) if (!number($i)) {
    printf "instance line %d: field %d is not a number\n", FNR, i > "/dev/stderr"; bad = 1; exit 2
  }
  c = $1 + 0
  x[c] = $2; y[c] = $3; demand[c] = $4; ready[c] = $5; due[c] = $6; service[c] = $7
  if (nodes++ == 0) depot = c
  else customers[c] = 1
  next
}

# The solution.
{ sub(/\r$/, "") }
/^[ \t]*$/ { next }
$1 == "Cost" { printed_cost = $2; next }
$1 == "Route" && $2 ~ /^#[0-9]+:$/ {
  if (NF == 2) next  # an empty route is no route
  vehicles++
  route = substr($2, 2, length($2) - 2)
  at = depot; t = ready[depot]; load = 0
  for (i = 3; i <= NF; i++) {
    c = $i
    if (!number(c) || !((c + 0) in x)) { problem("route " route ": " c " is no customer"); continue }
    c = c + 0
    if (c == depot) { problem("route " route ": the depot " c " inside a route"); continue }
    if (c in visited) problem("customer " c " visited twice")
    visited[c] = 1
    distance += dist(at, c); distance_1dp += arc_1dp(at, c)
    t += dist(at, c)
    if (t < ready[c]) t = ready[c]
    if (t > due[c] + eps) problem(sprintf("route %s: customer %d starts at %.2f, after its due %s", route, c, t, due[c]))
    t += service[c]
    load += demand[c]
    at = c
  }
  distance += dist(at, depot); distance_1dp += arc_1dp(at, depot)
  t += dist(at, depot)
  if (t > due[depot] + eps) problem(sprintf("route %s: back at the depot at %.2f, after its due %s", route, t, due[depot]))
  if (load > capacity + eps) problem(sprintf("route %s: load %s over the capacity %s", route, load, capacity))
  next
}
{ problem("solution line " FNR " is neither a route nor the cost: " substr($0, 1, 40)) }

END {
  if (bad) exit 2
  if (nodes == 0) { print "the instance has no rows" > "/dev/stderr"; exit 2 }
  missing = 0; list = ""
  for (c in customers) if (!(c in visited)) {
    if (++missing <= 10) list = list (list == "" ? "" : " ") c
  }
  if (missing > 0) problem(sprintf("%d customer%s in no route (%s%s)", missing, missing > 1 ? "s" : "", list, missing > 10 ? " ..." : ""))
  if (problems_count > max_listed) problems = problems sprintf("; and %d more", problems_count - max_listed)
  notes = ""
  if (printed_cost == "") notes = "no Cost line"
  else if (!number(printed_cost) || (printed_cost - distance) ^ 2 > 0.0051 ^ 2)
    notes = sprintf("printed Cost %s is not the recomputed %.2f", printed_cost, distance)
  printf "%s\t%d\t%.6f\t%.1f\t%s\t%s\t%s\n", problems_count ? "no" : "yes", vehicles, distance,
         distance_1dp, printed_cost == "" ? "-" : printed_cost, problems == "" ? "-" : problems,
         notes == "" ? "-" : notes
  exit problems_count ? 1 : 0
}
