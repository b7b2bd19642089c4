#!/usr/bin/env bash
# The cluster benchmark command (issue 13): the same load of whole repair
# orders on the single-node setup and on the cluster, in one run, and their
# throughput and latencies side by side in docs/CLUSTER_BENCHMARKS.md. It
# installs what is missing, builds what it runs (into build/, or
# FS_BUILD_DIR), and then, in a private work folder removed at the end:
#   1. single node: a throwaway MariaDB and one process of each of the four
#      services on it (TLS with the run's CA, tokens checked against a key
#      made for the run, their shipped defaults);
#   2. cluster: a three-node MariaDB Galera cluster and HAProxy in front of
#      it (scripts/lib/galera.sh, haproxy.sh, as scripts/cluster.sh starts
#      them) and two replicas of every service on it, each service's callers
#      given both replicas' addresses (gRPC round robin); the single node's
#      services are stopped first;
# and on each, tools/cluster_load (fs_cluster_load) with the same options:
# it creates its technicians, then W workers each take N orders one after
# another through create, queue, assign and book, and the technician's app
# steps, through the orders and scheduling services. Everything is stopped
# however the command ends (the Galera nodes and HAProxy included).
#
# The services run on a fixed fake clock from Monday 2026-11-23 10:00
# (Guangzhou) at the wall clock's pace (--fake_now, rate 1), so both loads
# book the same days; the load is told the services' time when it starts.
#
# Settings (environment), defaults for a full run of about two minutes:
#   FS_CLUSTER_BENCH_WORKERS     concurrent clients of the load          (8)
#   FS_CLUSTER_BENCH_ORDERS      orders each client takes                (40)
#   FS_CLUSTER_BENCH_TECHNICIANS technicians the load books              (the workers)
#   FS_CLUSTER_BENCH_QUICK=1     smoke mode: 2 clients × 2 orders (about 30 s,
#                                most of it the Galera nodes' start)
#   FS_CLUSTER_BENCH_RESULTS     the results file (docs/CLUSTER_BENCHMARKS.md)
#   FS_CLUSTER_BENCH_SKIP_BUILD=1  use the binaries already in FS_BUILD_DIR and
#                                install nothing (the cluster_bench_smoke test)
# It runs as root: the Galera nodes run as the user mysql (galera.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib/mariadb.sh"
source "$root/scripts/lib/measured_run.sh"
source "$root/scripts/lib/galera.sh"
source "$root/scripts/lib/haproxy.sh"
build="${FS_BUILD_DIR:-$root/build}"
results="${FS_CLUSTER_BENCH_RESULTS:-$root/docs/CLUSTER_BENCHMARKS.md}"

if [ "${FS_CLUSTER_BENCH_QUICK:-0}" = 1 ]; then
  workers=2 orders_per_worker=2
else
  workers=8 orders_per_worker=40
fi
workers="${FS_CLUSTER_BENCH_WORKERS:-$workers}"
orders_per_worker="${FS_CLUSTER_BENCH_ORDERS:-$orders_per_worker}"
technicians="${FS_CLUSTER_BENCH_TECHNICIANS:-$workers}"
# Monday 10:00 in Guangzhou: the services' clock when they start.
fake_now="2026-11-23T02:00:00Z"

# The exact command, as the results file records it.
command_line="scripts/cluster_bench.sh"
for v in $(compgen -e | grep '^FS_CLUSTER_BENCH_' | sort); do
  command_line="$v=${!v} $command_line"
done

