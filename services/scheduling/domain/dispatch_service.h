// The dispatch use case: keeps the queue in step with the orders service.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_SERVICE_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_SERVICE_H_

#include <optional>

#include "absl/status/statusor.h"
#include "services/scheduling/domain/appointment_slots.h"
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
                  RankingPolicy ranking, SlotPolicy slots = {})
      : repository_(repository),
        policy_(policy),
        technicians_(technicians),
        travel_(travel),
        ranking_(std::move(ranking)),
        slots_(std::move(slots)) {}

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

  // Appointment windows (预约) to offer the customer of the order's queued
  // job, from the real availability of the technicians who may take it
  // (area, skills): shifts, absences, booked visits and travel. A rebooking
  // leaves out the windows the customer cannot make and the technicians the
  // dispatcher names.
  absl::StatusOr<std::vector<AppointmentSlot>> OfferAppointmentSlots(
      const std::string& order_number, absl::Time now,
      const std::vector<Interval>& excluded_windows,
      const std::vector<std::string>& excluded_technicians);

 private:
  // The order's job, if it is queued and has a map position (what ranking
  // and slots need); NOT_FOUND or FAILED_PRECONDITION saying which is not.
  absl::StatusOr<DispatchJob> QueuedJobWithPlace(const std::string& order_number);

  DispatchRepository& repository_;
  const DispatchPolicy policy_;
  TechnicianDirectory& technicians_;
  const TravelEstimator& travel_;
  const RankingPolicy ranking_;
  const SlotPolicy slots_;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_SERVICE_H_
