#include "services/common/rpc_metrics.h"

#include <grpcpp/support/interceptor.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "services/common/metrics.h"

namespace fieldservice::common::metrics {
namespace {

prometheus::Family<prometheus::Histogram>& Handled() {
  static auto& family =
      prometheus::BuildHistogram()
          .Name("fs_grpc_server_handling_seconds")
          .Help(
              "Time from a call's arrival to its status (a stream: its whole life), by "
              "method and status code")
          .Register(Registry());
  return family;
}

prometheus::Family<prometheus::Gauge>& InProgress() {
  static auto& family = prometheus::BuildGauge()
                            .Name("fs_grpc_server_in_progress")
                            .Help("Calls (and open streams) being served, by method")
                            .Register(Registry());
  return family;
}

// Lives as long as its call. Counted in progress from creation; the status
// is recorded when it is sent, or as CANCELLED if the call ends without one
// (the client went away).
class RpcMetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit RpcMetricsInterceptor(const char* method)
      : method_(method == nullptr ? "" : method),
        start_(absl::Now()),
        in_progress_(InProgress().Add({{"method", method_}})) {
    in_progress_.Increment();
  }
  ~RpcMetricsInterceptor() override { Finish(grpc::StatusCode::CANCELLED); }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Finish(grpc::StatusCode code) {
    if (finished_) return;
    finished_ = true;
    in_progress_.Decrement();
    // gRPC's and absl's codes have the same numbers; absl names them.
    Handled()
        .Add({{"method", method_},
              {"code", absl::StatusCodeToString(static_cast<absl::StatusCode>(code))}},
             LatencyBuckets())
        .Observe(absl::ToDoubleSeconds(absl::Now() - start_));
  }

  const std::string method_;
  const absl::Time start_;
  prometheus::Gauge& in_progress_;
  bool finished_ = false;
};

class RpcMetricsFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RpcMetricsInterceptor(info->method());
  }
};

}  // namespace

std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
RpcMetricsInterceptors() {
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> v;
  v.push_back(std::make_unique<RpcMetricsFactory>());
  return v;
}

}  // namespace fieldservice::common::metrics
