#include "tools/techsim/job_feeder.h"

#include <chrono>
#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/proto_time.h"
#include "tools/sample_orders.h"

namespace fieldservice::tools::techsim {
namespace {

namespace sv1 = ::fieldservice::scheduling::v1;
namespace ov1 = ::fieldservice::orders::v1;

constexpr auto kCallDeadline = std::chrono::seconds(20);
// Wall-clock pauses: while scheduling has not heard of a new job yet, and
// before a call the network failed is tried again.
constexpr absl::Duration kSyncPoll = absl::Milliseconds(50);
constexpr absl::Duration kSyncWait = absl::Seconds(60);
constexpr int kAttempts = 5;

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

absl::Status StatusOf(const grpc::Status& s, const std::string& what) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      absl::StrCat(what, ": ", s.error_message()));
}

bool Transient(const grpc::Status& s) {
  return s.error_code() == grpc::StatusCode::UNAVAILABLE ||
         s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
         s.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED ||
         s.error_code() == grpc::StatusCode::ABORTED;
}

// Calls `call(context)` with the caller's token, again while the network or
// a busy server fails it (every call here is idempotent: request ids, or a
// booking of the same window).
template <typename Call>
grpc::Status WithRetries(const std::string& authorization, Call call) {
  grpc::Status status;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", authorization);
    context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    status = call(&context);
    if (status.ok() || !Transient(status)) return status;
    absl::SleepFor(absl::Milliseconds(200) * (attempt + 1));
  }
  return status;
}

std::string OrderNumber(const std::string& job) { return job.substr(job.find('/') + 1); }

}  // namespace

JobFeeder::JobFeeder(FeedSetup setup, const SimClock& clock)
    : setup_(std::move(setup)),
      clock_(clock),
      orders_(ov1::RepairOrders::NewStub(setup_.orders)),
      dispatch_(sv1::Dispatch::NewStub(setup_.scheduling)) {
  rebooker_ = std::thread([this] { Rebooking(); });
}

JobFeeder::~JobFeeder() { Drain(); }

