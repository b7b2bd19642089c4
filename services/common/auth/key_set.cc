// KeySet (declared in token_verifier.h): a JWKS document's public keys as
// OpenSSL keys.
#include <google/protobuf/util/json_util.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/auth/jose.h"
#include "services/common/auth/key_set_internal.h"
#include "services/common/auth/token_verifier.h"

namespace fieldservice::common::auth {

using google::protobuf::Struct;
using google::protobuf::Value;
using internal::Base64UrlDecode;
using internal::Field;
using internal::KeyAlgorithm;
using internal::StringField;

namespace internal {

std::optional<Struct> ParseObject(std::string_view json, std::string* detail) {
  Struct object;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &object);
  if (!status.ok()) {
    if (detail != nullptr) *detail = std::string(status.message().data(), status.message().size());
    return std::nullopt;
  }
  return object;
}

const Value* Field(const Struct& object, absl::string_view name) {
  auto it = object.fields().find(std::string(name));
  return it == object.fields().end() ? nullptr : &it->second;
}

std::string StringField(const Struct& object, absl::string_view name) {
  const Value* value = Field(object, name);
  return value != nullptr && value->has_string_value() ? value->string_value() : "";
}

}  // namespace internal

KeySet::~KeySet() = default;

std::vector<std::string> KeySet::key_ids() const {
  std::vector<std::string> ids;
  for (const auto& key : keys_) ids.push_back(key->id);
  return ids;
}

namespace {

absl::StatusOr<internal::PKeyPtr> P256PublicKey(const std::string& x, const std::string& y) {
  // SEC 1 uncompressed point: 0x04 || x || y.
  std::string point(1, '\x04');
  point += x;
  point += y;
  char group[] = "prime256v1";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()),
      OSSL_PARAM_construct_end()};
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* raw = nullptr;
  if (ctx == nullptr || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError("x, y are not a point on P-256");
  }
  internal::PKeyPtr key(raw);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> check(
      EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr), EVP_PKEY_CTX_free);
  if (check == nullptr || EVP_PKEY_public_check(check.get()) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError("x, y are not a point on P-256");
  }
  return key;
}

// A base64url member of exactly `size` bytes.
absl::StatusOr<std::string> KeyBytes(const Struct& jwk, const char* name, size_t size) {
  std::string bytes;
  if (!Base64UrlDecode(StringField(jwk, name), &bytes) || bytes.size() != size) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", name, "\" is not ", size, " bytes of base64url"));
  }
  return bytes;
}

absl::StatusOr<internal::PKeyPtr> PublicKeyOf(const Struct& jwk, KeyAlgorithm algorithm) {
  if (Field(jwk, "d") != nullptr) {
    return absl::InvalidArgumentError("holds a private key (\"d\"); publish only public keys");
  }
  if (algorithm == KeyAlgorithm::kEs256) {
    absl::StatusOr<std::string> x = KeyBytes(jwk, "x", internal::kP256CoordinateBytes);
    if (!x.ok()) return x.status();
    absl::StatusOr<std::string> y = KeyBytes(jwk, "y", internal::kP256CoordinateBytes);
    if (!y.ok()) return y.status();
    return P256PublicKey(*x, *y);
  }
  absl::StatusOr<std::string> x = KeyBytes(jwk, "x", internal::kEd25519KeyBytes);
  if (!x.ok()) return x.status();
  internal::PKeyPtr key(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(x->data()), x->size()));
  if (key == nullptr) {
    ERR_clear_error();
    return absl::InvalidArgumentError("\"x\" is not an Ed25519 public key");
  }
  return key;
}

// One JWK; nullptr for a key this verifier does not use (another type or
// curve, or an encryption key), which is skipped rather than refused.
absl::StatusOr<std::unique_ptr<KeySet::Key>> ParseJwk(const Struct& jwk, size_t index) {
  const std::string kty = StringField(jwk, "kty");
  const std::string crv = StringField(jwk, "crv");
  const std::string use = StringField(jwk, "use");
  if (!use.empty() && use != "sig") return nullptr;
  KeyAlgorithm algorithm;
  if (kty == "EC" && crv == "P-256") {
    algorithm = KeyAlgorithm::kEs256;
  } else if (kty == "OKP" && crv == "Ed25519") {
    algorithm = KeyAlgorithm::kEdDsa;
  } else {
    return nullptr;
  }
  const Value* kid = Field(jwk, "kid");
  if (kid != nullptr && !kid->has_string_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("JWKS key #", index + 1, ": kid is not a string"));
  }
  auto key = std::make_unique<KeySet::Key>();
  key->id = kid != nullptr ? kid->string_value() : "";
  key->algorithm = algorithm;
  const std::string name =
      key->id.empty() ? absl::StrCat("#", index + 1) : absl::StrCat("'", key->id, "'");
  const std::string alg = StringField(jwk, "alg");
  if (!alg.empty() && alg != internal::AlgName(algorithm)) {
    return absl::InvalidArgumentError(
        absl::StrCat("JWKS key ", name, ": alg '", alg, "' does not fit a ", crv, " key"));
  }
  absl::StatusOr<internal::PKeyPtr> public_key = PublicKeyOf(jwk, algorithm);
  if (!public_key.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("JWKS key ", name, ": ", public_key.status().message()));
  }
  key->public_key = std::move(*public_key);
  return key;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const KeySet>> KeySet::Parse(std::string_view jwks_json) {
  std::string detail;
  std::optional<Struct> document = internal::ParseObject(jwks_json, &detail);
  if (!document) return absl::InvalidArgumentError(absl::StrCat("JWKS is not JSON: ", detail));
  const Value* keys = Field(*document, "keys");
  if (keys == nullptr || !keys->has_list_value()) {
    return absl::InvalidArgumentError("JWKS has no \"keys\" array");
  }
  std::shared_ptr<KeySet> set(new KeySet());
  const auto& entries = keys->list_value().values();
  for (int i = 0; i < entries.size(); ++i) {
    if (!entries[i].has_struct_value()) {
      return absl::InvalidArgumentError(absl::StrCat("JWKS key #", i + 1, " is not an object"));
    }
    absl::StatusOr<std::unique_ptr<Key>> key = ParseJwk(entries[i].struct_value(), i);
    if (!key.ok()) return key.status();
    if (*key == nullptr) continue;
    for (const auto& known : set->keys_) {
      if (known->id == (*key)->id) {
        return absl::InvalidArgumentError(absl::StrCat("JWKS lists key '", known->id, "' twice"));
      }
    }
    set->keys_.push_back(std::move(*key));
  }
  if (set->keys_.empty()) {
    return absl::InvalidArgumentError("JWKS holds no EC P-256 or Ed25519 signing key");
  }
  return std::shared_ptr<const KeySet>(std::move(set));
}

}  // namespace fieldservice::common::auth
