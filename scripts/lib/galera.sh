# A three-node MariaDB Galera cluster on loopback, each node a plain mariadbd
# process with its own folder and ports: sourced by scripts/cluster.sh (after
# mariadb.sh, whose fs_free_ports it uses).
#
#   fs_galera_init DIR [PKI_DIR]   folders, ports (DIR/cluster.env), option files
#   fs_galera_start DIR            bootstrap one node, join the others, wait for Synced x3
#   fs_galera_stop DIR             clean shutdown of every node, node3 first
#   fs_galera_node_start DIR N     start node N, joining the others (IST or SST)
#   fs_galera_node_kill DIR N      SIGKILL node N (a crash)
#   fs_galera_node_wait_synced DIR N [SECONDS]
#   fs_galera_status DIR           each node: pid, state, cluster size
#   fs_galera_sql DIR N ARGS...    the mariadb client as root on node N's socket
#
# Galera's rsync state transfer works only when the nodes run as the user
# mysql (`--user=mysql`) on folders mysql owns, under parents it may enter
# (mode 755): as root, the donor's rsync daemon refuses the files.
# DIR/nodeN holds my.cnf (the node's options), data/, mysqld.sock,
# mysqld.pid, error.log and tls/ (copies of the CA and the "mariadb"
# certificate of PKI_DIR that mysql may read). Root logs in over the socket
# without a password (unix_socket), as on fs_mariadb_start's server; the
# grant is replicated to every node with the rest of the data.

FS_GALERA_NODES=(1 2 3)
FS_GALERA_PROVIDER="${FS_GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}"

# fs_galera_ports DIR: sets NODEn_SQL_PORT, NODEn_GMCAST_PORT, NODEn_IST_PORT
# and NODEn_SST_PORT from DIR/cluster.env.
fs_galera_ports() {
  # shellcheck disable=SC1091
  source "$1/cluster.env"
}

fs_galera_port() {  # fs_galera_port N KIND (SQL, GMCAST, IST, SST): after fs_galera_ports
  local var="NODE$1_$2_PORT"
  echo "${!var}"
}

