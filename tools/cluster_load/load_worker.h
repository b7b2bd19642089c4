// One client of the cluster load (load_driver.h says what it does): its own
// channels, its orders one after another, its own figures (merged into the
// report when every worker is done, so nothing here is shared but the
// window book).
#ifndef FIELDSERVICE_TOOLS_CLUSTER_LOAD_LOAD_WORKER_H_
#define FIELDSERVICE_TOOLS_CLUSTER_LOAD_LOAD_WORKER_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "fieldservice/orders/v1/orders_service.grpc.pb.h"
#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "tools/cluster_load/load_driver.h"

namespace fieldservice::tools::cluster_load {

// The windows of every technician, each handed out once: the plan's hours
// of each working day (Monday to Saturday) from `first_day`. Thread-safe.
class WindowBook {
 public:
  WindowBook(absl::CivilDay first_day, std::vector<int> hours, absl::TimeZone zone)
      : first_day_(first_day), hours_(std::move(hours)), zone_(zone) {}

  // The start of `technician_id`'s next unused window.
  absl::Time Next(const std::string& technician_id);

 private:
  const absl::CivilDay first_day_;
  const std::vector<int> hours_;
  const absl::TimeZone zone_;
  absl::Mutex mu_;
  std::map<std::string, int64_t> used_ ABSL_GUARDED_BY(mu_);
};

// What one worker saw.
struct WorkerFigures {
  int64_t attempted = 0;
  int64_t completed = 0;
  std::vector<LoadOrder> orders;
  std::vector<std::string> failures;
  int64_t requests = 0;
  int64_t retries = 0;
  std::map<std::string, int64_t> errors_by_code;
  std::map<std::string, std::string> error_examples;  // the first message of each code
  int64_t etag_conflicts = 0;
  int64_t resolved_by_read = 0;
  int64_t windows_refused = 0;
  absl::Duration longest_outage;
  std::map<std::string, std::vector<absl::Duration>> samples;  // by kind
};

// The channels a worker calls on (its own: each worker is one client).
struct WorkerChannels {
  std::shared_ptr<grpc::Channel> orders;
  std::shared_ptr<grpc::Channel> scheduling;
};

class LoadWorker {
 public:
  // `index`: the worker's number (names its orders and picks its
  // technician); `wall_start`: when the run began, in wall-clock time, when
  // the servers' clock read setup.now.
  LoadWorker(const LoadSetup& setup, const LoadPlan& plan, int index, const std::string& run_tag,
             absl::Time wall_start, WorkerChannels channels, WindowBook& windows);

  // Every order of the plan, one after another.
  void Run();

  const WorkerFigures& figures() const { return figures_; }

 private:
  using Call = std::function<grpc::Status(grpc::ClientContext*)>;
  // The last answer to a step's call, and whether an earlier attempt went
  // unanswered (its effect, if any, unknown).
  struct Sent {
    grpc::Status status;
    bool unanswered_before = false;
  };

  // Sends `call` as `authorization` until it is acknowledged, answered with
  // a code that is not retried, or `give_up` passes; a code in `answers` is
  // an answer, not a failure. `kind` (may be null) names the latency of an
  // acknowledged call.
  Sent Send(const char* kind, const std::string& authorization, const Call& call,
            absl::Time give_up, std::initializer_list<grpc::StatusCode> answers = {});

  // One order's steps; the first that fails, naming it.
  absl::Status RunOrder(int number, LoadOrder& order);
  absl::Status Queue(const orders::v1::RepairOrder& created);
  absl::Status AwaitQueued(const std::string& job);
  // Assigns at the start of a free window and books it; the window's start.
  absl::StatusOr<absl::Time> AssignAndBook(const std::string& job);
  absl::Status AppSteps(const LoadOrder& order, absl::Time window_start);

  // The servers' clock now (setup.now going on at wall-clock speed).
  absl::Time ServerNow() const;
  void CountError(const grpc::Status& status);
  void Pause(absl::Duration d);

  const LoadSetup& setup_;
  const LoadPlan& plan_;
  const int index_;
  const std::string run_tag_;
  const absl::Time wall_start_;
  const LoadTechnician& technician_;
  const std::string agent_, dispatcher_, technician_auth_;  // "Bearer ..."
  WindowBook& windows_;
  std::unique_ptr<orders::v1::RepairOrders::Stub> orders_;
  std::unique_ptr<scheduling::v1::Dispatch::Stub> dispatch_;
  std::unique_ptr<scheduling::v1::TechnicianApp::Stub> app_;
  std::mt19937_64 jitter_;
  // Since when this worker's calls have failed with no acknowledgement yet.
  std::optional<absl::Time> outage_since_;
  WorkerFigures figures_;
};

// A status code as gRPC names it ("UNAVAILABLE").
std::string CodeName(grpc::StatusCode code);

// The workers' figures as one report (load_report.cc); `wall_time`: the
// run's, start to the last worker's end.
LoadReport ReportOf(const std::vector<const WorkerFigures*>& workers, absl::Duration wall_time);

}  // namespace fieldservice::tools::cluster_load

#endif  // FIELDSERVICE_TOOLS_CLUSTER_LOAD_LOAD_WORKER_H_