if [ "${FS_CLUSTER_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  "$root/scripts/deps.sh" python3
  FS_BUILD_TARGETS="orders_server warranty_server scheduling_server callback_server fs_token
    fs_cluster_load_tool" "$root/scripts/build.sh" -DFS_BUILD_TESTS=OFF
fi
for binary in tools/fs_token tools/cluster_load/fs_cluster_load services/orders/orders_server \
  services/warranty/warranty_server services/scheduling/scheduling_server \
  services/callback/callback_server; do
  [ -x "$build/$binary" ] || { echo "cluster_bench: $build/$binary was not built" >&2; exit 1; }
done

# Facts about the run, gathered before anything changes the work tree.
excluded=""
case "$results" in "$root"/*) excluded="${results#"$root"/}" ;; esac
fs_run_facts "$root" "$build" "$excluded"
memory="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
mariadb_version="$(mariadbd --version 2>/dev/null | sed 's/^.*Ver //; s/ for .*$//')"
galera_version="$(dpkg-query -W -f='${Version}' galera-4 2>/dev/null || echo unknown)"
haproxy_version="$(haproxy -v 2>/dev/null | sed -n 's/^HAProxy version \([^ ]*\).*/\1/p')"
script_start="$(date +%s)"

fs_private_system fs-cluster-bench
# The Galera nodes run as mysql, which must be able to enter the work folder
# (mktemp made it 0700); its secrets are files of mode 0600.
chmod 755 "$work"
"$build/tools/fs_token" keygen --out "$work/token-key.pem" 2>/dev/null
"$build/tools/fs_token" jwks --key "$work/token-key.pem" >"$work/jwks.json"

# The services' clock: fake_now at the anchor, at the wall clock's pace.
# Each setup's services start on it anew.
start_clock() {
  anchor_s="$(date +%s)"
  clock_args=(--fake_now="$fake_now" --allow_fake_now=true
    --fake_now_anchor="$(date -u -d "@$anchor_s" '+%Y-%m-%dT%H:%M:%SZ')")
}
# Their time now, to the second and never ahead of it: the load's --start.
services_now() {
  local since=$(( $(date +%s) - anchor_s ))
  date -u -d "@$(( $(date -u -d "$fake_now" +%s) + since ))" '+%Y-%m-%dT%H:%M:%SZ'
}

# run_load SETUP ORDERS SCHEDULING: fs_cluster_load with the run's options;
# its report in $work/SETUP.json, its output in SETUP-load.out and .log.
load_command="fs_cluster_load --orders=<its addresses> --scheduling=<its addresses>"
load_command+=" --ca=<the run's CA> --key=<the run's token key> --technician_prefix=bench-tech-"
load_command+=" --technicians=$technicians --create --workers=$workers"
load_command+=" --orders_per_worker=$orders_per_worker --start=<the services' clock>"
run_load() {
  local setup="$1" rc=0
  echo "cluster_bench: $setup: $workers workers × $orders_per_worker orders"
  "$build/tools/cluster_load/fs_cluster_load" --orders="$2" --scheduling="$3" \
    --ca="$pki/ca.pem" --key="$work/token-key.pem" --technician_prefix=bench-tech- \
    --technicians="$technicians" --create --workers="$workers" \
    --orders_per_worker="$orders_per_worker" --start="$(services_now)" \
    --json="$work/$setup.json" >"$work/$setup-load.out" 2>"$work/$setup-load.log" || rc=$?
  # Orders given up are a finding the table shows, not a reason to lose the
  # run; no report at all is.
  [ -f "$work/$setup.json" ] || {
    echo "cluster_bench: fs_cluster_load on $setup failed (exit $rc)" >&2
    cat "$work/$setup-load.out" >&2
    exit 1
  }
  [ "$rc" -eq 0 ] || echo "cluster_bench: $setup: not every order completed (exit $rc)" >&2
  sed -n '1,3p' "$work/$setup-load.out" | sed "s/^/cluster_bench: $setup: /"
}

stop_services() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}

# 1. The single node: the four services on the throwaway MariaDB, in the
# order techsim_run.sh starts them (orders' port is chosen first: scheduling
# and callback call it).
echo "cluster_bench: single node: MariaDB $mariadb_version and one process of each service"
start_clock
orders_port="$(fs_free_ports 1)"
fs_private_service scheduling 127.0.0.1:0 "${clock_args[@]}" \
  --orders_address="127.0.0.1:$orders_port"
