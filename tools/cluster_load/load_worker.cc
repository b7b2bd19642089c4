#include "tools/cluster_load/load_worker.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "services/common/hashing.h"
#include "services/common/proto_time.h"
#include "tools/sample_orders.h"

namespace fieldservice::tools::cluster_load {
namespace {

namespace ov1 = ::fieldservice::orders::v1;
namespace sv1 = ::fieldservice::scheduling::v1;

constexpr char kOrderPrefix[] = "repairOrders/";
// Polling for a job the relay has not brought yet: from this, doubling.
constexpr absl::Duration kFirstPoll = absl::Milliseconds(20);
constexpr absl::Duration kLongestPoll = absl::Milliseconds(500);

// The codes a client cannot tell from "not done": the same request again.
bool Retried(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return true;
    default:
      return false;
  }
}

absl::Status StatusOf(const grpc::Status& s, const std::string& what) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      absl::StrCat(what, ": ", s.error_message()));
}

std::string TechnicianName(const std::string& id) { return absl::StrCat("technicians/", id); }

}  // namespace

std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

absl::Time WindowBook::Next(const std::string& technician_id) {
  int64_t k;
  {
    absl::MutexLock lock(&mu_);
    k = used_[technician_id]++;
  }
  const int64_t per_day = static_cast<int64_t>(hours_.size());
  absl::CivilDay day = first_day_;
  auto working = [](absl::CivilDay d) { return absl::GetWeekday(d) != absl::Weekday::sunday; };
  while (!working(day)) ++day;
  for (int64_t left = k / per_day; left > 0;) {
    ++day;
    if (working(day)) --left;
  }
  const int hour = hours_[static_cast<size_t>(k % per_day)];
  return absl::FromCivil(absl::CivilHour(day.year(), day.month(), day.day(), hour), zone_);
}

LoadWorker::LoadWorker(const LoadSetup& setup, const LoadPlan& plan, int index,
                       const std::string& run_tag, absl::Time wall_start, WorkerChannels channels,
                       WindowBook& windows)
    : setup_(setup),
      plan_(plan),
      index_(index),
      run_tag_(run_tag),
      wall_start_(wall_start),
      technician_(setup.technicians[static_cast<size_t>(index) % setup.technicians.size()]),
      agent_(absl::StrCat("Bearer ", setup.agent_token)),
      dispatcher_(absl::StrCat("Bearer ", setup.dispatcher_token)),
      technician_auth_(absl::StrCat("Bearer ", technician_.token)),
      windows_(windows),
      orders_(ov1::RepairOrders::NewStub(channels.orders)),
      dispatch_(sv1::Dispatch::NewStub(channels.scheduling)),
      app_(sv1::TechnicianApp::NewStub(channels.scheduling)),
      jitter_(static_cast<uint64_t>(index) * 7919 + 1) {}

absl::Time LoadWorker::ServerNow() const {
  return setup_.now + (absl::Now() - wall_start_) * setup_.clock_rate;
}

void LoadWorker::CountError(const grpc::Status& status) {
  const std::string code = CodeName(status.error_code());
  if (figures_.errors_by_code[code]++ == 0) figures_.error_examples[code] = status.error_message();
}

void LoadWorker::Pause(absl::Duration d) {
  // Up to a quarter more, so workers that failed together do not retry in
  // step.
  std::uniform_real_distribution<double> spread(1.0, 1.25);
  absl::SleepFor(d * spread(jitter_));
}

