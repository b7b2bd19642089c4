// Small pieces of JOSE (RFC 7515, 7517) that the verifier and the signer
// share: strict base64url, OpenSSL key ownership and its error queue as text.
// Internal to services/common/auth.
#ifndef FIELDSERVICE_COMMON_AUTH_JOSE_H_
#define FIELDSERVICE_COMMON_AUTH_JOSE_H_

#include <openssl/err.h>
#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "services/common/policy_text.h"

namespace fieldservice::common::auth::internal {

struct PKeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using PKeyPtr = std::unique_ptr<EVP_PKEY, PKeyFree>;

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

// The two JWS algorithms we sign and verify with, and the JWK "crv" of each.
enum class KeyAlgorithm { kEs256, kEdDsa };
inline const char* AlgName(KeyAlgorithm algorithm) {
  return algorithm == KeyAlgorithm::kEs256 ? "ES256" : "EdDSA";
}
inline constexpr size_t kP256CoordinateBytes = 32;  // x, y; and r, s of a signature
inline constexpr size_t kEd25519KeyBytes = 32;

// base64url without padding (RFC 7515 section 2).
inline std::string Base64UrlEncode(std::string_view bytes) {
  return absl::WebSafeBase64Escape(ToAbsl(bytes));
}

// Only the base64url alphabet, without padding or whitespace: absl's decoder
// alone tolerates both, and a token has exactly one spelling.
inline bool Base64UrlDecode(absl::string_view text, std::string* bytes) {
  for (char c : text) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return absl::WebSafeBase64Unescape(text, bytes);
}

// Drains this thread's OpenSSL error queue into one line (for messages about
// our own keys; never about a caller's token).
inline std::string OpensslErrors() {
  std::string text;
  for (unsigned long code = ERR_get_error(); code != 0; code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!text.empty()) text += "; ";
    text += buffer;
  }
  return text.empty() ? "unknown OpenSSL error" : text;
}

}  // namespace fieldservice::common::auth::internal

#endif  // FIELDSERVICE_COMMON_AUTH_JOSE_H_
