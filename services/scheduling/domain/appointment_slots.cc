#include "services/scheduling/domain/appointment_slots.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/scheduling/domain/availability.h"
#include "services/scheduling/domain/intervals.h"

namespace fieldservice::scheduling {
namespace {

bool Excluded(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The window's arrival times that the job allows: within its preferred
// window, if any.
Interval AllowedStarts(const Interval& window, const Job& job) {
  Interval allowed = window;
  if (job.window) {
    allowed.start = std::max(allowed.start, job.window->start);
    allowed.end = std::min(allowed.end, job.window->end);
  }
  return allowed;
}

// Jobs that start on the day: a full day takes no more (assignment_rules.h).
bool DayIsFull(const TechnicianDay& day, const Technician& t, absl::TimeZone zone) {
  const auto jobs = std::count_if(day.visits.begin(), day.visits.end(), [&](const BookedVisit& v) {
    return absl::ToCivilDay(v.time.start, zone) == day.day;
  });
  return jobs >= t.max_jobs_per_day;
}

// The technician's earliest start on the grid of `policy` within `allowed`
// that fits their day and ends by the deadline, if any.
std::optional<SlotTechnician> EarliestStart(const TechnicianDay& day, const std::string& id,
                                            const Interval& window, const Interval& allowed,
                                            const Job& job, const SlotPolicy& policy,
                                            const TravelEstimator& travel) {
  for (absl::Time start = window.start; start < allowed.end; start += policy.start_step) {
    if (start < allowed.start) continue;
    if (start + job.service_time > job.deadline) break;
    const VisitFit fit = FitVisit(day, job.location, start, job.service_time, travel);
    if (fit.fits) return SlotTechnician{id, start, fit.travel_in};
  }
  return std::nullopt;
}

}  // namespace

absl::Status CheckSlotPolicy(const SlotPolicy& policy) {
  std::vector<std::string> problems;
  auto positive = [&](absl::string_view name, absl::Duration d) {
    if (d <= absl::ZeroDuration()) {
      problems.push_back(absl::StrCat(name, " must be positive, not ", absl::FormatDuration(d)));
    }
  };
  positive("window_length", policy.window_length);
  positive("start_step", policy.start_step);
  if (policy.lead_time < absl::ZeroDuration()) {
    problems.push_back(absl::StrCat("lead_time must not be negative, not ",
                                    absl::FormatDuration(policy.lead_time)));
  }
  if (policy.window_start_minutes.empty()) problems.push_back("window_start_minutes is empty");
  for (int minute : policy.window_start_minutes) {
    if (minute < 0 || minute >= 24 * 60) {
      problems.push_back(absl::StrCat("window_start_minutes: ", minute,
                                      " is not a minute of the day (0 to 1439)"));
    }
  }
  if (policy.horizon_days < 1 || policy.horizon_days > SlotPolicy::kMaxHorizonDays) {
    problems.push_back(absl::StrCat("horizon_days must be 1 to ", SlotPolicy::kMaxHorizonDays,
                                    ", not ", policy.horizon_days));
  }
  if (policy.max_slots < 1) {
    problems.push_back(absl::StrCat("max_slots must be at least 1, not ", policy.max_slots));
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("appointment slot policy: ", absl::StrJoin(problems, "; ")));
}

std::vector<AppointmentSlot> OfferAppointmentSlots(
    const SlotRequest& request, const std::vector<TechnicianBookings>& technicians,
    const SlotPolicy& policy, absl::TimeZone zone, const TravelEstimator& travel) {
  std::vector<AppointmentSlot> offer;
  // A step of zero would never leave a window: guarded even though
  // CheckSlotPolicy refuses it.
  if (!CheckSlotPolicy(policy).ok()) return offer;
  // Technicians by id, so each window lists them in a stable order. A
  // visit of this very order is the one being rebooked: it frees its time.
  std::vector<TechnicianBookings> by_id;
  for (const TechnicianBookings& t : technicians) {
    if (!t.technician.active || Excluded(request.excluded_technicians, t.technician.id)) continue;
    TechnicianBookings& kept = by_id.emplace_back(TechnicianBookings{t.technician, {}});
    for (const BookedVisit& v : t.visits) {
      if (v.order_number != request.job.order_number) kept.visits.push_back(v);
    }
  }
  std::sort(by_id.begin(), by_id.end(),
            [](const auto& a, const auto& b) { return a.technician.id < b.technician.id; });
  std::vector<int> starts = policy.window_start_minutes;
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());

  const absl::CivilDay first_day = absl::ToCivilDay(request.now, zone);
  const absl::Time earliest_window = request.now + policy.lead_time;
  for (int d = 0; d < policy.horizon_days; ++d) {
    const absl::CivilDay day = first_day + d;
    // The days with room, still by technician id.
    std::vector<std::pair<const std::string*, TechnicianDay>> days;
    for (const TechnicianBookings& t : by_id) {
      TechnicianDay one = MakeTechnicianDay(t.technician, day, zone, t.visits);
      if (!DayIsFull(one, t.technician, zone)) days.emplace_back(&t.technician.id, std::move(one));
    }
    for (int minute : starts) {
      const absl::Time start = absl::FromCivil(absl::CivilMinute(day) + minute, zone);
      const Interval window{start, start + policy.window_length};
      if (window.start < earliest_window) continue;
      if (request.job.window && !Overlaps(window, *request.job.window)) continue;
      if (std::any_of(request.excluded_windows.begin(), request.excluded_windows.end(),
                      [&](const Interval& x) { return Overlaps(x, window); })) {
        continue;
      }
      const Interval allowed = AllowedStarts(window, request.job);
      AppointmentSlot slot{window, {}};
      for (const auto& [id, one] : days) {
        auto taker = EarliestStart(one, *id, window, allowed, request.job, policy, travel);
        if (taker) slot.technicians.push_back(*taker);
      }
      if (slot.technicians.empty()) continue;
      offer.push_back(std::move(slot));
      if (static_cast<int>(offer.size()) >= policy.max_slots) return offer;
    }
  }
  return offer;
}

}  // namespace fieldservice::scheduling
