#include "services/common/auth/token_signer.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/pem.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/auth/jose.h"
#include "services/common/files.h"

namespace fieldservice::common::auth {

using common::ToAbsl;
using google::protobuf::Struct;
using google::protobuf::Value;
using internal::Base64UrlEncode;
using internal::KeyAlgorithm;

struct SigningKey::Impl {
  Algorithm algorithm;
  internal::PKeyPtr private_key;
};

namespace {

constexpr size_t kMaxKeyIdChars = 64;
// How much of the thumbprint names a key: 96 bits, 16 base64url characters.
constexpr size_t kDerivedKeyIdBytes = 12;

KeyAlgorithm JoseAlgorithm(SigningKey::Algorithm algorithm) {
  return algorithm == SigningKey::Algorithm::kEs256 ? KeyAlgorithm::kEs256 : KeyAlgorithm::kEdDsa;
}

absl::Status CheckKeyId(std::string_view key_id) {
  bool ok = !key_id.empty() && key_id.size() <= kMaxKeyIdChars;
  for (char c : key_id) {
    ok = ok &&
         (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
  }
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("key id '", absl::CHexEscape(ToAbsl(key_id)),
                                                 "' may hold only letters, digits, '.', ",
                                                 "'_' and '-' (at most ", kMaxKeyIdChars, ")"));
}

absl::StatusOr<SigningKey::Algorithm> AlgorithmOf(EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "ED25519")) return SigningKey::Algorithm::kEdDsa;
  if (EVP_PKEY_is_a(key, "EC")) {
    char group[64] = "";
    size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       &length) == 1 &&
        std::string_view(group, length) == "prime256v1") {
      return SigningKey::Algorithm::kEs256;
    }
    return absl::InvalidArgumentError(
        absl::StrCat("an EC key on curve '", group, "', not P-256 (prime256v1)"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("a ", EVP_PKEY_get0_type_name(key), " key, not EC P-256 or Ed25519"));
}

std::string Bytes(const unsigned char* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// The public JWK's required members, in RFC 7638's lexicographic order.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> PublicMembers(
    EVP_PKEY* key, SigningKey::Algorithm algorithm) {
  if (algorithm == SigningKey::Algorithm::kEdDsa) {
    unsigned char x[internal::kEd25519KeyBytes];
    size_t size = sizeof x;
    if (EVP_PKEY_get_raw_public_key(key, x, &size) != 1 || size != sizeof x) {
      return absl::InternalError(internal::OpensslErrors());
    }
    return std::vector<std::pair<std::string, std::string>>{
        {"crv", "Ed25519"}, {"kty", "OKP"}, {"x", Base64UrlEncode(Bytes(x, size))}};
  }
  BIGNUM* x = nullptr;
  BIGNUM* y = nullptr;
  unsigned char x_bytes[internal::kP256CoordinateBytes];
  unsigned char y_bytes[internal::kP256CoordinateBytes];
  bool ok = EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, &x) == 1 &&
            EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, &y) == 1 &&
            BN_bn2binpad(x, x_bytes, sizeof x_bytes) == sizeof x_bytes &&
            BN_bn2binpad(y, y_bytes, sizeof y_bytes) == sizeof y_bytes;
  BN_free(x);
  BN_free(y);
  if (!ok) return absl::InternalError(internal::OpensslErrors());
  return std::vector<std::pair<std::string, std::string>>{
      {"crv", "P-256"},
      {"kty", "EC"},
      {"x", Base64UrlEncode(Bytes(x_bytes, sizeof x_bytes))},
      {"y", Base64UrlEncode(Bytes(y_bytes, sizeof y_bytes))}};
}

// base64url of the first bytes of the RFC 7638 thumbprint: SHA-256 of the
// required members as compact JSON in that order. Every value is a fixed name
// or base64url, so plain concatenation is that JSON.
absl::StatusOr<std::string> DerivedKeyId(EVP_PKEY* key, SigningKey::Algorithm algorithm) {
  auto members = PublicMembers(key, algorithm);
  if (!members.ok()) return members.status();
  std::vector<std::string> fields;
  for (const auto& [name, value] : *members) {
    fields.push_back(absl::StrCat("\"", name, "\":\"", value, "\""));
  }
  const std::string canonical = absl::StrCat("{", absl::StrJoin(fields, ","), "}");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(canonical.data(), canonical.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    return absl::InternalError(internal::OpensslErrors());
  }
  return Base64UrlEncode(Bytes(digest, kDerivedKeyIdBytes));
}

