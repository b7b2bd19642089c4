#!/usr/bin/env bash
# What oversized requests cost the server: starts warranty_server on a
# throwaway MariaDB, floods it with concurrent oversized requests
# (bench/edge_flood), and prints its resident memory before, at the peak
# (VmHWM) and after. A measurement for docs/BENCHMARKS.md, not a test.
#
#   bench/edge_memory.sh [CONCURRENT=64] [BYTES=10000000] [-- server flags...]
# e.g. bench/edge_memory.sh 64 10000000 -- --memory_quota_bytes=100000000000
# (an effectively unlimited quota, as before the server set one).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FS_BUILD_DIR:-$root/build}"
source "$root/scripts/lib/mariadb.sh"
concurrent="${1:-64}"
bytes="${2:-10000000}"
shift $(( $# >= 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift

cmake --build "$build" --target warranty_server edge_flood fs_token -j "${FS_BUILD_JOBS:-2}" \
  >/dev/null

trap 'kill "$server" 2>/dev/null || true; fs_mariadb_throwaway_stop' EXIT
fs_mariadb_throwaway fs-edge-bench
fs_mariadb_sql "$FS_THROWAWAY_DIR" "CREATE DATABASE edge_bench"
# As deployed: TLS with the throwaway's certificates, tokens checked against
# a key set (the flood never gets as far as a token check).
pki="$FS_TEST_PKI_DIR"
"$build/tools/fs_token" keygen --out "$FS_THROWAWAY_DIR/token-key.pem" >/dev/null
"$build/tools/fs_token" jwks --key "$FS_THROWAWAY_DIR/token-key.pem" > "$FS_THROWAWAY_DIR/jwks.json"
log="$(mktemp)"
FS_DB_HOST="$FS_TEST_DB_HOST" FS_DB_PORT="$FS_TEST_DB_PORT" FS_DB_USER="$FS_TEST_DB_USER" \
  FS_DB_PASSWORD="$FS_TEST_DB_PASSWORD" FS_DB_NAME=edge_bench \
  "$build/services/warranty/warranty_server" --listen=127.0.0.1:0 --data_dir="$root/data" \
  --tls_ca="$pki/ca.pem" --tls_cert="$pki/warranty.pem" --tls_key="$pki/warranty.key" \
  --jwks="$FS_THROWAWAY_DIR/jwks.json" "$@" \
  2>"$log" &
server=$!
for _ in $(seq 1 600); do
  grep -q "server_listening" "$log" && break
  kill -0 "$server" || { cat "$log"; exit 1; }
  sleep 0.1
done
port="$(sed -n 's/.*server_listening.* port=\([0-9]*\).*/\1/p' "$log" | head -1)"

rss() { awk -v k="$1:" '$1 == k { printf "%d MB", $2 / 1024 }' "/proc/$server/status"; }
echo "idle:  rss=$(rss VmRSS)"
"$build/bench/edge_flood" "127.0.0.1:$port" "$concurrent" "$bytes" 1 "$pki/ca.pem"
echo "flood: peak=$(rss VmHWM)"
sleep 5  # memory settles once the connections are gone
echo "after: rss=$(rss VmRSS)"
