#!/usr/bin/env bash
# The VRPTW benchmark command end to end in a quick mode: this build's
# vrptw_solve on three Solomon instances (one per kind of customer layout:
# clustered, random, mixed) at 0.2 s each, every solution checked by
# bench/vrptw_check.awk, the results file written. It checks that the command
# runs, that the real solver's solutions are marked feasible and that every
# table is there, never how good the solutions are.
#
#   vrptw_bench_smoke.sh BUILD_DIR
#
# Skipped (exit 77) when the benchmark data (../shared/bench/solomon beside
# the checkout, or FS_VRPTW_DATA) is not on this machine. Uses the binary
# already built (no install, no build) and writes into a temporary folder,
# never docs/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/../.." && pwd)"
build="$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)"
data="${FS_VRPTW_DATA:-$src/../shared/bench/solomon}"
if [ ! -f "$data/bkv.csv" ]; then
  echo "skipped: no Solomon data in $data"
  exit 77
fi
tmp="$(mktemp -d "${TMPDIR:-/tmp}/vrptw-smoke.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

results="$tmp/VRPTW_BENCHMARKS.md"
rc=0
FS_BENCH_SKIP_BUILD=1 FS_BUILD_DIR="$build" FS_VRPTW_DATA="$data" FS_VRPTW_RESULTS="$results" \
  FS_VRPTW_DAY_PLAN_SIZE="4 30 1" \
  FS_VRPTW_INSTANCES="c101 r201 rc105" FS_VRPTW_LIMITS=0.2 "$src/scripts/vrptw_bench.sh" || rc=$?

fail=0
[ "$rc" -eq 0 ] || { echo "FAIL scripts/vrptw_bench.sh exited $rc"; fail=1; }
expect() {  # expect DESCRIPTION EXTENDED-REGEX
  if [ -f "$results" ] && grep -Eq -- "$2" "$results"; then
    echo "ok   $1"
  else
    echo "FAIL $1: no line matches /$2/"
    fail=1
  fi
}
expect "the command recorded" '^\| command \| `.*FS_VRPTW_LIMITS=0\.2 .*scripts/vrptw_bench\.sh` \|$'
expect "the machine recorded" '^\| machine \| [0-9]+ CPUs \(nproc\)'
for instance in C101 R201 RC105; do
  expect "$instance feasible, with its best known values and gaps" \
    "^\| $instance \| [0-9]+ \| [0-9]+\.[0-9]{2} \| yes \| [0-9]+ \| [0-9.]+ \| -?[0-9]+\.[0-9]{2} \| [0-9.]+ \| -?[0-9]+\.[0-9]{2} \| [0-9.]+ \|$"
done
for class in C1 R2 RC1; do
  expect "class $class averaged" "^\| 0\.2 s \| $class \| 1 \| 1 \| -?[0-9]+\.[0-9]{2} \| [0-9]+ \| [0-9]+ \|"
done
expect "every class together" '^\| 0\.2 s \| \*\*all\*\* \| 3 \| 3 \| -?[0-9]+\.[0-9]{2} \| [0-9]+ \| [0-9]+ \|'
if [ -x "$build/bench/day_plan_bench" ]; then
  # A region's day through SolveDay: a row for each of the four budgets.
  expect "a region's day" "^## A region's day"
  for budget in '5000 \| 1' '20000 \| 1' '20000 \| 2' '100000 \| 2'; do
    expect "the day at $budget" "^\| $budget \| [0-9.]+, [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|$"
  done
fi
if grep -q '\*\*no\*\*' "$results" 2>/dev/null; then
  echo "FAIL a solution was not feasible:"; grep '\*\*no\*\*' "$results"; fail=1
fi
[ "$fail" -eq 0 ] || { [ -f "$results" ] && { echo "---- $results ----"; cat "$results"; }; }
exit "$fail"
