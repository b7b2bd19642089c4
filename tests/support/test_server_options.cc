#include "tests/support/test_server_options.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "services/common/auth/jwks_source.h"
#include "tests/support/test_identity.h"

namespace fieldservice::testing {

std::shared_ptr<const common::Gatekeeper> TestGatekeeperFor(common::AccessPolicy policy) {
  auto keys = common::auth::KeySet::Parse(TestJwksJson());
  if (!keys.ok()) {
    std::fprintf(stderr, "test gatekeeper: %s\n", keys.status().ToString().c_str());
    std::abort();
  }
  common::auth::TokenRules rules;
  rules.issuer = kTestIssuer;
  rules.audience = kTestAudience;
  return std::make_shared<common::Gatekeeper>(std::move(policy), rules,
                                              common::auth::JwksSource::Fixed(*std::move(keys)));
}

std::shared_ptr<const common::Gatekeeper> TestGatekeeper() {
  static const auto* gatekeeper = [] {
    auto policy =
        common::AccessPolicy::Load(absl::StrCat(FS_SOURCE_DIR, "/data/access/policy.txt"));
    if (!policy.ok()) {
      std::fprintf(stderr, "test gatekeeper: %s\n", policy.status().ToString().c_str());
      std::abort();
    }
    return new std::shared_ptr<const common::Gatekeeper>(TestGatekeeperFor(*std::move(policy)));
  }();
  return *gatekeeper;
}

common::TransportSecurity TestTransport(const std::string& service) {
  common::TransportSecurity transport;
  transport.ca_file = TestCaFile();
  transport.cert_file = absl::StrCat(TestPkiDir(), "/", service, ".pem");
  transport.key_file = absl::StrCat(TestPkiDir(), "/", service, ".key");
  return transport;
}

std::map<std::string, std::string> TestSecuritySettings(const std::string& service) {
  common::TransportSecurity transport = TestTransport(service);
  return {{"tls_ca", transport.ca_file},
          {"tls_cert", transport.cert_file},
          {"tls_key", transport.key_file},
          {"jwks", TestJwksFile()},
          {"access_policy", absl::StrCat(FS_SOURCE_DIR, "/data/access/policy.txt")}};
}

common::ServerOptions TestServerOptions(const std::string& service, const std::string& listen) {
  common::ServerOptions options;
  options.listen_address = listen;
  options.transport = TestTransport(service);
  options.gatekeeper = TestGatekeeper();
  return options;
}

}  // namespace fieldservice::testing
