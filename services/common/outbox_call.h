// One outbox delivery's gRPC call (outbox.h): wait for the channel within
// the timeout, so an unreachable receiver costs one timeout per round and
// is UNAVAILABLE; call with the same deadline; answer the receiver's status
// as an absl::Status that names it. A relay retries what is not OK.
#ifndef FIELDSERVICE_COMMON_OUTBOX_CALL_H_
#define FIELDSERVICE_COMMON_OUTBOX_CALL_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace fieldservice::common {

absl::Status CallForOutbox(grpc::Channel& channel, absl::Duration timeout,
                           const std::string& receiver,
                           const std::function<grpc::Status(grpc::ClientContext&)>& call);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_OUTBOX_CALL_H_
