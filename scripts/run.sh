#!/usr/bin/env bash
# The run command: installs what is missing, builds, starts a private MariaDB
# in var/mariadb, creates one database and one user per service, starts every
# service (each applies its own migrations), loads demo data once, prints the
# addresses, and runs until Ctrl-C or `scripts/run.sh stop`, then shuts
# everything down cleanly. Running it again keeps the data.
#
#   scripts/run.sh          start in the foreground
#   scripts/run.sh stop     stop a running instance
#   scripts/run.sh status   show what is running
#
# Settings (environment): FS_VAR_DIR (default var/), FS_DB_PORT (default: the
# port used last time, else a free one), FS_<SERVICE>_PORT (default: the
# port used last time, else a free one), FS_<SERVICE>_METRICS_PORT (Prometheus
# /metrics over HTTP; default: orders 9461, warranty 9462, scheduling 9463,
# callback 9464).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib/mariadb.sh"
source "$root/scripts/lib/system.sh"
var="${FS_VAR_DIR:-$root/var}"
build="${FS_BUILD_DIR:-$root/build}"
mkdir -p "$var/run" "$var/secrets" "$var/log"

# Fixed, so a Prometheus configuration keeps working across runs.
declare -A METRICS_PORTS=([orders]=9461 [warranty]=9462 [scheduling]=9463 [callback]=9464)
case "${1:-start}" in
  stop)
    if fs_instance_running "$var/run/run.pid"; then
      fs_stop_instance "$var/run/run.pid"
      echo "stopped"
    else
      echo "not running"
    fi
    exit 0 ;;
  status)
    [ -f "$var/run/addresses" ] && cat "$var/run/addresses" || echo "not running"
    exit 0 ;;
  start) ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac

fs_claim_instance "$var/run/run.pid"

"$root/scripts/deps.sh"
"$root/scripts/build.sh" -DFS_BUILD_TESTS=OFF

pids=()
shutdown() {
  trap - INT TERM EXIT
  echo "shutting down..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  fs_mariadb_stop "$var/mariadb"
  rm -f "$var/run/run.pid" "$var/run/addresses"
  echo "stopped cleanly; data kept in $var"
}
trap shutdown INT TERM EXIT

db_port="${FS_DB_PORT:-$(cat "$var/mariadb.port" 2>/dev/null || fs_free_port)}"
echo "$db_port" > "$var/mariadb.port"
# The private CA and the certificates (var/pki, kept across runs): MariaDB
# serves TLS with its own, and the services verify it.
fs_pki_ensure "$var/pki" mariadb "${SERVICES[@]}"
fs_mariadb_start "$var/mariadb" "$db_port" "$var/pki"
# The development token key and the key set the services check tokens
# against (scripts/lib/system.sh).
fs_dev_token_key

: > "$var/run/addresses"
printf '%-10s 127.0.0.1:%s (data in %s)\n' mariadb "$db_port" "$var/mariadb" | tee -a "$var/run/addresses"
for svc in "${SERVICES[@]}"; do
  port_var="FS_$(echo "$svc" | tr a-z A-Z)_PORT"
  port="${!port_var:-$(cat "$var/$svc.port" 2>/dev/null || fs_free_port)}"
  echo "$port" > "$var/$svc.port"
  export "FS_$(echo "$svc" | tr a-z A-Z)_ADDRESS=127.0.0.1:$port"
done
# The callback service's quality signals count units against these sales
# figures (demo data; only callback_server has the setting).
export FS_QUALITY_SALES_FILE="$root/data/callback/sales_figures.csv"
for svc in "${SERVICES[@]}"; do
  [ -x "$build/services/$svc/${svc}_server" ] || continue  # not built yet
  secret="$var/secrets/$svc.password"
  fs_mariadb_sql "$var/mariadb" \
    "$(fs_service_database_sql "$svc" "$(fs_service_password "$var/secrets" "$svc")")"
  # A service left over from a run that was killed hard would hold the port.
  if fs_instance_running "$var/run/$svc.pid"; then fs_stop_instance "$var/run/$svc.pid"; fi
  [ -f "$var/log/$svc.log" ] && mv -f "$var/log/$svc.log" "$var/log/$svc.log.1"
  port="$(cat "$var/$svc.port")"
  metrics_port_var="FS_$(echo "$svc" | tr a-z A-Z)_METRICS_PORT"
  metrics_port="${!metrics_port_var:-${METRICS_PORTS[$svc]:-$(fs_free_port)}}"
  # The password goes by file: never on a command line, where `ps` shows it.
  FS_DB_HOST=127.0.0.1 FS_DB_PORT="$db_port" FS_DB_USER="$svc" FS_DB_PASSWORD_FILE="$secret" \
    FS_DB_TLS_CA="$var/pki/ca.pem" FS_DB_NAME="$svc" FS_LISTEN="127.0.0.1:$port" \
    FS_DATA_DIR="$root/data" FS_TLS_CA="$var/pki/ca.pem" FS_TLS_CERT="$var/pki/$svc.pem" \
    FS_TLS_KEY="$var/pki/$svc.key" FS_JWKS="$var/pki/jwks.json" \
    FS_METRICS_LISTEN="127.0.0.1:$metrics_port" \
    "$build/services/$svc/${svc}_server" >>"$var/log/$svc.log" 2>&1 &
  pids+=($!)
  echo "$!" > "$var/run/$svc.pid"
  # The service prints "listening" once migrated and serving.
  for _ in $(seq 1 300); do
    grep -q "server_listening" "$var/log/$svc.log" 2>/dev/null && break
    kill -0 "${pids[-1]}" 2>/dev/null || { tail -20 "$var/log/$svc.log" >&2; exit 1; }
    sleep 0.2
  done
  printf '%-10s 127.0.0.1:%s (log %s, metrics http://127.0.0.1:%s/metrics)\n' "$svc" "$port" \
    "$var/log/$svc.log" "$metrics_port" | tee -a "$var/run/addresses"
done

fs_demo_load
fs_print_access

echo "running; Ctrl-C or '$0 stop' stops everything"
wait -n "${pids[@]}" || true
