// DispatchService's steps that put jobs on technicians' days: assign,
// reassign, unassign, book. Each judges the day with the technician's other
// visits read and locked in the same transaction as the change, so two
// dispatchers cannot both give one technician the same hour.
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/scheduling/domain/assignment_rules.h"
#include "services/scheduling/domain/availability.h"
#include "services/scheduling/domain/dispatch_service.h"

namespace fieldservice::scheduling {
namespace {

std::string TechnicianName(const std::string& id) { return absl::StrCat("technicians/", id); }

// The business day around `t`, and the evening before (a visit may run
// past midnight into it).
Interval DayAround(absl::Time t, absl::TimeZone zone) {
  const absl::CivilDay day = absl::ToCivilDay(t, zone);
  return {absl::FromCivil(day - 1, zone), absl::FromCivil(day + 1, zone)};
}

// The reasons a dispatcher's request carries: `reason` (required where the
// step needs one) and `override_reason` (optional).
absl::Status CheckReasons(const std::string& reason, bool reason_required,
                          const std::string& override_reason) {
  common::Violations v;
  CheckReason(reason, "reason", reason_required, v);
  CheckReason(override_reason, "override_reason", /*required=*/false, v);
  return v.ToStatus();
}

}  // namespace

absl::StatusOr<Technician> DispatchService::FindTechnician(const std::string& technician_id) {
  auto index = technicians_.Index();
  if (!index.ok()) return index.status();
  for (const Technician& t : (*index)->technicians()) {
    if (t.id == technician_id) return t;
  }
  return absl::NotFoundError(absl::StrCat(TechnicianName(technician_id), " does not exist"));
}

absl::StatusOr<DispatchJob> DispatchService::PutOnDay(const std::string& order_number,
                                                      const Technician& t, const Interval& visit,
                                                      std::vector<std::string> overridden,
                                                      const std::string& override_reason,
                                                      absl::Time now, const StepFn& step) {
  const absl::TimeZone zone = ranking_.business_zone;
  JobMutation m{.order_number = order_number,
                .technician_id = t.id,
                .visits_between = DayAround(visit.start, zone)};
  return repository_.MutateJob(
      m, now, [&](const JobContext& context) -> absl::StatusOr<std::optional<DispatchJob>> {
        if (!context.job.has_value()) {
          return absl::NotFoundError(absl::StrCat(JobName(order_number), " does not exist"));
        }
        const BookedVisit proposed{order_number, visit, context.job->job.location};
        std::vector<std::string> rules = overridden;
        std::vector<std::string> reasons;
        for (const BrokenRule& broken :
             CheckAssignment(t, context.visits, proposed, zone, travel_)) {
          rules.emplace_back(common::NameOf(kAssignmentRuleNames, broken.rule));
          reasons.push_back(absl::StrCat(rules.back(), ": ", broken.reason));
        }
        if (!reasons.empty() && override_reason.empty()) {
          return absl::FailedPreconditionError(
              absl::StrCat(TechnicianName(t.id), "'s day does not allow this visit (",
                           absl::StrJoin(reasons, "; "),
                           "); a dispatcher may override with override_reason, which is recorded"));
        }
        Assignment a{.technician_id = t.id,
                     .visit = visit,
                     .overridden_rules = rules,
                     .override_reason = rules.empty() ? "" : override_reason};
        return step(*context.job, a);
      });
}

absl::StatusOr<DispatchJob> DispatchService::AssignJob(const AssignRequest& r, absl::Time now) {
  if (auto s = CheckReasons("", false, r.override_reason); !s.ok()) return s;
  auto queued = QueuedJobWithPlace(r.order_number);
  if (!queued.ok()) return queued.status();
  // The ranking says who can take it and their earliest start; a named
  // technician it left out needs a start time and an override reason.
  auto proposal = ProposeFor(*queued, std::numeric_limits<int>::max(), now);
  if (!proposal.ok()) return proposal.status();
  std::string technician_id = r.technician_id;
  std::optional<absl::Time> start = r.start;
  std::vector<std::string> overridden;
  if (technician_id.empty()) {
    if (proposal->candidates.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "no technician can take ", JobName(r.order_number), " (", proposal->excluded.size(),
          " near it left out; see ProposeCandidates); assign one by name with a reason"));
    }
    technician_id = proposal->candidates.front().technician_id;
  }
  auto technician = FindTechnician(technician_id);
  if (!technician.ok()) return technician.status();
  const Candidate* candidate = nullptr;
  for (const Candidate& c : proposal->candidates) {
    if (c.technician_id == technician_id) candidate = &c;
  }
  if (candidate == nullptr) {
    std::vector<std::string> why;
    for (const Exclusion& e : proposal->excluded) {
      if (e.technician_id != technician_id) continue;
      for (const ExclusionReason& reason : e.reasons) {
        overridden.emplace_back(ExclusionCodeName(reason.code));
        why.push_back(absl::StrCat(overridden.back(), ": ", reason.text));
      }
    }
    if (why.empty()) why.push_back("AREA: their service area does not cover the place");
    if (r.override_reason.empty() || !start.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(
          TechnicianName(technician_id), " cannot take ", JobName(r.order_number), " (",
          absl::StrJoin(why, "; "),
          "); a dispatcher may still assign them with start_time and override_reason"));
    }
    if (overridden.empty()) overridden.push_back("AREA");
  }
  if (!start.has_value()) start = candidate->earliest_start;
  const Interval visit{*start, *start + queued->job.service_time};
  return PutOnDay(r.order_number, *technician, visit, std::move(overridden), r.override_reason, now,
                  [&](DispatchJob job, const Assignment& a) {
                    return scheduling::AssignJob(std::move(job), a, now);
                  });
}

