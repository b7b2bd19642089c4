#include "services/common/checked_service.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpc/byte_buffer.h>
#include <grpc/byte_buffer_reader.h>
#include <grpc/slice.h>
#include <grpcpp/impl/rpc_service_method.h>
#include <grpcpp/server_context.h>

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
// request or caller reaches the generated RunHandler with a failed status,
// which answers the call with that status without calling the service. The
// caller is checked first, so a caller who may not call the method learns
// nothing from how its request would have been judged.
class CheckingHandler final : public MethodHandler {
 public:
  CheckingHandler(MethodHandler* inner, const pb::Descriptor& request_type, std::string method,
                  std::shared_ptr<const Gatekeeper> gatekeeper,
                  std::shared_ptr<AdmissionQueue> admission)
      : inner_(inner),
        request_type_(request_type),
        method_(std::move(method)),
        gatekeeper_(std::move(gatekeeper)),
        admission_(std::move(admission)) {}

  void RunHandler(const HandlerParameter& param) override {
    auto* context = static_cast<grpc::ServerContext*>(param.server_context);
    absl::StatusOr<Caller> caller = gatekeeper_->Admit(method_, *context);
    if (!caller.ok()) {
      DeniedCalls().Warn({{"method", method_}, {"why", std::string(caller.status().message())}});
      Refuse(param, caller.status());
      return;
    }
    // Only an admitted caller takes a place in the queue.
    AdmissionTicket turn(*admission_, CallDeadlineOf(*context));
    if (!turn.status().ok()) {
      BusyCalls().Warn({{"method", method_}, {"why", std::string(turn.status().message())}});
      Refuse(param, turn.status());
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
  void Refuse(const HandlerParameter& param, const absl::Status& why) {
    // The generated handler destroys the request only when it runs it.
    if (param.request != nullptr) static_cast<pb::Message*>(param.request)->~Message();
    inner_->RunHandler(HandlerParameter(param.call, param.server_context, nullptr,
                                        ToGrpcStatus(why), param.internal_data,
                                        param.call_requester));
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

  MethodHandler* inner_;  // owned by the wrapped service
  const pb::Descriptor& request_type_;
  const std::string method_;  // "package.Service/Method", as the policy names it
  const std::shared_ptr<const Gatekeeper> gatekeeper_;
  const std::shared_ptr<AdmissionQueue> admission_;
};

// grpc::Service keeps its method handlers protected (for the generated
// WithAsyncMethod_ classes). A derived class may name that member, and the
// member pointer then applies to any grpc::Service; this is the only reach
// into another service object.
class HandlerAccess : public grpc::Service {
 public:
  static MethodHandler* Handler(grpc::Service& service, int index) {
    return (service.*&HandlerAccess::GetHandler)(index);
  }
};

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
    if (method->client_streaming() || method->server_streaming()) {
      return absl::UnimplementedError(
          absl::StrCat(method->full_name(), ": only unary methods are served"));
    }
    MethodHandler* inner = HandlerAccess::Handler(*served.service(), i);
    if (inner == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat(method->full_name(), ": not a synchronous method"));
    }
    const std::string& name = checked->names_.emplace_back(
        absl::StrCat("/", descriptor->full_name(), "/", method->name()));
    checked->AddMethod(new grpc::internal::RpcServiceMethod(
        name.c_str(), grpc::internal::RpcMethod::NORMAL_RPC,
        new CheckingHandler(inner, *method->input_type(),
                            absl::StrCat(descriptor->full_name(), "/", method->name()), gatekeeper,
                            admission)));
  }
  return checked;
}

}  // namespace fieldservice::common
