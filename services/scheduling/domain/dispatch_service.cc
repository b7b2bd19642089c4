#include "services/scheduling/domain/dispatch_service.h"

#include "absl/strings/str_cat.h"
#include "services/scheduling/domain/availability.h"

namespace fieldservice::scheduling {

absl::StatusOr<DispatchJob> DispatchService::SyncJob(const OrderFacts& facts) {
  common::Violations v;
  CheckOrderFacts(facts, v);
  if (!v.empty()) return v.ToStatus();
  return repository_.SyncJob(
      facts.order_number,
      [&](const std::optional<DispatchJob>& before) -> std::optional<DispatchJob> {
        // The same message again, or an older one overtaken: nothing to do.
        if (before.has_value() && before->order_version >= facts.order_version) {
          return std::nullopt;
        }
        return JobFromFacts(facts, before, policy_);
      });
}

absl::StatusOr<QueuePage> DispatchService::ListQueue(std::optional<int64_t> after, int limit) {
  return repository_.ListQueue(after, limit);
}

absl::StatusOr<DispatchJob> DispatchService::QueuedJobWithPlace(const std::string& order_number) {
  auto stored = repository_.GetJob(order_number);
  if (!stored.ok()) return stored.status();
  const std::string name = absl::StrCat("dispatchJobs/", order_number);
  if (!stored->has_value()) return absl::NotFoundError(absl::StrCat(name, " does not exist"));
  const DispatchJob& job = **stored;
  if (!job.queued) {
    return absl::FailedPreconditionError(
        absl::StrCat(name, " is not waiting for a technician (not in the dispatch queue)"));
  }
  if (!job.has_location) {
    return absl::FailedPreconditionError(
        absl::StrCat(name,
                     " has no map position, so no travel can be estimated: add "
                     "customer.address.location to the order"));
  }
  return job;
}

absl::StatusOr<Proposal> DispatchService::ProposeCandidates(const std::string& order_number,
                                                            int limit, absl::Time now) {
  auto queued = QueuedJobWithPlace(order_number);
  if (!queued.ok()) return queued.status();
  const DispatchJob& job = *queued;
  auto index = technicians_.Index();
  if (!index.ok()) return index.status();
  // Bookings come with assignment; until a technician has one, their free
  // time is their shifts less their absences.
  const absl::Time on = job.job.window.has_value() ? job.job.window->start : now;
  const absl::CivilDay day = absl::ToCivilDay(on, ranking_.business_zone);
  const JudgedTechnicians judged = TechniciansToJudge(job.job, **index, ranking_);
  DayFacts days;
  for (const auto* list : {&judged.covering, &judged.nearby_uncovered}) {
    for (const Technician* t : *list) {
      TechnicianDayFacts facts;
      facts.free = FreeTime(*t, day, ranking_.business_zone, {}, travel_);
      days.emplace(t->id, std::move(facts));
    }
  }
  return scheduling::ProposeCandidates(job.job, **index, days, travel_, ranking_, now, limit);
}

absl::StatusOr<std::vector<AppointmentSlot>> DispatchService::OfferAppointmentSlots(
    const std::string& order_number, absl::Time now, const std::vector<Interval>& excluded_windows,
    const std::vector<std::string>& excluded_technicians) {
  auto queued = QueuedJobWithPlace(order_number);
  if (!queued.ok()) return queued.status();
  auto index = technicians_.Index();
  if (!index.ok()) return index.status();
  // Who may take the job at all: the area covers it and the skills fit.
  // Bookings come with assignment; until then a day is its shifts less
  // absences.
  std::vector<TechnicianBookings> eligible;
  for (const Technician* t : TechniciansToJudge(queued->job, **index, ranking_).covering) {
    std::vector<ExclusionReason> broken;
    CheckSkills(*t, queued->job, broken);
    if (broken.empty()) eligible.push_back({*t, {}});
  }
  SlotRequest request{.job = queued->job,
                      .now = now,
                      .excluded_windows = excluded_windows,
                      .excluded_technicians = excluded_technicians};
  return scheduling::OfferAppointmentSlots(request, eligible, slots_, ranking_.business_zone,
                                           travel_);
}

}  // namespace fieldservice::scheduling
