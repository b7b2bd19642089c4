#include "services/common/call_deadline.h"

#include <grpcpp/server_context.h>

#include <chrono>

namespace fieldservice::common {
namespace {

thread_local absl::Time current_deadline = absl::InfiniteFuture();

}  // namespace

absl::Time CallDeadlineOf(const grpc::ServerContextBase& context) {
  std::chrono::system_clock::time_point d = context.deadline();
  // gRPC reports "no deadline" as the largest time point.
  if (d == std::chrono::system_clock::time_point::max()) return absl::InfiniteFuture();
  return absl::FromChrono(d);
}

ScopedCallDeadline::ScopedCallDeadline(absl::Time deadline) : previous_(current_deadline) {
  current_deadline = std::min(previous_, deadline);
}

ScopedCallDeadline::ScopedCallDeadline(const grpc::ServerContextBase& context)
    : ScopedCallDeadline(CallDeadlineOf(context)) {}

ScopedCallDeadline::~ScopedCallDeadline() { current_deadline = previous_; }

absl::Time CurrentCallDeadline() { return current_deadline; }

}  // namespace fieldservice::common
