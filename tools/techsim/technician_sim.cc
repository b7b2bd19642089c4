#include "tools/techsim/technician_sim.h"

#include <grpcpp/support/sync_stream.h>

#include <algorithm>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/hashing.h"
#include "services/common/proto_time.h"

namespace fieldservice::tools::techsim {
namespace {

namespace v1 = ::fieldservice::scheduling::v1;

// How long one operation may take before it is tried again.
constexpr auto kCallDeadline = std::chrono::seconds(10);
// Wall-clock pause before reopening a stream the server or network ended,
// and before trying an operation again.
constexpr absl::Duration kRetryPause = absl::Milliseconds(200);

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// Failures the phone cannot tell from "not sent": tried again, same id.
bool Transient(const grpc::Status& s) {
  return s.error_code() == grpc::StatusCode::UNAVAILABLE ||
         s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
}

}  // namespace

SimulatedTechnician::SimulatedTechnician(TechnicianSetup setup, const Behaviour& behaviour,
                                         std::shared_ptr<grpc::Channel> channel,
                                         const SimClock& clock, Figures& figures)
    : setup_(std::move(setup)),
      behaviour_(behaviour),
      stub_(v1::TechnicianApp::NewStub(std::move(channel))),
      clock_(clock),
      figures_(figures),
      rng_(setup_.seed),
      drop_rng_(setup_.seed ^ 0x9e3779b97f4a7c15ULL) {}

SimulatedTechnician::~SimulatedTechnician() { Stop(); }

void SimulatedTechnician::Start() {
  {
    absl::MutexLock lock(&mu_);
    last_change_ = absl::Now();
  }
  reader_ = std::thread([this] { ReadStream(); });
  actor_ = std::thread([this] { Act(); });
}

void SimulatedTechnician::Finish() {
  finishing_ = true;
  if (actor_.joinable()) actor_.join();
  Stop();
}

void SimulatedTechnician::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  {
    absl::MutexLock lock(&mu_);
    if (stream_context_ != nullptr) stream_context_->TryCancel();
  }
  if (reader_.joinable()) reader_.join();
  if (actor_.joinable()) actor_.join();
}

bool SimulatedTechnician::Busy() const {
  absl::MutexLock lock(&mu_);
  return in_visit_ || Next().has_value() || !parts_due_.empty();
}

absl::Time SimulatedTechnician::LastChange() const {
  absl::MutexLock lock(&mu_);
  return last_change_;
}

void SimulatedTechnician::ReadStream() {
  int64_t cursor = 0;
  bool first = true;
  while (!stop_.HasBeenNotified()) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", setup_.authorization);
    {
      absl::MutexLock lock(&mu_);
      if (stop_.HasBeenNotified()) break;
      stream_context_ = &context;
    }
    if (!first) figures_.resumes++;
    first = false;
    v1::StreamJobsRequest request;
    request.set_after_cursor(cursor);
    std::unique_ptr<grpc::ClientReader<v1::JobChangeEvent>> reader =
        stub_->StreamJobs(&context, request);
    v1::JobChangeEvent event;
    bool dropped = false;
    while (reader->Read(&event)) {
      if (event.cursor() <= cursor) {
        // The stream promises each change once, in order.
        figures_.errors++;
        continue;
      }
      cursor = event.cursor();
      Apply(event);
      if ((drop_rng_() >> 11) * 0x1.0p-53 < behaviour_.drop_rate) {
        dropped = true;
        context.TryCancel();
        while (reader->Read(&event)) {
        }
        break;
      }
    }
    grpc::Status status = reader->Finish();
    {
      absl::MutexLock lock(&mu_);
      stream_context_ = nullptr;
    }
    if (stop_.HasBeenNotified()) break;
    if (!dropped) {
      figures_.stream_errors++;
      std::fprintf(stderr, "techsim: %s: stream ended: %s\n", setup_.id.c_str(),
                   status.error_message().c_str());
      stop_.WaitForNotificationWithTimeout(kRetryPause);
    }
  }
}

void SimulatedTechnician::Apply(const v1::JobChangeEvent& event) {
  const v1::TechnicianJob& job = event.job();
  absl::MutexLock lock(&mu_);
  last_change_ = absl::Now();
  if (seen_.insert(job.name()).second) figures_.jobs_seen++;
  if (event.kind() == v1::JOB_REMOVED) {
    jobs_.erase(job.name());
    return;
  }
  auto it = jobs_.find(job.name());
  if (it == jobs_.end() || job.version() >= it->second.version()) jobs_[job.name()] = job;
}

void SimulatedTechnician::Keep(const v1::TechnicianJob& job) {
  absl::MutexLock lock(&mu_);
  auto it = jobs_.find(job.name());
  if (it == jobs_.end() || job.version() >= it->second.version()) jobs_[job.name()] = job;
}