LoadWorker::Sent LoadWorker::Send(const char* kind, const std::string& authorization,
                                  const Call& call, absl::Time give_up,
                                  std::initializer_list<grpc::StatusCode> answers) {
  Sent out;
  absl::Duration backoff = plan_.initial_backoff;
  for (int attempt = 0;; ++attempt) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", authorization);
    context.set_deadline(absl::ToChronoTime(absl::Now() + plan_.call_deadline));
    figures_.requests++;
    if (attempt > 0) figures_.retries++;
    const absl::Time sent = absl::Now();
    out.status = call(&context);
    const absl::Time answered = absl::Now();
    const bool answer =
        std::find(answers.begin(), answers.end(), out.status.error_code()) != answers.end();
    if (out.status.ok() || answer) {
      // The service answered: whatever outage this worker saw is over.
      if (outage_since_.has_value()) {
        figures_.longest_outage = std::max(figures_.longest_outage, answered - *outage_since_);
        outage_since_.reset();
      }
      if (out.status.ok() && kind != nullptr) figures_.samples[kind].push_back(answered - sent);
      return out;
    }
    CountError(out.status);
    if (!Retried(out.status.error_code())) return out;
    if (!outage_since_.has_value()) outage_since_ = sent;
    out.unanswered_before = true;
    if (answered + backoff > give_up) return out;
    Pause(backoff);
    backoff = std::min(backoff * 2, plan_.max_backoff);
  }
}

void LoadWorker::Run() {
  for (int i = 0; i < plan_.orders_per_worker; ++i) {
    if (plan_.stop != nullptr && plan_.stop->load()) break;
    figures_.attempted++;
    LoadOrder order;
    order.technician_id = technician_.id;
    absl::Status done = RunOrder(index_ * plan_.orders_per_worker + i, order);
    order.completed = done.ok();
    if (done.ok()) {
      figures_.completed++;
    } else {
      figures_.failures.push_back(absl::StrCat(
          order.request_id, order.order_number.empty() ? "" : " (" + order.order_number + ")", ": ",
          absl::StatusCodeToString(done.code()), ": ", done.message()));
    }
    if (!order.order_number.empty()) figures_.orders.push_back(std::move(order));
  }
  // Failing still at the end: the outage lasted to here.
  if (outage_since_.has_value()) {
    figures_.longest_outage = std::max(figures_.longest_outage, absl::Now() - *outage_since_);
  }
}

absl::Status LoadWorker::RunOrder(int number, LoadOrder& order) {
  // The digits last: the sample order's serial is made of them, so every
  // order of the run is its own unit.
  order.request_id = absl::StrFormat("load-%s-%06d", run_tag_, number);
  ov1::CreateRepairOrderRequest create =
      SampleCreateRequest({.request_id = order.request_id,
                           .customer = 0,
                           .call_ended = ServerNow() - absl::Minutes(1)});
  ov1::RepairOrder created;
  Sent sent = Send(
      "create", agent_,
      [&](grpc::ClientContext* c) { return orders_->CreateRepairOrder(c, create, &created); },
      absl::Now() + plan_.step_retry_window);
  if (!sent.status.ok()) return StatusOf(sent.status, "create");
  order.order_number = created.name().substr(std::string(kOrderPrefix).size());
  order.job = absl::StrCat("dispatchJobs/", order.order_number);

  if (absl::Status s = Queue(created); !s.ok()) return s;
  if (absl::Status s = AwaitQueued(order.job); !s.ok()) return s;
  absl::StatusOr<absl::Time> window_start = AssignAndBook(order.job);
  if (!window_start.ok()) return window_start.status();
  return AppSteps(order, *window_start);
}

