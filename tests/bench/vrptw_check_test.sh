#!/usr/bin/env bash
# The VRPTW benchmark's feasibility check can fail: bench/vrptw_check.awk on
# hand-made solutions of a hand-made instance, each breaking one rule, must
# say which; then scripts/vrptw_bench.sh end to end with a stand-in solver
# that prints an infeasible solution must mark the run infeasible in its
# table and exit 1. Needs no build and no data from outside this test.
#
#   vrptw_check_test.sh
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/vrptw-check.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# The depot and three customers. From the depot: 2 is 10 away, 3 is 5, 4 is
# 10; 3 to 4 is 5, 2 to 3 is sqrt(45) = 6.708. Capacity 20, the depot closes
# at 50. Alone, each customer fits; 3 then 4 comes back at 55; 4 then 3
# starts 3 at 35, after its due 30; 2 and 3 together weigh 25.
mkdir -p "$tmp/data"
cat >"$tmp/data/tiny.txt" <<'EOF'
# VEHICLE_CAPACITY 20
CUST_NO XCOORD YCOORD DEMAND READY_TIME DUE_DATE SERVICE_TIME
1 0.00 0.00 0.00 0.00 50.00 0.00
2 0.00 10.00 15.00 0.00 50.00 5.00
3 3.00 4.00 10.00 20.00 30.00 0.00
4 6.00 8.00 15.00 0.00 100.00 20.00
EOF
instance="$tmp/data/tiny.txt"

fail=0
# check NAME EXPECTED_EXIT EXPECTED_FIELD_REGEX SOLUTION_TEXT
check() {
  printf '%b' "$4" >"$tmp/solution"
  local out rc=0
  out="$(awk -f "$src/bench/vrptw_check.awk" "$instance" "$tmp/solution")" || rc=$?
  if [ "$rc" -eq "$2" ] && printf '%s\n' "$out" | grep -Eq -- "$3"; then
    echo "ok   $1"
  else
    echo "FAIL $1: exit $rc (expected $2), output: $out (expected /$3/)"
    fail=1
  fi
}
T=$'\t'
check "feasible, distance recomputed" 0 "^yes${T}3${T}50\.000000${T}50\.0${T}50\.00${T}-${T}-$" \
  'Route #1: 3\nRoute #2: 4\nRoute #3: 2\nCost 50.00\n'
check "window broken" 1 "^no${T}2${T}.*route 1: customer 3 starts at 35\.00, after its due 30" \
  'Route #1: 4 3\nRoute #2: 2\nCost 40.00\n'
check "back at the depot too late" 1 "^no${T}.*route 1: back at the depot at 55\.00, after its due 50" \
  'Route #1: 3 4\nRoute #2: 2\nCost 40.00\n'
check "a customer missing" 1 "^no${T}2${T}.*1 customer in no route \(2\)" \
  'Route #1: 3\nRoute #2: 4\nCost 30.00\n'
check "every customer missing" 1 "^no${T}0${T}0\.000000${T}.*3 customers in no route" \
  'Cost 0.00\n'
check "a customer twice" 1 "customer 3 visited twice" \
  'Route #1: 3\nRoute #2: 4\nRoute #3: 2 3\nCost 60.00\n'
check "over the capacity" 1 "route 1: load 25 over the capacity 20" \
  'Route #1: 2 3\nRoute #2: 4\nCost 41.71\n'
# The published optimal values truncate each arc to one decimal: 6.708 -> 6.7.
check "arcs truncated to one decimal beside the full distance" 1 "${T}41\.708204${T}41\.7${T}" \
  'Route #1: 2 3\nRoute #2: 4\nCost 41.71\n'
check "an unknown customer" 1 "route 3: 9 is no customer" \
  'Route #1: 3\nRoute #2: 4\nRoute #3: 2 9\nCost 50.00\n'
check "the depot inside a route" 1 "route 3: the depot 1 inside a route" \
  'Route #1: 3\nRoute #2: 4\nRoute #3: 2 1\nCost 50.00\n'
check "a line that is neither" 1 "solution line 2 is neither a route nor the cost" \
  'Route #1: 3\nsomething else\nRoute #2: 4\nRoute #3: 2\nCost 50.00\n'
# A wrong Cost line is the tool's bug, not an infeasible plan: a note.
check "a printed Cost that is not the routes'" 0 "^yes${T}.*${T}printed Cost 49\.00 is not the recomputed 50\.00$" \
  'Route #1: 3\nRoute #2: 4\nRoute #3: 2\nCost 49.00\n'
check "empty routes are no vehicles" 0 "^yes${T}3${T}" \
  'Route #1: 3\nRoute #2:\nRoute #3: 4\nRoute #4: 2\nCost 50.00\n'

printf 'CUST_NO XCOORD\n1 0 0 0\n' >"$tmp/bad.txt"
rc=0
awk -f "$src/bench/vrptw_check.awk" "$tmp/bad.txt" "$tmp/solution" >/dev/null 2>&1 || rc=$?
if [ "$rc" -eq 2 ]; then echo "ok   an unreadable instance"; else
  echo "FAIL an unreadable instance: exit $rc (expected 2)"; fail=1
fi

# The whole command with a stand-in vrptw_solve whose one route breaks
# customer 3's window and the capacity and leaves customer 2 out, reported
# on stderr with exit 1 as the real tool does.
mkdir -p "$tmp/build/tools"
cat >"$tmp/build/tools/vrptw_solve" <<'EOF'
#!/usr/bin/env bash
printf 'Route #1: 4 3\nCost 20.00\n'
echo "vrptw_solve: unassigned: customer 2" >&2
exit 1
EOF
chmod +x "$tmp/build/tools/vrptw_solve"
printf 'problem,base_instance,customers,vehicles,distance,authors,source_kind,source_file\n' \
  >"$tmp/data/bkv.csv"
printf 'TINY,tiny,100,2,40.00,hand,heuristic,this test\n' >>"$tmp/data/bkv.csv"
results="$tmp/VRPTW.md"
rc=0
env -u FS_VRPTW_INSTANCES FS_BENCH_SKIP_BUILD=1 FS_BUILD_DIR="$tmp/build" \
  FS_VRPTW_DATA="$tmp/data" FS_VRPTW_LIMITS=1 FS_VRPTW_RESULTS="$results" \
  "$src/scripts/vrptw_bench.sh" >"$tmp/bench.out" 2>&1 || rc=$?
expect() {  # expect DESCRIPTION EXTENDED-REGEX
  if [ -f "$results" ] && grep -Eq -- "$2" "$results"; then echo "ok   $1"; else
    echo "FAIL $1: no line of the results matches /$2/"; fail=1
  fi
}
if [ "$rc" -eq 1 ]; then echo "ok   the command fails when a run is infeasible"; else
  echo "FAIL the command exited $rc with an infeasible run (expected 1)"; fail=1
fi
expect "the run marked infeasible, both reasons named" \
  '^\| TINY \| 1 \| 20\.00 \| \*\*no\*\*: route 1: customer 3 starts at 35\.00.*; 1 customer in no route \(2\)'
expect "the target line counts it" '^- .*every solution feasible: \*\*missed\*\* \(0 of 1\)'
expect "the class row counts it" '^\| 1 s \| \*\*all\*\* \| 1 \| 0 \|'
[ "$fail" -eq 0 ] || { cat "$tmp/bench.out"; [ -f "$results" ] && cat "$results"; }
exit "$fail"
