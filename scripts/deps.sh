#!/usr/bin/env bash
# Installs the Debian bookworm packages the project needs, and only those that
# are missing. Runs as root (or through sudo when not root). Arguments name
# extra packages one command alone needs (the bench command: gnuplot-nox).
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config clang-format ccache
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libmysqlcppconn-dev
  libssl-dev libcurl4-openssl-dev libboost-program-options-dev prometheus-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev libyaml-cpp-dev
  mariadb-server mariadb-client openssl
  "$@"
)

# Node.js runs the stock gRPC client test (tests/stock_client). Debian's
# `nodejs npm` only when no `node` is on PATH: a machine may have a newer Node
# from elsewhere, and installing Debian's beside it would shadow or break it.
if ! command -v node >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; refresh them only then or when an
# install fails on a stale list.
if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; then
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
