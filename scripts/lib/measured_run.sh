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
# On exit, however it comes, they are stopped, the logs in $work shown when
# the command failed, $work removed and the database stopped.
fs_private_system() {
  local prefix="$1"
  pids=()
  work=""
  trap fs_private_system_cleanup EXIT
  trap 'exit 130' INT TERM
  fs_mariadb_throwaway "$prefix-db"
  work="$(mktemp -d "${TMPDIR:-/tmp}/$prefix.XXXXXX")"
  pki="$FS_TEST_PKI_DIR"
  (umask 077; printf '%s\n' "$FS_TEST_DB_PASSWORD" >"$work/db.password")
}

fs_private_system_cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$rc" -ne 0 ] && [ -n "$work" ]; then
    for log in "$work"/*.log; do
      [ -f "$log" ] && { echo "---- $(basename "$log") ----" >&2; tail -20 "$log" >&2; }
    done
  fi
  [ -n "$work" ] && rm -rf "$work"
  fs_mariadb_throwaway_stop
  exit "$rc"
}

# root_sql SQL: as root over the throwaway's socket, rows tab-separated.
root_sql() {
  mariadb --no-defaults --socket="$FS_THROWAWAY_DIR/mysqld.sock" -uroot -N -B -e "$1"
}
