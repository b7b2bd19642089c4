// Where the verifier's keys come from: a JWKS file or an http(s) URL (an
// identity provider's jwks_uri), re-read in the background so that keys can
// rotate without a restart. A refresh that fails keeps the last good set.
#ifndef FIELDSERVICE_COMMON_AUTH_JWKS_SOURCE_H_
#define FIELDSERVICE_COMMON_AUTH_JWKS_SOURCE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/auth/token_verifier.h"

namespace fieldservice::common::auth {

class JwksSource {
 public:
  // Loads `location` once (a path, or a URL starting with http:// or
  // https://; an https URL is checked against `ca_file` when given, else the
  // system's roots) and then every `refresh`. Fails when the first load fails.
  static absl::StatusOr<std::unique_ptr<JwksSource>> Start(const std::string& location,
                                                           absl::Duration refresh,
                                                           const std::string& ca_file = "");
  // A fixed key set, for tests.
  static std::unique_ptr<JwksSource> Fixed(std::shared_ptr<const KeySet> keys);
  virtual ~JwksSource() = default;

  // The current keys; never null.
  virtual std::shared_ptr<const KeySet> Current() const = 0;
  // Asks for a reload soon (a token named a key we do not know: the provider
  // may have rotated). Rate limited to one reload per `refresh` / 10.
  virtual void RefreshSoon() = 0;
};

}  // namespace fieldservice::common::auth

#endif  // FIELDSERVICE_COMMON_AUTH_JWKS_SOURCE_H_
