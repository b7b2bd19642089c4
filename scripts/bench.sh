#!/usr/bin/env bash
# The benchmark command: installs what is missing, builds (into build/, or
# FS_BUILD_DIR), starts a throwaway MariaDB in a temporary folder as the test
# command does, runs bench/warranty_bench, writes bench/RESULTS.md (the
# results file the project ships) from the run's JSON, and stops the
# database on the way out.
#
# Extra arguments go to the benchmark binary, e.g.
#   scripts/bench.sh --benchmark_filter=InProcess
# (RESULTS.md then lists only what ran, and records the arguments).
# FS_BENCH_MIN_TIME: seconds each benchmark runs at least (default 2).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib/mariadb.sh"
build="${FS_BUILD_DIR:-$root/build}"
results="$root/bench/RESULTS.md"
min_time="${FS_BENCH_MIN_TIME:-2}"

"$root/scripts/deps.sh"
# The benchmark compiles in the few test helpers it uses, so the test suites
# need not be built (as for the run command).
"$root/scripts/build.sh" -DFS_BUILD_TESTS=OFF -DFS_BUILD_BENCH=ON
binary="$build/bench/warranty_bench"
if [ ! -x "$binary" ]; then
  echo "bench: $binary was not built (is libbenchmark-dev installed?)" >&2
  exit 1
fi
json="$build/bench/warranty_bench.json"

# The benchmark connects like the tests do: a throwaway MariaDB and a password
# user that may create its database.
trap fs_mariadb_throwaway_stop EXIT
fs_mariadb_throwaway fs-bench-db

# Facts about the run, gathered before anything changes the work tree.
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$root" status --porcelain 2>/dev/null)" ]; then
  commit="$commit (with uncommitted changes)"
fi
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")"
cpu_model="$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -1)"
memory="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
mariadb_version="$(mariadbd --version 2>/dev/null | sed 's/^.*Ver //; s/ for .*$//')"
# Other work on the machine slows every row; the reader should know of it.
load="$(cut -d' ' -f1-3 /proc/loadavg)"

status=0
"$binary" --benchmark_format=console --benchmark_min_time="$min_time" \
  --benchmark_out="$json" --benchmark_out_format=json "$@" || status=$?
if [ "$status" -ne 0 ]; then
  # A failed run must not replace the shipped results.
  echo "bench: the benchmark failed (exit $status); $results left as it was" >&2
  exit "$status"
fi

# One table row per benchmark from the JSON (Google Benchmark writes one
# "key": value pair per line). With UseRealTime and several threads,
# real_time is wall time per decision across all threads, so the time per
# decision is 1 / throughput and a caller waits threads times that.
rows="$(awk '
  function fmt_time(ns) {
    if (ns < 1000) return sprintf("%.0f ns", ns)
    if (ns < 1000000) return sprintf("%.2f µs", ns / 1000)
    return sprintf("%.2f ms", ns / 1000000)
  }
  function value(line) {
    sub(/^[^:]*:[[:space:]]*/, "", line)
    sub(/,[[:space:]]*$/, "", line)
    gsub(/"/, "", line)
    return line
  }
  /"benchmarks":/ { in_list = 1; next }
  !in_list { next }
  /^[[:space:]]*{/ { name = ""; threads = 1; ips = 0; iterations = 0; label = ""; error = "" }
  /"name":/ { name = value($0) }
  /"threads":/ { threads = value($0) + 0 }
  /"iterations":/ { iterations = value($0) + 0 }
  /"items_per_second":/ { ips = value($0) + 0 }
  /"label":/ { label = value($0) }
  /"error_message":/ { error = value($0) }
  /^[[:space:]]*}/ {
    if (name == "") next
    if (error != "") {
      printf "| `%s` | %d | failed: %s | | | |\n", name, threads, error
    } else if (ips > 0) {
      ns = 1e9 / ips
      printf "| `%s` | %d | %.0f | %s | %s | %d%s |\n", name, threads, ips, fmt_time(ns),
             fmt_time(ns * threads), iterations, (label != "" ? " (" label ")" : "")
    }
    name = ""
  }
' "$json")"

{
  cat <<EOF
# Benchmark results

Written by \`scripts/bench.sh\` (do not edit by hand; run it again). Source:
\`bench/warranty_bench.cc\`. Issue 3: decisions per second of the 三包 engine in
process and over gRPC.

| | |
|---|---|
| date | $(date -u '+%Y-%m-%d %H:%M UTC') |
| git commit | $commit |
| build type | ${build_type:-unknown} |
| machine | $(nproc) CPUs, ${cpu_model:-unknown CPU}, $memory memory, Linux $(uname -r) |
| load average before the run | $load (1, 5, 15 min) |
| database | MariaDB ${mariadb_version:-unknown} from \`scripts/lib/mariadb.sh\` (throwaway, on this machine; \`innodb_flush_log_at_trx_commit=1\`) |
| run | \`--benchmark_min_time=$min_time\`${*:+ $*} |

| benchmark | client threads | decisions/s | time per decision | mean call latency | iterations |
|---|---|---|---|---|---|
$rows

What each row measures:
- \`BM_DecideInProcess\`: \`Decide()\` (validation included) on every deciding case of
  \`tests/warranty/cases/warranty_cases.txt\` in turn, with the shipped catalogue and calendar;
  no I/O. \`_Simple\`: the table's default request (a refrigerator repaired free).
- \`BM_DecideWithMappingInProcess\`: the handler's CPU work without network or database: proto
  to domain, validation, \`Decide()\`, the answer and the JSON document that is stored.
- \`BM_RequestCheckAtTheEdge\`: the check every request gets at the server's edge before its
  handler parses it (\`services/common/request_check.h\`), on the simple request's bytes.
- \`BM_VerifyTokenAtTheEdge\`: what the server's edge spends on a person's call before its
  handler: the bearer token's ES256 signature and claims checked against the key set
  (\`services/common/auth/token_verifier.h\`). A service calling over mutual TLS skips it.
- \`BM_DecideOverGrpc\`: \`DecideCoverage\` through the real service (in-process gRPC server on
  127.0.0.1:0, the service's defaults: 16 handler threads, 8 database connections) from a real
  client channel over mutual TLS with the orders certificate, as orders calls it, each call
  admitted by the gatekeeper and the shipped access policy; every call has a new \`request_id\`, so every decision is stored in its own
  committed transaction. \`threads:N\`: N client threads calling at once on one channel.
- \`BM_DecideOverGrpcRetry\`: the same request_id sent again (a client retry): the stored
  decision is read back and nothing is written.
- decisions/s is the throughput of all client threads together; time per decision is its
  inverse; mean call latency is what one caller waits (threads × time per decision).
  The per-decision info log line is off during the run (warnings still print).
EOF
  # Sections measured by other tools (bench/edge_memory.sh) are kept.
  [ -f "$results" ] && sed -n '/^## Oversized requests/,$p' "$results"
} >"$results.tmp"
mv "$results.tmp" "$results"
echo "bench: wrote $results (raw JSON: $json)"
