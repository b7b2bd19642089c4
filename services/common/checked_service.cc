#include "services/common/checked_service.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpc/byte_buffer.h>
#include <grpc/byte_buffer_reader.h>
#include <grpc/slice.h>
#include <grpcpp/impl/codegen/server_callback_handlers.h>
#include <grpcpp/impl/rpc_service_method.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_callback.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/call_deadline.h"
#include "services/common/caller_scope.h"
#include "services/common/grpc_status.h"
#include "services/common/log_throttle.h"
#include "services/common/request_check.h"

namespace fieldservice::common {
namespace {

namespace pb = ::google::protobuf;
using grpc::internal::MethodHandler;
using grpc::internal::RpcServiceMethod;

// Reads a received grpc_byte_buffer in place, slice by slice, as protobuf's
// input stream interface (the buffer is not copied nor consumed).
class ByteBufferStream final : public pb::io::ZeroCopyInputStream {
 public:
  explicit ByteBufferStream(grpc_byte_buffer* buffer) {
    ok_ = grpc_byte_buffer_reader_init(&reader_, buffer) != 0;
  }
  ~ByteBufferStream() override {
    if (have_slice_) grpc_slice_unref(slice_);
    if (ok_) grpc_byte_buffer_reader_destroy(&reader_);
  }

  bool Next(const void** data, int* size) override {
    if (backed_up_ > 0) {
      *data = GRPC_SLICE_END_PTR(slice_) - backed_up_;
      *size = backed_up_;
      byte_count_ += backed_up_;
      backed_up_ = 0;
      return true;
    }
    if (have_slice_) grpc_slice_unref(slice_);
    have_slice_ = ok_ && grpc_byte_buffer_reader_next(&reader_, &slice_) != 0;
    if (!have_slice_) return false;
    *data = GRPC_SLICE_START_PTR(slice_);
    *size = static_cast<int>(GRPC_SLICE_LENGTH(slice_));
    byte_count_ += *size;
    return true;
  }
  void BackUp(int count) override {
    backed_up_ = count;
    byte_count_ -= count;
  }
  bool Skip(int count) override {
    const void* data;
    int size;
    while (count > 0) {
      if (!Next(&data, &size)) return false;
      if (size > count) BackUp(size - count);
      count -= std::min(size, count);
    }
    return true;
  }
  int64_t ByteCount() const override { return byte_count_; }

 private:
  grpc_byte_buffer_reader reader_;
  bool ok_ = false;
  grpc_slice slice_;
  bool have_slice_ = false;
  int backed_up_ = 0;
  int64_t byte_count_ = 0;
};

// Checks the request, then lets the generated handler parse and run it; and
// before it runs, who calls and whether they may (gatekeeper.h). A refused
// request or caller is answered with the refusal's status without calling
// the service. The caller is checked first, so a caller who may not call the
// method learns nothing from how its request would have been judged.
//
// Two kinds of method come through here: synchronous unary ones, which hold
// a handler thread for the whole call and so wait for their turn in the
// admission queue; and callback server-streaming ones, whose reactor holds no
// thread while the stream is open (a slow reader costs memory, not a thread),
// so they take no place in the queue: a stream that lives for hours must not
// keep a unary call from running. Their reactor is created inside RunHandler
// (the generated `Method(CallbackServerContext*, const Request*)`), within
// the caller's scope, and must not block there.
class CheckingHandler final : public MethodHandler {
 public:
  CheckingHandler(MethodHandler* inner, bool callback_stream, const pb::Descriptor& request_type,
                  std::string method, std::shared_ptr<const Gatekeeper> gatekeeper,
                  std::shared_ptr<AdmissionQueue> admission)
      : inner_(inner),
        callback_stream_(callback_stream),
        request_type_(request_type),
        method_(std::move(method)),
        gatekeeper_(std::move(gatekeeper)),
        admission_(std::move(admission)) {}