bool SimulatedTechnician::Actionable(const v1::TechnicianJob& job) const {
  if (given_up_.count(job.name()) != 0) return false;
  switch (job.step()) {
    case v1::ASSIGNED:
      return !job.accepted();
    case v1::BOOKED:
    case v1::EN_ROUTE:
    case v1::ON_SITE:
      return true;
    default:
      return false;
  }
}

std::optional<v1::TechnicianJob> SimulatedTechnician::Next() const {
  std::optional<v1::TechnicianJob> next;
  for (const auto& [name, job] : jobs_) {
    if (!Actionable(job)) continue;
    if (!job.accepted() && job.step() <= v1::BOOKED) return job;  // accepting comes first
    if (!next.has_value() ||
        TimeOf(job.appointment().start_time()) < TimeOf(next->appointment().start_time())) {
      next = job;
    }
  }
  return next;
}

absl::Time SimulatedTechnician::LeaveBy(const v1::TechnicianJob& job) const {
  // The longest trip Visit() plans.
  return TimeOf(job.appointment().start_time()) - behaviour_.travel * 1.5;
}

bool SimulatedTechnician::Waiting(const v1::TechnicianJob& job) const {
  return job.accepted() && job.step() == v1::BOOKED && clock_.Now() < LeaveBy(job);
}

void SimulatedTechnician::Act() {
  while (!stop_.HasBeenNotified() && !finishing_) {
    if (PartsArrive()) continue;
    std::optional<v1::TechnicianJob> job;
    bool waiting = false;
    {
      absl::MutexLock lock(&mu_);
      job = Next();
      if (!job.has_value()) {
        // Woken by the stream's next change (or looks again shortly).
        mu_.AwaitWithTimeout(absl::Condition(
                                 +[](SimulatedTechnician* self) ABSL_NO_THREAD_SAFETY_ANALYSIS {
                                   return self->Next().has_value();
                                 },
                                 this),
                             absl::Milliseconds(200));
        continue;
      }
      waiting = Waiting(*job);
      in_visit_ = !waiting;
    }
    if (waiting) {
      // Not time to leave yet: new jobs are still accepted meanwhile.
      stop_.WaitForNotificationWithTimeout(
          std::min(absl::Milliseconds(200), clock_.ToWall(LeaveBy(*job) - clock_.Now())));
      continue;
    }
    if (!job->accepted() && job->step() <= v1::BOOKED) {
      v1::AcceptJobRequest accept;
      accept.set_operation_id(NextOperationId());
      accept.set_job(job->name());
      if (auto answer = Send(accept, false); answer.has_value()) {
        Keep(*answer);
      } else {
        absl::MutexLock lock(&mu_);
        given_up_.insert(job->name());
      }
    } else {
      Visit(*job);
    }
    absl::MutexLock lock(&mu_);
    in_visit_ = false;
  }
}

bool SimulatedTechnician::PartsArrive() {
  std::string job;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [name, due] : parts_due_) {
      if (due <= clock_.Now()) {
        job = name;
        break;
      }
    }
    if (job.empty()) return false;
    parts_due_.erase(job);
    in_visit_ = true;
  }
  std::optional<v1::TechnicianJob> answer = Send(Status(job, v1::PARTS_ARRIVED, ""), false);
  if (answer.has_value()) {
    Keep(*answer);
    setup_.needs_booking(job);
  }
  absl::MutexLock lock(&mu_);
  in_visit_ = false;
  if (!answer.has_value()) given_up_.insert(job);
  return true;
}

std::string SimulatedTechnician::NextOperationId() {
  return absl::StrCat(setup_.run_tag, "-t", setup_.index, "-", ++operation_count_);
}

v1::UpdateJobStatusRequest SimulatedTechnician::Status(const std::string& job,
                                                       v1::JobStatusUpdate update,
                                                       const std::string& reason) {
  v1::UpdateJobStatusRequest r;
  r.set_operation_id(NextOperationId());
  r.set_job(job);
  r.set_status(update);
  r.set_reason(reason);
  return r;
}

v1::CompleteJobRequest SimulatedTechnician::Complete(const std::string& job) {
  v1::CompleteJobRequest r;
  r.set_operation_id(NextOperationId());
  r.set_job(job);
  v1::RepairRecord* record = r.mutable_record();
  record->set_fault_found("温控器损坏");
  record->set_work_done("更换温控器，全功能试机正常");
  record->set_function_test_passed(true);
  record->set_customer_opinion("满意");
  // A made-up signature image; its hash is what the server checks.
  std::string signature(256, '\0');
  for (char& c : signature) c = static_cast<char>(rng_() & 0xff);
  record->set_signature_sha256(common::Sha256Hex(signature));
  record->set_signature(std::move(signature));
  return r;
}

