#!/usr/bin/env bash
# The test command: installs what is missing, builds, starts a throwaway
# MariaDB in a temporary folder, runs every test tier through CTest, stops the
# database, and exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib/mariadb.sh"

"$root/scripts/deps.sh"
"$root/scripts/build.sh" -DFS_BUILD_TESTS=ON

tmp="$(mktemp -d /tmp/fs-test-db.XXXXXX)"
cleanup() {
  fs_mariadb_stop "$tmp"
  rm -rf "$tmp"
}
trap cleanup EXIT

port="$(fs_free_port)"
fs_mariadb_start "$tmp" "$port"
# Tests connect over TCP as a password user that may create databases.
password="test-$(date +%s)-$RANDOM"
fs_mariadb_sql "$tmp" "CREATE USER 'fs_test'@'127.0.0.1' IDENTIFIED BY '$password';
  GRANT ALL PRIVILEGES ON *.* TO 'fs_test'@'127.0.0.1' WITH GRANT OPTION;"

export FS_TEST_DB_HOST=127.0.0.1 FS_TEST_DB_PORT="$port"
export FS_TEST_DB_USER=fs_test FS_TEST_DB_PASSWORD="$password"
cd "${FS_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j "${FS_TEST_JOBS:-2}" --timeout 300 "$@"
