// fs_load: a load generator for the orders service, over its public gRPC API
// as any client would call it (TLS, a bearer token). It keeps `concurrency`
// calls in flight on gRPC's callback API (no thread per call), for a
// duration or a number of requests, after a warm-up that is not counted, and
// reports throughput, latency percentiles and errors by code. Every run stops
// by itself: each call has a deadline and the run as a whole a hard limit.
//
//   fs_load --target 127.0.0.1:50051 --ca var/pki/ca.pem --token_file agent.jwt
//           --method create --concurrency 16 --duration 10s --warmup 2s [--json out.json]
//
// Methods: create (CreateRepairOrder, each call a new order), get
// (GetRepairOrder of one order made first), list (ListRepairOrders, first page),
// health (grpc.health.v1.Health/Check on the same channel: no handler, no
// database; what one call over gRPC and TLS costs this machine, the ceiling
// of every other method).
#include <grpcpp/alarm.h>
#include <grpcpp/generic/generic_stub.h>

#include <algorithm>
#include <atomic>
#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "fieldservice/orders/v1/orders_service.grpc.pb.h"
#include "services/common/ids.h"
#include "tools/caller_channel.h"
#include "tools/command_line.h"
#include "tools/sample_orders.h"

namespace {

namespace po = boost::program_options;
namespace v1 = ::fieldservice::orders::v1;

struct LoadOptions {
  std::string target;
  std::string ca_file;
  std::string token_file;
  bool plaintext = false;
  std::string method = "create";
  int concurrency = 1;
  absl::Duration duration = absl::Seconds(10);
  int64_t requests = 0;  // > 0: stop after this many (warm-up not included)
  // > 0: calls started per second by all lanes together, evenly spaced (an
  // open-loop intake such as a call centre's); 0: each lane as fast as it can.
  double rate = 0;
  absl::Duration warmup = absl::Seconds(2);
  absl::Duration call_timeout = absl::Seconds(10);
  absl::Time server_now = absl::InfinitePast();  // the server's clock, if not the wall's
  std::string json_file;
};

struct Summary {
  int64_t calls = 0;  // counted: started after the warm-up
  int64_t ok = 0;
  absl::Duration window;              // from the end of the warm-up to the last counted call
  absl::Duration p50, p90, p99, max;  // of the successful calls
  std::map<grpc::StatusCode, int64_t> codes;
  double rate() const {
    return window > absl::ZeroDuration() ? ok / absl::ToDoubleSeconds(window) : 0;
  }
};

// One lane keeps one call in flight: when a call completes, the lane records
// it and starts the next. A lane's records are touched only by its own
// (sequential) callbacks, so they need no lock.
struct Lane {
  std::vector<absl::Duration> latencies;
  std::map<grpc::StatusCode, int64_t> codes;
  int64_t sequence = 0;
  std::unique_ptr<grpc::ClientContext> context;
  v1::CreateRepairOrderRequest create;
  v1::GetRepairOrderRequest get;
  v1::ListRepairOrdersRequest list;
  v1::RepairOrder order;
  v1::ListRepairOrdersResponse page;
  grpc::ByteBuffer health_request;  // an empty HealthCheckRequest (the whole server)
  grpc::ByteBuffer health_response;
  absl::Time started;
  std::unique_ptr<grpc::Alarm> paced;  // --rate: wakes the lane at its next slot
};

class LoadRun {
 public:
  LoadRun(const LoadOptions& options, fieldservice::tools::CallerChannel caller)
      : options_(options),
        authorization_(std::move(caller.authorization)),
        stub_(v1::RepairOrders::NewStub(caller.channel)),
        generic_stub_(std::make_unique<grpc::GenericStub>(std::move(caller.channel))),
        run_id_(fieldservice::common::NewUuid().substr(0, 8)),
        lanes_(options.concurrency) {}

