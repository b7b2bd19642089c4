#include "tools/caller_channel.h"

#include <grpcpp/security/credentials.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/files.h"
#include "services/common/service_channel.h"

namespace fieldservice::tools {

absl::StatusOr<CallerChannel> OpenCallerChannel(const std::string& target,
                                                const std::string& ca_file,
                                                const std::string& token_file, bool plaintext) {
  auto token = common::ReadTextFile(token_file);
  if (!token.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("token file: ", token.status().message()));
  }
  return OpenCallerChannelWithToken(target, ca_file, *token, plaintext);
}

absl::StatusOr<CallerChannel> OpenCallerChannelWithToken(const std::string& target,
                                                         const std::string& ca_file,
                                                         const std::string& token, bool plaintext) {
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!plaintext) {
    auto ca = common::ReadTextFile(ca_file);
    if (!ca.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("CA file: ", ca.status().message()));
    }
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = *ca;
    credentials = grpc::SslCredentials(tls);
  }
  auto channel = common::OpenServiceChannel(target, credentials);
  if (!channel.ok()) return channel.status();
  return CallerChannel{*std::move(channel),
                       absl::StrCat("Bearer ", absl::StripAsciiWhitespace(token))};
}

}  // namespace fieldservice::tools
