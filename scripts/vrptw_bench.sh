#!/usr/bin/env bash
# The VRPTW benchmark (issue 10): the day planner's solver, through
# tools/vrptw_solve, on the 56 Solomon instances at each time limit, every
# solution checked by bench/vrptw_check.awk (the distance recomputed from the
# printed routes and the instance file, feasibility checked independently of
# the solver), compared with the best known values, and written as
# docs/VRPTW_BENCHMARKS.md (tables from bench/vrptw_tables.awk).
#
# Settings (environment), defaults for the full run (56 x 11 s, about 11 min):
#   FS_VRPTW_LIMITS      seconds per instance, one run each        (1 10)
#   FS_VRPTW_INSTANCES   instance names to run, e.g. "c101 r201"   (every *.txt)
#   FS_VRPTW_DATA        the instances and bkv.csv            (../shared/bench/solomon)
#   FS_VRPTW_SEED        vrptw_solve --seed                        (1)
#   FS_VRPTW_THREADS     vrptw_solve --threads                     (2)
#   FS_VRPTW_RESULTS     the results file               (docs/VRPTW_BENCHMARKS.md)
#   FS_BUILD_DIR         the build folder                          (build)
#   FS_VRPTW_DAY_PLAN=0  skip bench/day_plan_bench (a region's day through SolveDay,
#                        PlanDay's code)
#   FS_VRPTW_DAY_PLAN_SIZE  its technicians, jobs and seeds            (30 300 3)
#   FS_BENCH_SKIP_BUILD=1  use the vrptw_solve already in FS_BUILD_DIR and install
#                        nothing (the vrptw_bench_smoke test)
# A section of the results file from a `## Notes` heading on (the analysis:
# where the time goes, what to improve next) is kept when the run rewrites it.
#
# Exit status: 0 when every run printed a feasible solution, 1 otherwise (the
# results file is written either way), 2 when it cannot run at all.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FS_BUILD_DIR:-$root/build}"
data="${FS_VRPTW_DATA:-$root/../shared/bench/solomon}"
results="${FS_VRPTW_RESULTS:-$root/docs/VRPTW_BENCHMARKS.md}"
limits="${FS_VRPTW_LIMITS:-1 10}"
seed="${FS_VRPTW_SEED:-1}"
threads="${FS_VRPTW_THREADS:-2}"

# The exact command, as the results file records it.
command_line="scripts/vrptw_bench.sh${*:+ $*}"
for v in $(compgen -e | grep -E '^(FS_VRPTW_|FS_BENCH_SKIP_BUILD$|FS_BUILD_DIR$)' | sort -r); do
  command_line="$v=${!v} $command_line"
done

fail() { echo "vrptw_bench: $*" >&2; exit 2; }
[ -f "$data/bkv.csv" ] || fail "no $data/bkv.csv (set FS_VRPTW_DATA to the Solomon folder)"
for limit in $limits; do
  [[ "$limit" =~ ^[0-9]*\.?[0-9]+$ ]] && awk -v l="$limit" 'BEGIN { exit !(l > 0) }' ||
    fail "FS_VRPTW_LIMITS: '$limit' is not a positive number of seconds"
done
instances=()
if [ -n "${FS_VRPTW_INSTANCES:-}" ]; then
  for name in $FS_VRPTW_INSTANCES; do
    name="$(echo "${name%.txt}" | tr '[:upper:]' '[:lower:]')"
    [ -f "$data/$name.txt" ] || fail "FS_VRPTW_INSTANCES: no $data/$name.txt"
    instances+=("$name")
  done