absl::StatusOr<std::string> ToJson(const Struct& object) {
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(object, &json);
  if (!status.ok()) {
    return absl::InternalError(std::string(status.message().data(), status.message().size()));
  }
  return json;
}

Value StringValue(std::string text) {
  Value value;
  value.set_string_value(std::move(text));
  return value;
}

Value SecondsValue(absl::Time time) {
  Value value;
  value.set_number_value(static_cast<double>(absl::ToUnixSeconds(time)));
  return value;
}

// OpenSSL's DER ECDSA signature as JWS's r || s (RFC 7518 section 3.4).
absl::StatusOr<std::string> EcdsaDerToRaw(const std::string& der) {
  const auto* in = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(
      d2i_ECDSA_SIG(nullptr, &in, static_cast<long>(der.size())), ECDSA_SIG_free);
  if (sig == nullptr) return absl::InternalError(internal::OpensslErrors());
  unsigned char raw[2 * internal::kP256CoordinateBytes];
  const BIGNUM* r = ECDSA_SIG_get0_r(sig.get());
  const BIGNUM* s = ECDSA_SIG_get0_s(sig.get());
  if (BN_bn2binpad(r, raw, internal::kP256CoordinateBytes) < 0 ||
      BN_bn2binpad(s, raw + internal::kP256CoordinateBytes, internal::kP256CoordinateBytes) < 0) {
    return absl::InternalError(internal::OpensslErrors());
  }
  return Bytes(raw, sizeof raw);
}

// A PEM file must never make OpenSSL ask a terminal for a passphrase.
int NoPassphrase(char*, int, int, void*) { return -1; }

}  // namespace

SigningKey::SigningKey(std::unique_ptr<Impl> impl, std::string key_id)
    : impl_(std::move(impl)), key_id_(std::move(key_id)) {}
SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::~SigningKey() = default;

SigningKey::Algorithm SigningKey::algorithm() const { return impl_->algorithm; }
const char* SigningKey::alg() const { return internal::AlgName(JoseAlgorithm(impl_->algorithm)); }

