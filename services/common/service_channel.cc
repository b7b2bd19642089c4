#include "services/common/service_channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/support/channel_arguments.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"

namespace fieldservice::common {
namespace {

constexpr absl::Duration kMinTimeBetweenResolutions = absl::Seconds(1);

constexpr char kRoundRobin[] = R"({"loadBalancingConfig": [{"round_robin": {}}]})";

struct HostPort {
  std::string host;  // without the brackets of an IPv6 literal
  std::string port;
  bool ipv6 = false;
};

absl::StatusOr<HostPort> SplitHostPort(absl::string_view entry) {
  HostPort out;
  size_t colon = entry.rfind(':');
  if (colon == absl::string_view::npos || colon + 1 == entry.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("address '", entry, "' has no port (host:port)"));
  }
  absl::string_view host = entry.substr(0, colon);
  int port = 0;
  if (!absl::SimpleAtoi(entry.substr(colon + 1), &port) || port <= 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("address '", entry, "' has no port number from 1 to 65535"));
  }
  if (absl::ConsumePrefix(&host, "[") && absl::ConsumeSuffix(&host, "]")) out.ipv6 = true;
  if (host.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("address '", entry, "' has no host"));
  }
  out.host = std::string(host);
  out.port = std::string(entry.substr(colon + 1));
  return out;
}

bool IsNumericIpv4(absl::string_view host) {
  std::vector<absl::string_view> parts = absl::StrSplit(host, '.');
  if (parts.size() != 4) return false;
  for (absl::string_view p : parts) {
    int n = 0;
    if (p.empty() || !absl::SimpleAtoi(p, &n) || n < 0 || n > 255) return false;
  }
  return true;
}

// The host a TLS client checks the certificate against: the first entry's.
std::string AuthorityOf(const std::string& address) {
  absl::string_view first =
      absl::StripAsciiWhitespace(absl::string_view(address).substr(0, address.find(',')));
  return std::string(first);
}

}  // namespace

absl::StatusOr<std::string> ChannelTarget(const std::string& address) {
  if (address.find(',') == std::string::npos) return address;
  if (address.find("://") != std::string::npos || absl::StartsWith(address, "ipv4:") ||
      absl::StartsWith(address, "ipv6:")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "address list '", address, "': a list is host:port entries, without a scheme"));
  }
  std::vector<std::string> entries;
  bool ipv6 = false;
  for (absl::string_view raw : absl::StrSplit(address, ',')) {
    absl::string_view entry = absl::StripAsciiWhitespace(raw);
    if (entry.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("address list '", address, "' has an empty entry"));
    }
    auto hp = SplitHostPort(entry);
    if (!hp.ok()) return hp.status();
    if (!hp->ipv6 && !IsNumericIpv4(hp->host)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "address list '", address, "': '", entry,
          "' is not a numeric IP address; a list needs them (for names, one dns:/// target)"));
    }
    if (!entries.empty() && hp->ipv6 != ipv6) {
      return absl::InvalidArgumentError(
          absl::StrCat("address list '", address, "' mixes IPv4 and IPv6 entries"));
    }
    ipv6 = hp->ipv6;
    entries.push_back(std::string(entry));
  }
  return absl::StrCat(ipv6 ? "ipv6:" : "ipv4:", absl::StrJoin(entries, ","));
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenServiceChannel(
    const std::string& address, const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  auto target = ChannelTarget(address);
  if (!target.ok()) return target.status();
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(kRoundRobin);
  // A service config published in DNS must not swap round robin back out.
  args.SetInt(GRPC_ARG_SERVICE_CONFIG_DISABLE_RESOLUTION, 1);
  // A replica killed outright (no GOAWAY) is reconnected only once the
  // channel resolves its name again, which gRPC allows every 30 s by
  // default: a restarted replica went unused for that long. Resolution is
  // asked for only after a connection fails, so a short interval costs
  // nothing while all is well.
  args.SetInt(GRPC_ARG_DNS_MIN_TIME_BETWEEN_RESOLUTIONS_MS,
              static_cast<int>(absl::ToInt64Milliseconds(kMinTimeBetweenResolutions)));
  // A list's target names no single host; TLS checks the certificate
  // against the first replica's, as it would for that address alone.
  if (*target != address) args.SetString(GRPC_ARG_DEFAULT_AUTHORITY, AuthorityOf(address));
  return grpc::CreateCustomChannel(*target, credentials, args);
}

}  // namespace fieldservice::common
