// Where the verifier's keys come from: a JWKS file or an http(s) URL (an
// identity provider's jwks_uri), re-read in the background so that keys can
// rotate without a restart. A refresh that fails keeps the last good set and
// logs a warning (jwks_refresh_failed); a changed set logs jwks_keys_changed.
//
// Rotation: publish the new key next to the old one, sign with the new one,
// and remove the old one once its tokens have expired; tokens of a removed
// key are refused naming it ("token signed by unknown key 'old'").
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
  // system's roots) and then every `refresh` on a background thread. Fails
  // when the first load fails (NOT_FOUND, UNAVAILABLE or INVALID_ARGUMENT
  // naming the location). A fetch gives up after 10 s or 1 MiB and follows
  // no redirects. The destructor stops the thread at once, ending a fetch in
  // progress.
  static absl::StatusOr<std::unique_ptr<JwksSource>> Start(const std::string& location,
                                                           absl::Duration refresh,
                                                           const std::string& ca_file = "");
  // A fixed key set, for tests.
  static std::unique_ptr<JwksSource> Fixed(std::shared_ptr<const KeySet> keys);
  virtual ~JwksSource() = default;

  // The current keys; never null. Cheap, and safe from any thread.
  virtual std::shared_ptr<const KeySet> Current() const = 0;
  // Asks for a reload soon (a token named a key we do not know: the provider
  // may have rotated). Rate limited: the reload happens `refresh` / 10 after
  // the previous one at the earliest, so a flood of such tokens costs one
  // reload per interval, not one each. Returns at once.
  virtual void RefreshSoon() = 0;
};

}  // namespace fieldservice::common::auth

#endif  // FIELDSERVICE_COMMON_AUTH_JWKS_SOURCE_H_
