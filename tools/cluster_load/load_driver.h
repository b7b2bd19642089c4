// A bounded load of whole repair orders through the public gRPC APIs
// (issue 13): each worker, a client of its own, takes orders one after
// another the way the call centre, a dispatcher and a technician's app do
// (tests/journey/journey.cc has the story):
//
//   create    CreateRepairOrder as a call agent, with a request id;
//   queue     TransitionRepairOrder QUEUE_FOR_DISPATCH with the order's etag;
//   sync      the job reaches scheduling's queue by orders' relay
//             (GetDispatchJob polled with backoff);
//   assign    AssignJob to a technician at the start of a window, then
//   book      BookAppointment of that window, as a dispatcher;
//   app       AcceptJob, UpdateJobStatus DEPARTED (eta: the window's start)
//             and ARRIVED, CompleteJob with a signed record, as the
//             technician, each with its own operation id.
//
// A call that fails with a code a client cannot tell from "not done"
// (UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, INTERNAL, UNKNOWN,
// RESOURCE_EXHAUSTED) is sent again, the same request (same request id,
// same operation id), after a short backoff, until the step's retry window
// is over; any other answer fails the order (recorded) and the worker takes
// its next one. Where a repeat cannot be told from a first call by an id
// the two calls without one are reconciled by reading:
// - queue: a stale etag (ABORTED; the warranty decision also writes the
//   order) or a refusal after an unanswered attempt re-reads the order; one
//   already queued is acknowledged, otherwise the step goes again with the
//   new etag. Stale etags are counted as etag conflicts, not errors.
// - assign: a refusal after an unanswered attempt reads the job; one with
//   the worker's technician is acknowledged. A refusal of a first attempt
//   with the job still queued means the window is taken (an earlier run's
//   booking): the next window is tried (counted as windows refused).
// BookAppointment of the same window again is a no-op rebooking, and the
// app's steps are replayed by operation id, so those are plain retries.
//
// Windows: every technician's day has window_hours (business time), each
// `window` long, Monday to Saturday (create_technicians.h's shifts), from
// the business day `first_day_offset` after `now`; each window of a
// technician is used once per run, so no two visits overlap and no day has
// more than window_hours.size() jobs. Worker w works with technician
// w mod N, so a technician may serve several workers.
//
// Times: `now` is the servers' clock when the load starts (a service under
// test runs on --fake_now); the load keeps it running at clock_rate times
// wall-clock speed, as theirs does (the calls' times: the call's end a
// minute before it, windows in its future).
#ifndef FIELDSERVICE_TOOLS_CLUSTER_LOAD_LOAD_DRIVER_H_
#define FIELDSERVICE_TOOLS_CLUSTER_LOAD_LOAD_DRIVER_H_

#include <grpcpp/channel.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace fieldservice::tools::cluster_load {

struct LoadTechnician {
  std::string id;     // exists in scheduling (create_technicians.h makes them)
  std::string token;  // theirs: principal the id, role technician
};

struct LoadSetup {
  // "host:port" or "host:port,host:port,...": a list is balanced round
  // robin by gRPC.
  std::string orders_address;
  std::string scheduling_address;
  std::string ca_file;  // the services' CA (PEM); ignored with plaintext
  bool plaintext = false;
  // Bearer tokens (the token alone, without "Bearer "), signed by the caller.
  std::string agent_token;       // role agent
  std::string dispatcher_token;  // role dispatcher
  std::vector<LoadTechnician> technicians;
  absl::Time now;  // the servers' clock at the start (see above)
  // How fast their clock runs: their fake_clock_rate (1: wall-clock speed).
  double clock_rate = 1;
  absl::TimeZone business_zone = absl::FixedTimeZone(8 * 3600);
  // Names this run's request and operation ids; empty: from the wall clock.
  // Two runs with one tag would be the same orders.
  std::string run_tag;
};

struct LoadPlan {
  int workers = 4;            // concurrent clients
  int orders_per_worker = 3;  // each after the other
  // When set, a worker starts no new order once it reads true (the order
  // under way is finished): a load that lasts as long as something else
  // does, at most orders_per_worker orders each.
  const std::atomic<bool>* stop = nullptr;
  absl::Duration call_deadline = absl::Seconds(10);  // of each call
  // How long one step (one call, its retries) is tried before its order is
  // given up.
  absl::Duration step_retry_window = absl::Seconds(60);
  // How long a queued order may take to reach scheduling's queue.
  absl::Duration sync_wait = absl::Seconds(60);
  absl::Duration initial_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(1);
  // The windows' start hours (business time) and length.
  std::vector<int> window_hours = {9, 11, 13, 15, 17};
  absl::Duration window = absl::Hours(2);
  int first_day_offset = 1;      // the first booked day: this many days after now's
  int max_windows_refused = 20;  // per order, before it fails
};

// p50, p99 and max of one kind of call, each acknowledged call one sample.
struct Latency {
  int64_t count = 0;
  absl::Duration p50, p99, max;
};

// One order whose creation was acknowledged.
struct LoadOrder {
  std::string request_id;
  std::string order_number;  // "repairOrders/{this}"
  std::string job;           // "dispatchJobs/{order_number}"
  std::string technician_id;
  bool completed = false;  // every step acknowledged
};

struct LoadReport {
  int workers = 0;
  int64_t orders_attempted = 0;
  int64_t orders_completed = 0;
  std::vector<LoadOrder> orders;      // acknowledged creations, by worker, then in order
  std::vector<std::string> failures;  // one line per order given up: its step and why
  int64_t requests = 0;               // every call sent, polls and retries included
  int64_t retries = 0;                // calls sent again after a failure
  // Failed calls by gRPC code name ("UNAVAILABLE"), whether retried or not;
  // the two answers below are not failures and not counted here.
  std::map<std::string, int64_t> errors_by_code;
  // The first message seen of each code, to tell what the failures were.
  std::map<std::string, std::string> error_examples;
  int64_t etag_conflicts = 0;    // queue: the etag was stale; read again
  int64_t resolved_by_read = 0;  // a refusal an unanswered earlier attempt explained
  int64_t windows_refused = 0;   // assign: the window was taken; the next one tried
  // The longest time from a worker's first failed call to its next
  // acknowledged one (to its end, when none came).
  absl::Duration longest_outage;
  absl::Duration wall_time;
  double orders_per_second = 0;    // completed, over the wall time
  double requests_per_second = 0;  // sent, over the wall time
  // "create", "queue", "assign_book", "app_step"; and "sync": from queue's
  // acknowledgement to the job seen queued in scheduling.
  std::map<std::string, Latency> latency;

  int64_t errors() const;
  bool AllCompleted() const { return orders_completed == orders_attempted; }
  std::string Text() const;
  std::string Json() const;
};

// A channel to one service (`addresses` as in LoadSetup) as the load's
// clients open it (common::OpenServiceChannel: round robin over a list);
// INVALID_ARGUMENT when the CA file cannot be read or an address is wrong.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenLoadChannel(const LoadSetup& setup,
                                                               const std::string& addresses);

// Runs the plan to its end (every order completed or given up) and reports.
LoadReport RunLoad(const LoadSetup& setup, const LoadPlan& plan);

}  // namespace fieldservice::tools::cluster_load

#endif  // FIELDSERVICE_TOOLS_CLUSTER_LOAD_LOAD_DRIVER_H_
