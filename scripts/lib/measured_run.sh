# What the measuring commands (bench.sh, techsim_run.sh) share: the facts a
# results file states about the run, and a private system of their own (a
# throwaway MariaDB, a work folder, the processes they start) that is gone
# again however the command ends. Sourced after mariadb.sh.

# fs_run_facts ROOT BUILD [EXCLUDED_PATH]: sets commit (with "(with
# uncommitted changes)" when the work tree differs, EXCLUDED_PATH aside:
# the results file the command itself rewrites), build_type, cpu_model,
# cpus, load_before (other work on the machine slows every figure) and
# started. Call it before anything changes the work tree.
fs_run_facts() {
  local root="$1" build="$2" excluded="${3:-}"
  local pathspec=(-- .)
  [ -n "$excluded" ] && pathspec+=(":(exclude)$excluded")
  commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [ -n "$(git -C "$root" status --porcelain "${pathspec[@]}" 2>/dev/null)" ]; then
    commit="$commit (with uncommitted changes)"
  fi
  build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")"
  cpu_model="$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -1)"
  cpus="$(nproc)"
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  started="$(date -u '+%Y-%m-%d %H:%M UTC')"
}

# fs_private_system PREFIX: starts the throwaway MariaDB and makes the work
# folder ($work, with the database password in $work/db.password; $pki is
# the throwaway's certificates). Processes the command starts go in $pids.
# On exit, however it comes, they are stopped, then the commands in $stops
# run (what the command started that is not a child process: cluster_bench.sh
# adds HAProxy and the Galera nodes), the logs in $work are shown when the
# command failed, $work is removed and the database stopped.
# The database the services are given is the throwaway's: fs_db_host,
# fs_db_port and fs_db_user (the password is $work/db.password), and
# fs_db_socket is where root_sql logs in. A command that points its services
# at another server (cluster_bench.sh: HAProxy in front of a Galera cluster,
# which has the same user and password) sets these before
# fs_private_service.
fs_private_system() {
  local prefix="$1"
  pids=()
  stops=()
  work=""
  trap fs_private_system_cleanup EXIT
  trap 'exit 130' INT TERM
  fs_mariadb_throwaway "$prefix-db"
  work="$(mktemp -d "${TMPDIR:-/tmp}/$prefix.XXXXXX")"
  pki="$FS_TEST_PKI_DIR"
  fs_db_host="$FS_TEST_DB_HOST" fs_db_port="$FS_TEST_DB_PORT" fs_db_user="$FS_TEST_DB_USER"
  fs_db_socket="$FS_THROWAWAY_DIR/mysqld.sock"
  (umask 077; printf '%s\n' "$FS_TEST_DB_PASSWORD" >"$work/db.password")
}

fs_private_system_cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  local stop
  for stop in "${stops[@]}"; do "$stop" || true; done
  if [ "$rc" -ne 0 ] && [ -n "$work" ]; then
    for log in "$work"/*.log; do
      [ -f "$log" ] && { echo "---- $(basename "$log") ----" >&2; tail -20 "$log" >&2; }
    done
  fi
  [ -n "$work" ] && rm -rf "$work"
  fs_mariadb_throwaway_stop
  exit "$rc"
}

# root_sql SQL: as root over the socket of the services' database server
# ($fs_db_socket: the throwaway's unless the command chose another), rows
# tab-separated.
root_sql() {
  mariadb --no-defaults --socket="$fs_db_socket" -uroot -N -B -e "$1"
}

# fs_private_service NAME LISTEN ARGS...: starts services/NAME/NAME_server
# of $build on LISTEN ("127.0.0.1:0": a port from the system) with its own
# database on $fs_db_host:$fs_db_port (made unless FS_REPLICA=N says it is
# another replica of one already started; its log is then NAME-N.log), TLS
# with the run's CA and tokens checked against $work/jwks.json; ARGS are
# more flags. Returns once it serves, with its port in $port (read back from
# its log).
fs_private_service() {
  local name="$1" listen="$2"; shift 2
  local log="$work/$name${FS_REPLICA:+-$FS_REPLICA}.log"
  local me
  me="$(basename "$0" .sh)"
  [ -n "${FS_REPLICA:-}" ] ||
    root_sql "CREATE DATABASE \`$name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
  : >"$log"  # exists before the server starts: it is read while the server starts
  FS_DB_HOST="$fs_db_host" FS_DB_PORT="$fs_db_port" FS_DB_USER="$fs_db_user" \
    FS_DB_PASSWORD_FILE="$work/db.password" FS_DB_TLS_CA="$pki/ca.pem" FS_DB_NAME="$name" \
    FS_LISTEN="$listen" FS_DATA_DIR="$root/data" FS_TLS_CA="$pki/ca.pem" \
    FS_TLS_CERT="$pki/$name.pem" FS_TLS_KEY="$pki/$name.key" FS_JWKS="$work/jwks.json" \
    "$build/services/$name/${name}_server" "$@" >>"$log" 2>&1 &
  pids+=($!)
  port=""
  for _ in $(seq 1 300); do
    port="$(sed -n "s/.*server_listening service=$name port=\([0-9]*\).*/\1/p" "$log" | head -1)"
    [ -n "$port" ] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "$me: $name exited at start" >&2; exit 1; }
    sleep 0.2
  done
  echo "$me: $name did not start serving within 60 s" >&2
  exit 1
}
