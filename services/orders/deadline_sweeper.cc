#include "services/orders/deadline_sweeper.h"

#include "absl/strings/str_cat.h"
#include "services/common/logging.h"

namespace fieldservice::orders {

DeadlineSweeper::DeadlineSweeper(OrderService& service, absl::Duration interval, int batch_size)
    : service_(service), interval_(interval), batch_size_(batch_size) {}

void DeadlineSweeper::Start() {
  thread_ = std::thread([this] { Run(); });
}

void DeadlineSweeper::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void DeadlineSweeper::Run() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto stopping = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stopping_; };
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping), interval_)) return;
    }
    // A full batch means more may be waiting: sweep again at once.
    absl::StatusOr<int> recorded;
    do {
      recorded = service_.SweepDeadlines(batch_size_);
      if (!recorded.ok()) {
        common::LogWarning("deadline_sweep_failed",
                           {{"error", std::string(recorded.status().message())}});
        break;
      }
      if (*recorded > 0) common::LogInfo("deadline_sweep", {{"recorded", absl::StrCat(*recorded)}});
    } while (*recorded >= batch_size_);
  }
}

}  // namespace fieldservice::orders
