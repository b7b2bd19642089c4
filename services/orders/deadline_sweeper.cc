#include "services/orders/deadline_sweeper.h"

#include "absl/strings/str_cat.h"
#include "services/common/logging.h"

namespace fieldservice::orders {

DeadlineSweeper::DeadlineSweeper(OrderService& service, absl::Duration interval, int batch_size,
                                 TurnCheck my_turn)
    : service_(service),
      interval_(interval),
      batch_size_(batch_size),
      my_turn_(std::move(my_turn)) {}

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
    absl::StatusOr<bool> turn = my_turn_();
    if (!turn.ok()) {
      common::LogWarning("deadline_sweep_turn_unknown",
                         {{"error", std::string(turn.status().message())}});
      continue;
    }
    if (*turn != had_turn_) {
      common::LogInfo(*turn ? "deadline_sweep_turn_taken" : "deadline_sweep_turn_elsewhere", {});
      had_turn_ = *turn;
    }
    if (!*turn) continue;
    // One pass over everything due; a failing order is logged and skipped
    // (it is tried again in the next pass, one interval later).
    absl::StatusOr<SweepReport> report = service_.SweepDeadlines(batch_size_);
    if (!report.ok()) {
      common::LogWarning("deadline_sweep_failed",
                         {{"error", std::string(report.status().message())}});
      continue;
    }
    for (const SweepFailure& failure : report->failed) {
      common::LogWarning("deadline_sweep_order_failed",
                         {{"order_number", failure.order_number},
                          {"error", std::string(failure.status.message())}});
    }
    if (report->recorded > 0) {
      common::LogInfo("deadline_sweep", {{"recorded", absl::StrCat(report->recorded)}});
    }
  }
}

}  // namespace fieldservice::orders
