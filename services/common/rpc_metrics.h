// Per-RPC metrics of a server, for every method it serves (health and
// reflection included): a latency histogram by method and status code, and
// a gauge of calls in progress by method (for a streaming method, the open
// streams). Recorded by a gRPC server interceptor, so no handler does
// anything for it.
#ifndef FIELDSERVICE_COMMON_RPC_METRICS_H_
#define FIELDSERVICE_COMMON_RPC_METRICS_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <vector>

namespace fieldservice::common::metrics {

// For grpc::ServerBuilder::experimental().SetInterceptorCreators.
std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
RpcMetricsInterceptors();

}  // namespace fieldservice::common::metrics

#endif  // FIELDSERVICE_COMMON_RPC_METRICS_H_
