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

absl::StatusOr<Proposal> DispatchService::ProposeCandidates(const std::string& order_number,
                                                            int limit, absl::Time now) {
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

}  // namespace fieldservice::scheduling
