#include "services/common/outbox_doorbell.h"

#include <utility>

namespace fieldservice::common {
namespace {

// Whether the transaction on this thread enqueued since its attempt began.
thread_local bool enqueued_in_transaction = false;

}  // namespace

OutboxDoorbell& OutboxDoorbell::Process() {
  static OutboxDoorbell* doorbell = new OutboxDoorbell();  // never destroyed: used at exit
  return *doorbell;
}

int OutboxDoorbell::Subscribe(std::function<void()> wake) {
  absl::MutexLock lock(&mu_);
  int id = next_subscription_++;
  subscribers_.emplace(id, std::move(wake));
  return id;
}

void OutboxDoorbell::Unsubscribe(int subscription) {
  absl::MutexLock lock(&mu_);
  subscribers_.erase(subscription);
}

void OutboxDoorbell::Ring() {
  absl::MutexLock lock(&mu_);
  for (const auto& [id, wake] : subscribers_) wake();
}

void NoteMessageEnqueued() { enqueued_in_transaction = true; }

void ForgetEnqueuedMessages() { enqueued_in_transaction = false; }

void RingIfMessagesEnqueued() {
  if (!enqueued_in_transaction) return;
  enqueued_in_transaction = false;
  OutboxDoorbell::Process().Ring();
}

}  // namespace fieldservice::common
