#include "services/common/auth/token_verifier.h"

#include <google/protobuf/struct.pb.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/auth/jose.h"
#include "services/common/auth/key_set_internal.h"

namespace fieldservice::common::auth {

using common::ToAbsl;
using google::protobuf::Struct;
using google::protobuf::Value;
using internal::Base64UrlDecode;
using internal::Field;
using internal::KeyAlgorithm;
using internal::ParseObject;
using internal::StringField;

namespace {

// Far above any real token (Keycloak's run to 2-3 KB); gRPC limits metadata
// too, but the verifier should not depend on its caller for that.
constexpr size_t kMaxTokenBytes = 16 * 1024;
// How much of a value taken from a token a message repeats.
constexpr size_t kMaxQuotedChars = 64;

absl::Status Refused(const std::string& reason) { return absl::UnauthenticatedError(reason); }

// Marks the refusals SignedByUnknownKey recognises, without parsing messages.
constexpr char kUnknownKeyPayload[] = "type.fieldservice.dev/auth.UnknownKey";

// Values read from a token end up in messages and logs: bounded and escaped.
std::string Quoted(std::string_view value) {
  std::string shown = absl::CHexEscape(ToAbsl(value.substr(0, kMaxQuotedChars)));
  return absl::StrCat("'", shown, value.size() > kMaxQuotedChars ? "...'" : "'");
}

std::string TimeText(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

// A claim by dotted path ("realm_access.roles"); null when any step is missing.
const Value* ClaimAt(const Struct& claims, std::string_view path) {
  const Struct* at = &claims;
  std::vector<absl::string_view> steps = absl::StrSplit(ToAbsl(path), '.');
  for (size_t i = 0; i < steps.size(); ++i) {
    const Value* value = Field(*at, steps[i]);
    if (value == nullptr || i + 1 == steps.size()) return value;
    if (!value->has_struct_value()) return nullptr;
    at = &value->struct_value();
  }
  return nullptr;
}

// --- Signature ---

// JWS carries an ES256 signature as r || s (RFC 7518 section 3.4); OpenSSL
// wants DER.
std::optional<std::string> EcdsaRawToDer(std::string_view raw) {
  if (raw.size() != 2 * internal::kP256CoordinateBytes) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), ECDSA_SIG_free);
  BIGNUM* r = BN_bin2bn(bytes, internal::kP256CoordinateBytes, nullptr);
  BIGNUM* s =
      BN_bin2bn(bytes + internal::kP256CoordinateBytes, internal::kP256CoordinateBytes, nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  int size = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (size <= 0) return std::nullopt;
  std::string der(static_cast<size_t>(size), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  i2d_ECDSA_SIG(sig.get(), &out);
  return der;
}

bool SignatureVerifies(const KeySet::Key& key, std::string_view signing_input,
                       std::string_view signature) {
  std::string der;
  if (key.algorithm == KeyAlgorithm::kEs256) {
    std::optional<std::string> converted = EcdsaRawToDer(signature);
    if (!converted) return false;
    der = std::move(*converted);
    signature = der;
  }
  internal::MdCtxPtr ctx(EVP_MD_CTX_new());
  // Ed25519 hashes internally: no digest, one-shot only.
  const EVP_MD* digest = key.algorithm == KeyAlgorithm::kEs256 ? EVP_sha256() : nullptr;
  bool ok = ctx != nullptr &&
            EVP_DigestVerifyInit(ctx.get(), nullptr, digest, nullptr, key.public_key.get()) == 1 &&
            EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(),
                             reinterpret_cast<const unsigned char*>(signing_input.data()),
                             signing_input.size()) == 1;
  ERR_clear_error();
  return ok;
}

// --- Header ---

using Keys = std::vector<std::unique_ptr<KeySet::Key>>;

// Only the asymmetric algorithms we use (RFC 8725 section 3.1).
absl::StatusOr<KeyAlgorithm> AllowedAlgorithm(const Struct& header) {
  const std::string alg = StringField(header, "alg");
  if (alg.empty()) return Refused("token header names no alg");
  if (alg == "none") return Refused("token alg 'none' (unsigned) is not accepted");
  if (absl::StartsWith(alg, "HS")) {
    return Refused(absl::StrCat("token alg ", Quoted(alg), " (a shared secret) is not accepted"));
  }
  if (Field(header, "crit") != nullptr) {
    return Refused("token header has critical extensions (crit), which are not supported");
  }
  if (alg == internal::AlgName(KeyAlgorithm::kEs256)) return KeyAlgorithm::kEs256;
  if (alg == internal::AlgName(KeyAlgorithm::kEdDsa)) return KeyAlgorithm::kEdDsa;
  return Refused(absl::StrCat("token alg ", Quoted(alg), " is not accepted (ES256 or EdDSA)"));
}

std::string KeyName(const KeySet::Key& key) {
  return key.id.empty() ? "(the one without a kid)" : absl::StrCat("'", key.id, "'");
}

// The key the header names, which must be of the header's algorithm.
absl::StatusOr<const KeySet::Key*> NamedKey(const Struct& header, KeyAlgorithm algorithm,
                                            const Keys& keys) {
  const Value* kid = Field(header, "kid");
  const KeySet::Key* key = nullptr;
  if (kid != nullptr) {
    if (!kid->has_string_value()) return Refused("token kid is not a string");
    for (const auto& candidate : keys) {
      if (candidate->id == kid->string_value()) key = candidate.get();
    }
    if (key == nullptr) {
      absl::Status refusal =
          Refused(absl::StrCat("token signed by unknown key ", Quoted(kid->string_value())));
      refusal.SetPayload(kUnknownKeyPayload, absl::Cord());
      return refusal;
    }
  } else if (keys.size() == 1) {
    key = keys.front().get();
  } else {
    return Refused(absl::StrCat("token names no key (kid) and the key set holds ", keys.size()));
  }
  if (key->algorithm != algorithm) {
    return Refused(absl::StrCat("token alg '", internal::AlgName(algorithm), "' does not fit key ",
                                KeyName(*key), " (", internal::AlgName(key->algorithm), ")"));
  }
  return key;
}

// --- Claims ---

absl::Status CheckIssuer(const Struct& claims, const std::string& issuer) {
  const Value* iss = Field(claims, "iss");
  if (iss == nullptr || !iss->has_string_value()) return Refused("token has no issuer (iss)");
  if (iss->string_value() == issuer) return absl::OkStatus();
  return Refused(
      absl::StrCat("token issuer ", Quoted(iss->string_value()), " is not '", issuer, "'"));
}

// "aud" is one string or an array of them (RFC 7519 section 4.1.3).
absl::Status CheckAudience(const Struct& claims, const std::string& audience) {
  std::vector<std::string> audiences;
  const Value* aud = Field(claims, "aud");
  if (aud != nullptr && aud->has_string_value()) {
    audiences.push_back(aud->string_value());
  } else if (aud != nullptr && aud->has_list_value()) {
    for (const Value& entry : aud->list_value().values()) {
      if (!entry.has_string_value()) return Refused("token audience (aud) holds a non-string");
      audiences.push_back(entry.string_value());
    }
  } else {
    return Refused("token has no audience (aud)");
  }
  if (std::find(audiences.begin(), audiences.end(), audience) != audiences.end()) {
    return absl::OkStatus();
  }
  std::vector<std::string> shown;
  for (const std::string& entry : audiences) {
    std::string quoted = Quoted(entry);
    shown.push_back(quoted.substr(1, quoted.size() - 2));
  }
  return Refused(absl::StrCat("token audience [", absl::StrJoin(shown, ", "),
                              "] does not include '", audience, "'"));
}

// A NumericDate (RFC 7519 section 2): seconds since 1970, maybe fractional.
absl::StatusOr<std::optional<absl::Time>> TimeClaim(const Struct& claims, const char* name) {
  const Value* value = Field(claims, name);
  if (value == nullptr) return std::nullopt;
  constexpr double kYear9999 = 253402300799;
  if (!value->has_number_value() || !std::isfinite(value->number_value()) ||
      value->number_value() < 0 || value->number_value() > kYear9999) {
    return Refused(absl::StrCat("token ", name, " is not a time in seconds since 1970"));
  }
  return absl::UnixEpoch() + absl::Seconds(value->number_value());
}

// exp (required), nbf and iat against `now`, each with the leeway; the expiry.
absl::StatusOr<absl::Time> CheckTimes(const Struct& claims, absl::Time now, absl::Duration leeway) {
  absl::StatusOr<std::optional<absl::Time>> exp = TimeClaim(claims, "exp");
  if (!exp.ok()) return exp.status();
  if (!exp->has_value()) return Refused("token has no expiry (exp)");
  if (now >= **exp + leeway) return Refused(absl::StrCat("token expired at ", TimeText(**exp)));
  absl::StatusOr<std::optional<absl::Time>> nbf = TimeClaim(claims, "nbf");
  if (!nbf.ok()) return nbf.status();
  if (nbf->has_value() && now + leeway < **nbf) {
    return Refused(absl::StrCat("token not valid before ", TimeText(**nbf)));
  }
  absl::StatusOr<std::optional<absl::Time>> iat = TimeClaim(claims, "iat");
  if (!iat.ok()) return iat.status();
  if (iat->has_value() && **iat > now + leeway) {
    return Refused(absl::StrCat("token issued in the future, at ", TimeText(**iat)));
  }
  return **exp;
}

absl::StatusOr<std::string> PrincipalOf(const Struct& claims, const std::string& path) {
  const Value* principal = ClaimAt(claims, path);
  if (principal == nullptr || !principal->has_string_value() || principal->string_value().empty()) {
    return Refused(absl::StrCat("token has no principal claim '", path, "'"));
  }
  return principal->string_value();
}

// An array of strings or one string of space-separated roles (OAuth's
// "scope" style); absent is none: the policy then refuses every role-bound
// method.
absl::StatusOr<std::vector<std::string>> RolesOf(const Struct& claims, const std::string& path) {
  std::vector<std::string> roles;
  const Value* value = ClaimAt(claims, path);
  if (value == nullptr || value->has_null_value()) return roles;
  if (value->has_string_value()) {
    return absl::StrSplit(value->string_value(), absl::ByAnyChar(" \t"), absl::SkipEmpty());
  }
  if (!value->has_list_value()) {
    return Refused(
        absl::StrCat("token roles claim '", path, "' is neither a list of strings nor a string"));
  }
  for (const Value& role : value->list_value().values()) {
    if (!role.has_string_value()) {
      return Refused(absl::StrCat("token roles claim '", path, "' holds a non-string"));
    }
    roles.push_back(role.string_value());
  }
  return roles;
}

}  // namespace

bool SignedByUnknownKey(const absl::Status& refusal) {
  return refusal.GetPayload(kUnknownKeyPayload).has_value();
}

absl::StatusOr<VerifiedToken> TokenVerifier::Verify(std::string_view compact_token,
                                                    const KeySet& keys, absl::Time now) const {
  if (compact_token.size() > kMaxTokenBytes) {
    return Refused(absl::StrCat("token is longer than ", kMaxTokenBytes, " bytes"));
  }
  std::vector<absl::string_view> parts = absl::StrSplit(ToAbsl(compact_token), '.');
  if (parts.size() != 3) {
    return Refused(
        absl::StrCat("token is not a signed JWT (", parts.size(), " parts, a JWS has 3)"));
  }
  std::string header_json;
  std::optional<Struct> header;
  if (!Base64UrlDecode(parts[0], &header_json) || !(header = ParseObject(header_json))) {
    return Refused("token header is not base64url JSON");
  }
  absl::StatusOr<KeyAlgorithm> algorithm = AllowedAlgorithm(*header);
  if (!algorithm.ok()) return algorithm.status();
  absl::StatusOr<const KeySet::Key*> key = NamedKey(*header, *algorithm, keys.keys_);
  if (!key.ok()) return key.status();
  std::string signature;
  if (!Base64UrlDecode(parts[2], &signature)) return Refused("token signature is not base64url");
  const std::string_view signing_input =
      compact_token.substr(0, parts[0].size() + 1 + parts[1].size());
  if (!SignatureVerifies(**key, signing_input, signature)) {
    return Refused(absl::StrCat("token signature does not verify with key ", KeyName(**key)));
  }

  // Signed by a key we trust: now what it says.
  std::string claims_json;
  std::optional<Struct> claims;
  if (!Base64UrlDecode(parts[1], &claims_json) || !(claims = ParseObject(claims_json))) {
    return Refused("token claims are not base64url JSON");
  }
  if (absl::Status issuer = CheckIssuer(*claims, rules_.issuer); !issuer.ok()) return issuer;
  if (absl::Status audience = CheckAudience(*claims, rules_.audience); !audience.ok()) {
    return audience;
  }
  absl::StatusOr<absl::Time> expires = CheckTimes(*claims, now, rules_.leeway);
  if (!expires.ok()) return expires.status();
  absl::StatusOr<std::string> principal = PrincipalOf(*claims, rules_.principal_claim);
  if (!principal.ok()) return principal.status();
  absl::StatusOr<std::vector<std::string>> roles = RolesOf(*claims, rules_.roles_claim);
  if (!roles.ok()) return roles.status();

  VerifiedToken verified;
  verified.principal = *std::move(principal);
  verified.roles = *std::move(roles);
  verified.key_id = (*key)->id;
  verified.expires = *expires;
  return verified;
}

}  // namespace fieldservice::common::auth
