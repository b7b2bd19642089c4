// The settings every service shares for TLS, tokens and the access policy,
// and the gatekeeper built from them (README "Identity, roles and the access
// policy").
#ifndef FIELDSERVICE_COMMON_SECURITY_SETTINGS_H_
#define FIELDSERVICE_COMMON_SECURITY_SETTINGS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/config.h"
#include "services/common/gatekeeper.h"
#include "services/common/transport.h"

namespace fieldservice::common {

// tls_ca, tls_cert, tls_key, plaintext, access_policy, jwks, jwks_refresh,
// jwks_ca, token_issuer, token_audience, token_leeway, token_principal_claim,
// token_roles_claim.
std::vector<Setting> SecuritySettingDecls();

struct Security {
  TransportSecurity transport;
  std::shared_ptr<const Gatekeeper> gatekeeper;
};

// Reads the files and the key set once (the key set then refreshes in the
// background). The policy defaults to <data_dir>/access/policy.txt. Errors
// name the setting.
absl::StatusOr<Security> ReadSecurity(const Config& config, const std::string& data_dir);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_SECURITY_SETTINGS_H_
