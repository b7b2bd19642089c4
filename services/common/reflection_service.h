// gRPC server reflection (grpc.reflection.v1alpha), so grpcurl, Postman and
// similar tools can list and call the API without the .proto files.
//
// Why not gRPC's own reflection plugin: it is a synchronous service, so each
// open reflection stream holds one of the server's handler threads for as
// long as the client keeps it, and sixteen idle streams were enough to starve
// every API call. This one uses the callback API: a stream costs no thread,
// and one that never reads its answers holds one answer and is not read
// from again (bounded memory).
#ifndef FIELDSERVICE_COMMON_REFLECTION_SERVICE_H_
#define FIELDSERVICE_COMMON_REFLECTION_SERVICE_H_

#include <string>
#include <vector>

#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace fieldservice::common {

class ReflectionService final
    : public grpc::reflection::v1alpha::ServerReflection::CallbackService {
 public:
  // `services`: the full names list_services answers with. Files come from
  // the generated descriptor pool (every proto linked into the binary).
  explicit ReflectionService(std::vector<std::string> services) : services_(std::move(services)) {}

  grpc::ServerBidiReactor<grpc::reflection::v1alpha::ServerReflectionRequest,
                          grpc::reflection::v1alpha::ServerReflectionResponse>*
  ServerReflectionInfo(grpc::CallbackServerContext* context) override;

 private:
  const std::vector<std::string> services_;
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_REFLECTION_SERVICE_H_
