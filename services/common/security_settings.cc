#include "services/common/security_settings.h"

#include "absl/strings/str_cat.h"
#include "services/common/auth/jwks_source.h"

namespace fieldservice::common {

std::vector<Setting> SecuritySettingDecls() {
  return {
      {"tls_ca", "", "PEM file of the CA that signs the services' certificates (TLS and mTLS)"},
      {"tls_cert", "",
       "PEM file of this service's certificate, served and shown to services it calls"},
      {"tls_key", "", "PEM file of this service's private key"},
      {"plaintext", "false",
       "development only: serve and call other services without TLS (logs a warning)"},
      {"access_policy", "",
       "the access policy file (method -> roles and rules); empty: <data_dir>/access/policy.txt"},
      {"jwks", "",
       "the token signing keys: a JWKS file, or the identity provider's http(s) jwks_uri"},
      {"jwks_refresh", "5m", "how often the JWKS is re-read, so that rotated keys are picked up"},
      {"jwks_ca", "", "PEM CA file for an https jwks URL; empty: the system's roots"},
      {"token_issuer", "fieldservice-dev",
       "the 'iss' tokens must carry (Keycloak: https://<host>/realms/<realm>)"},
      {"token_audience", "fieldservice", "the 'aud' tokens must include"},
      {"token_leeway", "60s", "clock skew allowed when checking a token's exp and nbf"},
      {"token_cache_size", "10000",
       "verified tokens remembered, so a token's signature is checked once, not on every call "
       "(until it expires or the key set changes); 0: check every call"},
      {"token_principal_claim", "preferred_username", "the token claim that names the user"},
      {"token_roles_claim", "realm_access.roles",
       "the token claim that lists the user's roles (dotted path)"},
  };
}

absl::StatusOr<Security> ReadSecurity(const Config& config, const std::string& data_dir) {
  Security security;
  auto plaintext = config.GetBool("plaintext");
  auto refresh = config.GetDuration("jwks_refresh");
  auto leeway = config.GetDuration("token_leeway");
  for (const absl::Status& s : {plaintext.status(), refresh.status(), leeway.status()}) {
    if (!s.ok()) return s;
  }
  if (*refresh <= absl::ZeroDuration() || *leeway < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "settings jwks_refresh: must be positive; token_leeway: must not be negative");
  }
  security.transport.plaintext = *plaintext;
  security.transport.ca_file = config.Get("tls_ca");
  security.transport.cert_file = config.Get("tls_cert");
  security.transport.key_file = config.Get("tls_key");
  // The files are read now, so that a missing one stops start-up naming it.
  if (auto credentials = ServerCredentialsFor(security.transport); !credentials.ok()) {
    return credentials.status();
  }

  std::string policy_path = config.Get("access_policy");
  if (policy_path.empty()) policy_path = data_dir + "/access/policy.txt";
  auto policy = AccessPolicy::Load(policy_path);
  if (!policy.ok()) {
    return absl::Status(policy.status().code(),
                        absl::StrCat("setting access_policy: ", policy.status().message()));
  }
  const std::string& jwks = config.Get("jwks");
  if (jwks.empty()) {
    return absl::InvalidArgumentError(
        "setting jwks: required (a JWKS file, or the identity provider's jwks_uri)");
  }
  auto keys = auth::JwksSource::Start(jwks, *refresh, config.Get("jwks_ca"));
  if (!keys.ok()) {
    return absl::Status(keys.status().code(),
                        absl::StrCat("setting jwks: ", keys.status().message()));
  }
  auth::TokenRules rules;
  rules.issuer = config.Get("token_issuer");
  rules.audience = config.Get("token_audience");
  rules.leeway = *leeway;
  rules.principal_claim = config.Get("token_principal_claim");
  rules.roles_claim = config.Get("token_roles_claim");
  auto cache_size = config.GetInt("token_cache_size");
  if (!cache_size.ok()) return cache_size.status();
  if (*cache_size < 0 || *cache_size > 10000000) {
    return absl::InvalidArgumentError("setting token_cache_size: 0 to 10000000");
  }
  security.gatekeeper = std::make_shared<const Gatekeeper>(
      *std::move(policy), std::move(rules), std::shared_ptr<auth::JwksSource>(*std::move(keys)),
      absl::Now, static_cast<size_t>(*cache_size));
  return security;
}

}  // namespace fieldservice::common