  void RunHandler(const HandlerParameter& param) override {
    // A grpc::ServerContext for a synchronous method, a
    // grpc::CallbackServerContext for a callback one.
    const grpc::ServerContextBase* context = param.server_context;
    absl::StatusOr<Caller> caller = gatekeeper_->Admit(method_, *context);
    if (!caller.ok()) {
      DeniedCalls().Warn({{"method", method_}, {"why", std::string(caller.status().message())}});
      Refuse(param, ToGrpcStatus(caller.status()));
      return;
    }
    if (callback_stream_) {
      // The generated callback handler would answer a bad request with a
      // bare UNIMPLEMENTED instead of the reason.
      if (!param.status.ok()) {
        Refuse(param, param.status);
        return;
      }
      ScopedCaller scope(context, *std::move(caller));
      inner_->RunHandler(param);
      return;
    }
    // Only an admitted caller takes a place in the queue.
    AdmissionTicket turn(*admission_, CallDeadlineOf(*context));
    if (!turn.status().ok()) {
      BusyCalls().Warn({{"method", method_}, {"why", std::string(turn.status().message())}});
      Refuse(param, ToGrpcStatus(turn.status()));
      return;
    }
    ScopedCaller scope(context, *std::move(caller));
    inner_->RunHandler(param);
  }

  void* Deserialize(grpc_call* call, grpc_byte_buffer* request, grpc::Status* status,
                    void** handler_data) override {
    absl::Status checked = absl::OkStatus();
    if (request != nullptr) {
      ByteBufferStream stream(request);
      checked = CheckRequestBytes(request_type_, stream);
    }
    if (!checked.ok()) {
      grpc_byte_buffer_destroy(request);  // Deserialize owns it
      *status = ToGrpcStatus(checked);
      return nullptr;
    }
    void* parsed = inner_->Deserialize(call, request, status, handler_data);
    // Whatever else protobuf refuses is still the caller's encoding.
    if (parsed == nullptr && status->error_code() == grpc::StatusCode::INTERNAL) {
      *status = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                             absl::StrCat("the request is not a valid ", request_type_.full_name(),
                                          ": ", status->error_message()));
    }
    return parsed;
  }

 private:
  // Answers the call with `why` without running the service.
  void Refuse(const HandlerParameter& param, grpc::Status why) {
    // The generated handler destroys the request only when it runs it.
    if (param.request != nullptr) static_cast<pb::Message*>(param.request)->~Message();
    if (callback_stream_) {
      RefuseStream(param, std::move(why));
      return;
    }
    // A synchronous handler given a failed status sends it as it is.
    inner_->RunHandler(HandlerParameter(param.call, param.server_context, nullptr, std::move(why),
                                        param.internal_data, param.call_requester));
  }

  // gRPC 1.51's CallbackServerStreamingHandler turns any failed status it is
  // given into UNIMPLEMENTED, so a refused stream is run instead by a handler
  // of our own, with no request, whose reactor finishes at once with the
  // refusal. The handler object may go when RunHandler returns: the call's
  // writer lives in the call's arena and holds nothing of it.
  static void RefuseStream(const HandlerParameter& param, grpc::Status why) {
    class Refusal final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
     public:
      explicit Refusal(grpc::Status why) { Finish(std::move(why)); }
      void OnDone() override { delete this; }
    };
    grpc::internal::CallbackServerStreamingHandler<grpc::ByteBuffer, grpc::ByteBuffer> refusal(
        [&why](grpc::CallbackServerContext*, const grpc::ByteBuffer*) {
          return new Refusal(std::move(why));
        });
    refusal.RunHandler(HandlerParameter(param.call, param.server_context, nullptr, grpc::Status::OK,
                                        param.internal_data, param.call_requester));
  }

  // Refused calls are logged, at most one line a minute each kind: a client
  // with a stale token, or a burst, must not flood the log.
  static ThrottledLog& DeniedCalls() {
    static ThrottledLog* log = new ThrottledLog("calls_refused_at_edge", absl::Minutes(1));
    return *log;
  }
  static ThrottledLog& BusyCalls() {
    static ThrottledLog* log = new ThrottledLog("calls_refused_busy", absl::Minutes(1));
    return *log;
  }