  // Makes the order that `get` reads. False, with the reason, if it fails.
  bool Prepare(std::string* error) {
    if (options_.method != "get") return true;
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + options_.call_timeout));
    context.AddMetadata("authorization", authorization_);
    v1::RepairOrder order;
    grpc::Status status = stub_->CreateRepairOrder(&context, CreateRequest("prepare", 0), &order);
    if (!status.ok()) {
      *error = absl::StrCat("creating the order to read: ", status.error_message());
      return false;
    }
    order_name_ = order.name();
    return true;
  }

  // Runs to the end; false when the lanes did not all finish in time.
  bool Run() {
    start_ = absl::Now();
    measure_from_ = start_ + options_.warmup;
    stop_at_ = measure_from_ + options_.duration;
    for (Lane& lane : lanes_) Next(lane);
    // Every call ends by its deadline, so the lanes end by the last one.
    const bool finished = all_done_.WaitForNotificationWithDeadline(
        stop_at_ + options_.call_timeout + absl::Seconds(5));
    end_ = absl::Now();
    return finished;
  }

  // Every lane's records together; call after Run.
  struct Summary Summarize() const;

 private:
  v1::CreateRepairOrderRequest CreateRequest(const std::string& lane, int64_t sequence) const {
    const absl::Time now = options_.server_now == absl::InfinitePast()
                               ? absl::Now()
                               : options_.server_now + (absl::Now() - process_start_);
    return fieldservice::tools::SampleCreateRequest(
        {absl::StrCat("load-", run_id_, "-", lane, "-", sequence), static_cast<int>(sequence),
         v1::REPAIR, v1::ON_SITE, false, now - absl::Minutes(1)});
  }

  bool Stopping() const {
    if (absl::Now() >= stop_at_) return true;
    return options_.requests > 0 && counted_.load() >= options_.requests;
  }

  void Next(Lane& lane) {
    if (Stopping()) {
      if (--remaining_ == 0) all_done_.Notify();
      return;
    }
    if (options_.rate > 0) {
      // Slots are shared by the lanes in turn; a lane whose slot is still
      // ahead waits for it (a late one starts at once: the backlog shows
      // as latency, not as a lower rate).
      const absl::Time slot =
          start_ + absl::Seconds(static_cast<double>(slots_.fetch_add(1)) / options_.rate);
      if (slot > absl::Now()) {
        lane.paced = std::make_unique<grpc::Alarm>();
        lane.paced->Set(absl::ToChronoTime(slot), [this, &lane](bool) { Start(lane); });
        return;
      }
    }
    Start(lane);
  }

  void Start(Lane& lane) {
    const int64_t seq = lane.sequence++;
    lane.context = std::make_unique<grpc::ClientContext>();
    lane.context->set_deadline(absl::ToChronoTime(absl::Now() + options_.call_timeout));
    lane.context->AddMetadata("authorization", authorization_);
    lane.started = absl::Now();
    auto done = [this, &lane](grpc::Status status) { Completed(lane, status); };
    if (options_.method == "create") {
      lane.create = CreateRequest(absl::StrCat(&lane - lanes_.data()), seq);
      stub_->async()->CreateRepairOrder(lane.context.get(), &lane.create, &lane.order, done);
    } else if (options_.method == "get") {
      lane.get.set_name(order_name_);
      stub_->async()->GetRepairOrder(lane.context.get(), &lane.get, &lane.order, done);
    } else if (options_.method == "health") {
      // gRPC refuses a buffer with no slice: one empty slice is an empty message.
      grpc::Slice empty;
      lane.health_request = grpc::ByteBuffer(&empty, 1);
      generic_stub_->UnaryCall(lane.context.get(), "/grpc.health.v1.Health/Check",
                               grpc::StubOptions(), &lane.health_request, &lane.health_response,
                               done);
    } else {
      lane.list.set_page_size(20);
      stub_->async()->ListRepairOrders(lane.context.get(), &lane.list, &lane.page, done);
    }
  }

  void Completed(Lane& lane, const grpc::Status& status) {
    const absl::Time now = absl::Now();
    if (lane.started >= measure_from_ && now <= stop_at_ + options_.call_timeout) {
      if (options_.requests == 0 || counted_.fetch_add(1) < options_.requests) {
        ++lane.codes[status.error_code()];
        if (status.ok()) lane.latencies.push_back(now - lane.started);
      }
    }
    Next(lane);
  }

  const LoadOptions options_;
  const std::string authorization_;
  std::unique_ptr<v1::RepairOrders::Stub> stub_;
  std::unique_ptr<grpc::GenericStub> generic_stub_;
  const std::string run_id_;
  const absl::Time process_start_ = absl::Now();
  std::string order_name_;
  std::vector<Lane> lanes_;
  std::atomic<int> remaining_{static_cast<int>(lanes_.size())};
  absl::Notification all_done_;
  std::atomic<int64_t> counted_{0};
  std::atomic<int64_t> slots_{0};
  absl::Time start_, measure_from_, stop_at_, end_;
};

