# HAProxy in front of the Galera nodes as a plain process: sourced by
# scripts/cluster.sh.
#
#   fs_haproxy_start DIR FRONT_PORT NODE...   NODE: host:port of a node's SQL
#   fs_haproxy_stop DIR                       a hard stop (connections cut)
#   fs_haproxy_restart DIR                    hard stop, start on the same configuration
#   fs_haproxy_status DIR                     each node: UP/DOWN, sessions, the writer
#   fs_haproxy_check_user_sql                 the SQL making its health-check user
#
# One writer at a time: every connection goes to the same node (a stick
# table of one entry, keyed by a constant), the first node that is up when
# the table is empty. When that node is marked down (two failed checks one
# second apart), its connections are cut and the next new connection picks
# another node, which stays the writer also after the first comes back: two
# nodes taking writes at once would fail transactions on certification
# conflicts (a Galera deadlock) that one node serialises with row locks.
# The check (galera_check.sh, beside this file) logs in as the user
# haproxy_check and wants the node Synced: a node that is up but joining,
# a donor or outside the primary component is down for HAProxy too (a plain
# `option mysql-check` login would pass it).
# DIR holds haproxy.cfg, haproxy.pid, haproxy.log and the admin socket
# haproxy.sock (`fs_haproxy_admin DIR "show stat"`).

FS_HAPROXY_CHECK_USER=haproxy_check

# The check logs in as this user (no password, no privileges, from
# 127.0.0.1 only) and quits: a node that is up but refuses logins fails.
fs_haproxy_check_user_sql() {
  echo "CREATE USER IF NOT EXISTS '$FS_HAPROXY_CHECK_USER'@'127.0.0.1';"
}

fs_haproxy_pid() {  # the running haproxy's pid, else nothing
  local pid
  pid="$(cat "$1/haproxy.pid" 2>/dev/null)" || return 0
  kill -0 "$pid" 2>/dev/null && echo "$pid"
  return 0
}

fs_haproxy_start() {
  local dir="$1" front="$2"
  shift 2
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ -n "$(fs_haproxy_pid "$dir")" ]; then
    fs_haproxy_stop "$dir"
  fi
  local servers="" i=1 node
  for node in "$@"; do
    servers+="  server node$i $node"$'\n'
    i=$((i + 1))
  done
  cat >"$dir/haproxy.cfg" <<EOF
# Written by scripts/lib/haproxy.sh fs_haproxy_start: the Galera nodes behind
# 127.0.0.1:$front, one writer at a time.
global
  log stderr format iso local0 info
  stats socket $dir/haproxy.sock mode 600 level admin
  maxconn 2000
  # The nodes' check is a program (galera_check.sh) that haproxy forks.
  external-check
  insecure-fork-wanted

defaults
  mode tcp
  log global
  option tcplog
  option dontlog-normal
  timeout connect 2s
  # A pooled database connection may sit idle for long; the services ping
  # and replace a connection that was closed under them.
  timeout client 1h
  timeout server 1h
  timeout check 2s
  # A connection refused by a node not yet marked down goes to another.
  retries 2
  option redispatch

frontend galera
  bind 127.0.0.1:$front
  default_backend galera_nodes

backend galera_nodes
  balance first
  stick-table type integer size 1
  stick on int(1)
  # Logs in as $FS_HAPROXY_CHECK_USER and asks for the node's Galera state:
  # up when Synced.
  option external-check
  external-check path "/usr/bin:/bin"
  external-check command $(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/galera_check.sh
  default-server check inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
$servers
EOF
  haproxy -c -q -f "$dir/haproxy.cfg" || { echo "haproxy: $dir/haproxy.cfg is not valid" >&2; return 1; }
  fs_haproxy_launch "$dir" "$front"
}

# Starts haproxy on DIR/haproxy.cfg in the foreground mode (-db) as a
# background process, so its log goes to DIR/haproxy.log and its pid is the
# one recorded; waits until its admin socket answers (it has bound every
# port by then). Not a probe of FRONT_PORT: that would open a connection to
# a node and drop it before the login, which MariaDB counts against the host.
fs_haproxy_launch() {
  local dir="$1" front="$2"
  rm -f "$dir/haproxy.sock"
  (trap '' INT && exec haproxy -db -f "$dir/haproxy.cfg" </dev/null >>"$dir/haproxy.log" 2>&1) &
  echo "$!" >"$dir/haproxy.pid"
  disown "$!"
  echo "$front" >"$dir/haproxy.port"
  for _ in $(seq 1 100); do
    fs_haproxy_admin "$dir" "show info" 2>/dev/null | grep -q '^Pid:' && return 0
    if [ -z "$(fs_haproxy_pid "$dir")" ]; then
      echo "haproxy exited; its log:" >&2
      tail -20 "$dir/haproxy.log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "haproxy did not start within 10 s; its log:" >&2
  tail -20 "$dir/haproxy.log" >&2
  return 1
}

# fs_haproxy_stop DIR: SIGTERM, haproxy's immediate stop: every connection
# through it is cut now, as a crash of the balancer would.
fs_haproxy_stop() {
  local dir="$1" pid
  pid="$(fs_haproxy_pid "$dir")"
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$dir/haproxy.pid"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/haproxy.pid"
}

# fs_haproxy_restart DIR: a hard stop and a start on the configuration and
# port of the last start; clients reconnect. The writer is chosen anew.
fs_haproxy_restart() {
  local dir="$1"
  dir="$(cd "$dir" && pwd)"
  fs_haproxy_stop "$dir"
  fs_haproxy_launch "$dir" "$(cat "$dir/haproxy.port")"
}

# fs_haproxy_admin DIR COMMAND: a command on the admin socket (socat).
fs_haproxy_admin() {
  echo "$2" | socat stdio "unix-connect:$1/haproxy.sock"
}

# fs_haproxy_status DIR: the front port and, per node, its check status and
# current sessions, and which node is the writer (the stick table's entry).
# Returns 1 when haproxy does not run.
fs_haproxy_status() {
  local dir="$1" pid writer
  pid="$(fs_haproxy_pid "$dir")"
  if [ -z "$pid" ]; then
    echo "haproxy  down"
    return 1
  fi
  # The entry's server_id is the node's number (servers are numbered in order).
  writer="$(fs_haproxy_admin "$dir" "show table galera_nodes" |
    sed -n 's/.* server_id=\([0-9]*\).*/node\1/p' | head -1)"
  echo "haproxy  127.0.0.1:$(cat "$dir/haproxy.port") pid $pid writer ${writer:-none yet}"
  # show stat is CSV: pxname,svname,qcur,qmax,scur,... status is field 18.
  fs_haproxy_admin "$dir" "show stat" | awk -F, '$1 == "galera_nodes" && $2 ~ /^node/ {
      printf "  %-6s %-9s sessions %s\n", $2, $18, $5 }'
}
