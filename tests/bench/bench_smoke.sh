#!/usr/bin/env bash
# The bench command end to end in its quick mode (FS_BENCH_QUICK=1): its own
# MariaDB, the floors, both services as processes, creates, the relay's lag,
# reads, warranty_bench, the results file. It checks that the command runs
# and reports every section, never how fast anything is.
#
#   bench_smoke.sh BUILD_DIR
#
# Uses the binaries already built in BUILD_DIR (no install, no build: the
# test build must not be reconfigured) and writes its results into a
# temporary folder, never docs/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/../.." && pwd)"
build="$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/bench-smoke.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

results="$tmp/BENCHMARKS.md"
env -u FS_BENCH_CONCURRENCY -u FS_BENCH_READ_CONCURRENCY \
  FS_BENCH_QUICK=1 FS_BENCH_SKIP_BUILD=1 FS_BUILD_DIR="$build" FS_BENCH_RESULTS="$results" \
  "$src/scripts/bench.sh" --benchmark_filter='DecideInProcess_Simple|DecideOverGrpc/'

fail=0
expect() {  # expect DESCRIPTION EXTENDED-REGEX
  if grep -Eq "$2" "$results"; then
    echo "ok   $1"
  else
    echo "FAIL $1: no line matches /$2/"
    fail=1
  fi
}
expect "floor single_insert at 64" '^\| `single_insert` \| 64 \| [0-9]+ \|'
expect "floor create_rows at 16" '^\| `create_rows` \| 16 \| [0-9]+ \|'
expect "floor pk_select at 1" '^\| `pk_select` \| 1 \| [0-9]+ \|'
expect "creates at 1, all answered OK" '^\| 1 \| [0-9]+ \| [0-9.]+ \| [0-9.]+ \| OK [0-9]+ \|'
expect "creates at 64" '^\| 64 \| [0-9]+ \| .*\| [0-9]+% \| [0-9]+% \|'
expect "relay lag" '^Relay lag .*(all [0-9]+ orders decided|NOT all decided)'
expect "relay lag at a steady intake" '^Relay lag at a steady [0-9]+ creates/s .*(p50 [0-9.]+ s|no order was decided)'
expect "two replicas" '^Replicas: two orders replicas, 32 clients each: [0-9]+ creates/s'
expect "health check at 16, beside the reads" '^\| `grpc.health.v1.Health/Check` \| 16 \| [0-9]+ \|.*OK [0-9]+'
expect "GetRepairOrder at 16" '^\| `GetRepairOrder` \| 16 \| [0-9]+ \|.*OK [0-9]+'
expect "ListRepairOrders at 64" '^\| `ListRepairOrders` \| 64 \| [0-9]+ \|.*OK [0-9]+'
expect "ProposeCandidates p50 and p99" '^\| `BM_ProposeCandidates` \| [0-9]+ µs \| [0-9]+ µs \|'
expect "warranty decisions over gRPC" '^\| `BM_DecideOverGrpc/[^`]*` \| 1 \| [0-9]+ \|'
if grep -q "failed:" "$results"; then
  echo "FAIL a benchmark failed:"; grep "failed:" "$results"; fail=1
fi
[ "$fail" -eq 0 ] || { echo "---- $results ----"; cat "$results"; }
exit "$fail"
