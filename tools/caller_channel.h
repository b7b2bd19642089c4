// How the tools reach a service as a person would: TLS checked against the
// services' CA (or plain text, for a server run with plaintext=true), and a
// bearer token from a file (tools/fs_token sign ...), sent with every call.
// A target may list every replica of a service (services/common/service_channel.h).
#ifndef FIELDSERVICE_TOOLS_CALLER_CHANNEL_H_
#define FIELDSERVICE_TOOLS_CALLER_CHANNEL_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace fieldservice::tools {

struct CallerChannel {
  std::shared_ptr<grpc::Channel> channel;
  std::string authorization;  // "Bearer <token>", the `authorization` metadata value
};

// INVALID_ARGUMENT naming the file that cannot be read.
absl::StatusOr<CallerChannel> OpenCallerChannel(const std::string& target,
                                                const std::string& ca_file,
                                                const std::string& token_file, bool plaintext);

// The same with the token itself rather than a file holding it (fsctl's
// --token, FS_TOKEN).
absl::StatusOr<CallerChannel> OpenCallerChannelWithToken(const std::string& target,
                                                         const std::string& ca_file,
                                                         const std::string& token, bool plaintext);

}  // namespace fieldservice::tools

#endif  // FIELDSERVICE_TOOLS_CALLER_CHANNEL_H_