else
  while read -r file; do instances+=("$(basename "$file" .txt)"); done \
    < <(LC_ALL=C ls "$data"/*.txt)
fi
[ "${#instances[@]}" -gt 0 ] || fail "no instances in $data"

if [ "${FS_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  "$root/scripts/deps.sh"
  FS_BUILD_TARGETS="vrptw_solve day_plan_bench" "$root/scripts/build.sh"
fi
solve="$build/tools/vrptw_solve"
[ -x "$solve" ] || fail "$solve was not built"

# Facts about the run, gathered before anything changes the work tree.
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$root" status --porcelain 2>/dev/null)" ]; then
  commit="$commit (with uncommitted changes)"
fi
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)"
case "${build_type:-unknown}" in
  Release | RelWithDebInfo) ;;
  *) build_type="${build_type:-unknown} (not optimised: the solver does less in each limit)" ;;
esac
cpu_model="$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -1)"
memory="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
# Other work on the machine takes CPU from the solver; the reader should know.
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started="$(date -u '+%Y-%m-%d %H:%M UTC')"
started_s="$(date +%s)"

work="$(mktemp -d "${TMPDIR:-/tmp}/fs-vrptw-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
runs="$work/runs.tsv"
: >"$runs"

all_feasible=1
for limit in $limits; do
  # A solver that overruns its limit is a finding; one that hangs must not
  # hold the benchmark: it is stopped well after its limit.
  hard_limit="$(awk -v l="$limit" 'BEGIN { printf "%d", 2 * l + 30 }')"
  for name in "${instances[@]}"; do
    file="$data/$name.txt"
    solution="$work/$name-$limit.sol"
    log="$work/$name-$limit.log"
    began="$(date +%s.%N)"
    rc=0
    timeout --kill-after=5 "$hard_limit" "$solve" "$file" --time-limit "$limit" --seed "$seed" \
      --threads "$threads" >"$solution" 2>"$log" || rc=$?
    seconds="$(awk -v a="$began" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')"
    if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
      # Exit 1: customers left out; the check lists them as in no route.
      check_rc=0
      check="$(awk -f "$root/bench/vrptw_check.awk" "$file" "$solution")" || check_rc=$?
      [ "$check_rc" -le 1 ] || fail "bench/vrptw_check.awk could not read $file"
    else
      case "$rc" in
        124 | 137) why="stopped after ${hard_limit} s (time limit $limit s)" ;;
        *) why="vrptw_solve exited $rc: $(tail -1 "$log" | tr '\t|' '  ' | cut -c1-120)" ;;
      esac
      check="$(printf 'no\t-\t-\t-\t-\t%s\t-' "$why")"
    fi
    printf '%s\t%s\t%s\t%s\n' "$name" "$limit" "$seconds" "$check" >>"$runs"
    IFS=$'\t' read -r feasible vehicles distance _ _ problems notes <<<"$check"
    if [ "$feasible" = yes ]; then
      echo "vrptw_bench: $name at $limit s: $vehicles vehicles, distance $distance, feasible ($seconds s)"
    else
      all_feasible=0
      echo "vrptw_bench: $name at $limit s: NOT FEASIBLE: $problems ($seconds s)"
    fi
    [ "$notes" = - ] || echo "vrptw_bench: $name at $limit s: $notes"
  done
done
# The same solver on a region's day of the issue's scale, through SolveDay
# (what PlanDay runs). Skipped with FS_VRPTW_DAY_PLAN=0 or when not built.
day_plan="$work/day_plan.md"
read -r day_technicians day_jobs day_seeds <<<"${FS_VRPTW_DAY_PLAN_SIZE:-30 300 3}"
if [ "${FS_VRPTW_DAY_PLAN:-1}" != 0 ] && [ -x "$build/bench/day_plan_bench" ]; then
  echo "vrptw_bench: a region's day ($day_technicians technicians, $day_jobs visits) at several budgets"
  "$build/bench/day_plan_bench" "$day_technicians" "$day_jobs" "$day_seeds" >"$day_plan" ||
    fail "bench/day_plan_bench failed"
fi
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
finished_s="$(date +%s)"

tables() {  # tables SECTION [LIMIT]
  awk -F '\t' -v bkv="$data/bkv.csv" -v section="$1" -v limit="${2:-}" \
    -f "$root/bench/vrptw_tables.awk" "$runs"
}

# Built before the file is written, so that a table that fails stops the run.
targets_lines="$(tables targets)"
class_table="$(tables classes)"
for limit in $limits; do tables instances "$limit" >"$work/instances-$limit.md"; done

mkdir -p "$(dirname "$results")"
{
  cat <<EOF
# VRPTW benchmark results

Written by \`scripts/vrptw_bench.sh\` (do not edit the tables by hand; run it again). Issue 10:
the day planner's solver on the 56 Solomon instances (100 customers each), through
\`tools/vrptw_solve\`, against the best known values of \`bkv.csv\`.

| | |
|---|---|
| date | $started |
| git commit | $commit |
| command | \`$command_line\` |
| solver runs | \`vrptw_solve INSTANCE --time-limit L --seed $seed --threads $threads\`, one run per instance and limit |
| build type | ${build_type} |
| machine | $(nproc) CPUs (nproc), ${cpu_model:-unknown CPU}, $memory memory, Linux $(uname -r) |
| load average | $load_before before the run, $load_after after (1, 5, 15 min) |
| whole run | $((finished_s - started_s)) s |

How to read it: vehicles and distance are recomputed by \`bench/vrptw_check.awk\` from the
routes \`vrptw_solve\` printed and the instance file, never taken from the solver; feasible means
every customer exactly once, capacity kept, every service starting inside its window (waiting
allowed), every route back at the depot by its due time. The best known values are the
hierarchical ones (fewest vehicles, then distance); a solution with more vehicles than the best
known may be shorter, so its gap can be negative. The optimal distances are exact results for
distance alone, published with each arc truncated to one decimal: their gap is taken on our
routes measured the same way. Seconds are wall-clock time for the whole process (reading the
file included), against the time limit. Issue 10's targets: every solution feasible; average
distance gap at most 5% at 1 s and 3% at 10 s; total vehicles within 5% of the best known.

## Summary

$targets_lines

$class_table
EOF
  for limit in $limits; do
    printf '\n## At %s s per instance\n\n' "$limit"
    cat "$work/instances-$limit.md"
  done
  if [ -s "$day_plan" ]; then
    cat <<EOF

## A region's day: what PlanDay solves

\`bench/day_plan_bench\`: \`SolveDay\` (PlanDay's own code, without the database) on generated
Guangzhou days of $day_technicians technicians and $day_jobs jobs
(\`tests/scheduling/domain/day_plan_instances.h\`: skills and brands, districts, split shifts,
absences, booked windows, pins, jobs under way, vans; most jobs a day 4 to 8, so not every job
fits), $day_seeds seeds, at several budgets; PlanDay's
defaults are 20,000 iterations and two threads. Seconds are the whole call, building the
routing problem and reading the plan back included.

EOF
    cat "$day_plan"
  fi
  # The analysis written by hand is kept.
  if [ -f "$results" ] && grep -q '^## Notes' "$results"; then
    echo
    sed -n '/^## Notes/,$p' "$results"
  fi
} >"$results.tmp"
mv "$results.tmp" "$results"
echo "vrptw_bench: wrote $results"
[ "$all_feasible" -eq 1 ] || { echo "vrptw_bench: some runs were not feasible (see $results)" >&2; exit 1; }