void SimulatedTechnician::Visit(const v1::TechnicianJob& job) {
  const std::string& name = job.name();
  const absl::Time window_start = TimeOf(job.appointment().start_time());
  const absl::Time window_end = TimeOf(job.appointment().end_time());
  // Every draw is made up front, in the same order, so a seed repeats a run
  // whatever the timing.
  const absl::Duration planned = behaviour_.travel * (0.5 + Draw());
  const absl::Duration travel = planned * (0.8 + 0.5 * Draw());
  const absl::Duration on_site = behaviour_.on_site * (0.5 + Draw());
  const bool offline = Draw() < behaviour_.offline_rate;
  const double outcome = Draw();

  std::vector<Operation> queued;  // while offline
  bool failed = false;
  // Sends `op` now, or queues it while offline (`may_queue`: the departure
  // goes out before the network is lost); the first queued one is sent too
  // but its answer is lost on the way back.
  auto act = [&](Operation op, bool may_queue = true) {
    if (failed) return;
    if (!offline || !may_queue) {
      std::optional<v1::TechnicianJob> answer = Send(op, false);
      if (answer.has_value()) {
        Keep(*answer);
      } else {
        failed = true;
      }
      return;
    }
    if (queued.empty() && !Send(op, false).has_value()) failed = true;
    queued.push_back(std::move(op));
  };

  if (job.step() == v1::BOOKED) {
    if (!clock_.SleepUntil(window_start - planned, stop_)) return;
    figures_.visits++;
    v1::UpdateJobStatusRequest depart = Status(name, v1::DEPARTED, "");
    common::SetTimestamp(clock_.Now() + planned, depart.mutable_eta());
    act(depart, /*may_queue=*/false);
    if (!clock_.SleepUntil(clock_.Now() + travel, stop_)) return;
  }
  absl::Time arrival = clock_.Now();
  if (job.step() <= v1::EN_ROUTE) {
    act(Status(name, v1::ARRIVED, ""));
    if (!failed) (arrival <= window_end ? figures_.on_time_arrivals : figures_.late_arrivals)++;
  }
  std::atomic<int64_t>* result = &figures_.completed;
  if (outcome < behaviour_.not_home_rate) {
    act(Status(name, v1::CUSTOMER_NOT_HOME, "敲门无人应答，电话未接通"));
    result = &figures_.not_home;
  } else {
    if (!clock_.SleepUntil(arrival + on_site, stop_)) return;
    if (outcome < behaviour_.not_home_rate + behaviour_.parts_rate) {
      act(Status(name, v1::NEEDS_PARTS, "压缩机需更换，等待配件"));
      result = &figures_.waiting_for_parts;
    } else {
      act(Complete(name));
    }
  }
  // Back online: the queue goes out in order, each with its own id.
  for (const Operation& op : queued) {
    if (failed) break;
    std::optional<v1::TechnicianJob> answer = Send(op, true);
    if (answer.has_value()) {
      Keep(*answer);
    } else {
      failed = true;
    }
  }
  if (failed) {
    absl::MutexLock lock(&mu_);
    given_up_.insert(name);
    return;
  }
  (*result)++;
  if (!setup_.needs_booking) return;
  if (result == &figures_.not_home) setup_.needs_booking(name);
  if (result == &figures_.waiting_for_parts) {
    absl::MutexLock lock(&mu_);
    parts_due_[name] = clock_.Now() + behaviour_.parts_delay;
  }
}

std::optional<v1::TechnicianJob> SimulatedTechnician::Send(const Operation& op, bool replay) {
  for (int attempt = 0; attempt < behaviour_.attempts; ++attempt) {
    if (replay || attempt > 0) figures_.replays++;
    figures_.operations++;
    v1::TechnicianJob answer;
    grpc::Status status = Call(op, &answer);
    if (status.ok()) return answer;
    std::fprintf(stderr, "techsim: %s: operation failed: %d %s\n", setup_.id.c_str(),
                 static_cast<int>(status.error_code()), status.error_message().c_str());
    if (!Transient(status) || stop_.WaitForNotificationWithTimeout(kRetryPause)) break;
  }
  figures_.errors++;
  return std::nullopt;
}

grpc::Status SimulatedTechnician::Call(const Operation& op, v1::TechnicianJob* answer) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", setup_.authorization);
  context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  if (auto* r = std::get_if<v1::AcceptJobRequest>(&op)) {
    return stub_->AcceptJob(&context, *r, answer);
  }
  if (auto* r = std::get_if<v1::UpdateJobStatusRequest>(&op)) {
    return stub_->UpdateJobStatus(&context, *r, answer);
  }
  return stub_->CompleteJob(&context, std::get<v1::CompleteJobRequest>(op), answer);
}

}  // namespace fieldservice::tools::techsim
