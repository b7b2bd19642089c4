// Verifies the bearer tokens callers present (JWT, RFC 7519, compact JWS),
// signed with an asymmetric key of a JWKS (RFC 7517): ES256 (EC P-256) or
// EdDSA (Ed25519). OpenSSL checks the signature; protobuf's JSON parser reads
// the header, claims and key set; nothing here parses JSON or base64 by hand.
#ifndef FIELDSERVICE_COMMON_AUTH_TOKEN_VERIFIER_H_
#define FIELDSERVICE_COMMON_AUTH_TOKEN_VERIFIER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace fieldservice::common::auth {

// The public keys of a JWKS document, by key id ("kid").
class KeySet {
 public:
  // Parses a JWKS document ({"keys": [...]}). Keys of a type or curve this
  // verifier does not use (RSA, "use": "enc") are skipped, not refused, so an
  // identity provider's full key set loads; a malformed key we would use is
  // INVALID_ARGUMENT naming its kid. An empty result is INVALID_ARGUMENT.
  static absl::StatusOr<std::shared_ptr<const KeySet>> Parse(std::string_view jwks_json);
  ~KeySet();

  // The usable keys' ids, in document order ("" for a key without a kid).
  std::vector<std::string> key_ids() const;

  struct Key;  // defined in key_set_internal.h (holds the OpenSSL key)

 private:
  KeySet() = default;
  std::vector<std::unique_ptr<Key>> keys_;
  friend class TokenVerifier;
};

// What the verifier demands of a token beyond its signature.
struct TokenRules {
  std::string issuer;                         // "iss" must equal this
  std::string audience;                       // "aud" (a string or an array) must contain this
  absl::Duration leeway = absl::Seconds(60);  // clock skew allowed on exp/nbf/iat
  // Claim naming the user; dotted paths reach into objects. Keycloak puts the
  // login name in "preferred_username".
  std::string principal_claim = "preferred_username";
  // Claim holding the roles (an array of strings, or one string of
  // space-separated roles). Keycloak's realm roles: "realm_access.roles".
  std::string roles_claim = "realm_access.roles";
};

struct VerifiedToken {
  std::string principal;
  std::vector<std::string> roles;
  std::string key_id;
  absl::Time expires;
};

class TokenVerifier {
 public:
  explicit TokenVerifier(TokenRules rules) : rules_(std::move(rules)) {}

  // The caller the token names, when its signature verifies with a key of
  // `keys` and its claims pass `rules` at `now`. Otherwise UNAUTHENTICATED
  // with a short reason that names the thing and never repeats the token
  // ("token signed by unknown key 'k2'", "token expired at
  // 2026-11-23T10:00:00Z", "token audience [x] does not include
  // 'fieldservice'"); values taken from the token are escaped and cut to 64
  // characters. A refusal for a key not in `keys` is marked (below).
  //
  // A token must name its key ("kid") unless `keys` holds exactly one key.
  // "alg" must match the key's type; "none", HMAC and anything but ES256 and
  // EdDSA are refused, as is a "crit" header. "exp" is required; "nbf" and
  // "iat" are checked when present; all three with the leeway. Missing roles
  // are no roles. Thread-safe: one verifier serves every call.
  absl::StatusOr<VerifiedToken> Verify(std::string_view compact_token, const KeySet& keys,
                                       absl::Time now) const;

  const TokenRules& rules() const { return rules_; }

 private:
  TokenRules rules_;
};

// True when Verify refused a token because the key it names is not in the
// set: the identity provider may have rotated, so the caller asks its
// JwksSource to RefreshSoon (and still refuses this call).
bool SignedByUnknownKey(const absl::Status& refusal);

}  // namespace fieldservice::common::auth

#endif  // FIELDSERVICE_COMMON_AUTH_TOKEN_VERIFIER_H_
