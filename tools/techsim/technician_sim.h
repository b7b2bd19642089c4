// One simulated technician: their phone's change stream, read on one thread,
// and what they do about it on another, as a small state machine per visit:
// accept a new job; for the next booked one, leave in time for the
// appointment (DEPARTED with an eta), travel, ARRIVED, then customer not
// home, waiting for parts, or a repair record (CompleteJob). Only the jobs
// their own stream brings are touched.
//
// Faults a real phone has, each drawn with its rate from the technician's
// own random sequence (so a seed repeats a run):
// - drop: the stream is cut after a change and reopened after the last
//   cursor received (a change received twice counts as an error);
// - offline: the phone loses the network once the technician has left (the
//   departure itself went out), so the visit's arrival and outcome are
//   queued on the phone and sent when it is back, with their original
//   operation ids; the first of them did reach the server but its answer was
//   lost, so the server sees it twice and must act once (a second act would
//   be refused as the wrong step: an error). The departure is not queued: the
//   server checks a departure's eta against its own now before it looks the
//   operation id up, so a replayed departure whose eta has passed would be
//   refused (the API carries no time an operation was made at).
//
// With a job feeder (techsim --feed_orders), a job left without a repair
// goes back to the dispatcher: after "customer not home" at once, after
// "needs parts" once the parts arrive (PARTS_ARRIVED, `parts_delay` after).
#ifndef FIELDSERVICE_TOOLS_TECHSIM_TECHNICIAN_SIM_H_
#define FIELDSERVICE_TOOLS_TECHSIM_TECHNICIAN_SIM_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "tools/techsim/figures.h"
#include "tools/techsim/sim_clock.h"

namespace fieldservice::tools::techsim {

// How every technician of a run behaves; durations are simulated time.
struct Behaviour {
  double parts_rate = 0;                       // of visits: waiting for parts
  double not_home_rate = 0;                    // of visits: customer not home
  double drop_rate = 0;                        // of stream changes: the stream is cut after it
  double offline_rate = 0;                     // of visits: made offline, replayed afterwards
  absl::Duration travel = absl::Minutes(20);   // mean planned trip
  absl::Duration on_site = absl::Minutes(45);  // mean time on site
  int attempts = 5;                            // tries of an operation the network failed (same id)
  absl::Duration parts_delay = absl::Hours(1);  // with a feeder: parts arrive after this
};

struct TechnicianSetup {
  std::string id;             // the technician id: the token's principal
  std::string authorization;  // "Bearer <token>"
  int index = 0;              // in the run: names their operation ids
  uint64_t seed = 0;
  std::string run_tag;  // unique per run, so ids never collide with a past run's
  // The feeder's: `job` needs a new window (empty: no feeder; parts never
  // arrive and a job not home stays assigned).
  std::function<void(const std::string& job)> needs_booking = nullptr;
};

class SimulatedTechnician {
 public:
  SimulatedTechnician(TechnicianSetup setup, const Behaviour& behaviour,
                      std::shared_ptr<grpc::Channel> channel, const SimClock& clock,
                      Figures& figures);
  ~SimulatedTechnician();

  void Start();
  // Takes no new job and returns once the visit under way (if any) has
  // ended, its offline queue replayed; then Stop().
  void Finish();
  // Takes no new job from now on; called on every technician before
  // Finish() so the run ends in one pass, not one technician at a time.
  void StopTakingJobs() { finishing_ = true; }
  // Ends both threads (a visit under way stops where it is).
  void Stop();

  // Whether anything is left to do: a job to accept or visit, or a visit
  // under way.
  bool Busy() const;
  // Wall-clock time of the last change the stream brought (or of Start).
  absl::Time LastChange() const;

 private:
  using Operation =
      std::variant<scheduling::v1::AcceptJobRequest, scheduling::v1::UpdateJobStatusRequest,
                   scheduling::v1::CompleteJobRequest>;

  void ReadStream();
  void Apply(const scheduling::v1::JobChangeEvent& event);
  void Act();
  // The job to act on next: one to accept first, then the earliest
  // appointment among booked, en route and on site.
  std::optional<scheduling::v1::TechnicianJob> Next() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool Actionable(const scheduling::v1::TechnicianJob& job) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Visit(const scheduling::v1::TechnicianJob& job);
  // Reports the parts of one job whose parts are due (PARTS_ARRIVED) and
  // hands it to the feeder; false when none is due.
  bool PartsArrive();
  // When to leave for `job` at the latest; whether it is too early to.
  absl::Time LeaveBy(const scheduling::v1::TechnicianJob& job) const;
  bool Waiting(const scheduling::v1::TechnicianJob& job) const;

  std::string NextOperationId();
  scheduling::v1::UpdateJobStatusRequest Status(const std::string& job,
                                                scheduling::v1::JobStatusUpdate update,
                                                const std::string& reason);
  scheduling::v1::CompleteJobRequest Complete(const std::string& job);
  // Sends `op`, again with the same id while the network fails it; the job
  // as answered, or nullopt after counting an error. `replay`: it was sent
  // before.
  std::optional<scheduling::v1::TechnicianJob> Send(const Operation& op, bool replay);
  grpc::Status Call(const Operation& op, scheduling::v1::TechnicianJob* answer);
  void Keep(const scheduling::v1::TechnicianJob& job);
  double Draw() { return (rng_() >> 11) * 0x1.0p-53; }

  const TechnicianSetup setup_;
  const Behaviour behaviour_;
  std::unique_ptr<scheduling::v1::TechnicianApp::Stub> stub_;
  const SimClock& clock_;
  Figures& figures_;
  std::mt19937_64 rng_;          // the actor's draws
  std::mt19937_64 drop_rng_;     // the stream reader's
  int64_t operation_count_ = 0;  // actor thread only

  absl::Notification stop_;
  std::atomic<bool> finishing_{false};
  mutable absl::Mutex mu_;
  // The technician's jobs as last heard of (the highest version kept).
  std::map<std::string, scheduling::v1::TechnicianJob> jobs_ ABSL_GUARDED_BY(mu_);
  std::set<std::string> seen_ ABSL_GUARDED_BY(mu_);
  // Jobs an operation failed on: left alone for the rest of the run.
  std::set<std::string> given_up_ ABSL_GUARDED_BY(mu_);
  bool in_visit_ ABSL_GUARDED_BY(mu_) = false;
  // Jobs waiting for parts, by when (simulated) the parts arrive.
  std::map<std::string, absl::Time> parts_due_ ABSL_GUARDED_BY(mu_);
  absl::Time last_change_ ABSL_GUARDED_BY(mu_);
  grpc::ClientContext* stream_context_ ABSL_GUARDED_BY(mu_) = nullptr;

  std::thread reader_;
  std::thread actor_;
};

}  // namespace fieldservice::tools::techsim

#endif  // FIELDSERVICE_TOOLS_TECHSIM_TECHNICIAN_SIM_H_
