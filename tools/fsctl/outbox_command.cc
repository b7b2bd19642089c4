// `fsctl outbox`: each service's outbox backlog (README "Operating": the
// messages a service owes another, delivered by its relay), one row per
// service with a known address, from the "outbox" check of its
// Operations.GetServiceStatus (needs a role that may read it: operator,
// supervisor). For cron: exit 0 when every outbox is fine, 7
// (kExitAttention) when one has parked messages or a pending one older than
// that service's outbox_backlog_warn_age, and the failed call's code (6
// unreachable, 5 denied, ...) when a service could not be asked.
#include <google/protobuf/struct.pb.h>

#include <iostream>

#include "absl/strings/str_cat.h"
#include "fieldservice/ops/v1/ops.grpc.pb.h"
#include "tools/fsctl/command.h"
#include "tools/fsctl/exit_codes.h"
#include "tools/fsctl/output.h"

namespace fieldservice::fsctl {

namespace {

namespace pb = ::google::protobuf;

struct Backlog {
  std::string service;
  std::string address;
  int exit_code = kExitOk;  // of the call, when it failed
  std::string error;        // the failed call's code and message
  bool has_outbox = false;  // whether the service keeps one (warranty does not)
  bool ok = true;           // the service's own judgement (the check's ok)
  int64_t pending = 0;
  int64_t parked = 0;
  int64_t oldest_pending_seconds = 0;
  std::string detail;
};

int64_t Figure(const ops::v1::Check& check, const std::string& name) {
  auto it = check.figures().find(name);
  return it == check.figures().end() ? 0 : it->second;
}

Backlog Read(const Session& session, const std::string& service) {
  Backlog out;
  out.service = service;
  out.address = session.Address(service);
  auto channel = session.Open(service);
  if (!channel.ok()) {
    out.exit_code = kExitUsage;
    out.error = std::string(channel.status().message());
    return out;
  }
  ops::v1::ServiceStatus status;
  grpc::Status called = ops::v1::Operations::NewStub(channel->channel)
                            ->GetServiceStatus(session.NewCall(*channel).get(), {}, &status);
  if (!called.ok()) {
    out.exit_code = ExitCodeOf(called.error_code());
    out.error = absl::StrCat("error ", called.error_code(), ": ", called.error_message());
    return out;
  }
  for (const ops::v1::Check& check : status.checks()) {
    if (check.name() != "outbox") continue;
    out.has_outbox = true;
    out.ok = check.ok();
    out.detail = check.detail();
    out.pending = Figure(check, "pending");
    out.parked = Figure(check, "parked");
    out.oldest_pending_seconds = Figure(check, "oldest_pending_seconds");
  }
  return out;
}

// "42s" under a minute (a backlog is often that young), else "3h05m".
std::string OldestText(int64_t seconds) {
  return seconds < 60 ? absl::StrCat(seconds, "s") : AgeText(seconds);
}

std::string StateText(const Backlog& b) {
  if (!b.error.empty()) return b.error;
  if (!b.has_outbox) return "no outbox";
  if (b.parked > 0) return "PARKED: see outbox_delivery_failed in its log";
  if (!b.ok) return "LATE: " + b.detail;
  return "ok";
}

void PrintJsonBacklogs(const std::vector<Backlog>& all) {
  pb::Struct root;
  pb::ListValue* services = (*root.mutable_fields())["services"].mutable_list_value();
  for (const Backlog& b : all) {
    auto& s = *services->add_values()->mutable_struct_value()->mutable_fields();
    s["service"].set_string_value(b.service);
    s["address"].set_string_value(b.address);
    if (!b.error.empty()) {
      s["error"].set_string_value(b.error);
      continue;
    }
    s["has_outbox"].set_bool_value(b.has_outbox);
    if (!b.has_outbox) continue;
    s["ok"].set_bool_value(b.ok);
    s["pending"].set_number_value(static_cast<double>(b.pending));
    s["parked"].set_number_value(static_cast<double>(b.parked));
    s["oldest_pending_seconds"].set_number_value(static_cast<double>(b.oldest_pending_seconds));
    s["detail"].set_string_value(b.detail);
  }
  PrintJson(root);
}

int Outbox(Session& session, const po::variables_map&) {
  std::vector<Backlog> all;
  for (const std::string& service : ServiceNames()) {
    if (!session.Address(service).empty()) all.push_back(Read(session, service));
  }
  if (all.empty()) {
    return ReportUsageError(
        "outbox: no service address known: give --orders, --scheduling, ... (or run "
        "scripts/run.sh)");
  }
  int exit_code = kExitOk;
  for (const Backlog& b : all) {
    if (b.exit_code != kExitOk && exit_code == kExitOk) exit_code = b.exit_code;
  }
  if (exit_code == kExitOk) {
    for (const Backlog& b : all) {
      if (b.has_outbox && !b.ok) exit_code = kExitAttention;
    }
  }
  if (session.json()) {
    PrintJsonBacklogs(all);
    return exit_code;
  }
  Table table({"SERVICE", "ADDRESS", "PENDING", "PARKED", "OLDEST PENDING", "STATE"});
  for (const Backlog& b : all) {
    const bool figures = b.error.empty() && b.has_outbox;
    table.Add({b.service, b.address, figures ? absl::StrCat(b.pending) : "",
               figures ? absl::StrCat(b.parked) : "",
               figures && b.pending > 0 ? OldestText(b.oldest_pending_seconds) : "", StateText(b)});
  }
  table.Print(std::cout);
  return exit_code;
}

}  // namespace

void AddOutboxCommands(std::vector<Command>& commands) {
  commands.push_back(
      {{"outbox"},
       "each service's outbox backlog: pending, parked, oldest pending (exit 7: look at it)",
       {},
       nullptr,
       Outbox});
}

}  // namespace fieldservice::fsctl
