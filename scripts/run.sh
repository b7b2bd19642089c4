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
var="${FS_VAR_DIR:-$root/var}"
build="${FS_BUILD_DIR:-$root/build}"
mkdir -p "$var/run" "$var/secrets" "$var/log"

# The services, in start order: a service's callers start after it. Every
# service's port is chosen before any starts and FS_<SERVICE>_ADDRESS is
# exported for all of them (orders reads FS_WARRANTY_ADDRESS,
# FS_SCHEDULING_ADDRESS and FS_CALLBACK_ADDRESS; scheduling reads FS_ORDERS_ADDRESS; callback
# reads FS_ORDERS_ADDRESS and FS_SCHEDULING_ADDRESS; an outbox holds the messages to a service
# until it is up).
SERVICES=(warranty scheduling callback orders)
# Fixed, so a Prometheus configuration keeps working across runs.
declare -A METRICS_PORTS=([orders]=9461 [warranty]=9462 [scheduling]=9463 [callback]=9464)
# The demo's people: "user roles what" (roles: data/access/policy.txt). The
# technicians are tools/demo_technicians.cc's; each gets a token for the
# demo's steps in their app.
DEMO_USERS=(
  "agent-1001 agent 话务员: takes calls, sees phones"
  "agent-1002 agent 话务员"
  "disp-01 dispatcher 派工员: the queue, candidates, technicians"
  "disp-02 dispatcher 派工员"
  "cb-01 callback_agent 回访员: claims and runs callbacks"
  "sup-01 supervisor 客服主管: acts for any agent, reports"
  "cs-01 service_centre 客服中心: approves exchanges"
  "qa-01 quality 质量部: quality sheets, sales figures, reports"
  "ops-01 operator 运维: service status"
  "cat-admin catalogue_admin 三包 catalogues"
)
DEMO_TECHNICIANS=(
  "tech-0007 technician 上海 赵强: washing machines, fridges; 小天鹅 海尔"
  "tech-0008 technician 上海 钱磊: washing machines; 小天鹅 美的"
  "tech-0009 technician 上海 孙敏: air conditioners; 格力"
  "tech-0010 technician 上海 周杰: washing machines; 小天鹅 (on leave)"
  "tech-0011 technician 上海 冯涛: televisions; 海信 (late shifts)"
  "tech-0012 technician 上海 陈刚: fridges, air conditioners; 海尔 格力 (late shifts)"
  "tech-0021 technician 广州 吴芳: fridges; 海尔 美的"
  "tech-0022 technician 广州 郑伟: washing machines, microwaves; 美的"
  "tech-0023 technician 广州 王军: air conditioners; 格力 美的 (late shifts)"
  "tech-0024 technician 广州 李婷: fridges, washing machines; 海尔 美的 (on leave)"
  "tech-0025 technician 广州 陈晨: microwaves, televisions; 美的 海信"
)

case "${1:-start}" in
  stop)
    if [ -f "$var/run/run.pid" ] && kill -0 "$(cat "$var/run/run.pid")" 2>/dev/null; then
      kill -TERM "$(cat "$var/run/run.pid")"
      while kill -0 "$(cat "$var/run/run.pid" 2>/dev/null)" 2>/dev/null; do sleep 0.2; done
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

if [ -f "$var/run/run.pid" ] && kill -0 "$(cat "$var/run/run.pid")" 2>/dev/null; then
  echo "already running (pid $(cat "$var/run/run.pid")); use: $0 stop" >&2
  exit 1