absl::StatusOr<SigningKey> SigningKey::Generate(Algorithm algorithm, std::string key_id) {
  internal::PKeyPtr key(algorithm == Algorithm::kEs256
                            ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                            : EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (key == nullptr) return absl::InternalError(internal::OpensslErrors());
  if (key_id.empty()) {
    absl::StatusOr<std::string> derived = DerivedKeyId(key.get(), algorithm);
    if (!derived.ok()) return derived.status();
    key_id = *std::move(derived);
  } else if (absl::Status valid = CheckKeyId(key_id); !valid.ok()) {
    return valid;
  }
  return SigningKey(std::make_unique<Impl>(Impl{algorithm, std::move(key)}), std::move(key_id));
}

absl::StatusOr<SigningKey> SigningKey::FromPem(std::string_view pem, std::string key_id) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  internal::PKeyPtr key(bio == nullptr
                            ? nullptr
                            : PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (key == nullptr) {
    ERR_clear_error();
    return absl::InvalidArgumentError("not a PEM private key (an encrypted one is not supported)");
  }
  absl::StatusOr<Algorithm> algorithm = AlgorithmOf(key.get());
  if (!algorithm.ok()) return algorithm.status();
  if (key_id.empty()) {
    absl::StatusOr<std::string> derived = DerivedKeyId(key.get(), *algorithm);
    if (!derived.ok()) return derived.status();
    key_id = *std::move(derived);
  } else if (absl::Status valid = CheckKeyId(key_id); !valid.ok()) {
    return valid;
  }
  return SigningKey(std::make_unique<Impl>(Impl{*algorithm, std::move(key)}), std::move(key_id));
}

absl::StatusOr<SigningKey> SigningKey::FromPemFile(const std::string& path, std::string key_id) {
  absl::StatusOr<std::string> pem = ReadTextFile(path);
  if (!pem.ok()) return pem.status();
  absl::StatusOr<SigningKey> key = FromPem(*pem, std::move(key_id));
  if (!key.ok()) {
    return absl::Status(key.status().code(), absl::StrCat(path, ": ", key.status().message()));
  }
  return key;
}

absl::StatusOr<std::string> SigningKey::PrivatePem() const {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (bio == nullptr || PEM_write_bio_PrivateKey(bio.get(), impl_->private_key.get(), nullptr,
                                                 nullptr, 0, nullptr, nullptr) != 1) {
    return absl::InternalError(internal::OpensslErrors());
  }
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

absl::StatusOr<std::string> SigningKey::PublicJwk() const {
  auto members = PublicMembers(impl_->private_key.get(), impl_->algorithm);
  if (!members.ok()) return members.status();
  Struct jwk;
  for (auto& [name, value] : *members) (*jwk.mutable_fields())[name] = StringValue(value);
  (*jwk.mutable_fields())["kid"] = StringValue(key_id_);
  (*jwk.mutable_fields())["alg"] = StringValue(alg());
  (*jwk.mutable_fields())["use"] = StringValue("sig");
  return ToJson(jwk);
}

absl::StatusOr<std::string> SigningKey::Sign(const TokenClaims& claims) const {
  Struct header;
  (*header.mutable_fields())["alg"] = StringValue(alg());
  (*header.mutable_fields())["typ"] = StringValue("JWT");
  (*header.mutable_fields())["kid"] = StringValue(key_id_);

  Struct payload;
  auto& fields = *payload.mutable_fields();
  fields["iss"] = StringValue(claims.issuer);
  fields["aud"] = StringValue(claims.audience);
  fields["sub"] = StringValue(claims.principal);
  fields["preferred_username"] = StringValue(claims.principal);
  Value roles;
  for (const std::string& role : claims.roles) {
    *roles.mutable_list_value()->add_values() = StringValue(role);
  }
  roles.mutable_list_value();  // [] rather than absent when there are none
  (*fields["realm_access"].mutable_struct_value()->mutable_fields())["roles"] = std::move(roles);
  fields["iat"] = SecondsValue(claims.issued_at);
  fields["nbf"] = SecondsValue(claims.not_before);
  fields["exp"] = SecondsValue(claims.expires);

  absl::StatusOr<std::string> header_json = ToJson(header);
  if (!header_json.ok()) return header_json.status();
  absl::StatusOr<std::string> payload_json = ToJson(payload);
  if (!payload_json.ok()) return payload_json.status();
  return SignCompact(*header_json, *payload_json);
}

absl::StatusOr<std::string> SigningKey::SignCompact(std::string_view header_json,
                                                    std::string_view claims_json) const {
  const std::string signing_input =
      absl::StrCat(Base64UrlEncode(header_json), ".", Base64UrlEncode(claims_json));
  const bool es256 = impl_->algorithm == Algorithm::kEs256;
  internal::MdCtxPtr ctx(EVP_MD_CTX_new());
  const auto* input = reinterpret_cast<const unsigned char*>(signing_input.data());
  size_t size = 0;
  if (ctx == nullptr ||
      EVP_DigestSignInit(ctx.get(), nullptr, es256 ? EVP_sha256() : nullptr, nullptr,
                         impl_->private_key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &size, input, signing_input.size()) != 1) {
    return absl::InternalError(internal::OpensslErrors());
  }
  std::string signature(size, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size, input,
                     signing_input.size()) != 1) {
    return absl::InternalError(internal::OpensslErrors());
  }
  signature.resize(size);
  if (es256) {
    absl::StatusOr<std::string> raw = EcdsaDerToRaw(signature);
    if (!raw.ok()) return raw.status();
    signature = *std::move(raw);
  }
  return absl::StrCat(signing_input, ".", Base64UrlEncode(signature));
}

std::string JwksOf(const std::vector<std::string>& public_jwks) {
  return absl::StrCat("{\"keys\":[", absl::StrJoin(public_jwks, ","), "]}");
}

}  // namespace fieldservice::common::auth
