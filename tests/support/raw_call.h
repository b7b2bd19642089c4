// Calls a unary method with hand-built request bytes, as a client with a
// broken or hostile encoder would: no generated code, no schema.
#ifndef FIELDSERVICE_TESTS_SUPPORT_RAW_CALL_H_
#define FIELDSERVICE_TESTS_SUPPORT_RAW_CALL_H_

#include <grpcpp/channel.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <string>

#include "absl/time/time.h"

namespace fieldservice::testing {

// Sends `request` (serialized bytes) to `method` ("/package.Service/Method")
// and returns the call's status; the response bytes go to `response` if set.
grpc::Status RawUnaryCall(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                          const std::string& request, absl::Duration timeout = absl::Seconds(30),
                          std::string* response = nullptr);

// One length-delimited field (wire type 2): tag, length, bytes.
std::string LengthDelimitedField(int number, const std::string& bytes);
// One varint field (wire type 0).
std::string VarintField(int number, uint64_t value);

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_RAW_CALL_H_
