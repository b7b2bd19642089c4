#include "tools/demo_dispatch.h"

#include <grpcpp/client_context.h>

#include <chrono>
#include <cstdio>

#include "absl/time/clock.h"
#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"

namespace fieldservice::tools {
namespace {

namespace v1 = ::fieldservice::scheduling::v1;

void Prepare(grpc::ClientContext& context, const CallerChannel& dispatcher) {
  context.AddMetadata("authorization", dispatcher.authorization);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
}

}  // namespace

int AssignQueuedDemoJobs(const CallerChannel& dispatcher, absl::Duration wait) {
  auto stub = v1::Dispatch::NewStub(dispatcher.channel);
  v1::ListDispatchQueueResponse queue;
  const absl::Time until = absl::Now() + wait;
  while (true) {
    grpc::ClientContext context;
    Prepare(context, dispatcher);
    queue.Clear();
    grpc::Status listed = stub->ListDispatchQueue(&context, {}, &queue);
    if (!listed.ok()) {
      std::fprintf(stderr, "demo: the dispatch queue: %s\n", listed.error_message().c_str());
      return -1;
    }
    if (queue.jobs_size() > 0 || absl::Now() >= until) break;
    absl::SleepFor(absl::Milliseconds(200));
  }
  int assigned = 0;
  for (const v1::DispatchJob& job : queue.jobs()) {
    v1::AssignJobRequest request;
    request.set_job(job.name());
    grpc::ClientContext context;
    Prepare(context, dispatcher);
    v1::DispatchJob result;
    grpc::Status status = stub->AssignJob(&context, request, &result);
    if (status.ok()) {
      ++assigned;
      std::printf("demo: %s assigned to %s\n", job.name().c_str(), result.technician().c_str());
    } else {
      std::printf("demo: %s stays queued: %s\n", job.name().c_str(),
                  status.error_message().c_str());
    }
  }
  return assigned;
}

}  // namespace fieldservice::tools
