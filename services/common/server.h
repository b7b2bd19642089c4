// gRPC server start-up shared by every service: TLS, the gatekeeper that
// admits every call (identity and access policy), health (grpc.health.v1)
// and server reflection (both open to anyone: they tell no customer data; both on the callback API,
// so they never take a handler thread), a bounded number of handlers running at once with a bounded
// queue in front (admission.h), bounded memory and message sizes, the request check of every call
// (checked_service.h), and a graceful shutdown on SIGTERM/SIGINT that stops taking calls and lets
// in-flight ones finish.
#ifndef FIELDSERVICE_COMMON_SERVER_H_
#define FIELDSERVICE_COMMON_SERVER_H_

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/server.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/admission.h"
#include "services/common/checked_service.h"
#include "services/common/gatekeeper.h"
#include "services/common/transport.h"

namespace fieldservice::common {

struct ServerOptions {
  std::string listen_address = "127.0.0.1:0";  // port 0: any free port
  // Handlers running at once (the synchronous API runs database work on
  // them, so they bound concurrent DB use together with the connection
  // pool), the calls that may wait for a turn, and how long one without a
  // deadline may wait (admission.h). gRPC's thread limit is set above their
  // sum, so calls are queued or refused by us, clearly, never by gRPC.
  int max_threads = 16;
  int max_queued_calls = 256;
  absl::Duration max_queue_wait = absl::Seconds(10);
  // Largest request accepted; a larger one gets RESOURCE_EXHAUSTED naming
  // this limit before it reaches a handler.
  int max_receive_bytes = 4 << 20;
  // Memory gRPC may use for all connections' buffers together; under
  // pressure it shrinks read windows, then closes the connections holding
  // the most (their callers get UNAVAILABLE) instead of growing.
  int64_t memory_quota_bytes = int64_t{128} << 20;
  // A connection without calls for this long is closed (GOAWAY). gRPC 1.51
  // has no limit on the number of connections, so this and the memory quota
  // are what bound them.
  absl::Duration connection_idle = absl::Minutes(5);
  // A connection is sent GOAWAY after this long, its calls (streams too)
  // left to finish: a client round-robining over a service's replicas
  // (service_channel.h) resolves them again when it reconnects, so replicas
  // added since get their share instead of waiting for a connection to fail.
  absl::Duration connection_max_age = absl::Minutes(10);
  // TLS files, or plain text for development (transport.h).
  TransportSecurity transport;
  // Admits every call (gatekeeper.h); required: a server without one does
  // not start.
  std::shared_ptr<const Gatekeeper> gatekeeper;
  // When set, a second port that serves only grpc.health.v1, in plain text,
  // for probes that cannot speak TLS (Kubernetes' gRPC probes). It answers
  // SERVING or NOT_SERVING and nothing else.
  std::string health_listen_address;
};

class ServerHost {
 public:
  // Builds and starts a server for `services` (which must outlive it).
  static absl::StatusOr<std::unique_ptr<ServerHost>> Start(
      const ServerOptions& options, const std::vector<ServedService>& services);

  int port() const { return port_; }
  // The health-only port; 0 when there is none.
  int health_port() const { return health_port_; }
  // Marks every service NOT_SERVING for health checks, stops accepting calls,
  // and waits up to `grace` for in-flight calls before cancelling them. An
  // open stream is cancelled at the end of the grace (its reactor sees
  // OnCancel, or its pending write fail) and this returns once every reactor
  // has finished (checked_service.h).
  void Shutdown(absl::Duration grace);
  // Health of the server ("") and of each named service (full names such as
  // "fieldservice.orders.v1.RepairOrders"): SERVING or NOT_SERVING. Ignored
  // after Shutdown.
  void SetServing(const std::vector<std::string>& services, bool serving);
  void Wait();
  // Calls running, waiting and refused by the admission queue.
  AdmissionQueue::Counts admission_counts() const { return admission_->counts(); }

 private:
  std::shared_ptr<AdmissionQueue> admission_;
  std::vector<std::unique_ptr<CheckedService>> checked_;
  std::unique_ptr<grpc::Service> reflection_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> health_server_;                // the plain-text health port, if any
  std::unique_ptr<grpc::CallbackGenericService> health_only_;  // the rest of that port
  int port_ = 0;
  int health_port_ = 0;
};

// Blocks SIGTERM and SIGINT in the calling thread and every thread it starts
// later; call it first thing in main().
void BlockTerminationSignals();
// Waits until SIGTERM or SIGINT arrives; returns the signal number.
int WaitForTerminationSignal();

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_SERVER_H_
