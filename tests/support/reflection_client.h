// A small grpcurl-like client for end-to-end tests: it knows nothing of the
// services it calls. It learns their schemas from server reflection at run
// time and calls any unary method with a JSON request, which is exactly what a
// stock gRPC tool can do. That is the point: the tests prove the services are
// usable by such tools, so they must not use the services' generated stubs.
//
// The test binary must not link the services' generated code (fs_proto; see
// tests/support/proto/CMakeLists.txt).
#ifndef FIELDSERVICE_TESTS_SUPPORT_REFLECTION_CLIENT_H_
#define FIELDSERVICE_TESTS_SUPPORT_REFLECTION_CLIENT_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <grpcpp/channel.h>
#include <grpcpp/security/credentials.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace fieldservice::testing {

// Payload key under which a failed call's status carries the raw
// `grpc-status-details-bin` trailer (a serialized google.rpc.Status).
inline constexpr char kStatusDetailsPayload[] = "type.googleapis.com/google.rpc.Status";

// The raw `grpc-status-details-bin` bytes of a status returned by CallJson,
// or nullopt when the server sent none.
std::optional<std::string> StatusDetailsBin(const absl::Status& status);

class ReflectionClient {
 public:
  // A channel to `address` ("host:port", or every replica's as a list:
  // services/common/service_channel.h) with `credentials` (TLS, and a token
  // for every call: test_identity.h CredentialsOf). Nothing is sent yet.
  ReflectionClient(const std::string& address,
                   std::shared_ptr<grpc::ChannelCredentials> credentials,
                   absl::Duration call_timeout = absl::Seconds(30));

  // The fully qualified names of the services the server exposes.
  absl::StatusOr<std::vector<std::string>> ListServices();
  // The methods of `service` as the server describes them, each as
  // "package.Service/Method".
  absl::StatusOr<std::vector<std::string>> ListMethods(const std::string& service);

  // Calls the unary method `method` ("package.Service/Method") with a request
  // written as proto3 JSON and returns the response as JSON with the proto
  // field names (e.g. "order_number"). `metadata` is sent as request headers.
  // A failed call returns the server's code and message unchanged, with the
  // raw error details attached (see StatusDetailsBin); the client's own
  // failures (unknown method, bad JSON) are INVALID_ARGUMENT or NOT_FOUND.
  absl::StatusOr<std::string> CallJson(const std::string& method, const std::string& request_json,
                                       const std::map<std::string, std::string>& metadata = {});

  // Calls the server-streaming `method` with a request as JSON and reads up
  // to `max_messages` responses (as CallJson's JSON) or until `timeout`,
  // then cuts the stream. `status` is how the stream ended: CANCELLED when
  // this cut it, DEADLINE_EXCEEDED when the time ran out first, or the
  // server's own status.
  struct Streamed {
    std::vector<std::string> messages;
    absl::Status status;
  };
  Streamed StreamJson(const std::string& method, const std::string& request_json,
                      size_t max_messages, absl::Duration timeout);

  // The channel, for calls with the tests' own client-side protos (health).
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }

 private:
  struct MethodTypes {
    const google::protobuf::Message* request;
    const google::protobuf::Message* response;
  };
  // The request and response prototypes of `method`, which must be unary
  // or (with `server_streaming`) server-streaming.
  absl::StatusOr<MethodTypes> Resolve(const std::string& method, bool server_streaming);

  // Makes sure the pool has the file defining `symbol` and its dependencies.
  absl::Status LoadSymbol(const std::string& symbol) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  std::shared_ptr<grpc::Channel> channel_;
  absl::Duration call_timeout_;
  absl::Mutex mu_;
  // Only what the server described; never the generated pool, so names
  // cannot clash with anything linked into the test.
  google::protobuf::DescriptorPool pool_ ABSL_GUARDED_BY(mu_);
  google::protobuf::DynamicMessageFactory factory_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_REFLECTION_CLIENT_H_
