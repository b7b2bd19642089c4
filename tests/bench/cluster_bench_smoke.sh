#!/usr/bin/env bash
# The cluster benchmark command end to end in its quick mode
# (FS_CLUSTER_BENCH_QUICK=1): a throwaway MariaDB and the four services, then
# three Galera nodes, HAProxy and two replicas of each service, the same
# small load on both, the results file. It checks that the command runs,
# every order completes on both setups and the table has its rows, never
# how fast anything is.
#
#   cluster_bench_smoke.sh BUILD_DIR
#
# Uses the binaries already built in BUILD_DIR (no install, no build) and
# writes its results into a temporary folder, never docs/. Skipped (exit 77)
# where the cluster cannot run: not root (the Galera nodes run as the user
# mysql), or galera-4 or haproxy not installed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/../.." && pwd)"
build="$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)"
if [ "$(id -u)" -ne 0 ] || [ ! -f /usr/lib/galera/libgalera_smm.so ] ||
  ! command -v haproxy >/dev/null 2>&1; then
  echo "skipped: needs root, galera-4 and haproxy (scripts/deps.sh installs them)"
  exit 77
fi
tmp="$(mktemp -d "${TMPDIR:-/tmp}/cluster-bench-smoke.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

results="$tmp/CLUSTER_BENCHMARKS.md"
env -u FS_CLUSTER_BENCH_WORKERS -u FS_CLUSTER_BENCH_ORDERS -u FS_CLUSTER_BENCH_TECHNICIANS \
  FS_CLUSTER_BENCH_QUICK=1 FS_CLUSTER_BENCH_SKIP_BUILD=1 FS_BUILD_DIR="$build" \
  FS_CLUSTER_BENCH_RESULTS="$results" "$src/scripts/cluster_bench.sh"

fail=0
expect() {  # expect DESCRIPTION EXTENDED-REGEX
  if grep -Eq "$2" "$results"; then
    echo "ok   $1"
  else
    echo "FAIL $1: no line matches /$2/"
    fail=1
  fi
}
latency='[0-9.]+ / [0-9.]+ \([0-9]+ calls\)'
expect "the run's facts" '^- run: .*, commit [0-9a-f]+.*, build '
expect "the load before" '^- load average .* before the run: \*\*[0-9.]+ [0-9.]+ [0-9.]+\*\*'
expect "the load's command" \
  '^- the load, the same on both: `fs_cluster_load .*--workers=2 --orders_per_worker=2'
expect "every order completed on both" '^\| orders completed / attempted \| 4 / 4 \| 4 / 4 \|$'
expect "orders/s side by side" \
  '^\| \*\*completed orders/s\*\* \| \*\*[0-9.]+\*\* \| \*\*[0-9.]+\*\* \|$'
expect "requests/s side by side" \
  '^\| requests/s \(requests, of them retries\) \| [0-9.]+ \([0-9]+, [0-9]+\) \| [0-9.]+ \('
expect "create p50 / p99" "^\| create p50 / p99, ms \| $latency \| $latency \|\$"
expect "assign_book p50 / p99" "^\| assign_book p50 / p99, ms \| $latency \| $latency \|\$"
expect "app_step p50 / p99" "^\| app_step p50 / p99, ms \| $latency \| $latency \|\$"
expect "errors by code" '^\| errors by code \| [^|]+ \| [^|]+ \|$'
expect "longest outage" '^\| longest outage seen by a client, ms \| [0-9]+ \| [0-9]+ \|$'
expect "wall time" '^\| wall time of the load, s \| [0-9.]+ \| [0-9.]+ \|$'
expect "what the difference means" '^What the difference means: the cluster completed [0-9.]+×'
[ "$fail" -eq 0 ] || { echo "---- $results ----"; cat "$results"; }
exit "$fail"
