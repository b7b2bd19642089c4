#include "services/common/rpc_metrics.h"

#include <grpcpp/support/interceptor.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include <array>
#include <atomic>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
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

// The series of one method, looked up once: Family::Add builds a new metric
// (for a histogram, its buckets) on every call before it finds the existing
// one, which would cost every call an allocation or two.
class MethodSeries {
 public:
  explicit MethodSeries(absl::string_view method)
      : method_(method), in_progress_(InProgress().Add({{"method", method_}})) {}

  prometheus::Gauge& in_progress() { return in_progress_; }

  prometheus::Histogram& handled(grpc::StatusCode code) {
    int i = static_cast<int>(code);
    if (i < 0 || i >= kCodes) i = static_cast<int>(grpc::StatusCode::UNKNOWN);
    prometheus::Histogram* h = handled_[i].load(std::memory_order_acquire);
    if (h == nullptr) {
      // Racing threads get the same histogram from the family.
      // gRPC's and absl's codes have the same numbers; absl names them.
      h = &Handled().Add({{"method", method_},
                          {"code", absl::StatusCodeToString(static_cast<absl::StatusCode>(i))}},
                         LatencyBuckets());
      handled_[i].store(h, std::memory_order_release);
    }
    return *h;
  }

 private:
  static constexpr int kCodes = 17;  // OK .. UNAUTHENTICATED
  const std::string method_;
  prometheus::Gauge& in_progress_;
  std::array<std::atomic<prometheus::Histogram*>, kCodes> handled_{};
};

// Process-wide, like the registry, and never destroyed: a call may end while
// its server is being torn down.
MethodSeries& SeriesOf(absl::string_view method) {
  static auto* mu = new absl::Mutex();
  static auto* by_method = new absl::flat_hash_map<std::string, std::unique_ptr<MethodSeries>>();
  {
    absl::ReaderMutexLock lock(mu);
    auto it = by_method->find(method);
    if (it != by_method->end()) return *it->second;
  }
  absl::MutexLock lock(mu);
  auto& series = (*by_method)[method];
  if (series == nullptr) series = std::make_unique<MethodSeries>(method);
  return *series;
}

// Lives as long as its call. Counted in progress from creation; the status
// is recorded when it is sent, or as CANCELLED if the call ends without one
// (the client went away).
class RpcMetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit RpcMetricsInterceptor(const char* method)
      : series_(SeriesOf(method == nullptr ? "" : method)), start_(absl::Now()) {
    series_.in_progress().Increment();
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
    series_.in_progress().Decrement();
    series_.handled(code).Observe(absl::ToDoubleSeconds(absl::Now() - start_));
  }

  MethodSeries& series_;
  const absl::Time start_;
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
