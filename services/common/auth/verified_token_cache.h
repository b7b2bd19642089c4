// Tokens already verified, so a client that sends the same token on every
// call (as every client does until it expires) pays for the signature check
// once, not per call: an ES256 check costs about 200 µs of CPU, a fifth of a
// core at 1,000 calls a second.
//
// An entry is used only with the very key set it was verified with (a
// reloaded or rotated set verifies afresh) and only until the token's own
// expiry plus the leeway, the same rule Verify applies. Refusals are never
// cached. Full: emptied and refilled, the simplest bound that cannot grow.
#ifndef FIELDSERVICE_COMMON_AUTH_VERIFIED_TOKEN_CACHE_H_
#define FIELDSERVICE_COMMON_AUTH_VERIFIED_TOKEN_CACHE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/auth/token_verifier.h"

namespace fieldservice::common::auth {

class VerifiedTokenCache {
 public:
  // Up to `capacity` tokens (0: nothing is cached).
  VerifiedTokenCache(size_t capacity, absl::Duration leeway)
      : capacity_(capacity), leeway_(leeway) {}

  // What `token` was verified as with `keys`, when still valid at `now`.
  std::optional<VerifiedToken> Find(std::string_view token,
                                    const std::shared_ptr<const KeySet>& keys,
                                    absl::Time now) const;
  void Add(std::string_view token, const std::shared_ptr<const KeySet>& keys,
           const VerifiedToken& verified);

 private:
  struct Entry {
    std::shared_ptr<const KeySet> keys;  // the set it was verified with
    VerifiedToken verified;
  };
  const size_t capacity_;
  const absl::Duration leeway_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fieldservice::common::auth

#endif  // FIELDSERVICE_COMMON_AUTH_VERIFIED_TOKEN_CACHE_H_
