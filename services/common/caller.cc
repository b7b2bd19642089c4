#include "services/common/caller.h"

#include <grpcpp/server_context.h>

namespace fieldservice::common {
namespace {

// Longest principal or role kept; longer metadata is cut, not trusted whole.
constexpr size_t kMaxIdentityLength = 128;

std::string Metadata(const grpc::ServerContext& context, const char* key) {
  const auto& md = context.client_metadata();
  auto it = md.find(key);
  if (it == md.end()) return "";
  std::string value(it->second.data(), it->second.size());
  if (value.size() > kMaxIdentityLength) value.resize(kMaxIdentityLength);
  return value;
}

}  // namespace

Caller CallerOf(const grpc::ServerContext& context) {
  Caller caller{Metadata(context, "x-fs-principal"), Metadata(context, "x-fs-role")};
  if (caller.principal.empty()) caller.principal = "anonymous";
  return caller;
}

}  // namespace fieldservice::common
