// fs_cluster_load: a bounded load of whole repair orders (created, queued,
// assigned, booked, accepted, travelled to, completed) through the orders
// and scheduling services' public gRPC APIs, as load_driver.h describes;
// prints the report, and writes it as JSON with --json.
//
//   fs_cluster_load --orders=127.0.0.1:7001,127.0.0.1:7002
//       --scheduling=127.0.0.1:7011,127.0.0.1:7012 --ca=ca.pem --key=dev-key.pem
//       --technicians=8 --create --workers=16 --orders_per_worker=20
//       --start=2026-11-23T10:00:00+08:00 --json=load.json
//
// Tokens as techsim makes them: signed here with --key (the call agent is
// user "load-agent", the dispatcher "load-dispatcher", each technician
// their id), or read from --token_dir (agent.jwt, dispatcher.jwt,
// <technician id>.jwt). --create makes the technicians first, as the
// dispatcher (tools/techsim/create_technicians.h; a second run creates
// nothing new).
//
// --start is the servers' clock now (a service run with --fake_now reads
// its fake_now plus the time since it started; never give a time ahead of
// theirs: the orders' call times would be in their future). Each run books
// its technicians' windows from the day after --start; a second run on the
// same technicians finds the first run's windows taken and moves on to
// free ones (counted as windows refused).
//
// Exit code: 0 when every order completed, 1 otherwise, 2 for a bad
// command line.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tools/cluster_load/load_driver.h"
#include "tools/command_line.h"
#include "tools/techsim/create_technicians.h"
#include "tools/tool_tokens.h"

