#!/usr/bin/env bash
# Configures and builds into build/ (override with FS_BUILD_DIR); only the
# targets named in FS_BUILD_TARGETS when set (e.g. scripts/vrptw_bench.sh's
# vrptw_solve).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FS_BUILD_DIR:-$root/build}"
jobs="${FS_BUILD_JOBS:-$(nproc)}"
# ccache (scripts/deps.sh installs it): a rebuild, or another checkout of the
# same sources on this machine (CI's fresh clone), reuses what was compiled.
# Paths under the checkout are hashed relative to it, so checkouts share;
# FS_NO_CCACHE=1 compiles everything.
launcher=()
if [ -z "${FS_NO_CCACHE:-}" ] && command -v ccache >/dev/null 2>&1; then
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE="${FS_BUILD_TYPE:-RelWithDebInfo}" \
  "${launcher[@]}" "$@" >/dev/null
targets=()
for target in ${FS_BUILD_TARGETS:-}; do targets+=(--target "$target"); done
cmake --build "$build" -j "$jobs" "${targets[@]}"