absl::Status JobFeeder::FeedAll() {
  struct Item {
    std::string technician;
    absl::CivilDay day;
    int index;
  };
  std::vector<Item> items;
  for (absl::CivilDay day : setup_.days) {
    for (int i = 0; i < setup_.jobs_per_day; ++i) {
      for (const std::string& t : setup_.technician_ids) items.push_back({t, day, i});
    }
  }
  std::atomic<size_t> next{0};
  absl::Mutex failed_mu;
  absl::Status failed;
  auto work = [&] {
    for (size_t i = next++; i < items.size(); i = next++) {
      {
        absl::MutexLock lock(&failed_mu);
        if (!failed.ok()) return;
      }
      absl::Status s = FeedOne(items[i].technician, items[i].day, items[i].index);
      if (!s.ok()) {
        figures_.errors++;
        absl::MutexLock lock(&failed_mu);
        if (failed.ok()) failed = s;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < setup_.threads; ++i) threads.emplace_back(work);
  for (auto& t : threads) t.join();
  return failed;
}

absl::Status JobFeeder::FeedOne(const std::string& technician_id, absl::CivilDay day, int index) {
  const std::string request_id = absl::StrCat("techsim-", setup_.run_tag, "-", technician_id, "-",
                                              absl::FormatCivilTime(day), "-", index);
  auto number = TakeOrder(request_id);
  if (!number.ok()) return number.status();
  const std::string job = absl::StrCat("dispatchJobs/", *number);
  if (absl::Status s = WaitForQueued(job); !s.ok()) return s;
  const int hour = setup_.window_hours[index % setup_.window_hours.size()];
  const absl::Time from =
      absl::FromCivil(absl::CivilHour(day.year(), day.month(), day.day(), hour), setup_.zone);
  if (absl::Status s = Book(job, technician_id, from, day, day); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  jobs_.push_back(job);
  figures_.jobs++;
  return absl::OkStatus();
}

absl::StatusOr<std::string> JobFeeder::TakeOrder(const std::string& request_id) {
  // The sample customer in the technicians' district, with a product they
  // repair (tools/sample_orders.cc).
  ov1::CreateRepairOrderRequest create = SampleCreateRequest(
      {.request_id = request_id, .customer = 0, .call_ended = clock_.Now() - absl::Minutes(1)});
  ov1::RepairOrder order;
  grpc::Status s = WithRetries(setup_.agent_authorization, [&](grpc::ClientContext* c) {
    return orders_->CreateRepairOrder(c, create, &order);
  });
  if (!s.ok()) return StatusOf(s, absl::StrCat("CreateRepairOrder ", request_id));
  // Queued for dispatch; a retry that finds it queued already is fine.
  ov1::TransitionRepairOrderRequest queue;
  queue.set_name(order.name());
  queue.set_event(ov1::QUEUE_FOR_DISPATCH);
  queue.set_etag(order.etag());
  ov1::RepairOrder queued;
  s = WithRetries(setup_.agent_authorization, [&](grpc::ClientContext* c) {
    return orders_->TransitionRepairOrder(c, queue, &queued);
  });
  if (!s.ok() && order.status() != ov1::PENDING_DISPATCH) {
    return StatusOf(s, absl::StrCat("QUEUE_FOR_DISPATCH ", order.name()));
  }
  return OrderNumber(order.name());
}

absl::Status JobFeeder::WaitForQueued(const std::string& job) {
  sv1::GetDispatchJobRequest get;
  get.set_name(job);
  const absl::Time deadline = absl::Now() + kSyncWait;
  while (true) {
    sv1::DispatchJob got;
    grpc::Status s = WithRetries(setup_.dispatcher_authorization, [&](grpc::ClientContext* c) {
      return dispatch_->GetDispatchJob(c, get, &got);
    });
    if (s.ok() && got.step() == sv1::QUEUED) return absl::OkStatus();
    if (!s.ok() && s.error_code() != grpc::StatusCode::NOT_FOUND) {
      return StatusOf(s, absl::StrCat("GetDispatchJob ", job));
    }
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat(job, " did not reach scheduling's queue within ",
                       absl::FormatDuration(kSyncWait), " (the orders relay)"));
    }
    absl::SleepFor(kSyncPoll);
  }
}

absl::Status JobFeeder::Book(const std::string& job, const std::string& technician, absl::Time from,
                             absl::CivilDay first, absl::CivilDay last) {
  std::string refusals;
  for (absl::CivilDay day = first; day <= last; ++day) {
    for (int hour : setup_.window_hours) {
      const absl::Time start =
          absl::FromCivil(absl::CivilHour(day.year(), day.month(), day.day(), hour), setup_.zone);
      if (start < from) continue;
      sv1::BookAppointmentRequest book;
      book.set_job(job);
      if (!technician.empty()) book.set_technician(absl::StrCat("technicians/", technician));
      common::SetTimestamp(start, book.mutable_window()->mutable_start_time());
      common::SetTimestamp(start + setup_.window, book.mutable_window()->mutable_end_time());
      sv1::DispatchJob booked;
      grpc::Status s = WithRetries(setup_.dispatcher_authorization, [&](grpc::ClientContext* c) {
        return dispatch_->BookAppointment(c, book, &booked);
      });
      if (s.ok()) return absl::OkStatus();
      // The technician cannot start it then: the next window.
      if (s.error_code() != grpc::StatusCode::FAILED_PRECONDITION) {
        return StatusOf(s, absl::StrCat("BookAppointment ", job));
      }
      refusals = s.error_message();
    }
  }
  return absl::FailedPreconditionError(absl::StrCat("no window from ", absl::FormatCivilTime(first),
                                                    " to ", absl::FormatCivilTime(last), " for ",
                                                    job, ": ", refusals));
}

void JobFeeder::NeedsBooking(const std::string& job) {
  absl::MutexLock lock(&mu_);
  to_rebook_.push_back(job);
}

void JobFeeder::Rebooking() {
  while (true) {
    std::string job;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](JobFeeder* self) ABSL_NO_THREAD_SAFETY_ANALYSIS {
            return self->stopping_ || !self->to_rebook_.empty();
          },
          this));
      if (to_rebook_.empty()) return;  // stopping, nothing left
      job = to_rebook_.front();
      to_rebook_.pop_front();
    }
    const absl::Time from = clock_.Now() + setup_.rebook_lead;
    const absl::CivilDay first = absl::ToCivilDay(from, setup_.zone);
    absl::Status s = Book(job, "", from, first, setup_.days.back() + setup_.rebook_days_after);
    if (s.ok()) {
      figures_.rebooked++;
    } else {
      figures_.errors++;
      std::fprintf(stderr, "techsim: rebooking: %s\n", std::string(s.message()).c_str());
    }
    absl::MutexLock lock(&mu_);
    if (s.ok()) rebookings_[job]++;
  }
}

void JobFeeder::Drain() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  if (rebooker_.joinable()) rebooker_.join();
}

absl::StatusOr<Ending> JobFeeder::Tally(absl::Time end) {
  std::vector<std::string> jobs;
  std::map<std::string, int> rebookings;
  {
    absl::MutexLock lock(&mu_);
    jobs = jobs_;
    rebookings = rebookings_;
  }
  Ending ending;
  for (const std::string& job : jobs) {
    sv1::GetDispatchJobRequest get;
    get.set_name(job);
    sv1::DispatchJob got;
    grpc::Status s = WithRetries(setup_.dispatcher_authorization, [&](grpc::ClientContext* c) {
      return dispatch_->GetDispatchJob(c, get, &got);
    });
    if (!s.ok()) return StatusOf(s, absl::StrCat("GetDispatchJob ", job));
    if (got.step() == sv1::COMPLETED) {
      ending.completed++;
    } else if (got.step() == sv1::BOOKED && rebookings.count(job) != 0 &&
               TimeOf(got.appointment().start_time()) >= end) {
      ending.rescheduled++;
    } else {
      ending.unfinished++;
      std::fprintf(stderr,
                   "techsim: %s ended %s (version %lld), neither completed nor rebooked "
                   "after the run\n",
                   job.c_str(), sv1::JobStep_Name(got.step()).c_str(),
                   static_cast<long long>(got.version()));
    }
  }
  return ending;
}

}  // namespace fieldservice::tools::techsim
