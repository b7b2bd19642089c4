// TLS for every gRPC port and mutual TLS between services, from PEM files
// (scripts/lib/pki.sh makes them). A server asks callers for a client
// certificate and checks any it gets against the CA, but does not demand
// one: people's apps authenticate with tokens, services with certificates.
// Plain text exists only behind the `plaintext` development setting.
#ifndef FIELDSERVICE_COMMON_TRANSPORT_H_
#define FIELDSERVICE_COMMON_TRANSPORT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace grpc {
class ChannelCredentials;
class ServerCredentials;
}  // namespace grpc

namespace fieldservice::common {

struct TransportSecurity {
  // Development only: serve and call without TLS (the server logs a warning).
  bool plaintext = false;
  std::string ca_file;    // the CA that signs the services' certificates
  std::string cert_file;  // this service's certificate (server and client)
  std::string key_file;   // its private key
};

// INVALID_ARGUMENT naming the setting when a file is missing or unreadable.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(
    const TransportSecurity& security);
// For calls to another service: checks the server against the CA and
// presents this service's certificate, which names it to the callee.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ServiceChannelCredentials(
    const TransportSecurity& security);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_TRANSPORT_H_
