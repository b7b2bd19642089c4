#!/usr/bin/env bash
# End-to-end test of issue 7's "Must show": the real warranty and orders
# binaries serve TLS and verify tokens; a stock gRPC client that has only the
# .proto files (drive_order.js on @grpc/grpc-js) drives one whole order with
# tokens from the development tool (fs_token).
#
#   stock_client_e2e.sh BUILD_DIR
#
# Needs the throwaway MariaDB of the test command (FS_TEST_DB_HOST, _PORT,
# _USER, _PASSWORD; scripts/test.sh starts it) and Node.js with npm (the
# client's modules are installed into BUILD_DIR/tests/stock_client/node).
# Everything else (databases, certificates, keys, tokens, logs) lives in a
# temporary folder that is removed at the end; the server logs are printed
# when the test fails.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/../.." && pwd)"

build="$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)"

for v in FS_TEST_DB_HOST FS_TEST_DB_PORT FS_TEST_DB_USER FS_TEST_DB_PASSWORD; do
  if [ -z "${!v:-}" ]; then
    echo "stock_client_e2e: $v is not set; run through scripts/test.sh, or" \
         "'source scripts/lib/mariadb.sh; fs_mariadb_throwaway NAME' first" >&2
  exit 1
  fi
done

# The people the client acts as, and their roles in the access policy.
AGENT=agent-stock-client
AGENT_ROLES=dispatcher
TECHNICIAN=tech-stock-client
TECHNICIAN_ROLES=technician

tmp="$(mktemp -d "${TMPDIR:-/tmp}/stock-client-e2e.XXXXXX")"
pki="$tmp/pki"
pids=()
databases=()
db_prefix="stock_client_$$"

# The database client reads the password from the environment, never from
# its command line.
db_sql() {
  MYSQL_PWD="$FS_TEST_DB_PASSWORD" mysql --protocol=TCP -h "$FS_TEST_DB_HOST" \
    -P "$FS_TEST_DB_PORT" -u "$FS_TEST_DB_USER" -e "$1"
}

cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$rc" -ne 0 ]; then
    for log in "$tmp"/*.log; do
      [ -f "$log" ] && { echo "---- $(basename "$log") ----"; tail -40 "$log"; }
    done
  fi
  for db in "${databases[@]}"; do db_sql "DROP DATABASE IF EXISTS \`$db\`" || true; done
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT

# Tokens from the development tool, signed with a key made for this run and
# published as the JWKS the servers read.
fs_token="$build/tools/fs_token"
[ -x "$fs_token" ] || { echo "stock_client_e2e: $fs_token is not built (make fs_token)" >&2; exit 1; }
"$fs_token" keygen --out "$tmp/dev-key.pem" >/dev/null
"$fs_token" jwks --key "$tmp/dev-key.pem" >"$tmp/jwks.json"
(umask 077
 "$fs_token" sign --key "$tmp/dev-key.pem" --user "$AGENT" --roles "$AGENT_ROLES" >"$tmp/agent.jwt"
 "$fs_token" sign --key "$tmp/dev-key.pem" --user "$TECHNICIAN" --roles "$TECHNICIAN_ROLES" \
   >"$tmp/technician.jwt")

source "$src/scripts/lib/pki.sh"
fs_pki_ensure "$pki" warranty orders

# The flags that make NAME serve TLS with its certificate, check tokens
# against the run's JWKS, and call other services over mutual TLS.
server_flags() {
  echo "--tls_cert=$pki/$1.pem" "--tls_key=$pki/$1.key" "--tls_ca=$pki/ca.pem" \
       "--jwks=$tmp/jwks.json"
}

# start_server NAME [FLAG...]: starts BUILD_DIR/services/NAME/NAME_server on a
# free port with its own database, waits until it serves, and sets `port`.
start_server() {
  local name="$1"; shift
  local db="${db_prefix}_$name" log="$tmp/$name.log"
  db_sql "CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
  databases+=("$db")
  # shellcheck disable=SC2046  # server_flags prints separate words
  FS_DB_HOST="$FS_TEST_DB_HOST" FS_DB_PORT="$FS_TEST_DB_PORT" FS_DB_USER="$FS_TEST_DB_USER" \
    FS_DB_PASSWORD="$FS_TEST_DB_PASSWORD" FS_DB_NAME="$db" \
    "$build/services/$name/${name}_server" --listen=127.0.0.1:0 --data_dir="$src/data" \
    $(server_flags "$name") "$@" >"$log" 2>&1 &
  pids+=($!)
  port=""
  for _ in $(seq 1 300); do
    port="$(sed -n "s/.*server_listening service=$name port=\([0-9]*\).*/\1/p" "$log" | head -1)"
    [ -n "$port" ] && break
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "$name server exited at start" >&2; exit 1; }
    sleep 0.2
  done
  [ -n "$port" ] || { echo "$name server did not start serving within 60 s" >&2; exit 1; }
  echo "$name serving on 127.0.0.1:$port (TLS)"
}

start_server warranty
start_server orders --warranty_address="127.0.0.1:$port"
orders_port="$port"

client_args=(--orders "127.0.0.1:$orders_port" --protos "$src/proto"
             --token-file "$tmp/agent.jwt" --technician-token-file "$tmp/technician.jwt"
             --technician "$TECHNICIAN"
             # The certificate names localhost and 127.0.0.1; checking it for the
             # name (not the IP) is what a client configured with a host name does.
             --ca "$pki/ca.pem" --server-name localhost)
"$here/run_stock_client.sh" "$build/tests/stock_client/node" "${client_args[@]}"

# The same client without TLS gets no connection to the TLS port: the first
# call fails without an answer (UNAVAILABLE, or DEADLINE_EXCEEDED if the
# server waits for a TLS hello that never comes).
plain_out="$(node "$build/tests/stock_client/node/drive_order.js" --orders "127.0.0.1:$orders_port" \
  --protos "$src/proto" --token-file "$tmp/agent.jwt" \
  --technician-token-file "$tmp/technician.jwt" --technician "$TECHNICIAN" \
  --plaintext --call-timeout 5 2>&1)" && {
  echo "FAIL a plain-text client drove an order on the TLS port:"; echo "$plain_out"; exit 1; }
if ! grep -Eq "FAIL CreateRepairOrder: (UNAVAILABLE|DEADLINE_EXCEEDED)" <<<"$plain_out"; then
  echo "FAIL plain-text client: want no connection at CreateRepairOrder, got:"; echo "$plain_out"
  exit 1
fi
echo "ok   plain-text client on the TLS port: no connection"
