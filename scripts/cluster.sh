#!/usr/bin/env bash
# The cluster command (issue 13): installs what is missing, builds, and starts
# on loopback, in var/cluster: a three-node MariaDB Galera cluster (Debian's
# galera-4, each node its own folder and ports), HAProxy in front of it (one
# node takes every connection at a time, the others wait as health-checked
# spares), and two replicas of every service, each on its own ports, reaching
# the database through HAProxy. Each service's callers are given both
# replicas' addresses, which gRPC balances round robin. Loads the demo data
# once, prints the addresses, and runs until Ctrl-C or `scripts/cluster.sh
# stop`, then shuts everything down cleanly. Running it again keeps the data
# and the ports.
#
#   scripts/cluster.sh          start in the foreground
#   scripts/cluster.sh stop     stop a running instance
#   scripts/cluster.sh status   the nodes (state, cluster size), HAProxy, each replica's health
#
# Settings (environment): FS_CLUSTER_DIR (default var/cluster), FS_BUILD_DIR
# (default build/). Ports are free ones chosen on the first start and kept
# for the next (FS_CLUSTER_DIR/ports.env; the nodes' in galera/cluster.env).
# fsctl finds the services with FS_VAR_DIR=var/cluster.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib/mariadb.sh"
source "$root/scripts/lib/system.sh"
source "$root/scripts/lib/galera.sh"
source "$root/scripts/lib/haproxy.sh"
# $var: what the run command keeps in var/ (pki, secrets, run, log, the demo's
# markers), the cluster keeps here.
var="${FS_CLUSTER_DIR:-$root/var/cluster}"
build="${FS_BUILD_DIR:-$root/build}"
galera="$var/galera"
REPLICAS=(1 2)

# The ports of HAProxy's front and of each replica (gRPC, plain-text health,
# metrics), chosen once and kept: a client or a Prometheus configuration
# keeps working across starts. The nodes' ports are fs_galera_init's.
ensure_ports() {
  if [ ! -f "$var/ports.env" ]; then
    local taken=() ports i=0 svc r
    [ -f "$galera/cluster.env" ] && read -r -a taken <<<"$(cut -d= -f2 "$galera/cluster.env" |
      grep -x '[0-9]*' | tr '\n' ' ')"
    read -r -a ports <<<"$(fs_free_ports $((1 + 3 * ${#SERVICES[@]} * ${#REPLICAS[@]})) \
      "${taken[@]}" | tr '\n' ' ')"
    {
      echo "# Ports of the cluster command (chosen on the first start, kept)"
      echo "HAPROXY_PORT=${ports[0]}"
      i=1
      for svc in "${SERVICES[@]}"; do
        for r in "${REPLICAS[@]}"; do
          echo "$(replica_var "$svc" "$r")_PORT=${ports[i]}"
          echo "$(replica_var "$svc" "$r")_HEALTH_PORT=${ports[i + 1]}"
          echo "$(replica_var "$svc" "$r")_METRICS_PORT=${ports[i + 2]}"
          i=$((i + 3))
        done
      done
    } >"$var/ports.env"
  fi
  # shellcheck disable=SC1091
  source "$var/ports.env"
}

replica_var() {  # replica_var SERVICE N: the ports' name prefix, ORDERS_1
  echo "$(echo "$1" | tr a-z A-Z)_$2"
}

replica_port() {  # replica_port SERVICE N [HEALTH|METRICS]
  local name
  name="$(replica_var "$1" "$2")${3:+_$3}_PORT"
  echo "${!name}"
}

address_list() {  # address_list SERVICE: every replica's gRPC address, comma-separated
  local r list=()
  for r in "${REPLICAS[@]}"; do list+=("127.0.0.1:$(replica_port "$1" "$r")"); done
  (IFS=,; echo "${list[*]}")
}

replica_running() {  # replica_running SERVICE N: its pid when it runs
  local pid
  pid="$(cat "$var/run/$1-$2.pid" 2>/dev/null)" || return 0
  kill -0 "$pid" 2>/dev/null && echo "$pid"
  return 0
}