absl::Duration Percentile(const std::vector<absl::Duration>& sorted, double q) {
  if (sorted.empty()) return absl::ZeroDuration();
  size_t at = static_cast<size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(at, sorted.size() - 1)];
}

const char* CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int i = static_cast<int>(code);
  return i >= 0 && i < static_cast<int>(std::size(kNames)) ? kNames[i] : "CODE?";
}

Summary LoadRun::Summarize() const {
  Summary summary;
  std::vector<absl::Duration> all;
  for (const Lane& lane : lanes_) {
    all.insert(all.end(), lane.latencies.begin(), lane.latencies.end());
    for (const auto& [code, count] : lane.codes) {
      summary.codes[code] += count;
      summary.calls += count;
    }
  }
  summary.ok = static_cast<int64_t>(all.size());
  std::sort(all.begin(), all.end());
  summary.p50 = Percentile(all, 0.50);
  summary.p90 = Percentile(all, 0.90);
  summary.p99 = Percentile(all, 0.99);
  summary.max = all.empty() ? absl::ZeroDuration() : all.back();
  summary.window = std::min(end_, stop_at_) - measure_from_;
  return summary;
}

std::string Ms(absl::Duration d) { return absl::StrFormat("%.2f", absl::ToDoubleMilliseconds(d)); }

void Report(const LoadOptions& options, const Summary& s, std::ostream& out) {
  out << "fs_load " << options.method << " target=" << options.target
      << " concurrency=" << options.concurrency
      << " warmup=" << absl::FormatDuration(options.warmup) << "\n";
  out << absl::StrFormat("calls=%d ok=%d seconds=%.2f rate=%.1f/s\n", s.calls, s.ok,
                         absl::ToDoubleSeconds(s.window), s.rate());
  out << "latency_ms p50=" << Ms(s.p50) << " p90=" << Ms(s.p90) << " p99=" << Ms(s.p99)
      << " max=" << Ms(s.max) << "\n";
  out << "codes";
  for (const auto& [code, count] : s.codes) out << " " << CodeName(code) << "=" << count;
  out << "\n";
}

bool WriteJson(const LoadOptions& options, const Summary& s, const std::string& path) {
  std::ofstream out(path);
  out << absl::StrFormat(
      "{\"method\": \"%s\", \"concurrency\": %d, \"calls\": %d, \"ok\": %d, "
      "\"seconds\": %.3f, \"rate\": %.2f, \"p50_ms\": %s, \"p90_ms\": %s, \"p99_ms\": %s, "
      "\"max_ms\": %s, \"codes\": {",
      options.method, options.concurrency, s.calls, s.ok, absl::ToDoubleSeconds(s.window), s.rate(),
      Ms(s.p50), Ms(s.p90), Ms(s.p99), Ms(s.max));
  const char* separator = "";
  for (const auto& [code, count] : s.codes) {
    out << separator << "\"" << CodeName(code) << "\": " << count;
    separator = ", ";
  }
  out << "}}\n";
  return static_cast<bool>(out);
}

