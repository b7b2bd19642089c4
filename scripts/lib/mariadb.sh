# Private MariaDB servers as plain processes: sourced by run.sh and test.sh.

# A TCP port nobody listens on now (a race is possible but start-up retries).
fs_free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# fs_mariadb_start DATADIR PORT: initialises DATADIR on first use, starts
# mariadbd on 127.0.0.1:PORT with its socket and pid inside DATADIR, and waits
# until it answers. Root connects over the socket without a password.
fs_mariadb_start() {
  local datadir="$1" port="$2"
  mkdir -p "$datadir"
  datadir="$(cd "$datadir" && pwd)"
  if [ ! -d "$datadir/data/mysql" ]; then
    mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$datadir/data" \
      --auth-root-authentication-method=socket --skip-test-db \
      >"$datadir/install.log" 2>&1 || { cat "$datadir/install.log" >&2; return 1; }
  fi
  # Still running from a run that was killed hard: use it as it is.
  if mariadb-admin --no-defaults --socket="$datadir/mysqld.sock" -uroot ping >/dev/null 2>&1; then
    return 0
  fi
  mariadbd --no-defaults --user="$(id -un)" --datadir="$datadir/data" \
    --bind-address=127.0.0.1 --port="$port" --socket="$datadir/mysqld.sock" \
    --pid-file="$datadir/mysqld.pid" --log-error="$datadir/error.log" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
    --innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=1 \
    --max-connections=500 --skip-name-resolve 2>>"$datadir/error.log" &
  local pid=$!
  for _ in $(seq 1 300); do
    if mariadb-admin --no-defaults --socket="$datadir/mysqld.sock" -uroot ping >/dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "mariadbd exited; its log:" >&2
      tail -20 "$datadir/error.log" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "mariadbd did not answer within 60 s" >&2
  return 1
}

# fs_mariadb_sql DATADIR SQL...: runs SQL as root over the socket.
fs_mariadb_sql() {
  local datadir="$1"
  shift
  mariadb --no-defaults --socket="$datadir/mysqld.sock" -uroot -e "$*"
}

# fs_mariadb_stop DATADIR: a clean shutdown, waiting until the process is gone.
fs_mariadb_stop() {
  local datadir="$1" pid
  [ -f "$datadir/mysqld.pid" ] || return 0
  pid="$(cat "$datadir/mysqld.pid")"
  mariadb-admin --no-defaults --socket="$datadir/mysqld.sock" -uroot shutdown >/dev/null 2>&1 \
    || kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -9 "$pid" 2>/dev/null || true
}

# fs_mariadb_throwaway PREFIX: starts a MariaDB in a new temporary folder on a
# free port, creates a password user that may create databases, and exports
# FS_TEST_DB_HOST/PORT/USER/PASSWORD for tests and benchmarks. The folder is
# in FS_THROWAWAY_DIR; the caller stops it with fs_mariadb_throwaway_stop.
fs_mariadb_throwaway() {
  FS_THROWAWAY_DIR="$(mktemp -d "/tmp/$1.XXXXXX")"
  local port password
  port="$(fs_free_port)"
  fs_mariadb_start "$FS_THROWAWAY_DIR" "$port"
  password="$1-$(date +%s)-$RANDOM"
  fs_mariadb_sql "$FS_THROWAWAY_DIR" "CREATE USER 'fs_test'@'127.0.0.1' IDENTIFIED BY '$password';
    GRANT ALL PRIVILEGES ON *.* TO 'fs_test'@'127.0.0.1' WITH GRANT OPTION;"
  export FS_TEST_DB_HOST=127.0.0.1 FS_TEST_DB_PORT="$port"
  export FS_TEST_DB_USER=fs_test FS_TEST_DB_PASSWORD="$password"
}

fs_mariadb_throwaway_stop() {
  [ -n "${FS_THROWAWAY_DIR:-}" ] || return 0
  fs_mariadb_stop "$FS_THROWAWAY_DIR"
  rm -rf "$FS_THROWAWAY_DIR"
}