# Replicas a run stopped hard (SIGKILL) left running, all at once (each
# may take its shutdown_grace); prints "yes" when there were any.
stop_leftover_replicas() {
  local pidfile pid stopping=()
  for pidfile in "$var"/run/*-[0-9].pid; do
    pid="$(cat "$pidfile" 2>/dev/null)" || continue
    rm -f "$pidfile"
    # Only the service it names: a pid may have been reused since.
    grep -q "_server" "/proc/$pid/cmdline" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null && stopping+=("$pid")
  done
  for pid in "${stopping[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  done
  [ "${#stopping[@]}" -eq 0 ] || echo yes
}

show_status() {
  local rc=0 svc r pid list token=""
  if [ -x "$build/tools/fs_token" ] && [ -f "$var/pki/dev-token-key.pem" ]; then
    token="$var/run/status-operator.jwt"
    (umask 077; "$build/tools/fs_token" sign --key "$var/pki/dev-token-key.pem" --user ops-01 \
      --roles operator --ttl 1m >"$token" 2>/dev/null) || token=""
  fi
  echo "galera nodes (data in $galera):"
  fs_galera_status "$galera" | sed 's/^/  /' || rc=1
  fs_haproxy_status "$var/haproxy" || rc=1
  ensure_ports
  for r in "${REPLICAS[@]}"; do
    echo "replicas $r:"
    list=()
    for svc in "${SERVICES[@]}"; do
      pid="$(replica_running "$svc" "$r")"
      [ -n "$pid" ] || rc=1
      printf '  %-10s 127.0.0.1:%-5s pid %-7s health 127.0.0.1:%-5s metrics 127.0.0.1:%s\n' \
        "$svc" "$(replica_port "$svc" "$r")" "${pid:-down}" "$(replica_port "$svc" "$r" HEALTH)" \
        "$(replica_port "$svc" "$r" METRICS)"
      list+=("--$svc=127.0.0.1:$(replica_port "$svc" "$r")")
    done
    # grpc.health of this replica of each service and, as an operator, its
    # checks (database, outbox), as fsctl sees them.
    if [ -x "$build/tools/fsctl/fsctl" ]; then
      FS_VAR_DIR="$var" "$build/tools/fsctl/fsctl" "${list[@]}" ${token:+--token-file="$token"} \
        --timeout=3s health 2>&1 | sed 's/^/  /' || rc=1
    fi
  done
  [ -z "$token" ] || rm -f "$token"
  return "$rc"
}

case "${1:-start}" in
  stop)
    if fs_instance_running "$var/run/cluster.pid"; then
      fs_stop_instance "$var/run/cluster.pid"
      echo "stopped"
    else
      # What a run stopped hard (SIGKILL) left: replicas, HAProxy, nodes.
      left="$(stop_leftover_replicas)"
      [ -n "$(fs_haproxy_pid "$var/haproxy")" ] && left=yes
      fs_haproxy_stop "$var/haproxy"
      for n in "${FS_GALERA_NODES[@]}"; do
        [ -n "$(fs_galera_node_pid "$galera" "$n")" ] && left=yes
      done
      fs_galera_stop "$galera"
      [ -n "$left" ] && echo "stopped what a run stopped hard had left" || echo "not running"
    fi
    exit 0 ;;
  status)
    if ! fs_instance_running "$var/run/cluster.pid"; then
      echo "not running"
      leftover=""
      for n in "${FS_GALERA_NODES[@]}"; do
        leftover+="$(fs_galera_node_pid "$galera" "$n")"
      done
      leftover+="$(fs_haproxy_pid "$var/haproxy")"
      [ -n "$leftover" ] || exit 0
      echo "left running by a run stopped hard (the next start takes them over):"
    fi
    show_status
    exit $? ;;
  start) ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac

mkdir -p "$var/run" "$var/secrets" "$var/log"
fs_claim_instance "$var/run/cluster.pid"

"$root/scripts/deps.sh"
"$root/scripts/build.sh" -DFS_BUILD_TESTS=OFF

pids=()
# shutdown CODE: stops what runs and exits with CODE (also when a stop comes
# in the middle of the start-up, which must not go on after it).
shutdown() {
  trap - INT TERM EXIT
  echo "shutting down..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  fs_haproxy_stop "$var/haproxy"
  fs_galera_stop "$galera"
  rm -f "$var/run/cluster.pid" "$var/run/addresses" "$var"/run/*-[0-9].pid
  echo "stopped cleanly; data kept in $var"
  exit "$1"
}
trap 'shutdown 130' INT
trap 'shutdown 143' TERM
trap 'shutdown $?' EXIT

# The private CA and certificates (kept across starts): every node serves TLS
# with the "mariadb" certificate, the services verify it through HAProxy
# (which passes the bytes on).
fs_pki_ensure "$var/pki" mariadb "${SERVICES[@]}"
fs_galera_init "$galera" "$var/pki"
if [ -d "$galera/node2/data/mysql" ]; then
  echo "galera: starting the nodes"
else
  echo "galera: starting the nodes (the first start copies node1's data to the others)"
fi
galera_started="$(date +%s)"
fs_galera_start "$galera"
galera_ready="$(date +%s)"
ensure_ports

# Users and databases, made on node 1: Galera replicates CREATE USER and
# GRANT to every node.
{
  fs_haproxy_check_user_sql
  for svc in "${SERVICES[@]}"; do
    fs_service_database_sql "$svc" "$(fs_service_password "$var/secrets" "$svc")"
  done
} | fs_galera_sql "$galera" 1

fs_galera_ports "$galera"
nodes=()
for n in "${FS_GALERA_NODES[@]}"; do nodes+=("127.0.0.1:$(fs_galera_port "$n" SQL)"); done
fs_haproxy_start "$var/haproxy" "$HAPROXY_PORT" "${nodes[@]}"

fs_dev_token_key

: > "$var/run/addresses"
for n in "${FS_GALERA_NODES[@]}"; do
  printf '%-10s %s (gmcast %s, data in %s)\n' "galera$n" "${nodes[n - 1]}" \
    "$(fs_galera_port "$n" GMCAST)" "$galera/node$n" | tee -a "$var/run/addresses"
done
printf '%-10s 127.0.0.1:%s (the services'"'"' database; %s)\n' haproxy "$HAPROXY_PORT" \
  "$var/haproxy/haproxy.cfg" | tee -a "$var/run/addresses"

# Every replica's address is known before any starts: a service's callers are
# given both replicas of it (FS_<SERVICE>_ADDRESS, a list).
for svc in "${SERVICES[@]}"; do
  export "FS_$(echo "$svc" | tr a-z A-Z)_ADDRESS=$(address_list "$svc")"
done
export FS_QUALITY_SALES_FILE="$root/data/callback/sales_figures.csv"

# start_replica SERVICE N: starts it and waits until it serves. Replicas of a
# service start one after the other: the first applies the migrations.
start_replica() {
  local svc="$1" r="$2" log="$var/log/$1-$2.log"
  [ -f "$log" ] && mv -f "$log" "$log.1"
  # The password goes by file: never on a command line, where `ps` shows it.
  FS_DB_HOST=127.0.0.1 FS_DB_PORT="$HAPROXY_PORT" FS_DB_USER="$svc" \
    FS_DB_PASSWORD_FILE="$var/secrets/$svc.password" FS_DB_TLS_CA="$var/pki/ca.pem" \
    FS_DB_NAME="$svc" FS_LISTEN="127.0.0.1:$(replica_port "$svc" "$r")" \
    FS_HEALTH_LISTEN="127.0.0.1:$(replica_port "$svc" "$r" HEALTH)" \
    FS_METRICS_LISTEN="127.0.0.1:$(replica_port "$svc" "$r" METRICS)" \
    FS_OUTBOX_REPLICA_ID="$svc-$r" FS_DB_WSREP_SYNC_WAIT=1 \
    FS_DATA_DIR="$root/data" FS_TLS_CA="$var/pki/ca.pem" FS_TLS_CERT="$var/pki/$svc.pem" \
    FS_TLS_KEY="$var/pki/$svc.key" FS_JWKS="$var/pki/jwks.json" \
    "$build/services/$svc/${svc}_server" >>"$log" 2>&1 &
  pids+=($!)
  echo "$!" > "$var/run/$svc-$r.pid"
  for _ in $(seq 1 300); do
    grep -q "server_listening" "$log" 2>/dev/null && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "$svc-$r exited:" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 0.2
  done
  echo "$svc-$r did not start serving within 60 s" >&2
  tail -20 "$log" >&2
  exit 1
}

# Replicas left from a run that was killed hard hold the ports.
stop_leftover_replicas >/dev/null
for svc in "${SERVICES[@]}"; do
  [ -x "$build/services/$svc/${svc}_server" ] || continue  # not built yet
  for r in "${REPLICAS[@]}"; do start_replica "$svc" "$r"; done
  printf '%-10s %s (logs %s/log/%s-N.log; health %s; metrics %s)\n' "$svc" \
    "$(address_list "$svc")" "$var" "$svc" \
    "$(for r in "${REPLICAS[@]}"; do printf '%s ' "$(replica_port "$svc" "$r" HEALTH)"; done |
      sed 's/ $//; s/ /,/g')" \
    "$(for r in "${REPLICAS[@]}"; do printf '%s ' "$(replica_port "$svc" "$r" METRICS)"; done |
      sed 's/ $//; s/ /,/g')" | tee -a "$var/run/addresses"
done
echo "cluster: the nodes Synced in $((galera_ready - galera_started)) s, then every replica" \
  "served $(($(date +%s) - galera_ready)) s later"

fs_demo_load
fs_print_access
echo "fsctl     FS_VAR_DIR=$var $build/tools/fsctl/fsctl ...   ('$0 status' for the nodes and replicas)"

echo "running; Ctrl-C or '$0 stop' stops everything"
# Until every replica has exited: one killed (a test of the cluster does that)
# leaves the rest running.
wait "${pids[@]}" || true
