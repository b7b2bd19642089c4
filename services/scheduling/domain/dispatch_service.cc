#include "services/scheduling/domain/dispatch_service.h"

#include "absl/strings/str_cat.h"
#include "services/scheduling/domain/availability.h"

namespace fieldservice::scheduling {

absl::StatusOr<DispatchJob> DispatchService::SyncJob(const OrderFacts& facts) {
  common::Violations v;
  CheckOrderFacts(facts, v);
  if (!v.empty()) return v.ToStatus();
  return repository_.MutateJob(
      {.order_number = facts.order_number}, facts.change_time,
      [&](const JobContext& context) -> absl::StatusOr<std::optional<DispatchJob>> {
        const std::optional<DispatchJob>& before = context.job;
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

absl::StatusOr<DispatchJob> DispatchService::GetJob(const std::string& order_number) {
  auto stored = repository_.GetJob(order_number);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return absl::NotFoundError(absl::StrCat(JobName(order_number), " does not exist"));
  }
  return **stored;
}

namespace {

absl::Status RequirePlace(const DispatchJob& job) {
  if (job.has_location) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat(JobName(job.job.order_number),
                   " has no map position, so no travel can be estimated: add "
                   "customer.address.location to the order"));
}

}  // namespace

absl::StatusOr<DispatchJob> DispatchService::QueuedJobWithPlace(const std::string& order_number) {
  auto job = GetJob(order_number);
  if (!job.ok()) return job.status();
  if (!job->queued()) {
    return absl::FailedPreconditionError(absl::StrCat(JobName(order_number),
                                                      " is not waiting for a technician (it is ",
                                                      JobStepName(job->step), ")"));
  }
  if (auto s = RequirePlace(*job); !s.ok()) return s;
  return job;
}

absl::StatusOr<DispatchJob> DispatchService::OpenJobWithPlace(const std::string& order_number) {
  auto job = GetJob(order_number);
  if (!job.ok()) return job.status();
  if (!job->queued() && !IsMovable(job->step)) {
    return absl::FailedPreconditionError(
        absl::StrCat(JobName(order_number), " is ", JobStepName(job->step),
                     "; only a queued, assigned or booked job can be offered, booked or moved"));
  }
  if (auto s = RequirePlace(*job); !s.ok()) return s;
  return job;
}

absl::StatusOr<DayFacts> DispatchService::LoadDayFacts(
    const std::vector<const Technician*>& technicians, absl::CivilDay day,
    const std::string& except_order, absl::Time now) {
  std::vector<std::string> ids;
  for (const Technician* t : technicians) ids.push_back(t->id);
  const absl::TimeZone zone = ranking_.business_zone;
  // A day's visits, and the evening before's that may run past midnight.
  const Interval between{absl::FromCivil(day - 1, zone), absl::FromCivil(day + 1, zone)};
  auto visits = repository_.VisitsOf(ids, between);
  if (!visits.ok()) return visits.status();
  auto positions = repository_.PositionsOf(ids, now - policy_.position_max_age);
  if (!positions.ok()) return positions.status();
  DayFacts days;
  for (const Technician* t : technicians) {
    std::vector<BookedVisit> booked;
    if (auto it = visits->find(t->id); it != visits->end()) {
      for (const BookedVisit& b : it->second) {
        if (b.order_number != except_order) booked.push_back(b);
      }
    }
    TechnicianDayFacts facts;
    for (const BookedVisit& b : booked) {
      if (absl::ToCivilDay(b.time.start, zone) == day) ++facts.booked_jobs;
    }
    facts.free = FreeTime(*t, day, zone, booked, travel_);
    if (auto it = positions->find(t->id); it != positions->end()) facts.position = it->second;
    days.emplace(t->id, std::move(facts));
  }
  return days;
}

absl::StatusOr<Proposal> DispatchService::ProposeCandidates(const std::string& order_number,
                                                            int limit, absl::Time now) {
  auto queued = QueuedJobWithPlace(order_number);
  if (!queued.ok()) return queued.status();
  return ProposeFor(*queued, limit, now);
}

absl::StatusOr<Proposal> DispatchService::ProposeFor(const DispatchJob& job, int limit,
                                                     absl::Time now) {
  auto index = technicians_.Index();
  if (!index.ok()) return index.status();
  const absl::Time on = job.job.window.has_value() ? job.job.window->start : now;
  const absl::CivilDay day = absl::ToCivilDay(on, ranking_.business_zone);
  const JudgedTechnicians judged = TechniciansToJudge(job.job, **index, ranking_);
  std::vector<const Technician*> judged_all = judged.covering;
  judged_all.insert(judged_all.end(), judged.nearby_uncovered.begin(),
                    judged.nearby_uncovered.end());
  auto days = LoadDayFacts(judged_all, day, job.job.order_number, now);
  if (!days.ok()) return days.status();
  return scheduling::ProposeCandidates(job.job, **index, *days, travel_, ranking_, now, limit);
}

absl::StatusOr<std::vector<AppointmentSlot>> DispatchService::OfferAppointmentSlots(
    const std::string& order_number, absl::Time now, const std::vector<Interval>& excluded_windows,
    const std::vector<std::string>& excluded_technicians) {
  auto open = OpenJobWithPlace(order_number);
  if (!open.ok()) return open.status();
  auto index = technicians_.Index();
  if (!index.ok()) return index.status();
  // Who may take the job at all: the area covers it and the skills fit.
  std::vector<const Technician*> eligible;
  for (const Technician* t : TechniciansToJudge(open->job, **index, ranking_).covering) {
    std::vector<ExclusionReason> broken;
    CheckSkills(*t, open->job, broken);
    if (broken.empty()) eligible.push_back(t);
  }
  std::vector<std::string> ids;
  for (const Technician* t : eligible) ids.push_back(t->id);
  const absl::TimeZone zone = ranking_.business_zone;
  const absl::CivilDay first = absl::ToCivilDay(now, zone);
  const Interval horizon{absl::FromCivil(first - 1, zone),
                         absl::FromCivil(first + slots_.horizon_days + 1, zone)};
  auto visits = repository_.VisitsOf(ids, horizon);
  if (!visits.ok()) return visits.status();
  std::vector<TechnicianBookings> bookings;
  for (const Technician* t : eligible) {
    TechnicianBookings b{*t, {}};
    if (auto it = visits->find(t->id); it != visits->end()) b.visits = it->second;
    bookings.push_back(std::move(b));
  }
  // A rebooking leaves out the window the customer just missed.
  std::vector<Interval> excluded = excluded_windows;
  if (open->missed.has_value()) excluded.push_back(*open->missed);
  SlotRequest request{.job = open->job,
                      .now = now,
                      .excluded_windows = excluded,
                      .excluded_technicians = excluded_technicians};
  return scheduling::OfferAppointmentSlots(request, bookings, slots_, zone, travel_);
}

}  // namespace fieldservice::scheduling
