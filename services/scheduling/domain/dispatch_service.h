// The dispatch use case: keeps the queue in step with the orders service.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_SERVICE_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_SERVICE_H_

#include <optional>

#include "absl/status/statusor.h"
#include "services/scheduling/domain/dispatch_queue.h"
#include "services/scheduling/domain/dispatch_repository.h"

namespace fieldservice::scheduling {

class DispatchService {
 public:
  DispatchService(DispatchRepository& repository, DispatchPolicy policy)
      : repository_(repository), policy_(policy) {}

  // Validates the facts and stores the job they make, unless the stored job
  // is from the same or a newer order version (then it is returned as is).
  absl::StatusOr<DispatchJob> SyncJob(const OrderFacts& facts);
  absl::StatusOr<QueuePage> ListQueue(std::optional<int64_t> after, int limit);

 private:
  DispatchRepository& repository_;
  const DispatchPolicy policy_;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_SERVICE_H_
