// Every technician in one candidate index (technician_index.h), shared by
// the calls that rank candidates. The index is rebuilt when it is older than
// the refresh interval, or at once after this process changed a technician;
// another replica's change shows within the interval. Ranking only
// proposes: an assignment checks its rules against the stored records.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_DIRECTORY_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_DIRECTORY_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/clock.h"
#include "services/scheduling/domain/technician_index.h"
#include "services/scheduling/domain/technician_repository.h"

namespace fieldservice::scheduling {

class TechnicianDirectory {
 public:
  TechnicianDirectory(TechnicianRepository& repository, const common::Clock& clock,
                      absl::Duration refresh)
      : repository_(repository), clock_(clock), refresh_(refresh) {}

  // The current index; one caller rebuilds a stale one while the others
  // wait for it (a failed rebuild is returned and tried again next time).
  absl::StatusOr<std::shared_ptr<const TechnicianIndex>> Index();
  // A technician changed here: the next Index() rebuilds.
  void Invalidate();

 private:
  TechnicianRepository& repository_;
  const common::Clock& clock_;
  const absl::Duration refresh_;
  absl::Mutex mu_;
  std::shared_ptr<const TechnicianIndex> index_ ABSL_GUARDED_BY(mu_);
  absl::Time built_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_DIRECTORY_H_