absl::Status LoadWorker::Queue(const ov1::RepairOrder& created) {
  const absl::Time give_up = absl::Now() + plan_.step_retry_window;
  std::string etag = created.etag();
  ov1::Status status = created.status();
  bool unanswered = false;
  while (true) {
    if (status == ov1::PENDING_DISPATCH) return absl::OkStatus();
    if (status != ov1::RECEIVED) {
      return absl::FailedPreconditionError(
          absl::StrCat("queue: ", created.name(), " is ", ov1::Status_Name(status)));
    }
    ov1::TransitionRepairOrderRequest queue;
    queue.set_name(created.name());
    queue.set_event(ov1::QUEUE_FOR_DISPATCH);
    queue.set_etag(etag);
    ov1::RepairOrder queued;
    // A stale etag (ABORTED) is answered by reading the order again, as is a
    // refusal after an attempt whose answer was lost.
    Sent sent = Send(
        "queue", agent_,
        [&](grpc::ClientContext* c) { return orders_->TransitionRepairOrder(c, queue, &queued); },
        give_up, {grpc::StatusCode::ABORTED, grpc::StatusCode::FAILED_PRECONDITION});
    unanswered = unanswered || sent.unanswered_before;
    const grpc::StatusCode code = sent.status.error_code();
    if (sent.status.ok()) return absl::OkStatus();
    if (code == grpc::StatusCode::ABORTED) {
      figures_.etag_conflicts++;
    } else if (code != grpc::StatusCode::FAILED_PRECONDITION || !unanswered) {
      if (code == grpc::StatusCode::FAILED_PRECONDITION) CountError(sent.status);
      return StatusOf(sent.status, "queue");
    }
    ov1::GetRepairOrderRequest get;
    get.set_name(created.name());
    ov1::RepairOrder read;
    Sent again = Send(
        nullptr, agent_,
        [&](grpc::ClientContext* c) { return orders_->GetRepairOrder(c, get, &read); }, give_up);
    if (!again.status.ok()) return StatusOf(again.status, "queue: reading the order again");
    if (read.status() == ov1::PENDING_DISPATCH) figures_.resolved_by_read++;
    etag = read.etag();
    status = read.status();
    if (absl::Now() > give_up && status == ov1::RECEIVED) {
      return absl::DeadlineExceededError(
          absl::StrCat("queue: ", created.name(), " not queued within ",
                       absl::FormatDuration(plan_.step_retry_window), " (its etag kept changing)"));
    }
  }
}

absl::Status LoadWorker::AwaitQueued(const std::string& job) {
  const absl::Time since = absl::Now();
  const absl::Time give_up = since + plan_.sync_wait;
  sv1::GetDispatchJobRequest get;
  get.set_name(job);
  absl::Duration poll = kFirstPoll;
  while (true) {
    sv1::DispatchJob got;
    Sent sent =
        Send(nullptr, dispatcher_,
             [&](grpc::ClientContext* c) { return dispatch_->GetDispatchJob(c, get, &got); },
             give_up, {grpc::StatusCode::NOT_FOUND});
    if (sent.status.ok()) {
      if (got.step() != sv1::QUEUED) {
        return absl::FailedPreconditionError(
            absl::StrCat("sync: ", job, " reached scheduling as ", sv1::JobStep_Name(got.step())));
      }
      figures_.samples["sync"].push_back(absl::Now() - since);
      return absl::OkStatus();
    }
    if (sent.status.error_code() != grpc::StatusCode::NOT_FOUND) {
      return StatusOf(sent.status, "sync: reading the job");
    }
    if (absl::Now() + poll > give_up) {
      return absl::DeadlineExceededError(absl::StrCat("sync: ", job, " not in scheduling within ",
                                                      absl::FormatDuration(plan_.sync_wait)));
    }
    absl::SleepFor(poll);
    poll = std::min(poll * 2, kLongestPoll);
  }
}

