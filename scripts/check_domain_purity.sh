#!/usr/bin/env bash
# Fails, naming the lines, when a file under services/*/domain includes a
# gRPC, protobuf, generated-API or SQL header, or the service plumbing of
# services/common (DESIGN.md: domain/ is pure logic). The link side is checked
# when CMake configures (cmake/PureDomain.cmake).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pattern='#include [<"](grpc|grpcpp|cppconn|mysql|google/protobuf|fieldservice/)|#include "services/common/(sql|db_pool|transaction|grpc_status|server|service_main|outbox|migrations|caller|proto_time|checked_service|request_check|operations_handler|calendar_keeper)\.h"|#include "services/[a-z]+/(api|storage|clients)/'
if grep -rnE "$pattern" "$root"/services/*/domain; then
  echo "domain purity: the includes above bring gRPC, protobuf or SQL into domain/"
  exit 1
fi
echo "domain purity: $(ls "$root"/services/*/domain/* | wc -l) domain files include no gRPC, protobuf or SQL"
