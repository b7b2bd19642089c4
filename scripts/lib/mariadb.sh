# Private MariaDB servers as plain processes: sourced by run.sh and test.sh.
source "$(dirname "${BASH_SOURCE[0]}")/pki.sh"

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

# fs_free_ports N [TAKEN...]: N distinct free ports, one a line, none of
# them in TAKEN (ports chosen before for something not listening now).
fs_free_ports() {
  local n="$1" ports=() p
  shift
  while [ "${#ports[@]}" -lt "$n" ]; do
    p="$(fs_free_port)" || return 1
    [[ " ${ports[*]} $* " == *" $p "* ]] || ports+=("$p")
  done
  printf '%s\n' "${ports[@]}"
}

# fs_mariadb_start DATADIR PORT [PKI_DIR]: initialises DATADIR on first use,
# starts mariadbd on 127.0.0.1:PORT with its socket and pid inside DATADIR,
# and waits until it answers. Root connects over the socket without a
# password. With PKI_DIR (made by fs_pki_ensure with a "mariadb" certificate)
# the server also accepts TLS, with PKI_DIR/mariadb.pem signed by
# PKI_DIR/ca.pem; plain-text clients are still accepted (a client that wants
# TLS insists on it: the services' db_tls_ca setting).
fs_mariadb_start() {
  local datadir="$1" port="$2" pki="${3:-}"
  local tls=()
  if [ -n "$pki" ]; then
    pki="$(cd "$pki" && pwd)"
    tls=(--ssl-ca="$pki/ca.pem" --ssl-cert="$pki/mariadb.pem" --ssl-key="$pki/mariadb.key")
  fi
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
    --max-connections=500 --skip-name-resolve "${tls[@]}" 2>>"$datadir/error.log" &
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

# fs_mariadb_sql DATADIR SQL...: runs SQL as root over the socket. The SQL
# goes through standard input, not the command line, so the passwords in
# CREATE USER never show in `ps`.
fs_mariadb_sql() {
  local datadir="$1"
  shift
  printf '%s\n' "$*" | mariadb --no-defaults --socket="$datadir/mysqld.sock" -uroot
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
# free port, with TLS from a private CA made in that folder, creates a user
# with a random password that may create databases, and exports
# FS_TEST_DB_HOST/PORT/USER/PASSWORD for tests and benchmarks, and
# FS_TEST_PKI_DIR: the CA (ca.pem) and the certificates of mariadb, orders,
# warranty, scheduling and callback (NAME.pem, NAME.key). The folder is in
# FS_THROWAWAY_DIR; the caller stops it with fs_mariadb_throwaway_stop.
fs_mariadb_throwaway() {
  FS_THROWAWAY_DIR="$(mktemp -d "/tmp/$1.XXXXXX")"
  local port password
  port="$(fs_free_port)"
  fs_pki_ensure "$FS_THROWAWAY_DIR/pki" mariadb orders warranty scheduling callback
  fs_mariadb_start "$FS_THROWAWAY_DIR" "$port" "$FS_THROWAWAY_DIR/pki"
  password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  fs_mariadb_sql "$FS_THROWAWAY_DIR" "CREATE USER 'fs_test'@'127.0.0.1' IDENTIFIED BY '$password';
    GRANT ALL PRIVILEGES ON *.* TO 'fs_test'@'127.0.0.1' WITH GRANT OPTION;"
  export FS_TEST_DB_HOST=127.0.0.1 FS_TEST_DB_PORT="$port"
  export FS_TEST_DB_USER=fs_test FS_TEST_DB_PASSWORD="$password"
  export FS_TEST_PKI_DIR="$FS_THROWAWAY_DIR/pki"
}

fs_mariadb_throwaway_stop() {
  [ -n "${FS_THROWAWAY_DIR:-}" ] || return 0
  fs_mariadb_stop "$FS_THROWAWAY_DIR"
  rm -rf "$FS_THROWAWAY_DIR"
}
