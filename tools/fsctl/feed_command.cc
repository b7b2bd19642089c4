// `fsctl feed`: a technician's live feed (TechnicianApp.StreamJobs, with
// the technician's own token), one line per change as it arrives, or one
// JSON object a line with --json. It runs until Ctrl-C, --count changes or
// --for a duration, so a script or a test can bound it. A stream that drops
// (the service restarted, the network broke) is opened again after the last
// cursor received (on a new channel), which loses and repeats nothing;
// waits between attempts double from --reconnect-wait up to 30 times it.
#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "tools/fsctl/command.h"
#include "tools/fsctl/exit_codes.h"
#include "tools/fsctl/output.h"

namespace fieldservice::fsctl {

namespace {

namespace v1 = ::fieldservice::scheduling::v1;

std::atomic<bool> interrupted{false};
extern "C" void OnInterrupt(int) { interrupted = true; }

// Whether a stream that ended with `code` is worth opening again: the
// service or the network went away, not the request.
bool Reconnects(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::INTERNAL ||
         code == grpc::StatusCode::UNKNOWN || code == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

std::string KindText(v1::JobChangeKind kind) {
  switch (kind) {
    case v1::JOB_ADDED:
      return "ADDED";
    case v1::JOB_UPDATED:
      return "UPDATED";
    case v1::JOB_REMOVED:
      return "REMOVED";
    default:
      return v1::JobChangeKind_Name(kind);
  }
}

// "2026-11-23 10:05  ADDED    2611230001  ASSIGNED  visit 2026-11-24 09:30-10:30  ..."
std::string EventLine(const v1::JobChangeEvent& event) {
  const v1::TechnicianJob& job = event.job();
  std::string line =
      absl::StrFormat("%s  %-7s  %s  %s", TimeText(event.change_time()), KindText(event.kind()),
                      IdOf(job.name()), v1::JobStep_Name(job.step()));
  if (job.has_visit()) absl::StrAppend(&line, "  visit ", WindowText(job.visit()));
  if (job.has_appointment()) absl::StrAppend(&line, "  booked ", WindowText(job.appointment()));
  std::vector<std::string> product;
  for (const std::string* part : {&job.category(), &job.brand(), &job.model()}) {
    if (!part->empty()) product.push_back(*part);
  }
  if (!product.empty()) absl::StrAppend(&line, "  ", absl::StrJoin(product, " "));
  if (job.complaint()) absl::StrAppend(&line, "  complaint");
  absl::StrAppend(&line, "  cursor ", event.cursor());
  return line;
}

// The call open now, so the watcher can end it on Ctrl-C or --count.
class CurrentCall {
 public:
  void Set(grpc::ClientContext* context) {
    std::lock_guard<std::mutex> lock(mu_);
    context_ = context;
    if (context_ != nullptr && cancelled_) context_->TryCancel();
  }
  void Cancel() {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled_ = true;
    if (context_ != nullptr) context_->TryCancel();
  }

 private:
  std::mutex mu_;
  grpc::ClientContext* context_ = nullptr;
  bool cancelled_ = false;
};

int Feed(Session& session, const po::variables_map& values) {
  const int64_t count = values["count"].as<int64_t>();
  if (count < 0) return ReportUsageError("feed: --count: must be 0 (no limit) or more");
  absl::Duration run_for = absl::InfiniteDuration();
  if (values.count("for") && (!absl::ParseDuration(values["for"].as<std::string>(), &run_for) ||
                              run_for <= absl::ZeroDuration())) {
    return ReportUsageError("feed: --for: '" + values["for"].as<std::string>() +
                            "' is not a positive duration such as 30s or 8h");
  }
  absl::Duration first_wait;
  if (!absl::ParseDuration(values["reconnect-wait"].as<std::string>(), &first_wait) ||
      first_wait <= absl::ZeroDuration()) {
    return ReportUsageError("feed: --reconnect-wait: '" +
                            values["reconnect-wait"].as<std::string>() +
                            "' is not a positive duration such as 1s");
  }
  auto channel = session.Open("scheduling");
  if (!channel.ok()) return ReportUsageError(channel.status());
  auto stub = v1::TechnicianApp::NewStub(channel->channel);
  const absl::Time end = absl::Now() + run_for;

  // Where to start: the cursor given, else where the feed stands now.
  int64_t cursor = 0;
  if (values.count("after")) {
    cursor = values["after"].as<int64_t>();
  } else {
    v1::ListMyJobsResponse jobs;
    grpc::Status status =
        stub->ListMyJobs(session.NewCall(*channel).get(), v1::ListMyJobsRequest(), &jobs);
    if (!status.ok()) return ReportCallError("feed", status, session.json());
    cursor = jobs.cursor();
  }
  if (!session.json()) {
    std::cerr << "fsctl: feed: following changes after cursor " << cursor << "\n";
  }

  CurrentCall current;
  std::signal(SIGINT, OnInterrupt);
  std::signal(SIGTERM, OnInterrupt);
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    while (!done) {
      if (interrupted) current.Cancel();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  int64_t received = 0;
  int exit_code = kExitOk;
  absl::Duration wait = first_wait;
  while (!interrupted && absl::Now() < end) {
    grpc::ClientContext context;
    if (!channel->authorization.empty()) {
      context.AddMetadata("authorization", channel->authorization);
    }
    if (end != absl::InfiniteFuture()) context.set_deadline(absl::ToChronoTime(end));
    current.Set(&context);
    v1::StreamJobsRequest request;
    request.set_after_cursor(cursor);
    auto reader = stub->StreamJobs(&context, request);
    v1::JobChangeEvent event;
    bool reached_count = false;
    while (reader->Read(&event)) {
      wait = first_wait;  // it works again
      cursor = event.cursor();
      std::cout << (session.json() ? JsonLineOf(event) : EventLine(event)) << std::endl;
      if (count > 0 && ++received >= count) {
        reached_count = true;
        context.TryCancel();
        break;
      }
    }
    grpc::Status status = reader->Finish();
    current.Set(nullptr);
    if (reached_count || interrupted) break;
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED && absl::Now() >= end) break;
    if (status.ok() || Reconnects(status.error_code())) {
      std::cerr << "fsctl: feed: the stream ended ("
                << (status.ok() ? "closed" : status.error_message()) << "); resuming after cursor "
                << cursor << " in " << absl::FormatDuration(wait) << "\n";
      const absl::Time resume = std::min(end, absl::Now() + wait);
      while (!interrupted && absl::Now() < resume) absl::SleepFor(absl::Milliseconds(100));
      wait = std::min(wait * 2, first_wait * 30);
      // A new channel connects at once; the old one would wait out gRPC's
      // own reconnection backoff, which grows while the service is away.
      auto reopened = session.Open("scheduling");
      if (reopened.ok()) {
        channel = std::move(reopened);
        stub = v1::TechnicianApp::NewStub(channel->channel);
      }
      continue;
    }
    exit_code = ReportCallError("feed", status, session.json());
    if (status.error_code() == grpc::StatusCode::OUT_OF_RANGE) {
      std::cerr << "  the changes after cursor " << cursor
                << " are no longer kept: start again without --after\n";
    }
    break;
  }
  done = true;
  watcher.join();
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (exit_code == kExitOk && !session.json()) {
    std::cerr << "fsctl: feed: " << received << " changes; resume with --after " << cursor << "\n";
  }
  return exit_code;
}

}  // namespace

void AddFeedCommands(std::vector<Command>& commands) {
  commands.push_back(
      {{"feed"},
       "a technician's live feed (their token): each change to their jobs as it arrives",
       {},
       [](po::options_description& options) {
         options.add_options()("after", po::value<int64_t>(),
                               "resume after this cursor (0: every change kept); default: now")(
             "count", po::value<int64_t>()->default_value(0), "stop after this many (0: no limit)")(
             "for", po::value<std::string>(), "stop after this long (30s, 8h); default: Ctrl-C")(
             "reconnect-wait", po::value<std::string>()->default_value("1s"),
             "first wait before opening a dropped stream again (doubled, up to 30 times it)");
       },
       Feed});
}

}  // namespace fieldservice::fsctl
