#include "services/scheduling/domain/technician_directory.h"

namespace fieldservice::scheduling {

absl::StatusOr<std::shared_ptr<const TechnicianIndex>> TechnicianDirectory::Index() {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  if (index_ != nullptr && now - built_at_ < refresh_) return index_;
  auto all = repository_.ListAll();
  if (!all.ok()) return all.status();
  index_ = std::make_shared<const TechnicianIndex>(*std::move(all));
  built_at_ = now;
  return index_;
}

void TechnicianDirectory::Invalidate() {
  absl::MutexLock lock(&mu_);
  built_at_ = absl::InfinitePast();
}

}  // namespace fieldservice::scheduling