namespace {

namespace po = boost::program_options;
namespace load = ::fieldservice::tools::cluster_load;

struct Options {
  std::string orders, scheduling, ca;
  bool plaintext = false;
  fieldservice::tools::ToolTokenOptions tokens;
  std::string prefix;
  int technicians = 0, first = 1, width = 0;
  bool create = false;
  std::string region;
  double home_latitude = 0, home_longitude = 0;
  int workers = 0, orders_per_worker = 0, first_day_offset = 1;
  double clock_rate = 1;
  std::string call_deadline, step_retry_window, sync_wait, start, business_utc_offset;
  std::string run_tag, json;
};

int Usage(const std::string& message) {
  std::cerr << "fs_cluster_load: " << message << "\n";
  return 2;
}

bool Positive(const std::string& text, absl::Duration* out) {
  return absl::ParseDuration(text, out) && *out > absl::ZeroDuration();
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  po::options_description description("fs_cluster_load options");
  description.add_options()("help", "this text")(
      "orders", po::value(&o.orders)->required(),
      "the orders service: host:port, or a comma-separated list of its replicas")(
      "scheduling", po::value(&o.scheduling)->required(),
      "the scheduling service: host:port or a list")("ca", po::value(&o.ca),
                                                     "the services' CA certificate (PEM)")(
      "plaintext", po::bool_switch(&o.plaintext), "no TLS (servers run with plaintext=true)")(
      "technician_prefix", po::value(&o.prefix)->default_value("tech-"),
      "technician ids are this prefix and a number")(
      "technicians", po::value(&o.technicians)->default_value(4), "how many technicians")(
      "first", po::value(&o.first)->default_value(1), "the first technician's number")(
      "width", po::value(&o.width)->default_value(0),
      "numbers padded with zeros to this width (tech-0001: 4)")(
      "create", po::bool_switch(&o.create),
      "first create the technicians that do not exist yet, as the dispatcher")(
      "region", po::value(&o.region)->default_value("440106"),
      "--create: the district they serve (the sample customer's)")(
      "home_latitude", po::value(&o.home_latitude)->default_value(23.1291, "23.1291"),
      "--create: their home base")(
      "home_longitude", po::value(&o.home_longitude)->default_value(113.2644, "113.2644"),
      "--create: their home base")("workers", po::value(&o.workers)->default_value(4),
                                   "concurrent clients, each taking orders one after another")(
      "orders_per_worker", po::value(&o.orders_per_worker)->default_value(3),
      "orders each worker takes")(
      "call_deadline", po::value(&o.call_deadline)->default_value("10s"), "deadline of each call")(
      "step_retry_window", po::value(&o.step_retry_window)->default_value("60s"),
      "how long one step is retried before its order is given up")(
      "sync_wait", po::value(&o.sync_wait)->default_value("60s"),
      "how long a queued order may take to reach scheduling's queue")(
      "start", po::value(&o.start),
      "RFC 3339: the servers' clock now (their fake_now; default: the wall clock)")(
      "clock_rate", po::value(&o.clock_rate)->default_value(1),
      "how fast the servers' clock runs (their fake_clock_rate)")(
      "first_day_offset", po::value(&o.first_day_offset)->default_value(1),
      "book from this many days after --start's business day")(
      "business_utc_offset", po::value(&o.business_utc_offset)->default_value("8h"),
      "the services' business time zone")(
      "run_tag", po::value(&o.run_tag),
      "names the run's request ids (default: the wall clock); the same tag repeats the orders")(
      "json", po::value(&o.json), "also write the report here as JSON");
  fieldservice::tools::AddTokenOptions(
      description, o.tokens, "instead of --key: agent.jwt, dispatcher.jwt and <technician id>.jwt");
  po::variables_map values;
  int exit_code = 0;
  if (!fieldservice::tools::ReadCommandLine("fs_cluster_load", argc, argv, description, &values,
                                            &exit_code)) {
    return exit_code;
  }
  if (absl::Status source = fieldservice::tools::CheckTokenSource(o.tokens); !source.ok()) {
    return Usage(std::string(source.message()));
  }
  if (o.ca.empty() && !o.plaintext) return Usage("--ca is required unless --plaintext");
  if (o.technicians < 1 || o.workers < 1 || o.orders_per_worker < 0) {
    return Usage("--technicians and --workers must be at least 1, --orders_per_worker at least 0");
  }
  load::LoadPlan plan;
  plan.workers = o.workers;
  plan.orders_per_worker = o.orders_per_worker;
  plan.first_day_offset = o.first_day_offset;
  if (!Positive(o.call_deadline, &plan.call_deadline) ||
      !Positive(o.step_retry_window, &plan.step_retry_window) ||
      !Positive(o.sync_wait, &plan.sync_wait)) {
    return Usage("--call_deadline, --step_retry_window and --sync_wait must be durations like 10s");
  }
  load::LoadSetup setup;
  setup.orders_address = o.orders;
  setup.scheduling_address = o.scheduling;
  setup.ca_file = o.ca;
  setup.plaintext = o.plaintext;
  setup.now = absl::Now();
  setup.clock_rate = o.clock_rate;
  if (!(o.clock_rate > 0)) return Usage("--clock_rate must be positive");
  setup.run_tag = o.run_tag;
  std::string error;
  if (!o.start.empty() && !absl::ParseTime(absl::RFC3339_full, o.start, &setup.now, &error)) {
    return Usage("--start must be an RFC 3339 time like 2026-11-23T10:00:00+08:00: " + error);
  }
  absl::Duration offset;
  if (!absl::ParseDuration(o.business_utc_offset, &offset)) {
    return Usage("--business_utc_offset must be a duration like 8h");
  }
  setup.business_zone = absl::FixedTimeZone(static_cast<int>(absl::ToInt64Seconds(offset)));

  auto tokens = fieldservice::tools::ToolTokens::Open(o.tokens);
  if (!tokens.ok()) return Usage(std::string(tokens.status().message()));
  auto agent = tokens->Get("load-agent", "agent", "agent.jwt");
  auto dispatcher = tokens->Get("load-dispatcher", "dispatcher", "dispatcher.jwt");
  if (!agent.ok()) return Usage(absl::StrCat("agent token: ", agent.status().message()));
  if (!dispatcher.ok()) {
    return Usage(absl::StrCat("dispatcher token: ", dispatcher.status().message()));
  }
  setup.agent_token = *agent;
  setup.dispatcher_token = *dispatcher;
  std::vector<std::string> ids;
  for (int i = 0; i < o.technicians; ++i) {
    const std::string id = absl::StrFormat("%s%0*d", o.prefix, o.width, o.first + i);
    auto token = tokens->Get(id, "technician", id + ".jwt");
    if (!token.ok()) return Usage(absl::StrCat(id, ": token: ", token.status().message()));
    setup.technicians.push_back({.id = id, .token = *token});
    ids.push_back(id);
  }

  if (o.create) {
    auto channel = load::OpenLoadChannel(setup, o.scheduling);
    if (!channel.ok()) return Usage(std::string(channel.status().message()));
    absl::Status created = fieldservice::tools::techsim::CreateTechnicians(
        *channel, {.ids = ids,
                   .region_code = o.region,
                   .latitude = o.home_latitude,
                   .longitude = o.home_longitude,
                   .authorization = absl::StrCat("Bearer ", setup.dispatcher_token)});
    if (!created.ok()) {
      std::cerr << "fs_cluster_load: " << created.message() << "\n";
      return 1;
    }
  }

  const load::LoadReport report = load::RunLoad(setup, plan);
  std::cout << report.Text() << std::flush;
  if (!o.json.empty()) {
    std::ofstream out(o.json);
    out << report.Json() << "\n";
    if (!out) {
      std::cerr << "fs_cluster_load: cannot write " << o.json << "\n";
      return 1;
    }
  }
  return report.AllCompleted() ? 0 : 1;
}