// Reads the options; nullopt-like false after printing why (or the help).
bool ParseOptions(int argc, char** argv, LoadOptions* options, int* exit_code) {
  std::string duration = "10s", warmup = "2s", timeout = "10s", now;
  po::options_description description("fs_load options");
  description.add_options()("help", "this text")("target", po::value(&options->target)->required(),
                                                 "the orders service, host:port")(
      "ca", po::value(&options->ca_file), "PEM file of the CA that signed its certificate")(
      "token_file", po::value(&options->token_file),
      "file holding the caller's bearer token (tools/fs_token sign ...)")(
      "plaintext", po::bool_switch(&options->plaintext), "no TLS (a plaintext=true server)")(
      "method", po::value(&options->method)->default_value("create"),
      "create, get, list or health")(
      "concurrency", po::value(&options->concurrency)->default_value(1), "calls in flight")(
      "duration", po::value(&duration)->default_value("10s"), "how long to measure")(
      "requests", po::value(&options->requests)->default_value(0),
      "stop after this many counted calls instead (0: by duration)")(
      "warmup", po::value(&warmup)->default_value("2s"), "calls before this are not counted")(
      "rate", po::value(&options->rate)->default_value(0),
      "calls started per second by all clients together (0: as fast as they can)")(
      "call_timeout", po::value(&timeout)->default_value("10s"), "deadline of each call")(
      "now", po::value(&now), "the server's clock (RFC 3339) when it runs on fake_now")(
      "json", po::value(&options->json_file), "also write the results here as JSON");
  po::variables_map vm;
  if (!fieldservice::tools::ReadCommandLine("fs_load", argc, argv, description, &vm, exit_code)) {
    return false;
  }
  std::string error;
  if (!absl::ParseDuration(duration, &options->duration) ||
      !absl::ParseDuration(warmup, &options->warmup) ||
      !absl::ParseDuration(timeout, &options->call_timeout)) {
    error = "--duration, --warmup and --call_timeout are durations such as 10s or 1m";
  } else if (!now.empty() &&
             !absl::ParseTime(absl::RFC3339_full, now, &options->server_now, &error)) {
    error = absl::StrCat("--now: ", error);
  } else if (options->concurrency < 1 || options->concurrency > 10000) {
    error = "--concurrency: 1 to 10000";
  } else if (options->rate < 0 || options->rate > 1e6) {
    error = "--rate: 0 (as fast as possible) to 1000000 calls per second";
  } else if (options->method != "create" && options->method != "get" && options->method != "list" &&
             options->method != "health") {
    error = "--method: create, get, list or health";
  } else if (!options->plaintext && options->ca_file.empty()) {
    error = "--ca is required (or --plaintext for a development server)";
  } else if (options->token_file.empty()) {
    error = "--token_file is required: the services refuse calls without a token";
  }
  if (!error.empty()) {
    std::cerr << "fs_load: " << error << "\n";
    *exit_code = 2;
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  LoadOptions options;
  int exit_code = 0;
  if (!ParseOptions(argc, argv, &options, &exit_code)) return exit_code;
  auto caller = fieldservice::tools::OpenCallerChannel(options.target, options.ca_file,
                                                       options.token_file, options.plaintext);
  if (!caller.ok()) {
    std::cerr << "fs_load: " << caller.status().message() << "\n";
    return 2;
  }
  LoadRun run(options, *std::move(caller));
  std::string error;
  if (!run.Prepare(&error)) {
    std::cerr << "fs_load: " << error << "\n";
    return 1;
  }
  const bool finished = run.Run();
  const Summary summary = run.Summarize();
  Report(options, summary, std::cout);
  if (!options.json_file.empty() && !WriteJson(options, summary, options.json_file)) {
    std::cerr << "fs_load: cannot write " << options.json_file << "\n";
    return 1;
  }
  if (!finished) {
    std::cerr << "fs_load: calls still in flight at the hard stop\n";
    return 1;
  }
  return 0;
}