scheduling="127.0.0.1:$port"
fs_private_service warranty 127.0.0.1:0
warranty="127.0.0.1:$port"
fs_private_service callback 127.0.0.1:0 "${clock_args[@]}" \
  --orders_address="127.0.0.1:$orders_port" --scheduling_address="$scheduling"
callback="127.0.0.1:$port"
fs_private_service orders "127.0.0.1:$orders_port" "${clock_args[@]}" \
  --warranty_address="$warranty" --scheduling_address="$scheduling" --callback_address="$callback"
run_load single "127.0.0.1:$orders_port" "$scheduling"
stop_services
load_between="$(cut -d' ' -f1-3 /proc/loadavg)"
# The cluster's replicas log under the same names.
mkdir "$work/single"
mv "$work"/*.log "$work/single/"

# 2. The cluster: three Galera nodes (TLS with the run's certificates),
# HAProxy in front, the services' user made on node 1 (Galera replicates it),
# and from here the services' database is HAProxy's front.
echo "cluster_bench: cluster: three Galera nodes, HAProxy, two replicas of each service"
galera="$work/galera"
stop_cluster() {
  fs_haproxy_stop "$work/haproxy"
  fs_galera_stop "$galera"
}
stops+=(stop_cluster)
galera_started="$(date +%s)"
fs_galera_init "$galera" "$pki"
fs_galera_start "$galera"
galera_seconds=$(( $(date +%s) - galera_started ))
{
  fs_haproxy_check_user_sql
  echo "CREATE USER '$fs_db_user'@'127.0.0.1' IDENTIFIED BY '$(cat "$work/db.password")';
    GRANT ALL PRIVILEGES ON *.* TO '$fs_db_user'@'127.0.0.1';"
} | fs_galera_sql "$galera" 1
fs_galera_ports "$galera"
nodes=()
for n in "${FS_GALERA_NODES[@]}"; do nodes+=("127.0.0.1:$(fs_galera_port "$n" SQL)"); done
taken=()
for n in "${FS_GALERA_NODES[@]}"; do
  for kind in SQL GMCAST IST SST; do taken+=("$(fs_galera_port "$n" "$kind")"); done
done
haproxy_port="$(fs_free_ports 1 "${taken[@]}")"
fs_haproxy_start "$work/haproxy" "$haproxy_port" "${nodes[@]}"
fs_db_host=127.0.0.1 fs_db_port="$haproxy_port" fs_db_socket="$galera/node1/mysqld.sock"

# start_replicas NAME LISTEN1 LISTEN2 ARGS...: both replicas of a service,
# one after the other (the first makes the database and applies the
# migrations), each with its own outbox replica id (FS_OUTBOX_REPLICA_ID, as
# cluster.sh gives it: warranty has no outbox) and reads that wait for their
# node to apply what others committed (FS_DB_WSREP_SYNC_WAIT=1, as
# cluster.sh sets it); sets $list to their addresses, comma-separated.
start_replicas() {
  local name="$1" listen1="$2" listen2="$3"; shift 3
  FS_OUTBOX_REPLICA_ID="$name-1" FS_DB_WSREP_SYNC_WAIT=1 \
    fs_private_service "$name" "$listen1" "$@"
  list="127.0.0.1:$port"
  FS_OUTBOX_REPLICA_ID="$name-2" FS_DB_WSREP_SYNC_WAIT=1 FS_REPLICA=2 \
    fs_private_service "$name" "$listen2" "$@"
  list+=",127.0.0.1:$port"
}
start_clock
read -r -a orders_ports <<<"$(fs_free_ports 2 "${taken[@]}" "$haproxy_port" | tr '\n' ' ')"
orders="127.0.0.1:${orders_ports[0]},127.0.0.1:${orders_ports[1]}"
start_replicas scheduling 127.0.0.1:0 127.0.0.1:0 "${clock_args[@]}" --orders_address="$orders"
scheduling="$list"
start_replicas warranty 127.0.0.1:0 127.0.0.1:0
warranty="$list"
start_replicas callback 127.0.0.1:0 127.0.0.1:0 "${clock_args[@]}" --orders_address="$orders" \
  --scheduling_address="$scheduling"
callback="$list"
start_replicas orders "127.0.0.1:${orders_ports[0]}" "127.0.0.1:${orders_ports[1]}" \
  "${clock_args[@]}" --warranty_address="$warranty" --scheduling_address="$scheduling" \
  --callback_address="$callback"
run_load cluster "$orders" "$scheduling"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
stop_services

# 3. The results file.
table="$(python3 "$root/bench/cluster_tables.py" table "$work/single.json" "$work/cluster.json")"
ratio="$(python3 "$root/bench/cluster_tables.py" ratio "$work/single.json" "$work/cluster.json")"
# Orders a setup gave up, each with its step and why (the first five).
failures="$(for setup in single cluster; do
  { grep '^failed: ' "$work/$setup-load.out" || true; } | head -5 | sed "s/^failed: /- $setup: /"
done)"
mkdir -p "$(dirname "$results")"
cat >"$results" <<EOF
# Cluster benchmarks: the single node and the cluster, the same load

Written by \`$command_line\` (issue 13); nobody writes these numbers by hand.
One run measures the same load of whole repair orders on two setups, one after the other, on
this machine: the single node (one MariaDB, one process of each of the four services) and the
cluster (three MariaDB Galera nodes behind HAProxy, two replicas of each service, each service's
callers balancing round robin over both replicas).

- run: $started, commit $commit, build $build_type
- machine: $cpus × $cpu_model, $memory; MariaDB $mariadb_version, galera-4 $galera_version,
  HAProxy ${haproxy_version:-unknown}
- load average (1, 5, 15 min) before the run: **$load_before** (other work on the machine
  slows every figure); with the run's own processes, between the setups: $load_between, after
  the cluster's load: $load_after
- the Galera nodes took ${galera_seconds} s to start and sync (not in any figure below); the
  command, its build aside, took $(( $(date +%s) - script_start )) s
- the load, the same on both: \`$load_command\` ($workers clients, each taking
  $orders_per_worker orders one after another, on $technicians technicians; the services on a
  fake clock from Monday 2026-11-23 10:00 Guangzhou at the wall clock's pace)

| figure | single node | cluster (3 Galera nodes, 2 replicas each) |
|---|---|---|
$table
${failures:+
Orders given up (the first five of each setup):

$failures
}
What the figures are (tools/cluster_load/load_driver.h): each order is created
(\`create\`, CreateRepairOrder as a call agent), queued for dispatch (\`queue\`), waited for
until orders' relay has put it in scheduling's queue (\`sync\`, polled), assigned and booked in a
window as a dispatcher (\`assign_book\`: AssignJob and BookAppointment), and taken through
the technician's four app steps (\`app_step\`: accept, departed, arrived, complete). A
latency is one acknowledged call, from sending to the answer (retries of a call are separate
calls); completed orders/s and requests/s are over the load's wall time, requests counting
every call sent (polls and retries included). Errors are failed calls by gRPC code, retried
or not; the longest outage is the longest time a client went from a failed call to its next
acknowledged one.

What the difference means: $ratio. Both setups share this machine's $cpus cores, so the
cluster is not more hardware but more work on the same cores: three database servers instead
of one (HAProxy sends every connection to one writer node; the two others apply what it
replicates), each commit's write set sent to the other nodes and certified before the commit
returns, a TCP hop through HAProxy on every query, and eight service processes instead of
four. Here that can only cost throughput and latency; on separate machines the cluster would
spend network round trips on each commit instead of shared cores. What the cluster buys is not
speed on one machine but surviving the loss of a node, a replica or the balancer without losing
an acknowledged order (issue 13's cluster test). The single node's MariaDB stays up, idle,
during the cluster's load (its CA signs both setups' certificates).
EOF
echo "cluster_bench: wrote $results"
echo "$table"
