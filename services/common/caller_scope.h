// For the server's edge only: makes a verified caller the one CallerOf
// returns while a handler runs. The synchronous server runs each handler on
// one thread from start to end (and a callback method creates its reactor on
// one thread, inside the edge's scope), so the caller lives in a thread-local
// slot tagged with the call's context; CallerOf for any other context finds
// no caller.
#ifndef FIELDSERVICE_COMMON_CALLER_SCOPE_H_
#define FIELDSERVICE_COMMON_CALLER_SCOPE_H_

#include "services/common/caller.h"

namespace fieldservice::common {

class ScopedCaller {
 public:
  ScopedCaller(const grpc::ServerContextBase* context, Caller caller);
  ~ScopedCaller();
  ScopedCaller(const ScopedCaller&) = delete;
  ScopedCaller& operator=(const ScopedCaller&) = delete;

 private:
  // The scope this one hides, restored when it ends. gRPC may run callbacks
  // that became ready during an operation on the thread that made it (its
  // ApplicationCallbackExecCtx), so a callback method's reactor may be
  // created on a thread that is inside another call's handler.
  const grpc::ServerContextBase* outer_context_;
  Caller outer_caller_;
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_CALLER_SCOPE_H_
