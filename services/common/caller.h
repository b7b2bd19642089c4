// Who is calling. Every handler gets the caller from here and only here, so
// that token verification can later replace the trusted metadata in one place
// (DESIGN.md "Coming later").
#ifndef FIELDSERVICE_COMMON_CALLER_H_
#define FIELDSERVICE_COMMON_CALLER_H_

#include <string>

namespace grpc {
class ServerContext;
}

namespace fieldservice::common {

struct Caller {
  std::string principal;  // "anonymous" when the call carries none
  std::string role;       // empty when the call carries none
};

// Reads `x-fs-principal` and `x-fs-role` from the call's metadata.
Caller CallerOf(const grpc::ServerContext& context);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_CALLER_H_
