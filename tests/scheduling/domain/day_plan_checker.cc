#include "tests/scheduling/domain/day_plan_checker.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace fieldservice::scheduling::testing_samples {
namespace {

// Rounding of the plan's times to whole seconds.
constexpr absl::Duration kSlack = absl::Seconds(1);

// The checker's own arithmetic, not the domain's: an area code covers the
// places whose code starts with it less its trailing "00" pairs.
bool DistrictCovered(const std::string& area_code, const std::string& place_code) {
  std::string prefix = area_code;
  while (prefix.size() > 2 && absl::EndsWith(prefix, "00")) prefix.resize(prefix.size() - 2);
  return !place_code.empty() && absl::StartsWith(place_code, prefix);
}

bool Has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

struct Stretch {
  absl::Time start;
  absl::Time end;
  GeoPoint from;      // where the technician leaves from at its start
  GeoPoint to;        // where they must be by its end
  bool stay = false;  // before a break or an absence: wherever they are
};

std::vector<Interval> Cut(const std::vector<Interval>& base, const Interval& hole) {
  std::vector<Interval> out;
  for (const Interval& i : base) {
    if (hole.end <= i.start || i.end <= hole.start) {
      out.push_back(i);
      continue;
    }
    if (i.start < hole.start) out.push_back({i.start, hole.start});
    if (hole.end < i.end) out.push_back({hole.end, i.end});
  }
  return out;
}

std::vector<Stretch> Stretches(const Technician& t, const DayPlanInputs& inputs,
                               absl::CivilDay date, absl::TimeZone zone, absl::Time now) {
  std::vector<Interval> working;
  for (const WeeklyShift& s : t.shifts) {
    if (s.weekday != absl::GetWeekday(date)) continue;
    working.push_back({absl::FromCivil(absl::CivilMinute(date) + s.start_minute, zone),
                       absl::FromCivil(absl::CivilMinute(date) + s.end_minute, zone)});
  }
  std::sort(working.begin(), working.end(),
            [](const Interval& a, const Interval& b) { return a.start < b.start; });
  std::vector<Interval> merged;
  for (const Interval& i : working) {
    if (!merged.empty() && i.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, i.end);
    } else {
      merged.push_back(i);
    }
  }
  for (const Absence& a : t.absences) merged = Cut(merged, {a.start, a.end});
  merged = Cut(merged, {absl::InfinitePast(), now});
  std::vector<const DispatchJob*> under_way;
  for (const DispatchJob& j : inputs.jobs) {
    if (j.technician_id == t.id && (j.step == JobStep::kEnRoute || j.step == JobStep::kOnSite)) {
      merged = Cut(merged, *j.visit);
      under_way.push_back(&j);
    }
  }
  std::vector<Stretch> out;
  for (size_t k = 0; k < merged.size(); ++k) {
    const Interval& i = merged[k];
    if (i.start >= i.end) continue;
    Stretch s{i.start, i.end, t.home_base, t.home_base, k + 1 < merged.size()};
    for (const DispatchJob* j : under_way) {
      if (j->visit->end == i.start) s.from = j->job.location;
      if (j->visit->start == i.end) {
        s.to = j->job.location;
        s.stay = false;
      }
    }
    out.push_back(s);
  }
  return out;
}

// The window the start must lie in (none: any time of the shift).
std::optional<Interval> WindowOf(const DispatchJob& j, bool pinned) {
  if (pinned)
    return j.appointment.has_value() ? *j.appointment : Interval{j.visit->start, j.visit->start};
  if (j.step == JobStep::kBooked) return j.appointment;
  return j.job.window;
}

}  // namespace

