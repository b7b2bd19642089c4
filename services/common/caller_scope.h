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
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_CALLER_SCOPE_H_
