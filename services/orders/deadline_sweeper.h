// A background thread that runs OrderService::SweepDeadlines at a fixed
// interval until stopped: reminders before a deadline passes, breaches after.
#ifndef FIELDSERVICE_ORDERS_DEADLINE_SWEEPER_H_
#define FIELDSERVICE_ORDERS_DEADLINE_SWEEPER_H_

#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/orders/domain/order_service.h"

namespace fieldservice::orders {

class DeadlineSweeper {
 public:
  DeadlineSweeper(OrderService& service, absl::Duration interval, int batch_size);
  ~DeadlineSweeper() { Stop(); }
  void Start();
  // Wakes the thread and waits for it to finish its current sweep.
  void Stop();

 private:
  void Run();

  OrderService& service_;
  absl::Duration interval_;
  int batch_size_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DEADLINE_SWEEPER_H_
