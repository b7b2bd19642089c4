// Wakes this process's outbox relays as soon as a transaction that enqueued a
// message commits, so a new message waits for a free delivery slot, not for
// the relay's poll timer. The timer stays: it finds messages written by other
// replicas, retries that became due, and any ring that was missed.
//
// EnqueueMessage notes the message on the calling thread; RunInTransaction
// forgets the note at the start of every attempt (a rolled-back attempt's
// messages are gone) and rings after a commit that enqueued. Ringing before
// the commit would wake a relay that cannot see the message yet.
#ifndef FIELDSERVICE_COMMON_OUTBOX_DOORBELL_H_
#define FIELDSERVICE_COMMON_OUTBOX_DOORBELL_H_

#include <functional>
#include <map>

#include "absl/synchronization/mutex.h"

namespace fieldservice::common {

class OutboxDoorbell {
 public:
  // The one doorbell of this process.
  static OutboxDoorbell& Process();

  // `wake` runs on every ring until Unsubscribe, on the ringing thread (the
  // one that committed), so it must be quick and never block on the database.
  int Subscribe(std::function<void()> wake);
  // Once it returns, that subscription's `wake` is not running and never runs
  // again.
  void Unsubscribe(int subscription);
  void Ring();

 private:
  absl::Mutex mu_;
  int next_subscription_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<int, std::function<void()>> subscribers_ ABSL_GUARDED_BY(mu_);
};

// The transaction running on this thread enqueued a message.
void NoteMessageEnqueued();
// RunInTransaction's two hooks: before each attempt's work, and after its
// commit (rings the process doorbell if the committed work enqueued).
void ForgetEnqueuedMessages();
void RingIfMessagesEnqueued();

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_OUTBOX_DOORBELL_H_
