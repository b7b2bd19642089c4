// The server's edge, for every service ServerHost serves: each caller is
// admitted by the gatekeeper (gatekeeper.h: identity and the access policy)
// before the handler runs, and each request's bytes go through CheckRequestBytes (request_check.h)
// before the generated handler parses them, and a bad request is answered
// with INVALID_ARGUMENT naming the fields without the handler running.
//
// Why a wrapper service: gRPC's synchronous server parses the request before
// interceptors see it (an interceptor cannot stop the handler nor tell why
// parsing failed, which the server answers with a bare INTERNAL). The only
// point that sees the raw bytes and can still refuse the call is the method
// handler's Deserialize, so each generated handler is wrapped in one that
// checks first and then delegates.
//
// Two kinds of method are served, and a service may mix them:
// - unary methods, synchronous (the generated Service's overrides): each
//   holds a handler thread, so each waits for its turn in the admission
//   queue (admission.h);
// - server-streaming methods on the callback API (the generated
//   WithCallbackMethod_X<Service>, returning a grpc::ServerWriteReactor):
//   an open stream holds no thread, so a slow reader costs no thread and
//   streams take no place in the admission queue. Their reactor factory is
//   called once the caller is admitted, with CallerOf(*context) set, and must
//   not block (it runs on gRPC's callback threads); the reactor copies the
//   Caller it needs, since later reactions run without it. A reactor must
//   call Finish exactly once, also when the call is cancelled (OnCancel, or
//   a write completing with ok=false): the client went away, its deadline
//   passed, or the server is shutting down. ServerHost::Shutdown waits for
//   every stream to finish, cancelling the open ones when its grace ends, so
//   a reactor that never finishes holds the shutdown forever.
// Client-streaming and bidirectional methods, synchronous streams (one
// thread per open stream) and callback/async unary methods (which would
// escape the admission queue) are refused when the service is wrapped.
#ifndef FIELDSERVICE_COMMON_CHECKED_SERVICE_H_
#define FIELDSERVICE_COMMON_CHECKED_SERVICE_H_

#include <grpcpp/impl/service_type.h>

#include <deque>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "services/common/admission.h"
#include "services/common/gatekeeper.h"

namespace fieldservice::common {

// A generated service implementation and the full name of the proto service
// it implements. Made only by Served<>(), whose types guarantee the two
// match: the wrapper reaches the implementation's handlers by the proto
// service's method indexes.
class ServedService {
 public:
  grpc::Service* service() const { return service_; }
  const std::string& full_name() const { return full_name_; }

 private:
  template <typename Generated>
  friend ServedService Served(typename Generated::Service* service);
  ServedService(grpc::Service* service, std::string full_name)
      : service_(service), full_name_(std::move(full_name)) {}

  grpc::Service* service_;
  std::string full_name_;
};

// Served<v1::RepairOrders>(&handler): a generated service's implementation
// with its proto service name.
template <typename Generated>
ServedService Served(typename Generated::Service* service) {
  return ServedService(service, Generated::service_full_name());
}

class CheckedService final : public grpc::Service {
 public:
  // The methods of `served` (which must outlive the result), each admitting
  // its caller through `gatekeeper`, checking its requests first, and then
  // (unary methods) waiting for its turn in `admission` (shared by every
  // service of a server). NOT_FOUND when the proto service is not linked in;
  // UNIMPLEMENTED for a client-streaming or bidirectional method;
  // FAILED_PRECONDITION for a method served the wrong way (above).
  static absl::StatusOr<std::unique_ptr<CheckedService>> Wrap(
      const ServedService& served, std::shared_ptr<const Gatekeeper> gatekeeper,
      std::shared_ptr<AdmissionQueue> admission);

 private:
  CheckedService() = default;
  // RpcMethod keeps a `const char*` to its name.
  std::deque<std::string> names_;
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_CHECKED_SERVICE_H_