  MethodHandler* inner_;        // owned by the wrapped service
  const bool callback_stream_;  // else synchronous unary
  const pb::Descriptor& request_type_;
  const std::string method_;  // "package.Service/Method", as the policy names it
  const std::shared_ptr<const Gatekeeper> gatekeeper_;
  const std::shared_ptr<AdmissionQueue> admission_;
};

// The wrapper needs each method's handler and how the method is served
// (synchronous, callback...), and must declare the same API type: the server
// gives a synchronous method a ServerContext and a callback one a
// CallbackServerContext, and a handler given the other kind misreads it.
// Both are in grpc::Service's private method list (gRPC's Server reads it as
// a friend). An explicit template instantiation may name a private member
// (C++20 [temp.spec.general]/6), which reads the list without changing gRPC;
// this is the only reach into another service object, and it only reads.
using MethodList = std::vector<std::unique_ptr<RpcServiceMethod>>;
MethodList grpc::Service::*ServiceMethods();
template <MethodList grpc::Service::*Member>
struct ServiceMethodsAccess {
  friend MethodList grpc::Service::*ServiceMethods() { return Member; }
};
template struct ServiceMethodsAccess<&grpc::Service::methods_>;

// Method `index` of `service` (in the order of the proto service); null for
// a generic one.
const RpcServiceMethod* MethodOf(const grpc::Service& service, int index) {
  const MethodList& methods = service.*ServiceMethods();
  if (index < 0 || index >= static_cast<int>(methods.size())) return nullptr;
  return methods[index].get();
}

}  // namespace

absl::StatusOr<std::unique_ptr<CheckedService>> CheckedService::Wrap(
    const ServedService& served, std::shared_ptr<const Gatekeeper> gatekeeper,
    std::shared_ptr<AdmissionQueue> admission) {
  if (gatekeeper == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat(served.full_name(), ": no gatekeeper; every call must be checked"));
  }
  const pb::ServiceDescriptor* descriptor =
      pb::DescriptorPool::generated_pool()->FindServiceByName(served.full_name());
  if (descriptor == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("proto service ", served.full_name(), " is not linked in"));
  }
  auto checked = std::unique_ptr<CheckedService>(new CheckedService());
  // The generated service adds its methods in the order of the descriptor.
  for (int i = 0; i < descriptor->method_count(); ++i) {
    const pb::MethodDescriptor* method = descriptor->method(i);
    if (method->client_streaming()) {
      return absl::UnimplementedError(
          absl::StrCat(method->full_name(),
                       ": client-streaming and bidirectional methods are not served (unary and "
                       "server-streaming only)"));
    }
    const bool stream = method->server_streaming();
    const RpcServiceMethod::ApiType wanted =
        stream ? RpcServiceMethod::ApiType::CALL_BACK : RpcServiceMethod::ApiType::SYNC;
    const RpcServiceMethod* inner = MethodOf(*served.service(), i);
    if (inner == nullptr || inner->api_type() != wanted || inner->handler() == nullptr) {
      // A synchronous stream would hold a handler thread (and a place in the
      // admission queue) for as long as its slowest reader; a callback unary
      // method would escape the admission queue that bounds database work.
      return absl::FailedPreconditionError(
          stream ? absl::StrCat(method->full_name(),
                                ": a server-streaming method must use the callback API "
                                "(WithCallbackMethod_",
                                method->name(), ")")
                 : absl::StrCat(method->full_name(),
                                ": a unary method must be synchronous (not a callback, async "
                                "or raw method)"));
    }
    const std::string& name = checked->names_.emplace_back(
        absl::StrCat("/", descriptor->full_name(), "/", method->name()));
    auto* wrapped = new RpcServiceMethod(
        name.c_str(),
        stream ? grpc::internal::RpcMethod::SERVER_STREAMING
               : grpc::internal::RpcMethod::NORMAL_RPC,
        new CheckingHandler(inner->handler(), stream, *method->input_type(),
                            absl::StrCat(descriptor->full_name(), "/", method->name()), gatekeeper,
                            admission));
    wrapped->SetServerApiType(wanted);
    checked->AddMethod(wrapped);
  }
  return checked;
}

}  // namespace fieldservice::common
