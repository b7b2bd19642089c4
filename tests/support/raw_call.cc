#include "tests/support/raw_call.h"

#include <grpcpp/client_context.h>
#include <grpcpp/generic/generic_stub.h>

#include "absl/synchronization/notification.h"

namespace fieldservice::testing {
namespace {

void AppendVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

}  // namespace

grpc::Status RawUnaryCall(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                          const std::string& request, absl::Duration timeout,
                          std::string* response) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  grpc::Slice slice(request);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  grpc::Status result;
  absl::Notification done;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request_buffer, &response_buffer,
                 [&](grpc::Status status) {
                   result = std::move(status);
                   done.Notify();
                 });
  done.WaitForNotification();  // the call's deadline bounds the wait
  if (result.ok() && response != nullptr) {
    grpc::Slice all;
    if (response_buffer.TrySingleSlice(&all).ok() || response_buffer.DumpToSingleSlice(&all).ok()) {
      response->assign(reinterpret_cast<const char*>(all.begin()), all.size());
    }
  }
  return result;
}

std::string LengthDelimitedField(int number, const std::string& bytes) {
  std::string out;
  AppendVarint((static_cast<uint64_t>(number) << 3) | 2, &out);
  AppendVarint(bytes.size(), &out);
  return out + bytes;
}

std::string VarintField(int number, uint64_t value) {
  std::string out;
  AppendVarint(static_cast<uint64_t>(number) << 3, &out);
  AppendVarint(value, &out);
  return out;
}

}  // namespace fieldservice::testing