absl::StatusOr<absl::Time> LoadWorker::AssignAndBook(const std::string& job) {
  const std::string technician = TechnicianName(technician_.id);
  absl::Time start;
  for (int refused = 0;; ++refused) {
    start = windows_.Next(technician_.id);
    sv1::AssignJobRequest assign;
    assign.set_job(job);
    assign.set_technician(technician);
    common::SetTimestamp(start, assign.mutable_start_time());
    sv1::DispatchJob assigned;
    const absl::Time give_up = absl::Now() + plan_.step_retry_window;
    Sent sent =
        Send("assign_book", dispatcher_,
             [&](grpc::ClientContext* c) { return dispatch_->AssignJob(c, assign, &assigned); },
             give_up, {grpc::StatusCode::FAILED_PRECONDITION});
    if (sent.status.ok()) break;
    if (sent.status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) {
      return StatusOf(sent.status, "assign");
    }
    // Refused: either an earlier attempt of this call took effect, or the
    // window is not free (or the job moved on: a failure).
    sv1::GetDispatchJobRequest get;
    get.set_name(job);
    sv1::DispatchJob read;
    Sent again = Send(
        nullptr, dispatcher_,
        [&](grpc::ClientContext* c) { return dispatch_->GetDispatchJob(c, get, &read); }, give_up);
    if (!again.status.ok()) return StatusOf(again.status, "assign: reading the job");
    if (sent.unanswered_before && read.technician() == technician &&
        (read.step() == sv1::ASSIGNED || read.step() == sv1::BOOKED)) {
      figures_.resolved_by_read++;
      break;
    }
    if (read.step() != sv1::QUEUED || refused >= plan_.max_windows_refused) {
      CountError(sent.status);
      return StatusOf(sent.status, absl::StrCat("assign (", refused + 1, " windows tried)"));
    }
    figures_.windows_refused++;
  }
  sv1::BookAppointmentRequest book;
  book.set_job(job);
  common::SetTimestamp(start, book.mutable_window()->mutable_start_time());
  common::SetTimestamp(start + plan_.window, book.mutable_window()->mutable_end_time());
  sv1::DispatchJob booked;
  // The same window again is no change: a plain retry.
  Sent sent = Send(
      "assign_book", dispatcher_,
      [&](grpc::ClientContext* c) { return dispatch_->BookAppointment(c, book, &booked); },
      absl::Now() + plan_.step_retry_window);
  if (!sent.status.ok()) return StatusOf(sent.status, "book");
  return start;
}

absl::Status LoadWorker::AppSteps(const LoadOrder& order, absl::Time window_start) {
  // Operation ids: the order's request id and the step, so a repeat is the
  // same operation.
  auto op = [&](const char* step) { return absl::StrCat(order.request_id, "-", step); };
  auto step = [&](const char* name, const Call& call) -> absl::Status {
    Sent sent = Send("app_step", technician_auth_, call, absl::Now() + plan_.step_retry_window);
    return sent.status.ok() ? absl::OkStatus() : StatusOf(sent.status, name);
  };
  sv1::TechnicianJob answer;

  sv1::AcceptJobRequest accept;
  accept.set_operation_id(op("accept"));
  accept.set_job(order.job);
  if (absl::Status s = step(
          "accept", [&](grpc::ClientContext* c) { return app_->AcceptJob(c, accept, &answer); });
      !s.ok()) {
    return s;
  }

  sv1::UpdateJobStatusRequest depart;
  depart.set_operation_id(op("depart"));
  depart.set_job(order.job);
  depart.set_status(sv1::DEPARTED);
  common::SetTimestamp(window_start, depart.mutable_eta());
  if (absl::Status s =
          step("depart",
               [&](grpc::ClientContext* c) { return app_->UpdateJobStatus(c, depart, &answer); });
      !s.ok()) {
    return s;
  }

  sv1::UpdateJobStatusRequest arrive;
  arrive.set_operation_id(op("arrive"));
  arrive.set_job(order.job);
  arrive.set_status(sv1::ARRIVED);
  if (absl::Status s =
          step("arrive",
               [&](grpc::ClientContext* c) { return app_->UpdateJobStatus(c, arrive, &answer); });
      !s.ok()) {
    return s;
  }

  sv1::CompleteJobRequest complete;
  complete.set_operation_id(op("complete"));
  complete.set_job(order.job);
  sv1::RepairRecord* record = complete.mutable_record();
  record->set_fault_found("温控器损坏");
  record->set_work_done("更换温控器，全功能试机正常");
  record->set_function_test_passed(true);
  record->set_customer_opinion("满意");
  // A made-up signature image, the same in every repeat of the call (the
  // server compares a replayed operation's request with the first).
  const std::string signature = absl::StrCat("signed for ", order.request_id);
  record->set_signature_sha256(common::Sha256Hex(signature));
  record->set_signature(signature);
  return step("complete",
              [&](grpc::ClientContext* c) { return app_->CompleteJob(c, complete, &answer); });
}

}  // namespace fieldservice::tools::cluster_load
