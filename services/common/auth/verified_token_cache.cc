#include "services/common/auth/verified_token_cache.h"

namespace fieldservice::common::auth {

std::optional<VerifiedToken> VerifiedTokenCache::Find(std::string_view token,
                                                      const std::shared_ptr<const KeySet>& keys,
                                                      absl::Time now) const {
  if (capacity_ == 0) return std::nullopt;
  absl::ReaderMutexLock lock(&mu_);
  auto it = entries_.find(absl::string_view(token.data(), token.size()));
  if (it == entries_.end() || it->second.keys != keys) return std::nullopt;
  if (now > it->second.verified.expires + leeway_) return std::nullopt;
  return it->second.verified;
}

void VerifiedTokenCache::Add(std::string_view token, const std::shared_ptr<const KeySet>& keys,
                             const VerifiedToken& verified) {
  if (capacity_ == 0) return;
  absl::MutexLock lock(&mu_);
  if (entries_.size() >= capacity_) entries_.clear();
  entries_.insert_or_assign(std::string(token), Entry{keys, verified});
}

}  // namespace fieldservice::common::auth
