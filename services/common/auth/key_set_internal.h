// What the verifier (token_verifier.cc) shares with the key set
// (key_set.cc): the key itself, and reading JSON objects with protobuf's
// parser. Internal to services/common/auth.
#ifndef FIELDSERVICE_COMMON_AUTH_KEY_SET_INTERNAL_H_
#define FIELDSERVICE_COMMON_AUTH_KEY_SET_INTERNAL_H_

#include <google/protobuf/struct.pb.h>

#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "services/common/auth/jose.h"
#include "services/common/auth/token_verifier.h"

namespace fieldservice::common::auth {

struct KeySet::Key {
  std::string id;  // empty when the JWK has no "kid"
  internal::KeyAlgorithm algorithm;
  internal::PKeyPtr public_key;
};

namespace internal {

// A JSON object. The parser's own message goes to `detail` only when asked:
// it may quote the input, and a token's content stays out of messages.
std::optional<google::protobuf::Struct> ParseObject(std::string_view json,
                                                    std::string* detail = nullptr);
// A member, or null.
const google::protobuf::Value* Field(const google::protobuf::Struct& object,
                                     absl::string_view name);
// A string member, or "" when absent or not a string.
std::string StringField(const google::protobuf::Struct& object, absl::string_view name);

}  // namespace internal
}  // namespace fieldservice::common::auth

#endif  // FIELDSERVICE_COMMON_AUTH_KEY_SET_INTERNAL_H_
