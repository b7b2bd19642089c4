// techsim --feed_orders: the jobs of a run, made the way the call centre and
// a dispatcher make them. For each working day and technician, a repair
// order is taken through the orders service (CreateRepairOrder and
// QUEUE_FOR_DISPATCH, as a call agent), scheduling gets its job by its
// normal sync from orders, and a dispatcher books it on that technician's
// day (BookAppointment for the queued job with the technician: the first of
// the day's windows the technician can start in).
//
// A job a technician left without a repair (the customer not home; parts
// needed, which arrive after a while) is back with them as assigned and is
// rebooked here, as a dispatcher would after calling the customer: the first
// window starting at least `rebook_lead` after now that the technician can
// start in, on the run's days or after them. The technician's reason stays
// in the job's history and the order's audit trail; a missed window stays
// in `missed_windows`.
//
// At the end Tally() asks scheduling for every job the feeder made: each
// must be completed, or rescheduled (booked for a window after the run,
// after a visit that did not fix it); anything else is unfinished.
#ifndef FIELDSERVICE_TOOLS_TECHSIM_JOB_FEEDER_H_
#define FIELDSERVICE_TOOLS_TECHSIM_JOB_FEEDER_H_

#include <grpcpp/channel.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "fieldservice/orders/v1/orders_service.grpc.pb.h"
#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "tools/techsim/sim_clock.h"

namespace fieldservice::tools::techsim {

struct FeedSetup {
  std::shared_ptr<grpc::Channel> orders;
  std::shared_ptr<grpc::Channel> scheduling;
  std::string agent_authorization;       // a call agent's "Bearer <token>"
  std::string dispatcher_authorization;  // a dispatcher's
  std::vector<std::string> technician_ids;
  std::vector<absl::CivilDay> days;  // the working days to fill
  int jobs_per_day = 3;              // per technician and day
  // The windows of a day (business time): each starts at one of these hours
  // and lasts `window`; the first jobs_per_day take the first hours, rebooked
  // jobs the first free one.
  std::vector<int> window_hours = {9, 11, 13, 15, 17};
  absl::Duration window = absl::Hours(2);
  absl::TimeZone zone;  // business time
  absl::Duration rebook_lead = absl::Hours(1);
  int rebook_days_after = 7;  // how far after the last day a rebooking may go
  int threads = 8;
  std::string run_tag;  // request ids of this run never repeat a past run's
};

struct FeedFigures {
  std::atomic<int64_t> jobs{0};      // orders taken and booked
  std::atomic<int64_t> rebooked{0};  // rebookings (a job may be rebooked more than once)
  std::atomic<int64_t> errors{0};    // calls that failed unexpectedly
};

// Where each job ended, as scheduling tells it.
struct Ending {
  int64_t completed = 0;
  int64_t rescheduled = 0;  // booked for a window after the run, after a visit
  int64_t unfinished = 0;   // anything else: named on stderr
};

class JobFeeder {
 public:
  JobFeeder(FeedSetup setup, const SimClock& clock);
  ~JobFeeder();

  // Takes and books every job of every day, on `threads` threads; the first
  // failure, naming the job.
  absl::Status FeedAll();
  // `job` ("dispatchJobs/N") is assigned again and needs a window:
  // rebooked on the feeder's thread. Safe from any thread.
  void NeedsBooking(const std::string& job);
  // Waits until every rebooking asked for is done, then stops its thread.
  void Drain();
  // Every job's end. `end`: when the simulated run ended.
  absl::StatusOr<Ending> Tally(absl::Time end);

  const FeedFigures& figures() const { return figures_; }

 private:
  absl::Status FeedOne(const std::string& technician_id, absl::CivilDay day, int index);
  // The order number of a new on-site order, queued for dispatch.
  absl::StatusOr<std::string> TakeOrder(const std::string& request_id);
  absl::Status WaitForQueued(const std::string& job);
  // Books `job` with `technician` (empty: keep the job's) in the first
  // window starting at or after `from` on days first..last it can start in.
  absl::Status Book(const std::string& job, const std::string& technician, absl::Time from,
                    absl::CivilDay first, absl::CivilDay last);
  void Rebooking();

  const FeedSetup setup_;
  const SimClock& clock_;
  std::unique_ptr<orders::v1::RepairOrders::Stub> orders_;
  std::unique_ptr<scheduling::v1::Dispatch::Stub> dispatch_;
  FeedFigures figures_;

  absl::Mutex mu_;
  std::vector<std::string> jobs_ ABSL_GUARDED_BY(mu_);
  std::deque<std::string> to_rebook_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int> rebookings_ ABSL_GUARDED_BY(mu_);  // by job
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread rebooker_;
};

}  // namespace fieldservice::tools::techsim

#endif  // FIELDSERVICE_TOOLS_TECHSIM_JOB_FEEDER_H_
