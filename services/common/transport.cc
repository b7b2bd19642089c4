#include "services/common/transport.h"

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include "absl/strings/str_cat.h"
#include "services/common/files.h"

namespace fieldservice::common {
namespace {

struct Pem {
  std::string ca, cert, key;
};

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* setting) {
  if (path.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        setting, " is not set: TLS needs it (plaintext=true serves without TLS, for development)"));
  }
  auto text = ReadTextFile(path);
  if (!text.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(setting, ": ", text.status().message()));
  }
  return text;
}

absl::StatusOr<Pem> ReadAll(const TransportSecurity& security) {
  Pem pem;
  for (auto [path, setting, into] : {std::tuple{&security.ca_file, "tls_ca", &pem.ca},
                                     std::tuple{&security.cert_file, "tls_cert", &pem.cert},
                                     std::tuple{&security.key_file, "tls_key", &pem.key}}) {
    auto text = ReadPem(*path, setting);
    if (!text.ok()) return text.status();
    *into = *std::move(text);
  }
  return pem;
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(
    const TransportSecurity& security) {
  if (security.plaintext) return grpc::InsecureServerCredentials();
  auto pem = ReadAll(security);
  if (!pem.ok()) return pem.status();
  grpc::SslServerCredentialsOptions options(GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = pem->ca;
  options.pem_key_cert_pairs.push_back({pem->key, pem->cert});
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ServiceChannelCredentials(
    const TransportSecurity& security) {
  if (security.plaintext) return grpc::InsecureChannelCredentials();
  auto pem = ReadAll(security);
  if (!pem.ok()) return pem.status();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = pem->ca;
  options.pem_private_key = pem->key;
  options.pem_cert_chain = pem->cert;
  return grpc::SslCredentials(options);
}

}  // namespace fieldservice::common
