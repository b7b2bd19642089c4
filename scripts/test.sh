#!/usr/bin/env bash
# The test command: installs what is missing, builds, starts a throwaway
# MariaDB in a temporary folder, runs every test tier through CTest, stops the
# database, and exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib/mariadb.sh"

"$root/scripts/deps.sh"
"$root/scripts/build.sh" -DFS_BUILD_TESTS=ON

trap fs_mariadb_throwaway_stop EXIT
fs_mariadb_throwaway fs-test-db
cd "${FS_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j "${FS_TEST_JOBS:-2}" --timeout 300 "$@"