fi
echo $$ > "$var/run/run.pid"

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
# The development token key (made once, kept) and the key set the services
# check tokens against. A real identity provider replaces both: point
# FS_JWKS at its jwks_uri (README "Identity, roles and the access policy").
fs_token="$build/tools/fs_token"
token_key="$var/pki/dev-token-key.pem"
[ -f "$token_key" ] || "$fs_token" keygen --out "$token_key" >/dev/null
"$fs_token" jwks --key "$token_key" > "$var/pki/jwks.json"

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
  [ -f "$secret" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$secret")
  password="$(cat "$secret")"
  fs_mariadb_sql "$var/mariadb" "CREATE DATABASE IF NOT EXISTS \`$svc\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    CREATE USER IF NOT EXISTS '$svc'@'127.0.0.1' IDENTIFIED BY '$password';
    GRANT ALL PRIVILEGES ON \`$svc\`.* TO '$svc'@'127.0.0.1';"
  # A service left over from a run that was killed hard would hold the port.
  if [ -f "$var/run/$svc.pid" ] && kill -0 "$(cat "$var/run/$svc.pid")" 2>/dev/null; then
    kill -TERM "$(cat "$var/run/$svc.pid")"
    while kill -0 "$(cat "$var/run/$svc.pid")" 2>/dev/null; do sleep 0.2; done
  fi
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

# Demo data through the public APIs, each part once (a marker per part, so a
# var/ from before still gets the parts added since: the technicians' marker
# is v2 since Guangzhou got its own team; the same request ids keep the first
# ones as they were).
demo_token() {  # USER ROLES FILE: a short-lived development token for the demo's steps
  (umask 077; "$fs_token" sign --key "$token_key" --user "$1" --roles "$2" --ttl 10m > "$3")
}
if [ -x "$build/tools/fs_demo" ]; then
  if [ ! -f "$var/demo-technicians-v2-loaded" ]; then
    demo_token disp-01 dispatcher "$var/run/demo-dispatcher.jwt"
    "$build/tools/fs_demo" --orders= --scheduling_address="$FS_SCHEDULING_ADDRESS" \
      --tls_ca="$var/pki/ca.pem" --dispatcher_token_file="$var/run/demo-dispatcher.jwt" &&
      touch "$var/demo-technicians-v2-loaded"
    rm -f "$var/run/demo-dispatcher.jwt"
  fi
  if [ ! -f "$var/demo-loaded" ]; then
    demo_token agent-1001 agent "$var/run/demo-agent.jwt"
    # --scheduling_address= : the technicians are the part above (FS_SCHEDULING_ADDRESS
    # in the environment would otherwise ask for them again).
    "$build/tools/fs_demo" --orders="$FS_ORDERS_ADDRESS" --scheduling_address= \
      --tls_ca="$var/pki/ca.pem" \
      --token_file="$var/run/demo-agent.jwt" && touch "$var/demo-loaded"
    rm -f "$var/run/demo-agent.jwt"
  fi
  # Orders in every status: the agent takes them, the dispatcher assigns or
  # books, and the technician each job went to takes its steps in the app.
  if [ ! -f "$var/demo-lifecycle-loaded" ] && [ -f "$var/demo-technicians-v2-loaded" ]; then
    tokens="$var/run/demo-tokens"
    mkdir -p "$tokens"
    demo_token agent-1001 agent "$tokens/agent.jwt"
    demo_token disp-01 dispatcher "$tokens/dispatcher.jwt"
    for tech in "${DEMO_TECHNICIANS[@]}"; do
      demo_token "${tech%% *}" technician "$tokens/${tech%% *}.jwt"
    done
    "$build/tools/fs_demo" --lifecycle=true --orders="$FS_ORDERS_ADDRESS" \
      --scheduling_address="$FS_SCHEDULING_ADDRESS" --tls_ca="$var/pki/ca.pem" \
      --token_file="$tokens/agent.jwt" --dispatcher_token_file="$tokens/dispatcher.jwt" \
      --technician_token_dir="$tokens" && touch "$var/demo-lifecycle-loaded"
    rm -rf "$tokens"
  fi
  # The completed demo visit's callback is due from the working day after
  # the visit: on each start until then, the callback agent looks; once it
  # is due they run the survey, the customer is satisfied, the order closes.
  if [ ! -f "$var/demo-callback-closed" ] && [ -f "$var/demo-lifecycle-loaded" ]; then
    demo_token agent-1001 agent "$var/run/demo-agent.jwt"
    demo_token cb-01 callback_agent "$var/run/demo-callback-agent.jwt"
    closed=0
    "$build/tools/fs_demo" --close_callback=true --orders="$FS_ORDERS_ADDRESS" \
      --callback_address="$FS_CALLBACK_ADDRESS" --tls_ca="$var/pki/ca.pem" \
      --token_file="$var/run/demo-agent.jwt" \
      --callback_agent_token_file="$var/run/demo-callback-agent.jwt" || closed=$?
    rm -f "$var/run/demo-agent.jwt" "$var/run/demo-callback-agent.jwt"
    if [ "$closed" -eq 0 ]; then touch "$var/demo-callback-closed"; fi
  fi
fi

# How to call the system from any gRPC client: the CA to trust, and a token
# for each demo user (roles: data/access/policy.txt).
echo "TLS       every port; trust the CA $var/pki/ca.pem (certificates name localhost and 127.0.0.1)"
echo "tokens    sign=\"$fs_token sign --key $token_key\""
echo "          each line prints a user's token; send it as  authorization: Bearer <token>"
for user in "${DEMO_USERS[@]}" "${DEMO_TECHNICIANS[@]}"; do
  read -r name roles note <<<"$user"
  printf '          $sign --user %-10s --roles %-15s # %s\n' "$name" "$roles" "$note"
done

echo "running; Ctrl-C or '$0 stop' stops everything"
wait -n "${pids[@]}" || true
