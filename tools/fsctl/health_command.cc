// `fsctl health`: each service with a known address, its grpc.health
// status and, when the caller may read it (operator, supervisor), its
// Operations status: version and checks (database, calendar, ...). Exit 0
// when every one serves, 6 when any does not answer or does not serve.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "fieldservice/ops/v1/ops.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tools/fsctl/command.h"
#include "tools/fsctl/exit_codes.h"
#include "tools/fsctl/output.h"

namespace fieldservice::fsctl {

namespace {

namespace pb = ::google::protobuf;
using grpc::health::v1::HealthCheckResponse;

struct ServiceHealth {
  std::string service;
  std::string address;
  std::string health;  // SERVING, NOT_SERVING, or the failed call's code and message
  bool serving = false;
  bool has_status = false;
  ops::v1::ServiceStatus status;
  std::string status_error;  // why there is no status (e.g. PERMISSION_DENIED)
};

std::string CallError(const grpc::Status& status) {
  return absl::StrCat("error ", status.error_code(), ": ", status.error_message());
}

ServiceHealth Check(const Session& session, const std::string& service) {
  ServiceHealth out;
  out.service = service;
  out.address = session.Address(service);
  auto channel = session.Open(service, /*need_token=*/false);
  if (!channel.ok()) {
    out.health = std::string(channel.status().message());
    return out;
  }
  grpc::health::v1::HealthCheckResponse health;
  grpc::Status status = grpc::health::v1::Health::NewStub(channel->channel)
                            ->Check(session.NewCall(*channel).get(), {}, &health);
  if (!status.ok()) {
    out.health = CallError(status);
    return out;
  }
  out.health = HealthCheckResponse::ServingStatus_Name(health.status());
  out.serving = health.status() == HealthCheckResponse::SERVING;
  if (channel->authorization.empty()) {
    out.status_error = "no token";
    return out;
  }
  status = ops::v1::Operations::NewStub(channel->channel)
               ->GetServiceStatus(session.NewCall(*channel).get(), {}, &out.status);
  out.has_status = status.ok();
  if (!status.ok()) out.status_error = CallError(status);
  return out;
}

std::string ChecksText(const ServiceHealth& h) {
  if (!h.has_status) return h.status_error;
  std::vector<std::string> checks;
  for (const ops::v1::Check& c : h.status.checks()) {
    checks.push_back(c.ok() ? c.name() + " ok" : c.name() + " FAILED: " + c.detail());
  }
  return absl::StrJoin(checks, ", ");
}

void PrintJsonHealth(const std::vector<ServiceHealth>& all) {
  pb::Struct root;
  pb::ListValue* services = root.mutable_fields()->operator[]("services").mutable_list_value();
  for (const ServiceHealth& h : all) {
    pb::Struct& s = *services->add_values()->mutable_struct_value();
    (*s.mutable_fields())["service"].set_string_value(h.service);
    (*s.mutable_fields())["address"].set_string_value(h.address);
    (*s.mutable_fields())["health"].set_string_value(h.health);
    (*s.mutable_fields())["serving"].set_bool_value(h.serving);
    if (h.has_status) {
      pb::Struct status;
      if (pb::util::JsonStringToMessage(JsonOf(h.status), &status).ok()) {
        *(*s.mutable_fields())["status"].mutable_struct_value() = status;
      }
    } else {
      (*s.mutable_fields())["status_error"].set_string_value(h.status_error);
    }
  }
  PrintJson(root);
}

int Health(Session& session, const po::variables_map&) {
  std::vector<ServiceHealth> all;
  for (const std::string& service : ServiceNames()) {
    if (session.Address(service).empty()) continue;
    all.push_back(Check(session, service));
  }
  if (all.empty()) {
    return ReportUsageError(
        "health: no service address known: give --orders, --scheduling, ... (or run "
        "scripts/run.sh)");
  }
  bool every_one_serves = true;
  for (const ServiceHealth& h : all) every_one_serves &= h.serving;
  if (session.json()) {
    PrintJsonHealth(all);
  } else {
    Table table({"SERVICE", "ADDRESS", "HEALTH", "VERSION", "CHECKS"});
    for (const ServiceHealth& h : all) {
      table.Add({h.service, h.address, h.health, h.status.version(), ChecksText(h)});
    }
    table.Print(std::cout);
  }
  return every_one_serves ? kExitOk : kExitUnavailable;
}

}  // namespace

void AddHealthCommands(std::vector<Command>& commands) {
  commands.push_back({{"health"},
                      "each service's health, version and checks (those with an address)",
                      {},
                      nullptr,
                      Health});
}

}  // namespace fieldservice::fsctl