absl::StatusOr<DispatchJob> DispatchService::ReassignJob(const AssignRequest& r, absl::Time now) {
  if (auto s = CheckReasons(r.reason, true, r.override_reason); !s.ok()) return s;
  auto open = OpenJobWithPlace(r.order_number);
  if (!open.ok()) return open.status();
  if (!IsMovable(open->step)) {
    return absl::FailedPreconditionError(
        absl::StrCat(JobName(r.order_number), " is queued: use AssignJob"));
  }
  auto technician = FindTechnician(r.technician_id);
  if (!technician.ok()) return technician.status();
  std::optional<absl::Time> start = r.start;
  if (!start.has_value()) {
    // Keep the booked window: the new technician's earliest start in it;
    // else the old visit's start.
    if (open->appointment.has_value()) {
      auto earliest = EarliestStartIn(*technician, *open, *open->appointment);
      if (!earliest.ok()) return earliest.status();
      start = *earliest;
    }
    if (!start.has_value() && open->visit.has_value()) start = open->visit->start;
    if (!start.has_value()) {
      return absl::FailedPreconditionError(
          absl::StrCat(TechnicianName(r.technician_id), " cannot start ", JobName(r.order_number),
                       " in its appointment window; give start_time (and override_reason)"));
    }
  }
  const Interval visit{*start, *start + open->job.service_time};
  return PutOnDay(r.order_number, *technician, visit, {}, r.override_reason, now,
                  [&](DispatchJob job, const Assignment& a) {
                    return scheduling::ReassignJob(std::move(job), a, r.reason, now);
                  });
}

absl::StatusOr<DispatchJob> DispatchService::UnassignJob(const std::string& order_number,
                                                         const std::string& reason,
                                                         absl::Time now) {
  if (auto s = CheckReasons(reason, true, ""); !s.ok()) return s;
  return repository_.MutateJob(
      {.order_number = order_number}, now,
      [&](const JobContext& context) -> absl::StatusOr<std::optional<DispatchJob>> {
        if (!context.job.has_value()) {
          return absl::NotFoundError(absl::StrCat(JobName(order_number), " does not exist"));
        }
        return scheduling::UnassignJob(*context.job, reason, now);
      });
}

absl::StatusOr<DispatchJob> DispatchService::BookAppointment(const AssignRequest& r,
                                                             const Interval& window,
                                                             absl::Time now) {
  common::Violations v;
  CheckReason(r.override_reason, "override_reason", /*required=*/false, v);
  if (window.start >= window.end) v.Add("window", "start_time before end_time");
  if (window.end <= now) v.Add("window", "must not be over already");
  if (!v.empty()) return v.ToStatus();
  auto open = OpenJobWithPlace(r.order_number);
  if (!open.ok()) return open.status();
  const std::string technician_id = r.technician_id.empty() ? open->technician_id : r.technician_id;
  if (technician_id.empty()) {
    common::Violations missing;
    missing.Add("technician", "required for a queued job: one the offer named for the window");
    return missing.ToStatus();
  }
  auto technician = FindTechnician(technician_id);
  if (!technician.ok()) return technician.status();
  auto earliest = EarliestStartIn(*technician, *open, window);
  if (!earliest.ok()) return earliest.status();
  std::optional<absl::Time> start = *earliest;
  std::vector<std::string> overridden;
  if (!start.has_value()) {
    if (r.override_reason.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          TechnicianName(technician_id), " cannot start ", JobName(r.order_number),
          " in that window (shifts, absences, visits or travel; see OfferAppointmentSlots); a "
          "dispatcher may override with override_reason"));
    }
    overridden.push_back("NO_FREE_TIME");
    start = window.start;
  }
  const Interval visit{*start, *start + open->job.service_time};
  return PutOnDay(r.order_number, *technician, visit, std::move(overridden), r.override_reason, now,
                  [&](DispatchJob job, const Assignment& a) {
                    return scheduling::BookJob(std::move(job), a, window, now);
                  });
}

absl::StatusOr<std::optional<absl::Time>> DispatchService::EarliestStartIn(const Technician& t,
                                                                           const DispatchJob& job,
                                                                           const Interval& window) {
  const absl::TimeZone zone = ranking_.business_zone;
  const Interval around = DayAround(window.start, zone);
  auto visits = repository_.VisitsOf({t.id}, around);
  if (!visits.ok()) return visits.status();
  std::vector<BookedVisit> others;
  for (const BookedVisit& b : (*visits)[t.id]) {
    if (b.order_number != job.job.order_number) others.push_back(b);
  }
  const TechnicianDay day =
      MakeTechnicianDay(t, absl::ToCivilDay(window.start, zone), zone, others);
  for (absl::Time s = window.start; s < window.end; s += slots_.start_step) {
    if (FitVisit(day, job.job.location, s, job.job.service_time, travel_).fits) {
      return std::optional<absl::Time>(s);
    }
  }
  return std::optional<absl::Time>();
}

}  // namespace fieldservice::scheduling
