// The deadline of the gRPC call the current thread is serving, so that the
// database work below the handler is bounded by it without every domain and
// repository signature carrying it: a handler opens a ScopedCallDeadline,
// RunInTransaction reads CurrentCallDeadline(). (The synchronous gRPC server
// runs a call on one thread from start to end; a callback stream's reactions
// do not, so a reactor bounds its work with CallDeadlineOf, read when it is
// created.)
#ifndef FIELDSERVICE_COMMON_CALL_DEADLINE_H_
#define FIELDSERVICE_COMMON_CALL_DEADLINE_H_

#include "absl/time/time.h"

namespace grpc {
class ServerContextBase;
}

namespace fieldservice::common {

class ScopedCallDeadline {
 public:
  explicit ScopedCallDeadline(absl::Time deadline);
  // The call's own deadline (none: unbounded).
  explicit ScopedCallDeadline(const grpc::ServerContextBase& context);
  ~ScopedCallDeadline();
  ScopedCallDeadline(const ScopedCallDeadline&) = delete;
  ScopedCallDeadline& operator=(const ScopedCallDeadline&) = delete;

 private:
  absl::Time previous_;
};

// A call's deadline as the client set it; InfiniteFuture when none.
absl::Time CallDeadlineOf(const grpc::ServerContextBase& context);

// The innermost ScopedCallDeadline of this thread; InfiniteFuture when none.
absl::Time CurrentCallDeadline();

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_CALL_DEADLINE_H_