std::vector<std::string> CheckDayPlan(const DayPlan& plan, const DayPlanRequest& request,
                                      const DayPlanInputs& inputs, const TravelEstimator& travel,
                                      absl::TimeZone zone, absl::Time now) {
  std::vector<std::string> broken;
  auto fail = [&](std::string text) { broken.push_back(std::move(text)); };
  std::map<std::string, const DispatchJob*> jobs;
  for (const DispatchJob& j : inputs.jobs) jobs[j.job.order_number] = &j;
  std::map<std::string, const Technician*> technicians;
  for (const Technician& t : inputs.technicians) technicians[t.id] = &t;
  const std::set<std::string> pinned(request.pinned_jobs.begin(), request.pinned_jobs.end());

  std::map<std::string, int> seen;
  for (const TechnicianRoute& r : plan.routes) {
    for (const PlannedJobVisit& v : r.visits) ++seen[v.order_number];
  }
  for (const UnplannedJob& u : plan.unassigned) {
    ++seen[u.order_number];
    if (u.reason.empty()) fail(absl::StrCat(u.order_number, " left out without a reason"));
  }
  for (const auto& [order, count] : seen) {
    if (!jobs.contains(order)) fail(absl::StrCat(order, " is not a job of the day"));
    if (count > 1) fail(absl::StrCat(order, " is planned ", count, " times"));
  }
  for (const auto& [order, job] : jobs) {
    const bool under_way = job->step == JobStep::kEnRoute || job->step == JobStep::kOnSite;
    if (under_way && seen.contains(order)) fail(absl::StrCat(order, " is under way but planned"));
    if (!under_way && !seen.contains(order))
      fail(absl::StrCat(order, " is neither planned nor left out"));
  }

  for (const TechnicianRoute& r : plan.routes) {
    auto t_it = technicians.find(r.technician_id);
    if (t_it == technicians.end()) {
      fail(absl::StrCat("route of unknown technician ", r.technician_id));
      continue;
    }
    const Technician& t = *t_it->second;
    if (!t.active) fail(absl::StrCat(t.id, " is inactive but has a route"));
    const std::vector<Stretch> stretches = Stretches(t, inputs, request.date, zone, now);
    int jobs_that_day = 0;
    for (const DispatchJob& j : inputs.jobs) {
      if (j.technician_id == t.id && (j.step == JobStep::kEnRoute || j.step == JobStep::kOnSite) &&
          absl::ToCivilDay(j.visit->start, zone) == request.date) {
        ++jobs_that_day;
      }
    }
    std::vector<PlannedJobVisit> visits = r.visits;
    std::sort(visits.begin(), visits.end(),
              [](const auto& a, const auto& b) { return a.start < b.start; });
    double load = 0;  // of the day's visits
    const Stretch* stretch_before = nullptr;
    const DispatchJob* job_before = nullptr;
    absl::Time end_before;
    auto check_home = [&]() {
      if (job_before == nullptr || stretch_before->stay) return;
      const absl::Time home =
          end_before + travel.Estimate(job_before->job.location, stretch_before->to).time;
      if (home > stretch_before->end + kSlack) {
        fail(absl::StrCat(t.id, " is back from ", job_before->job.order_number, " at ",
                          absl::FormatTime("%H:%M", home, zone), ", after their working time"));
      }
    };
    for (const PlannedJobVisit& v : visits) {
      auto j_it = jobs.find(v.order_number);
      if (j_it == jobs.end()) continue;
      const DispatchJob& j = *j_it->second;
      ++jobs_that_day;
      load += j.job.load;
      const std::string what = absl::StrCat(j.job.order_number, " with ", t.id);
      const bool is_pinned = pinned.contains(j.job.order_number);
      if (is_pinned || v.pinned) {
        if (j.technician_id != t.id) fail(absl::StrCat(what, ": pinned to ", j.technician_id));
      } else {
        if (!j.job.category.empty() && !Has(t.skills.categories, j.job.category)) {
          fail(absl::StrCat(what, ": does not repair ", j.job.category));
        }
        if (!j.job.brand.empty() && !Has(t.skills.brands, j.job.brand)) {
          fail(absl::StrCat(what, ": not certified for ", j.job.brand));
        }
        if (t.skills.level < j.job.min_level) fail(absl::StrCat(what, ": level too low"));
        const bool covered = std::any_of(
            t.area.region_codes.begin(), t.area.region_codes.end(),
            [&](const std::string& code) { return DistrictCovered(code, j.job.region_code); });
        if (!covered) fail(absl::StrCat(what, ": area does not cover ", j.job.region_code));
      }
      if (v.end != v.start + j.job.service_time)
        fail(absl::StrCat(what, ": end is not start + service"));
      const Stretch* stretch = nullptr;
      for (const Stretch& s : stretches) {
        if (s.start <= v.start && v.end <= s.end + kSlack) stretch = &s;
      }
      if (stretch == nullptr) {
        fail(absl::StrCat(what, ": ", absl::FormatTime("%H:%M", v.start, zone), "-",
                          absl::FormatTime("%H:%M", v.end, zone), " is outside working time"));
        continue;
      }
      if (stretch != stretch_before) {
        if (stretch_before != nullptr) check_home();
        job_before = nullptr;
      }
      const GeoPoint from = job_before == nullptr ? stretch->from : job_before->job.location;
      const absl::Time leave = job_before == nullptr ? stretch->start : end_before;
      const absl::Time earliest = leave + travel.Estimate(from, j.job.location).time;
      if (v.start + kSlack < earliest) {
        fail(absl::StrCat(what, ": starts ", absl::FormatTime("%H:%M:%S", v.start, zone),
                          " but cannot arrive before ",
                          absl::FormatTime("%H:%M:%S", earliest, zone)));
      }
      if (job_before != nullptr && v.start < end_before) fail(absl::StrCat(what, ": overlaps"));
      const std::optional<Interval> window = WindowOf(j, is_pinned);
      absl::Duration late;
      if (window.has_value()) {
        if (v.start + kSlack < window->start)
          fail(absl::StrCat(what, ": starts before its window"));
        if (v.start > window->end + kSlack) {
          late = v.start - window->end;
          fail(absl::StrCat(what, ": starts after its window"));
        }
      }
      if (absl::AbsDuration(v.lateness - late) > kSlack) {
        fail(absl::StrCat(what, ": lateness reported ", absl::FormatDuration(v.lateness)));
      }
      stretch_before = stretch;
      job_before = &j;
      end_before = v.end;
    }
    if (stretch_before != nullptr) check_home();
    if (t.van_capacity.has_value() && load > *t.van_capacity + 1e-9) {
      fail(absl::StrCat(t.id, "'s van takes ", load, ", it holds ", *t.van_capacity));
    }
    if (jobs_that_day > t.max_jobs_per_day) {
      fail(absl::StrCat(t.id, " has ", jobs_that_day, " jobs, at most ", t.max_jobs_per_day));
    }
  }
  return broken;
}

}  // namespace fieldservice::scheduling::testing_samples
