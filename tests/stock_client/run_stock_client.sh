#!/usr/bin/env bash
# Runs the stock Node.js gRPC client (drive_order.js) for ctest: installs its
# locked dependencies with `npm ci` into a work folder given by the caller
# (the build tree, so the source tree stays clean), then runs it with the
# remaining arguments. Its exit code is the client's.
#
#   run_stock_client.sh WORK_DIR [drive_order.js arguments...]
#
# The install is skipped when WORK_DIR already holds modules installed from
# the same package-lock.json. Needs `node` (18 or newer) and `npm` on PATH,
# and the npm registry (or a populated npm cache) the first time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ $# -lt 1 ]; then
  echo "usage: $0 WORK_DIR [drive_order.js arguments...]" >&2
  exit 2
fi
work="$1"
shift

if ! command -v node >/dev/null 2>&1; then
  echo "run_stock_client.sh: 'node' is not on PATH; the stock gRPC client needs Node.js 18" \
       "or newer and npm (scripts/deps.sh installs Debian's 'nodejs npm')" >&2
  exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 18 ]; then
  echo "run_stock_client.sh: Node.js $(node --version) is too old; 18 or newer is needed" >&2
  exit 1
fi

mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/drive_order.js" "$work/"
# What the modules in $work were installed from; equal to the lock: up to date.
stamp="$work/node_modules/.installed-from-lock"
if ! cmp -s "$here/package-lock.json" "$stamp" 2>/dev/null; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "run_stock_client.sh: 'npm' is not on PATH; it installs the client's" \
         "dependencies (scripts/deps.sh installs Debian's 'nodejs npm')" >&2
    exit 1
  fi
  # Install scripts are not needed (the packages are plain JavaScript) and
  # are not run: an install does only what the lock file says.
  (cd "$work" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) >&2
  cp "$here/package-lock.json" "$stamp"
fi

exec node "$work/drive_order.js" "$@"
