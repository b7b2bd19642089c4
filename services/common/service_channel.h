// A channel to a service that may run as several replicas. An address is
// "host:port", a list "host:port,host:port,..." (every replica of the
// service), or a resolver target such as "dns:///orders-replicas:50051"
// (Kubernetes' headless Service: one address per ready pod). Every channel
// made here balances its calls round robin over all the addresses it
// resolves to, each with its own connection, so that a replica that dies
// costs only the calls in flight to it: gRPC's default (pick_first) would keep
// every call on one replica until it failed.
#ifndef FIELDSERVICE_COMMON_SERVICE_CHANNEL_H_
#define FIELDSERVICE_COMMON_SERVICE_CHANNEL_H_

#include <grpcpp/channel.h>
#include <grpcpp/security/credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace fieldservice::common {

// The gRPC target for an address or list: a list becomes one "ipv4:" (or
// "ipv6:") target, which needs numeric hosts; one "host:port" or a target
// with a scheme is kept as it is. INVALID_ARGUMENT naming the entry that is
// empty, has no port, or names a host in a list.
absl::StatusOr<std::string> ChannelTarget(const std::string& address);

// A round-robin channel to `address` (see ChannelTarget). With TLS, the
// server's certificate is checked against the first entry's host, which
// every replica's certificate must therefore name. An empty address gives a
// channel that fails every call (a service not configured).
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenServiceChannel(
    const std::string& address, const std::shared_ptr<grpc::ChannelCredentials>& credentials);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_SERVICE_CHANNEL_H_
