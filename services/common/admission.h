// How many calls run their handlers at once, and what the others do: wait
// their turn in a bounded first-come-first-served queue, or are refused at
// once and clearly when the queue is full, or when their deadline passes
// before their turn comes. gRPC's synchronous server would otherwise refuse
// every call past its thread limit with a bare "Server Threadpool
// Exhausted", which under an ordinary burst failed most of the calls it
// could simply have queued.
//
// Only synchronous unary calls take a turn here: they are what holds a
// handler thread (and maybe a database connection) while it runs. A
// callback server-streaming call (checked_service.h) is admitted by the
// gatekeeper but takes no turn: it holds no thread while open, and a stream
// that stays open for hours must not keep a place a unary call could use.
#ifndef FIELDSERVICE_COMMON_ADMISSION_H_
#define FIELDSERVICE_COMMON_ADMISSION_H_

#include <cstdint>
#include <list>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace fieldservice::common {

struct AdmissionLimits {
  int max_running = 16;  // handlers running at once (each may hold a DB connection)
  int max_queued = 256;  // calls waiting for a turn; one more is refused at once
  // How long a call without a deadline of its own may wait for its turn.
  absl::Duration max_wait = absl::Seconds(10);
};

class AdmissionQueue {
 public:
  explicit AdmissionQueue(AdmissionLimits limits) : limits_(limits) {}

  // Waits for a turn until `deadline` (the call's; InfiniteFuture: none, then
  // max_wait). OK: the caller runs and must call Leave() when done.
  // RESOURCE_EXHAUSTED when the queue is full or a deadline-less call waited
  // max_wait; DEADLINE_EXCEEDED when the call's deadline passed first (it
  // would have been answered too late anyway).
  absl::Status Enter(absl::Time deadline);
  void Leave();

  struct Counts {
    int running = 0;
    int queued = 0;
    int64_t refused = 0;  // since start: queue full or waited too long
  };
  Counts counts() const;
  const AdmissionLimits& limits() const { return limits_; }

 private:
  struct Waiter {
    bool admitted = false;
  };

  const AdmissionLimits limits_;
  mutable absl::Mutex mu_;
  int running_ ABSL_GUARDED_BY(mu_) = 0;
  std::list<Waiter*> queue_ ABSL_GUARDED_BY(mu_);
  int64_t refused_ ABSL_GUARDED_BY(mu_) = 0;
};

// Enter()s on construction and Leave()s on destruction when admitted.
class AdmissionTicket {
 public:
  AdmissionTicket(AdmissionQueue& queue, absl::Time deadline)
      : queue_(queue), status_(queue.Enter(deadline)) {}
  ~AdmissionTicket() {
    if (status_.ok()) queue_.Leave();
  }
  AdmissionTicket(const AdmissionTicket&) = delete;
  AdmissionTicket& operator=(const AdmissionTicket&) = delete;
  const absl::Status& status() const { return status_; }

 private:
  AdmissionQueue& queue_;
  const absl::Status status_;
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_ADMISSION_H_
