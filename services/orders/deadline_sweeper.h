// A background thread that runs OrderService::SweepDeadlines at a fixed
// interval until stopped: reminders before a deadline passes, breaches after.
//
// With several replicas, one sweeps at a time: before each pass the sweeper
// asks `my_turn`, which takes or extends a lease shared by the replicas
// (db_lease.h), and skips the pass when another replica has it. A second
// sweeper would record nothing twice (each order's change re-reads it), but
// would do every pass's reads and conflicts again for nothing.
#ifndef FIELDSERVICE_ORDERS_DEADLINE_SWEEPER_H_
#define FIELDSERVICE_ORDERS_DEADLINE_SWEEPER_H_

#include <functional>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/orders/domain/order_service.h"

namespace fieldservice::orders {

class DeadlineSweeper {
 public:
  // `my_turn`: whether this replica sweeps now; an error skips the pass.
  using TurnCheck = std::function<absl::StatusOr<bool>()>;
  DeadlineSweeper(OrderService& service, absl::Duration interval, int batch_size,
                  TurnCheck my_turn);
  ~DeadlineSweeper() { Stop(); }
  void Start();
  // Wakes the thread and waits for it to finish its current sweep.
  void Stop();

 private:
  void Run();

  OrderService& service_;
  absl::Duration interval_;
  int batch_size_;
  TurnCheck my_turn_;
  bool had_turn_ = false;  // touched by the thread only: logs a change of turn once
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DEADLINE_SWEEPER_H_
