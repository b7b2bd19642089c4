// The dispatch use case: keeps the queue in step with the orders service.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_SERVICE_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_SERVICE_H_

#include <optional>

#include "absl/status/statusor.h"
#include "services/scheduling/domain/candidate_ranking.h"
#include "services/scheduling/domain/dispatch_queue.h"
#include "services/scheduling/domain/dispatch_repository.h"
#include "services/scheduling/domain/technician_directory.h"
#include "services/scheduling/domain/travel.h"

namespace fieldservice::scheduling {

class DispatchService {
 public:
  DispatchService(DispatchRepository& repository, DispatchPolicy policy,
                  TechnicianDirectory& technicians, const TravelEstimator& travel,
                  RankingPolicy ranking)
      : repository_(repository),
        policy_(policy),
        technicians_(technicians),
        travel_(travel),
        ranking_(std::move(ranking)) {}

  // Validates the facts and stores the job they make, unless the stored job
  // is from the same or a newer order version (then it is returned as is).
  absl::StatusOr<DispatchJob> SyncJob(const OrderFacts& facts);
  absl::StatusOr<QueuePage> ListQueue(std::optional<int64_t> after, int limit);

  // The technicians who can take the order's queued job, ranked (at most
  // `limit`), and why the others near it were left out. Each technician's
  // free time is their shifts on the job's business day (the day its
  // preferred window starts, else the day of `now`) less their absences
  // and booked visits.
  absl::StatusOr<Proposal> ProposeCandidates(const std::string& order_number, int limit,
                                             absl::Time now);

 private:
  DispatchRepository& repository_;
  const DispatchPolicy policy_;
  TechnicianDirectory& technicians_;
  const TravelEstimator& travel_;
  const RankingPolicy ranking_;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_SERVICE_H_
