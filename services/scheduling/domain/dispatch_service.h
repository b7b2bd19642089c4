// The dispatch use case: keeps the queue in step with the orders service,
// ranks technicians and offers appointment windows from their real days,
// and puts jobs on those days (assign, reassign, unassign, book).
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_SERVICE_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_SERVICE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/scheduling/domain/appointment_slots.h"
#include "services/scheduling/domain/candidate_ranking.h"
#include "services/scheduling/domain/dispatch_queue.h"
#include "services/scheduling/domain/dispatch_repository.h"
#include "services/scheduling/domain/job_transitions.h"
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

  // NOT_FOUND when scheduling never heard of the order.
  absl::StatusOr<DispatchJob> GetJob(const std::string& order_number);

  // Who takes a job and when; see the Dispatch RPCs of the same names.
  struct AssignRequest {
    std::string order_number;
    std::string technician_id;        // empty: automatic (AssignJob only)
    std::optional<absl::Time> start;  // empty: the earliest that fits
    std::string override_reason;      // empty: no rule may break
    std::string reason;               // ReassignJob: why it moves
  };
  absl::StatusOr<DispatchJob> AssignJob(const AssignRequest& request, absl::Time now);
  absl::StatusOr<DispatchJob> ReassignJob(const AssignRequest& request, absl::Time now);
  absl::StatusOr<DispatchJob> UnassignJob(const std::string& order_number,
                                          const std::string& reason, absl::Time now);
  // `request.start` is ignored: the technician's earliest start in the
  // window is the visit.
  absl::StatusOr<DispatchJob> BookAppointment(const AssignRequest& request, const Interval& window,
                                              absl::Time now);

  const RankingPolicy& ranking() const { return ranking_; }

 private:
  // The order's job, if it is queued and has a map position (what ranking
  // and slots need); NOT_FOUND or FAILED_PRECONDITION saying which is not.
  absl::StatusOr<DispatchJob> QueuedJobWithPlace(const std::string& order_number);
  // The same for a job that is queued or with a technician before the
  // visit (assigned or booked): what an offer, a booking or a move needs.
  absl::StatusOr<DispatchJob> OpenJobWithPlace(const std::string& order_number);
  // The day facts of these technicians on `day`: free time (shifts less
  // absences and booked visits), booked jobs, last position (if reported
  // within the policy's position_max_age of `now`).
  absl::StatusOr<DayFacts> LoadDayFacts(const std::vector<const Technician*>& technicians,
                                        absl::CivilDay day, const std::string& except_order,
                                        absl::Time now);
  // Puts the job on the technician's day at `visit` in one transaction with
  // the day's other visits locked: refused when a day rule breaks and no
  // override reason is given. `step` makes the job after.
  using StepFn = std::function<absl::StatusOr<DispatchJob>(DispatchJob, const Assignment&)>;
  absl::StatusOr<DispatchJob> PutOnDay(const std::string& order_number, const Technician& t,
                                       const Interval& visit, std::vector<std::string> overridden,
                                       const std::string& override_reason, absl::Time now,
                                       const StepFn& step);
  // ProposeCandidates for a job already read (queued, with a place).
  absl::StatusOr<Proposal> ProposeFor(const DispatchJob& job, int limit, absl::Time now);
  // The technician's earliest start of the job in `window` on the slot
  // policy's grid, with their other visits (nullopt: none fits).
  absl::StatusOr<std::optional<absl::Time>> EarliestStartIn(const Technician& t,
                                                            const DispatchJob& job,
                                                            const Interval& window);
  // The technician as the directory has them (NOT_FOUND naming them).
  absl::StatusOr<Technician> FindTechnician(const std::string& technician_id);

  DispatchRepository& repository_;
  const DispatchPolicy policy_;
  TechnicianDirectory& technicians_;
  const TravelEstimator& travel_;
  const RankingPolicy ranking_;
  const SlotPolicy slots_;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_SERVICE_H_