# fs_galera_init DIR [PKI_DIR]: makes DIR/node1..3 (owned by mysql), chooses
# each node's SQL, gmcast (group communication), IST and SST ports on the
# first call (DIR/cluster.env; later calls keep them), writes each node's
# my.cnf (TLS with PKI_DIR's "mariadb" certificate when given) and
# initialises node 1's data. Starts nothing.
fs_galera_init() {
  local dir="$1" pki="${2:-}"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  chmod 755 "$dir"
  # Every folder above DIR must let mysql through: one that does not is
  # named rather than changed (it may be someone's home).
  local up="$dir"
  while [ "$up" != / ]; do
    up="$(dirname "$up")"
    if ! runuser -u mysql -- test -x "$up"; then
      echo "galera: the user mysql cannot enter $up (needs mode 755 or o+x)" >&2
      return 1
    fi
  done
  # Ports once, kept for the next start: the nodes find each other by them,
  # and a restarted node must come back where the others look for it.
  if [ ! -f "$dir/cluster.env" ]; then
    local ports n i=0
    read -r -a ports <<<"$(fs_free_ports $((4 * ${#FS_GALERA_NODES[@]})) | tr '\n' ' ')"
    [ "${#ports[@]}" -eq $((4 * ${#FS_GALERA_NODES[@]})) ] || return 1
    {
      echo "# Ports of the Galera nodes (chosen once by fs_galera_init, kept across starts)"
      for n in "${FS_GALERA_NODES[@]}"; do
        echo "NODE${n}_SQL_PORT=${ports[i]}"
        echo "NODE${n}_GMCAST_PORT=${ports[i + 1]}"
        echo "NODE${n}_IST_PORT=${ports[i + 2]}"
        echo "NODE${n}_SST_PORT=${ports[i + 3]}"
        i=$((i + 4))
      done
    } >"$dir/cluster.env"
  fi
  fs_galera_ports "$dir"
  local members=() n
  for n in "${FS_GALERA_NODES[@]}"; do
    members+=("127.0.0.1:$(fs_galera_port "$n" GMCAST)")
  done
  local gcomm
  gcomm="gcomm://$(IFS=,; echo "${members[*]}")"
  for n in "${FS_GALERA_NODES[@]}"; do
    local node="$dir/node$n"
    mkdir -p "$node/data"
    local tls=""
    if [ -n "$pki" ]; then
      mkdir -p "$node/tls"
      cp "$pki/ca.pem" "$pki/mariadb.pem" "$pki/mariadb.key" "$node/tls/"
      tls="ssl-ca=$node/tls/ca.pem
ssl-cert=$node/tls/mariadb.pem
ssl-key=$node/tls/mariadb.key"
    fi
    # The options as a file, so a node started by hand, the state transfer
    # scripts (they read --defaults-file) and a restart all see the same.
    cat >"$node/my.cnf" <<EOF
# Galera node $n of $dir (written by scripts/lib/galera.sh fs_galera_init)
[mysqld]
user=mysql
datadir=$node/data
socket=$node/mysqld.sock
pid-file=$node/mysqld.pid
log-error=$node/error.log
bind-address=127.0.0.1
port=$(fs_galera_port "$n" SQL)
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_bin
innodb-buffer-pool-size=128M
innodb-flush-log-at-trx-commit=1
max-connections=500
# Every client comes from 127.0.0.1 (through HAProxy): connections dropped
# before their login (a balancer cutting sessions) must not block that host.
max-connect-errors=1000000
$tls
# Galera: row-based replication, interleaved auto-increment locks.
binlog-format=ROW
default-storage-engine=InnoDB
innodb-autoinc-lock-mode=2
wsrep-on=ON
wsrep-provider=$FS_GALERA_PROVIDER
wsrep-cluster-name=fieldservice
wsrep-node-name=node$n
wsrep-cluster-address=$gcomm
wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$(fs_galera_port "$n" GMCAST);ist.recv_addr=127.0.0.1:$(fs_galera_port "$n" IST);gcache.size=256M"
wsrep-sst-method=rsync
wsrep-sst-receive-address=127.0.0.1:$(fs_galera_port "$n" SST)

# The state transfer stays on loopback between these nodes: in plain text
# (with the server's TLS above, wsrep_sst_rsync would otherwise insist on
# stunnel).
[sst]
ssl-mode=DISABLED
EOF
  done
  # Node 1 is initialised here; the others get its data by state transfer
  # when they first join.
  if [ ! -d "$dir/node1/data/mysql" ]; then
    chown -R mysql:mysql "$dir/node1"
    mariadb-install-db --no-defaults --user=mysql --datadir="$dir/node1/data" \
      --auth-root-authentication-method=socket --skip-test-db \
      >"$dir/node1/install.log" 2>&1 || { cat "$dir/node1/install.log" >&2; return 1; }
  fi
  for n in "${FS_GALERA_NODES[@]}"; do
    chown -R mysql:mysql "$dir/node$n"
    chmod 755 "$dir/node$n"
    [ -d "$dir/node$n/tls" ] && chmod 600 "$dir/node$n/tls/mariadb.key"
  done
  return 0
}

# fs_galera_sql DIR N ARGS...: the mariadb client as root over node N's
# socket; SQL on standard input or in ARGS (-e).
fs_galera_sql() {
  local dir="$1" n="$2"
  shift 2
  mariadb --no-defaults --socket="$dir/node$n/mysqld.sock" -uroot "$@"
}

# fs_galera_node_status DIR N: "STATE SIZE" (wsrep_local_state_comment and
# wsrep_cluster_size), or nothing when the node does not answer.
fs_galera_node_status() {
  fs_galera_sql "$1" "$2" -N -B --connect-timeout=2 -e "SELECT
    MAX(IF(VARIABLE_NAME = 'WSREP_LOCAL_STATE_COMMENT', VARIABLE_VALUE, NULL)),
    MAX(IF(VARIABLE_NAME = 'WSREP_CLUSTER_SIZE', VARIABLE_VALUE, NULL))
    FROM information_schema.GLOBAL_STATUS
    WHERE VARIABLE_NAME IN ('WSREP_LOCAL_STATE_COMMENT', 'WSREP_CLUSTER_SIZE')" 2>/dev/null |
    tr '\t' ' ' || true
}

# fs_galera_node_pid DIR N: the node's pid when it runs, else nothing. A
# joining node writes its pid file only after the state transfer: until
# then, the process fs_galera_node_start started.
fs_galera_node_pid() {
  local pid file
  for file in "$1/node$2/mysqld.pid" "$1/node$2/start.pid"; do
    pid="$(cat "$file" 2>/dev/null)" || continue
    if kill -0 "$pid" 2>/dev/null &&
      grep -qF "node$2/my.cnf" "/proc/$pid/cmdline" 2>/dev/null; then
      echo "$pid"
      return 0
    fi
  done
  return 0
}

fs_galera_node_log_tail() {
  echo "---- node$2: the end of $1/node$2/error.log ----" >&2
  tail -25 "$1/node$2/error.log" >&2
}

# fs_galera_node_start DIR N [--wsrep-new-cluster]: starts node N in the
# background (joining the nodes in its gcomm:// list, or bootstrapping a new
# cluster with the flag) and returns; fs_galera_node_wait_synced waits. A
# node that crashed first has its position recovered (a few seconds), so it
# rejoins by IST.
fs_galera_node_start() {
  local dir n="$2"
  dir="$(cd "$1" && pwd)"  # mariadbd and its state transfer scripts run in other folders
  shift 2
  if [ -n "$(fs_galera_node_pid "$dir" "$n")" ]; then
    echo "galera: node$n is already running" >&2
    return 0
  fi
  rm -f "$dir/node$n/mysqld.pid"
  if fs_galera_crashed "$dir" "$n"; then
    local pos
    pos="$(fs_galera_recovered_position "$dir" "$n")"
    [ -n "$pos" ] && set -- "$@" --wsrep-start-position="$pos"
  fi
  fs_galera_fresh_transfer_ports "$dir" "$n"
  # mariadbd (as mysql) opens its log itself, after this shell (as root) has.
  touch "$dir/node$n/error.log"
  chown mysql:mysql "$dir/node$n/error.log"
  # Deaf to the Ctrl-C meant for the command that started it: the node is
  # stopped cleanly by fs_galera_stop, in its turn.
  (trap '' INT && exec mariadbd --defaults-file="$dir/node$n/my.cnf" "$@" \
    </dev/null >>"$dir/node$n/error.log" 2>&1) &
  echo "$!" >"$dir/node$n/start.pid"
  disown "$!"  # a node killed on purpose is no news for the shell
}

# fs_galera_node_wait_synced DIR N [SECONDS]: waits (default 120 s) until
# node N reports Synced in a cluster of every node; on failure says what it
# saw last and shows the end of its log.
fs_galera_node_wait_synced() {
  local dir="$1" n="$2" timeout="${3:-120}" status="" deadline
  deadline=$(($(date +%s) + timeout))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    status="$(fs_galera_node_status "$dir" "$n")"
    [ "$status" = "Synced ${#FS_GALERA_NODES[@]}" ] && return 0
    if [ -z "$(fs_galera_node_pid "$dir" "$n")" ]; then
      echo "galera: node$n exited" >&2
      fs_galera_node_log_tail "$dir" "$n"
      return 1
    fi
    sleep 0.5
  done
  echo "galera: node$n not Synced in a cluster of ${#FS_GALERA_NODES[@]} within ${timeout} s" \
    "(last seen: ${status:-no answer})" >&2
  fs_galera_node_log_tail "$dir" "$n"
  return 1
}

# fs_galera_recovered_position DIR N: the last transaction node N's storage
# holds ("uuid:seqno"), read by `mariadbd --wsrep-recover`. A node that
# crashed (SIGKILL) left seqno -1 in grastate.dat: started without this
# position it asks for a full state transfer (SST) where the donor's
# write-set cache would do (IST). mysqld_safe's galera_recovery does the
# same before a packaged server starts.
# fs_galera_fresh_transfer_ports DIR N: new free ports for node N's IST and
# SST receivers, written into its my.cnf and DIR/cluster.env just before it
# starts. A joiner tells its donor where to send, so only it needs them; the
# ports chosen when the folder was made may since have been taken by any
# process's outgoing connection (they are from the system's ephemeral
# range), and then the joiner's rsync daemon cannot listen and the node
# exits.
fs_galera_fresh_transfer_ports() {
  local dir="$1" n="$2" ports ist sst
  fs_galera_ports "$dir"
  read -r -a ports <<<"$(fs_free_ports 2 "$(fs_galera_port "$n" SQL)" \
    "$(fs_galera_port "$n" GMCAST)" | tr '\n' ' ')"
  ist="${ports[0]}" sst="${ports[1]}"
  sed -i -e "s/ist\.recv_addr=127\.0\.0\.1:[0-9]*/ist.recv_addr=127.0.0.1:$ist/" \
    -e "s/^wsrep-sst-receive-address=127\.0\.0\.1:[0-9]*/wsrep-sst-receive-address=127.0.0.1:$sst/" \
    "$dir/node$n/my.cnf"
  sed -i -e "s/^NODE${n}_IST_PORT=.*/NODE${n}_IST_PORT=$ist/" \
    -e "s/^NODE${n}_SST_PORT=.*/NODE${n}_SST_PORT=$sst/" "$dir/cluster.env"
}

fs_galera_recovered_position() {
  local dir="$1" n="$2"
  rm -f "$dir/node$n/recover.log"
  runuser -u mysql -- mariadbd --defaults-file="$dir/node$n/my.cnf" --wsrep-recover \
    --log-error="$dir/node$n/recover.log" >/dev/null 2>&1 || true
  sed -n 's/.*WSREP: Recovered position: *\([^ ]*\).*/\1/p' "$dir/node$n/recover.log" 2>/dev/null |
    tail -1
}

fs_galera_crashed() {  # fs_galera_crashed DIR N: node N has data but no saved position
  [ -d "$1/node$2/data/mysql" ] && grep -q '^seqno: *-1' "$1/node$2/data/grastate.dat" 2>/dev/null
}

# The node to bootstrap from: the one Galera marked safe_to_bootstrap when
# the cluster last stopped cleanly (the last to leave); node 1 on a new
# cluster; after a crash of every node, the one whose recovered position is
# furthest, marked safe here.
fs_galera_bootstrap_node() {
  local dir="$1" n best="" best_seqno=-2 pos seqno
  for n in "${FS_GALERA_NODES[@]}"; do
    if grep -q '^safe_to_bootstrap: *1' "$dir/node$n/data/grastate.dat" 2>/dev/null; then
      echo "$n"
      return 0
    fi
  done
  if [ ! -f "$dir/node1/data/grastate.dat" ]; then
    echo 1
    return 0
  fi
  for n in "${FS_GALERA_NODES[@]}"; do
    [ -d "$dir/node$n/data/mysql" ] || continue
    pos="$(fs_galera_recovered_position "$dir" "$n")"
    seqno="${pos##*:}"
    echo "galera: no node was marked safe to bootstrap; node$n recovered ${pos:-nothing}" >&2
    if [[ "$seqno" =~ ^-?[0-9]+$ ]] && [ "$seqno" -gt "$best_seqno" ]; then
      best="$n"
      best_seqno="$seqno"
    fi
  done
  [ -n "$best" ] || { echo "galera: no node has a recoverable position" >&2; return 1; }
  sed -i 's/^safe_to_bootstrap: *0/safe_to_bootstrap: 1/' "$dir/node$best/data/grastate.dat"
  echo "$best"
}

# fs_galera_start DIR: bootstraps one node, then joins the others one at a
# time (each may need a full state transfer from a donor, and a donor serves
# one at a time), and waits until every node is Synced in a cluster of three.
# Nodes already running are left as they are.
fs_galera_start() {
  local dir="$1" first n
  dir="$(cd "$dir" && pwd)"
  fs_galera_ports "$dir"
  # Nodes left running by a run stopped hard are kept when they are in a
  # cluster (Synced); left without one (joining, or cut off), they would
  # wait for it forever, so they are stopped and the cluster started anew.
  local running=() synced=""
  for n in "${FS_GALERA_NODES[@]}"; do
    [ -n "$(fs_galera_node_pid "$dir" "$n")" ] && running+=("$n")
    [ "$(fs_galera_node_status "$dir" "$n" | cut -d' ' -f1)" = Synced ] && synced=yes
  done
  if [ "${#running[@]}" -gt 0 ] && [ -z "$synced" ]; then
    echo "galera: nodes ${running[*]} run outside a cluster: stopping them first" >&2
    fs_galera_stop "$dir"
    running=()
  fi
  if [ "${#running[@]}" -eq 0 ]; then
    first="$(fs_galera_bootstrap_node "$dir")" || return 1
    fs_galera_node_start "$dir" "$first" --wsrep-new-cluster
    # Bootstrapped: Synced in a cluster of one.
    local deadline=$(($(date +%s) + 120))
    until [ "$(fs_galera_node_status "$dir" "$first")" = "Synced 1" ]; do
      if [ "$(date +%s)" -ge "$deadline" ] || [ -z "$(fs_galera_node_pid "$dir" "$first")" ]; then
        echo "galera: node$first did not bootstrap the cluster" >&2
        fs_galera_node_log_tail "$dir" "$first"
        return 1
      fi
      sleep 0.5
    done
    running=("$first")
  fi
  for n in "${FS_GALERA_NODES[@]}"; do
    [[ " ${running[*]} " == *" $n "* ]] && continue
    fs_galera_node_start "$dir" "$n"
    # Synced in a growing cluster: wait for the state transfer only.
    local deadline=$(($(date +%s) + 300))
    until [ "$(fs_galera_node_status "$dir" "$n" | cut -d' ' -f1)" = Synced ]; do
      if [ "$(date +%s)" -ge "$deadline" ] || [ -z "$(fs_galera_node_pid "$dir" "$n")" ]; then
        echo "galera: node$n did not join the cluster" >&2
        fs_galera_node_log_tail "$dir" "$n"
        return 1
      fi
      sleep 0.5
    done
  done
  for n in "${FS_GALERA_NODES[@]}"; do
    fs_galera_node_wait_synced "$dir" "$n" 60 || return 1
  done
}

# fs_galera_node_kill DIR N: SIGKILL, as a crash; waits until it is gone.
fs_galera_node_kill() {
  local dir="$1" n="$2" pid
  pid="$(fs_galera_node_pid "$dir" "$n")"
  [ -n "$pid" ] || { echo "galera: node$n is not running" >&2; return 1; }
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

# fs_galera_node_stop DIR N: a clean shutdown, waiting until the process is
# gone (a node that will not stop within 2 minutes is killed).
fs_galera_node_stop() {
  local dir="$1" n="$2" pid
  pid="$(fs_galera_node_pid "$dir" "$n")"
  [ -n "$pid" ] || return 0
  # SHUTDOWN over the socket. A node still joining has no socket yet, nor
  # data of its own to lose (a state transfer replaces it), and may wait
  # for a donor without heeding SIGTERM: it gets 10 seconds.
  local tries=600
  if ! fs_galera_sql "$dir" "$n" -e shutdown >/dev/null 2>&1; then
    kill -TERM "$pid" 2>/dev/null || true
    tries=50
  fi
  for _ in $(seq 1 "$tries"); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  echo "galera: node$n did not stop within $((tries / 5)) s; killed" >&2
  kill -KILL "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

# fs_galera_stop DIR: every node, the last one started first, so node 1
# leaves last and is the one marked safe to bootstrap next time.
fs_galera_stop() {
  local dir="$1" i
  [ -f "$dir/cluster.env" ] || return 0
  for ((i = ${#FS_GALERA_NODES[@]} - 1; i >= 0; i--)); do
    fs_galera_node_stop "$dir" "${FS_GALERA_NODES[i]}"
  done
}

# fs_galera_status DIR: a line per node: its SQL port, pid (or "down"),
# state and the cluster size it sees. Returns 1 when a node is not Synced
# in a full cluster.
fs_galera_status() {
  local dir="$1" n pid status rc=0
  [ -f "$dir/cluster.env" ] || { echo "galera: no cluster in $dir"; return 1; }
  fs_galera_ports "$dir"
  for n in "${FS_GALERA_NODES[@]}"; do
    pid="$(fs_galera_node_pid "$dir" "$n")"
    status="$(fs_galera_node_status "$dir" "$n")"
    [ "$status" = "Synced ${#FS_GALERA_NODES[@]}" ] || rc=1
    [ -n "$status" ] || status="no-answer -"
    printf 'node%s  127.0.0.1:%-5s pid %-7s state %-10s cluster size %s\n' "$n" \
      "$(fs_galera_port "$n" SQL)" "${pid:-down}" "${status%% *}" "${status##* }"
  done
  return "$rc"
}
