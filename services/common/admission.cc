#include "services/common/admission.h"

#include "absl/strings/str_cat.h"

namespace fieldservice::common {

absl::Status AdmissionQueue::Enter(absl::Time deadline) {
  const absl::Time now = absl::Now();
  if (deadline <= now) {
    return absl::DeadlineExceededError("the call's deadline had passed before it could start");
  }
  absl::MutexLock lock(&mu_);
  if (running_ < limits_.max_running && queue_.empty()) {
    ++running_;
    return absl::OkStatus();
  }
  if (static_cast<int>(queue_.size()) >= limits_.max_queued) {
    ++refused_;
    return absl::ResourceExhaustedError(
        absl::StrCat("server busy: ", running_, " calls running and ", queue_.size(),
                     " waiting (max_threads, max_queued_calls); retry with backoff"));
  }
  const bool own_deadline = deadline != absl::InfiniteFuture();
  const absl::Time give_up = own_deadline ? deadline : now + limits_.max_wait;
  Waiter waiter;
  auto position = queue_.insert(queue_.end(), &waiter);
  mu_.AwaitWithDeadline(absl::Condition(&waiter.admitted), give_up);
  if (waiter.admitted) return absl::OkStatus();  // Leave() handed its turn over
  queue_.erase(position);
  if (own_deadline) {
    return absl::DeadlineExceededError(absl::StrCat("the call's deadline passed while it waited ",
                                                    absl::FormatDuration(absl::Now() - now),
                                                    " for its turn: server busy"));
  }
  ++refused_;
  return absl::ResourceExhaustedError(
      absl::StrCat("server busy: waited ", absl::FormatDuration(limits_.max_wait),
                   " (max_queue_wait) for a turn; retry with backoff"));
}

void AdmissionQueue::Leave() {
  absl::MutexLock lock(&mu_);
  if (queue_.empty()) {
    --running_;
    return;
  }
  // The turn passes straight to the first waiter: running_ stays the same,
  // and no later arrival can overtake it.
  queue_.front()->admitted = true;
  queue_.pop_front();
}

AdmissionQueue::Counts AdmissionQueue::counts() const {
  absl::MutexLock lock(&mu_);
  return {running_, static_cast<int>(queue_.size()), refused_};
}

}  // namespace fieldservice::common
