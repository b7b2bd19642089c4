#!/usr/bin/env bash
# tools/vrptw_solve's contract, on hand-made instances: the CVRPLIB solution
# on stdout with the file's customer numbers, the summary on stderr, and its
# exit codes (0 all routed, 1 some left out and named, 2 a bad command line
# or file).
#
#   vrptw_solve_test.sh PATH_TO_VRPTW_SOLVE
set -euo pipefail
solve="$(cd "$(dirname "${1:?usage: $0 PATH_TO_VRPTW_SOLVE}")" && pwd)/$(basename "$1")"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/vrptw-solve.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# The depot is CUST_NO 10; customers 20 and 30 sit 3-4-5 from it on either
# side and fit one route; 40 weighs more than a vehicle carries.
header='CUST_NO XCOORD YCOORD DEMAND READY_TIME DUE_DATE SERVICE_TIME'
printf '%s\n' '# VEHICLE_CAPACITY 10' "$header" '10 0 0 0 0 100 0' '20 3 4 5 0 100 1' \
  '30 -3 -4 5 0 100 1' >"$tmp/two.txt"
printf '%s\n' '# VEHICLE_CAPACITY 10' "$header" '10 0 0 0 0 100 0' '20 3 4 5 0 100 1' \
  '40 -3 -4 11 0 100 1' >"$tmp/heavy.txt"
printf '%s\n' '# VEHICLE_CAPACITY 10' "$header" '10 0 0 0 0 100 0' '20 3 4 five 0 100 1' \
  >"$tmp/broken.txt"

fail=0
# run NAME EXPECTED_EXIT STDOUT_REGEX STDERR_REGEX ARGS...
# stdout is matched whole (newlines and all), stderr line by line; an empty
# STDERR_REGEX checks nothing.
run() {
  local name="$1" expected="$2" out_re="$3" err_re="$4"
  shift 4
  local rc=0
  "$solve" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  if [ "$rc" -ne "$expected" ]; then
    echo "FAIL $name: exit $rc, expected $expected"; cat "$tmp/err"; fail=1
  elif ! [[ "$(cat "$tmp/out"; echo .)" =~ $out_re ]]; then
    echo "FAIL $name: stdout does not match /$out_re/:"; cat "$tmp/out"; fail=1
  elif [ -n "$err_re" ] && ! grep -Eq -- "$err_re" "$tmp/err"; then
    echo "FAIL $name: stderr does not match /$err_re/:"; cat "$tmp/err"; fail=1
  else
    echo "ok   $name"
  fi
}
nl=$'\n'
limits=(--time-limit 0.5 --seed 3 --iterations 100 --threads 1)
run "one route, the file's numbers, the cost" 0 \
  "^Route #1: (20 30|30 20)${nl}Cost 20\.00${nl}\.\$" \
  'vrptw_solve: .*two\.txt: 1 vehicles, distance 20\.00, 0 of 2 customers unassigned' \
  "$tmp/two.txt" "${limits[@]}"
run "the instance as an option" 0 '^Route #1: ' '1 vehicles' \
  --instance "$tmp/two.txt" "${limits[@]}"
run "a customer left out: exit 1, named on stderr, the rest printed" 1 \
  "^Route #1: 20${nl}Cost 10\.00${nl}\.\$" 'unassigned: customer 40 \(its demand exceeds the capacity\)' \
  "$tmp/heavy.txt" "${limits[@]}"
run "a file that does not parse: line and field" 2 '^\.$' \
  'broken\.txt: line 4: DEMAND: .five. is not a number' "$tmp/broken.txt" "${limits[@]}"
run "a file that is not there" 2 '^\.$' 'vrptw_solve: .*missing\.txt' "$tmp/missing.txt" \
  "${limits[@]}"
run "no instance" 2 '^\.$' "'--instance' is required" --time-limit 1 --seed 1
run "no time limit" 2 '^\.$' "'--time-limit' is required" "$tmp/two.txt" --seed 1
run "a time limit of nothing" 2 '^\.$' 'time-limit must be a positive number' \
  "$tmp/two.txt" --time-limit 0 --seed 1
run "no threads" 2 '^\.$' 'threads must be at least 1' "$tmp/two.txt" --time-limit 1 --seed 1 \
  --threads 0
run "an unknown option" 2 '^\.$' 'unrecognised option|unrecognized option' \
  "$tmp/two.txt" --time-limit 1 --seed 1 --fast
run "--help" 0 'vrptw_solve INSTANCE --time-limit SECONDS --seed N' '' --help
exit "$fail"
