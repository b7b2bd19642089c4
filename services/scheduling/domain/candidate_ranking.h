// ProposeCandidates (issue 9 "Dispatch"): the technicians who can take a job,
// best first, each score broken into its parts, and why each of the others
// was left out. Pure: the caller supplies the technicians (an index), what it
// knows of their day, the travel estimate and the policy.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_CANDIDATE_RANKING_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_CANDIDATE_RANKING_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "services/scheduling/domain/technician.h"
#include "services/scheduling/domain/technician_index.h"
#include "services/scheduling/domain/travel.h"

namespace fieldservice::scheduling {

// What the caller knows of one technician on the job's business day.
struct TechnicianDayFacts {
  // Visits already booked that day.
  int booked_jobs = 0;
  // When they are free to leave for a job: shifts less absences and
  // bookings (computed elsewhere), any order, not overlapping.
  std::vector<Interval> free;
  // Where they are now (last reported); none: at the home base.
  std::optional<GeoPoint> position;
};

// Day facts by technician id. Only the technicians TechniciansToJudge
// lists are looked up, so a caller may fill it for just those.
using DayFacts = absl::flat_hash_map<std::string, TechnicianDayFacts>;

// How much each score part counts. The defaults sum to 1, so a total is in
// [0, 1]; configuration may change them.
struct RankingWeights {
  // Travel counts most: it is paid on every job, and the shortest drive
  // also leaves the most of the day for other jobs.
  double travel = 0.30;
  // A close skill level keeps masters free for the hard jobs.
  double skill_fit = 0.15;
  // Room in the window absorbs a late previous job or traffic.
  double window_fit = 0.15;
  // An early finish protects the SLA deadline.
  double deadline_slack = 0.15;
  // Spreading jobs keeps days even and leaves room for urgent ones.
  double load = 0.15;
  // Customers' ratings count, but least: few jobs are rated.
  double satisfaction = 0.10;
};

struct RankingPolicy {
  RankingWeights weights;
  // Travel of this long or more scores 0 (an hour crosses a big city).
  absl::Duration worst_travel = absl::Minutes(60);
  // This much choice of arrival time in the window scores 1: an hour
  // absorbs most delays of the day before the job.
  absl::Duration comfortable_start_span = absl::Minutes(60);
  // Finishing this long before the deadline scores 1: a half working day
  // before it the deadline is no pressure.
  absl::Duration comfortable_deadline_slack = absl::Hours(4);
  // The satisfaction part of a technician nobody has rated yet: neutral,
  // neither rewarded nor punished for being new.
  double unknown_satisfaction = 0.5;
  // Besides every technician whose area covers the place, this many of the
  // nearest (by home base) whose area does not are reported as excluded: a
  // dispatcher overriding the area rule looks for them first.
  int nearby_uncovered_reported = 3;
  // The business time zone, for the times in reasons (China: UTC+8).
  absl::TimeZone business_zone = absl::FixedTimeZone(8 * 3600);
};

// Why a technician was left out: each rule has a stable code for machines.
enum class ExclusionCode {
  kInactive,
  kCategory,    // does not repair the job's product category
  kBrand,       // not certified for the job's brand
  kSkillLevel,  // below the job's level
  kArea,        // the service area does not cover the place
  kNoDayFacts,  // nothing is known of their day
  kDayFull,     // already has their most jobs that day
  kNoFreeTime,  // no free time fits travel and the visit (in the window)
};

// The code's stable name ("SKILL_LEVEL"), as APIs and logs show it.
std::string_view ExclusionCodeName(ExclusionCode code);

struct ExclusionReason {
  ExclusionCode code;
  std::string text;  // for people: names the rule and the numbers
};

// The rules of who may take a job at all, whatever the day: active, the
// job's category and brand, its level. Adds a reason for each broken.
void CheckSkills(const Technician& t, const Job& job, std::vector<ExclusionReason>& reasons);

struct Exclusion {
  std::string technician_id;
  std::vector<ExclusionReason> reasons;  // every rule broken, not just the first
};

// Each part is in [0, 1], higher better.
struct ScoreParts {
  // The level margin: 1 at exactly the job's level, 0 for a master on a
  // trainee's job. Category and brand are rules, so every candidate
  // matches both; what is left to score is how well the level fits.
  double skill_fit = 0;
  double travel = 0;      // 1: already there; 0: worst_travel or more
  double window_fit = 0;  // choice of arrival time, against comfortable_start_span
  // Time left at the earliest finish, against the comfortable slack; 0 when
  // it would finish late (still a candidate: a late job needs someone too).
  double deadline_slack = 0;
  double load = 0;          // 1: no jobs yet that day; near 0: nearly full
  double satisfaction = 0;  // rating 1..5 onto 0..1; unknown_satisfaction when unrated
};

struct Candidate {
  std::string technician_id;
  std::string display_name;
  ScoreParts parts;
  double total = 0;           // the weighted sum of the parts
  Travel travel;              // from where they are (or their home base) to the job
  absl::Time earliest_start;  // the earliest arrival that fits their free time
};

struct Proposal {
  // Best first: total descending, then travel time ascending, then id.
  std::vector<Candidate> candidates;
  // In id order.
  std::vector<Exclusion> excluded;
  // Candidates that passed every rule, before `limit` cut the list.
  int eligible = 0;
  // Technicians whose area covers the place.
  int covering = 0;
  // How many technicians the index checked exactly (of index.size()).
  int examined = 0;
};

// The technicians ProposeCandidates judges for `job`, for a caller that
// loads day facts for just these: every one whose area covers the place
// (from the index) and the policy's nearest whose area does not.
struct JudgedTechnicians {
  std::vector<const Technician*> covering;          // id order
  std::vector<const Technician*> nearby_uncovered;  // nearest first
  int examined = 0;                                 // technicians the index checked exactly
};
JudgedTechnicians TechniciansToJudge(const Job& job, const TechnicianIndex& index,
                                     const RankingPolicy& policy);

// Ranks the technicians who can take `job`: those whose area covers its
// place and who pass every rule (active, category, brand, level, most jobs
// a day, free time for travel and the visit, arriving in the job's window
// if it has one). Returns at most `limit` candidates (every one when
// `limit` <= 0). Every technician whose area covers the place but failed a
// rule is in `excluded`, and so are the policy's nearest uncovered ones.
// `now`: no arrival is planned before now plus the travel.
Proposal ProposeCandidates(const Job& job, const TechnicianIndex& index, const DayFacts& days,
                           const TravelEstimator& travel, const RankingPolicy& policy,
                           absl::Time now, int limit);

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_CANDIDATE_RANKING_H_
