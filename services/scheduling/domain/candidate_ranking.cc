#include "services/scheduling/domain/candidate_ranking.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/enum_names.h"
#include "services/scheduling/domain/service_area.h"

namespace fieldservice::scheduling {
namespace {

constexpr common::EnumName<ExclusionCode> kExclusionCodeNames[] = {
    {ExclusionCode::kInactive, "INACTIVE"}, {ExclusionCode::kCategory, "CATEGORY"},
    {ExclusionCode::kBrand, "BRAND"},       {ExclusionCode::kSkillLevel, "SKILL_LEVEL"},
    {ExclusionCode::kArea, "AREA"},         {ExclusionCode::kNoDayFacts, "NO_DAY_FACTS"},
    {ExclusionCode::kDayFull, "DAY_FULL"},  {ExclusionCode::kNoFreeTime, "NO_FREE_TIME"},
};

double Clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

// A / B for durations as a fraction; a non-positive B (a policy that turns
// the scale off) makes any amount count in full.
double Fraction(absl::Duration a, absl::Duration b) {
  if (b <= absl::ZeroDuration()) return 1;
  return absl::FDivDuration(a, b);
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

int64_t WholeMinutes(absl::Duration d) {
  return absl::ToInt64Minutes(absl::Ceil(d, absl::Minutes(1)));
}

std::string FormatWindow(const Interval& window, absl::TimeZone zone) {
  const bool same_day = absl::ToCivilDay(window.start, zone) ==
                        absl::ToCivilDay(window.end - absl::Nanoseconds(1), zone);
  return absl::StrCat(absl::FormatTime("%Y-%m-%d %H:%M", window.start, zone), "-",
                      absl::FormatTime(same_day ? "%H:%M" : "%Y-%m-%d %H:%M", window.end, zone));
}

// Where in a technician's free time the job fits: the earliest arrival and
// how much choice of arrival time there is. A free interval starts when
// they may leave (from `position` or home), so the travel comes out of it;
// the visit must end within it; the arrival must fall in the job's window.
struct FreeTimeFit {
  bool fits = false;
  absl::Time earliest_start = absl::InfiniteFuture();
  absl::Duration start_span;  // summed over the free intervals
};

FreeTimeFit FitInFreeTime(const std::vector<Interval>& free, const Job& job, absl::Duration travel,
                          absl::Time now) {
  FreeTimeFit fit;
  for (const Interval& interval : free) {
    absl::Time first = std::max(interval.start, now) + travel;
    absl::Time last = interval.end - job.service_time;
    if (job.window.has_value()) {
      first = std::max(first, job.window->start);
      last = std::min(last, job.window->end);
    }
    if (first > last) continue;
    fit.fits = true;
    fit.earliest_start = std::min(fit.earliest_start, first);
    fit.start_span += last - first;
  }
  return fit;
}

// One technician judged against one job.
struct Judgement {
  std::vector<ExclusionReason> reasons;  // empty: a candidate
  Candidate candidate;
};

ExclusionReason AreaReason(const Job& job) {
  std::string place =
      absl::StrFormat("(%.5f, %.5f)", job.location.latitude, job.location.longitude);
  if (!job.region_code.empty()) place = absl::StrCat(job.region_code, " ", place);
  return {ExclusionCode::kArea, absl::StrCat("area does not cover ", place)};
}

ExclusionReason NoFreeTimeReason(const Job& job, absl::Duration travel,
                                 const RankingPolicy& policy) {
  std::string text = "no free time";
  if (job.window.has_value()) {
    absl::StrAppend(&text, " in the window ", FormatWindow(*job.window, policy.business_zone),
                    " (business time)");
  }
  absl::StrAppend(&text, " for ", WholeMinutes(travel), " min travel and the ",
                  WholeMinutes(job.service_time), " min visit");
  return {ExclusionCode::kNoFreeTime, std::move(text)};
}

ScoreParts Score(const Technician& t, const TechnicianDayFacts& day, const Job& job,
                 const Travel& travel, const FreeTimeFit& fit, const RankingPolicy& policy) {
  ScoreParts parts;
  parts.skill_fit = Clamp01(1.0 - static_cast<double>(t.skills.level - job.min_level) /
                                      (kMaxSkillLevel - kMinSkillLevel));
  parts.travel = Clamp01(1.0 - Fraction(travel.time, policy.worst_travel));
  parts.window_fit = Clamp01(Fraction(fit.start_span, policy.comfortable_start_span));
  if (job.deadline == absl::InfiniteFuture()) {
    parts.deadline_slack = 1;
  } else {
    const absl::Time finish = fit.earliest_start + job.service_time;
    parts.deadline_slack =
        Clamp01(Fraction(job.deadline - finish, policy.comfortable_deadline_slack));
  }
  parts.load = t.max_jobs_per_day > 0
                   ? Clamp01(1.0 - static_cast<double>(day.booked_jobs) / t.max_jobs_per_day)
                   : 0;
  // A rating that is not a number counts as none: NaN would break the order.
  const bool rated = t.satisfaction.has_value() && std::isfinite(*t.satisfaction);
  parts.satisfaction =
      rated ? Clamp01((*t.satisfaction - 1) / 4) : Clamp01(policy.unknown_satisfaction);
  return parts;
}

double Total(const ScoreParts& p, const RankingWeights& w) {
  return w.skill_fit * p.skill_fit + w.travel * p.travel + w.window_fit * p.window_fit +
         w.deadline_slack * p.deadline_slack + w.load * p.load + w.satisfaction * p.satisfaction;
}

// Every rule is checked even after one fails, so that a dispatcher who
// overrides sees all that they override.
Judgement Judge(const Technician& t, bool covers, const Job& job, const DayFacts& days,
                const TravelEstimator& estimator, const RankingPolicy& policy, absl::Time now) {
  Judgement j;
  CheckSkills(t, job, j.reasons);
  if (!covers) j.reasons.push_back(AreaReason(job));

  auto day = days.find(t.id);
  if (day == days.end()) {
    j.reasons.push_back({ExclusionCode::kNoDayFacts, "nothing known of their day"});
    return j;
  }
  if (day->second.booked_jobs >= t.max_jobs_per_day) {
    j.reasons.push_back(
        {ExclusionCode::kDayFull, absl::StrCat("already has ", day->second.booked_jobs, " of ",
                                               t.max_jobs_per_day, " jobs that day")});
  }
  const GeoPoint from = day->second.position.value_or(t.home_base);
  const Travel travel = estimator.Estimate(from, job.location);
  const FreeTimeFit fit = FitInFreeTime(day->second.free, job, travel.time, now);
  if (!fit.fits) j.reasons.push_back(NoFreeTimeReason(job, travel.time, policy));
  if (!j.reasons.empty()) return j;

  j.candidate.technician_id = t.id;
  j.candidate.display_name = t.display_name;
  j.candidate.parts = Score(t, day->second, job, travel, fit, policy);
  j.candidate.total = Total(j.candidate.parts, policy.weights);
  j.candidate.travel = travel;
  j.candidate.earliest_start = fit.earliest_start;
  return j;
}

// Total descending, then the shorter trip, then the id: the same order
// every time for the same inputs.
bool RanksBefore(const Candidate& a, const Candidate& b) {
  return std::forward_as_tuple(b.total, a.travel.time, a.technician_id) <
         std::forward_as_tuple(a.total, b.travel.time, b.technician_id);
}

}  // namespace

void CheckSkills(const Technician& t, const Job& job, std::vector<ExclusionReason>& reasons) {
  if (!t.active) reasons.push_back({ExclusionCode::kInactive, "inactive"});
  if (!job.category.empty() && !Contains(t.skills.categories, job.category)) {
    reasons.push_back({ExclusionCode::kCategory, absl::StrCat("does not repair ", job.category)});
  }
  // A job whose brand is unknown (the customer could not say) needs no
  // certification.
  if (!job.brand.empty() && !Contains(t.skills.brands, job.brand)) {
    reasons.push_back({ExclusionCode::kBrand, absl::StrCat("not certified for brand ", job.brand)});
  }
  if (t.skills.level < job.min_level) {
    reasons.push_back(
        {ExclusionCode::kSkillLevel,
         absl::StrCat("skill level ", t.skills.level, " below the job's ", job.min_level)});
  }
}

std::string_view ExclusionCodeName(ExclusionCode code) {
  return common::NameOf(kExclusionCodeNames, code);
}

JudgedTechnicians TechniciansToJudge(const Job& job, const TechnicianIndex& index,
                                     const RankingPolicy& policy) {
  JudgedTechnicians judged;
  judged.covering = index.Covering(PlaceOf(job), &judged.examined);
  if (policy.nearby_uncovered_reported > 0) {
    const absl::flat_hash_set<const Technician*> covered(judged.covering.begin(),
                                                         judged.covering.end());
    judged.nearby_uncovered =
        index.NearestByHomeBase(job.location, policy.nearby_uncovered_reported,
                                [&](const Technician& t) { return !covered.contains(&t); });
  }
  return judged;
}

Proposal ProposeCandidates(const Job& job, const TechnicianIndex& index, const DayFacts& days,
                           const TravelEstimator& travel, const RankingPolicy& policy,
                           absl::Time now, int limit) {
  const JudgedTechnicians judged = TechniciansToJudge(job, index, policy);
  Proposal proposal;
  proposal.covering = static_cast<int>(judged.covering.size());
  proposal.examined = judged.examined;
  auto judge = [&](const Technician& t, bool covers) {
    Judgement j = Judge(t, covers, job, days, travel, policy, now);
    if (j.reasons.empty()) {
      proposal.candidates.push_back(std::move(j.candidate));
    } else {
      proposal.excluded.push_back({t.id, std::move(j.reasons)});
    }
  };
  for (const Technician* t : judged.covering) judge(*t, /*covers=*/true);
  for (const Technician* t : judged.nearby_uncovered) judge(*t, /*covers=*/false);

  std::sort(proposal.candidates.begin(), proposal.candidates.end(), RanksBefore);
  proposal.eligible = static_cast<int>(proposal.candidates.size());
  if (limit > 0 && proposal.candidates.size() > static_cast<size_t>(limit)) {
    proposal.candidates.resize(limit);
  }
  std::sort(
      proposal.excluded.begin(), proposal.excluded.end(),
      [](const Exclusion& a, const Exclusion& b) { return a.technician_id < b.technician_id; });
  return proposal;
}

}  // namespace fieldservice::scheduling
