// Signs tokens with a local private key: for the development tool
// (tools/fs_token) and tests only. Production tokens come from the identity
// provider; services never link this.
#ifndef FIELDSERVICE_COMMON_AUTH_TOKEN_SIGNER_H_
#define FIELDSERVICE_COMMON_AUTH_TOKEN_SIGNER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace fieldservice::common::auth {

struct TokenClaims {
  std::string issuer;
  std::string audience;
  std::string principal;           // written as "preferred_username" and "sub"
  std::vector<std::string> roles;  // written as "realm_access": {"roles": [...]}
  absl::Time issued_at;
  absl::Time not_before;
  absl::Time expires;
};

class SigningKey {
 public:
  enum class Algorithm { kEs256, kEdDsa };
  // A new random key. An empty `key_id` means the derived one (below); a
  // given one may hold only letters, digits, '.', '_' and '-'.
  static absl::StatusOr<SigningKey> Generate(Algorithm algorithm, std::string key_id = "");
  // A PEM private key file (EC P-256 or Ed25519, as `openssl genpkey` or
  // PrivatePem() writes; not encrypted). `key_id` as for Generate.
  static absl::StatusOr<SigningKey> FromPemFile(const std::string& path, std::string key_id = "");
  // The same, from the PEM text.
  static absl::StatusOr<SigningKey> FromPem(std::string_view pem, std::string key_id = "");

  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  ~SigningKey();

  // The given key id or, when none was given, one derived from the public
  // key alone: base64url of the first 12 bytes of its RFC 7638 thumbprint
  // (SHA-256), so every tool run on the same key file names it the same way.
  const std::string& key_id() const { return key_id_; }
  Algorithm algorithm() const;
  // "ES256" or "EdDSA".
  const char* alg() const;
  // The private key as PEM (PKCS#8), to write to a file.
  absl::StatusOr<std::string> PrivatePem() const;
  // The public key as one JWK object: {"kty":..., "kid":..., "alg":..., ...}.
  absl::StatusOr<std::string> PublicJwk() const;
  // A compact JWS with header {"alg", "typ": "JWT", "kid"}.
  absl::StatusOr<std::string> Sign(const TokenClaims& claims) const;
  // A compact JWS of the given header and claims JSON, signed as they are:
  // for tests that need a token the claims above cannot express (no kid, a
  // wrong alg, roles as a string). Nothing is checked.
  absl::StatusOr<std::string> SignCompact(std::string_view header_json,
                                          std::string_view claims_json) const;

 private:
  struct Impl;
  explicit SigningKey(std::unique_ptr<Impl> impl, std::string key_id);
  std::unique_ptr<Impl> impl_;
  std::string key_id_;
};

// {"keys": [jwk, ...]} from PublicJwk() strings.
std::string JwksOf(const std::vector<std::string>& public_jwks);

}  // namespace fieldservice::common::auth

#endif  // FIELDSERVICE_COMMON_AUTH_TOKEN_SIGNER_H_
