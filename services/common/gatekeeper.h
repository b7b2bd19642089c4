// The server's edge for identity and access: for every call, before the
// handler runs (checked_service.cc), establishes who calls and whether the
// access policy lets them call this method.
//
// Who calls, in this order:
// - a bearer token in the `authorization` metadata ("Bearer <JWT>"),
//   verified against the key set: a person, with the token's roles;
// - else a client certificate from the services' CA (mutual TLS): the
//   service named by its common name, with the role "service:<name>", acting
//   for the person in `x-fs-on-behalf-of` if it says so (trusted from a
//   service only: it is the service's word, as its audit trail is);
// - else nobody: UNAUTHENTICATED.
// Then the policy: PERMISSION_DENIED when no role of the caller is listed for
// the method (or the method is not listed at all).
#ifndef FIELDSERVICE_COMMON_GATEKEEPER_H_
#define FIELDSERVICE_COMMON_GATEKEEPER_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/access_policy.h"
#include "services/common/auth/jwks_source.h"
#include "services/common/auth/token_verifier.h"
#include "services/common/auth/verified_token_cache.h"
#include "services/common/caller.h"

namespace grpc {
class ServerContextBase;
}

namespace fieldservice::common {

// The metadata a service sets, on a call it makes for a person, to name them.
inline constexpr char kOnBehalfOfMetadata[] = "x-fs-on-behalf-of";

class Gatekeeper {
 public:
  // `token_cache_size`: verified tokens remembered (verified_token_cache.h).
  Gatekeeper(AccessPolicy policy, auth::TokenRules rules, std::shared_ptr<auth::JwksSource> keys,
             std::function<absl::Time()> now = absl::Now, size_t token_cache_size = 10000);

  // The verified caller of `method` ("package.Service/Method"), with the
  // grants the policy gives them there; or UNAUTHENTICATED /
  // PERMISSION_DENIED saying why, without any secret.
  absl::StatusOr<Caller> Admit(std::string_view method,
                               const grpc::ServerContextBase& context) const;

  const AccessPolicy& policy() const { return policy_; }

 private:
  absl::StatusOr<Caller> Identify(const grpc::ServerContextBase& context) const;

  AccessPolicy policy_;
  auth::TokenVerifier verifier_;
  std::shared_ptr<auth::JwksSource> keys_;
  std::function<absl::Time()> now_;
  mutable auth::VerifiedTokenCache verified_;
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_GATEKEEPER_H_
