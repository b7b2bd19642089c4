// ProposeCandidates (issue 9 "Dispatch"): every filter with its reason,
// every score part, the order and its tie-breaks.
#include "services/scheduling/domain/candidate_ranking.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>

#include "services/scheduling/domain/great_circle_travel.h"
#include "tests/scheduling/domain/generated_technicians.h"
#include "tests/scheduling/domain/sample_technicians.h"

namespace fieldservice::scheduling {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);
const GeoPoint kTianhe{23.1291, 113.2644};

// Wednesday 2 December 2026, business time.
absl::Time At(int hour, int minute = 0) {
  return absl::FromCivil(absl::CivilMinute(2026, 12, 2, hour, minute), kChina);
}

// A level-3 refrigerator job of brand 美的 in Tianhe, 10:00-12:00, due 18:00.
Job TianheJob() {
  Job job;
  job.order_number = "RO00000001";
  job.location = kTianhe;
  job.region_code = "440106";
  job.category = "refrigerator";
  job.brand = "美的";
  job.min_level = 3;
  job.window = Interval{At(10), At(12)};
  job.deadline = At(18);
  job.service_time = absl::Minutes(60);
  return job;
}

// The sample technician (level 3, covers 440106, home in Tianhe) as `id`.
Technician Tech(const std::string& id) {
  Technician t = testing_samples::GuangzhouFridgeTechnician();
  t.id = id;
  return t;
}

// Free for the morning and afternoon shifts, two of six jobs booked, at home.
TechnicianDayFacts OrdinaryDay() {
  TechnicianDayFacts day;
  day.booked_jobs = 2;
  day.free = {{At(9), At(12)}, {At(13, 30), At(18)}};
  return day;
}

class CandidateRankingTest : public ::testing::Test {
 protected:
  void Add(Technician t, std::optional<TechnicianDayFacts> day = OrdinaryDay()) {
    if (day.has_value()) days_[t.id] = *day;
    technicians_.push_back(std::move(t));
  }

  Proposal Propose(const Job& job, int limit = 0) {
    const TechnicianIndex index(technicians_);
    return ProposeCandidates(job, index, days_, estimator_, policy_, now_, limit);
  }

  // The only exclusion's reasons.
  std::vector<ExclusionReason> ReasonsOf(const Proposal& p, const std::string& id) {
    for (const Exclusion& e : p.excluded) {
      if (e.technician_id == id) return e.reasons;
    }
    ADD_FAILURE() << id << " is not excluded";
    return {};
  }

  std::vector<Technician> technicians_;
  DayFacts days_;
  GreatCircleTravelEstimator estimator_;
  RankingPolicy policy_;
  absl::Time now_ = At(8);
};

std::vector<std::string> CandidateIds(const Proposal& p) {
  std::vector<std::string> ids;
  for (const Candidate& c : p.candidates) ids.push_back(c.technician_id);
  return ids;
}

MATCHER_P2(IsReason, code, text, "") { return arg.code == code && arg.text == text; }

TEST_F(CandidateRankingTest, AFittingTechnicianIsProposedWithEachPart) {
  Add(Tech("zhang.wei"));
  const Proposal p = Propose(TianheJob());
  ASSERT_THAT(p.candidates, SizeIs(1));
  EXPECT_THAT(p.excluded, IsEmpty());
  const Candidate& c = p.candidates[0];
  EXPECT_EQ(c.technician_id, "zhang.wei");
  EXPECT_EQ(c.parts.skill_fit, 1);       // level 3 for a level-3 job
  EXPECT_EQ(c.parts.travel, 1);          // already there
  EXPECT_EQ(c.parts.window_fit, 1);      // may arrive any time 10:00-11:00
  EXPECT_EQ(c.parts.deadline_slack, 1);  // done by 11:00, due 18:00
  EXPECT_DOUBLE_EQ(c.parts.load, 1 - 2.0 / 6);
  EXPECT_EQ(c.parts.satisfaction, 0.5);  // not rated yet
  EXPECT_NEAR(c.total, 0.15 + 0.30 + 0.15 + 0.15 + 0.15 * (4.0 / 6) + 0.10 * 0.5, 1e-12);
  EXPECT_EQ(c.travel.distance_km, 0);
  EXPECT_EQ(c.earliest_start, At(10));
  EXPECT_EQ(p.eligible, 1);
  EXPECT_EQ(p.covering, 1);
  EXPECT_EQ(p.examined, 1);
}

// --- Filters ---------------------------------------------------------------

TEST_F(CandidateRankingTest, InactiveIsExcluded) {
  Technician t = Tech("away");
  t.active = false;
  Add(t);
  const Proposal p = Propose(TianheJob());
  EXPECT_THAT(p.candidates, IsEmpty());
  EXPECT_THAT(ReasonsOf(p, "away"), ElementsAre(IsReason(ExclusionCode::kInactive, "inactive")));
}

TEST_F(CandidateRankingTest, ACategoryNotRepairedIsExcluded) {
  Technician t = Tech("washers.only");
  t.skills.categories = {"washing_machine"};
  Add(t);
  EXPECT_THAT(ReasonsOf(Propose(TianheJob()), "washers.only"),
              ElementsAre(IsReason(ExclusionCode::kCategory, "does not repair refrigerator")));
}

TEST_F(CandidateRankingTest, ABrandNotCertifiedIsExcluded) {
  Technician t = Tech("haier.only");
  t.skills.brands = {"海尔"};
  Add(t);
  EXPECT_THAT(ReasonsOf(Propose(TianheJob()), "haier.only"),
              ElementsAre(IsReason(ExclusionCode::kBrand, "not certified for brand 美的")));
}

TEST_F(CandidateRankingTest, AnUnknownBrandNeedsNoCertification) {
  Technician t = Tech("haier.only");
  t.skills.brands = {"海尔"};
  Add(t);
  Job job = TianheJob();
  job.brand.clear();
  EXPECT_THAT(CandidateIds(Propose(job)), ElementsAre("haier.only"));
}

TEST_F(CandidateRankingTest, ALowerSkillLevelIsExcluded) {
  Technician t = Tech("junior");
  t.skills.level = 2;
  Add(t);
  EXPECT_THAT(ReasonsOf(Propose(TianheJob()), "junior"),
              ElementsAre(IsReason(ExclusionCode::kSkillLevel, "skill level 2 below the job's 3")));
}

TEST_F(CandidateRankingTest, AFullDayIsExcluded) {
  TechnicianDayFacts day = OrdinaryDay();
  day.booked_jobs = 6;
  Add(Tech("busy"), day);
  EXPECT_THAT(ReasonsOf(Propose(TianheJob()), "busy"),
              ElementsAre(IsReason(ExclusionCode::kDayFull, "already has 6 of 6 jobs that day")));
}

TEST_F(CandidateRankingTest, NoFreeTimeInTheWindowIsExcluded) {
  TechnicianDayFacts day = OrdinaryDay();
  day.free = {{At(13, 30), At(18)}};
  day.position = GeoPoint{23.1292, 113.2644};  // a few metres: the 5-minute minimum trip
  Add(Tech("afternoons"), day);
  EXPECT_THAT(ReasonsOf(Propose(TianheJob()), "afternoons"),
              ElementsAre(IsReason(ExclusionCode::kNoFreeTime,
                                   "no free time in the window 2026-12-02 10:00-12:00 (business "
                                   "time) for 5 min travel and the 60 min visit")));
}

TEST_F(CandidateRankingTest, TravelMustFitInTheFreeTimeBeforeTheVisit) {
  // Free 09:00-10:30, 30 minutes away: arrives 09:30, but the window opens
  // at 10:00 and the visit would end at 11:00, after the free time.
  TechnicianDayFacts day = OrdinaryDay();
  day.free = {{At(9), At(10, 30)}};
  day.position = GeoPoint{23.1291 + 0.1, 113.2644};  // 11.1 km, 14.5 km by road: 29 minutes
  Add(Tech("far"), day);
  const Proposal p = Propose(TianheJob());
  ASSERT_THAT(p.excluded, SizeIs(1));
  EXPECT_EQ(p.excluded[0].reasons[0].code, ExclusionCode::kNoFreeTime);
}

TEST_F(CandidateRankingTest, AWindowAlreadyPassedHasNoFreeTime) {
  Add(Tech("zhang.wei"));
  now_ = At(11, 30);  // the latest arrival for a 60-minute visit before 12:00 was 11:00
  EXPECT_EQ(ReasonsOf(Propose(TianheJob()), "zhang.wei")[0].code, ExclusionCode::kNoFreeTime);
}

TEST_F(CandidateRankingTest, AJobWithoutAWindowTakesTheFirstFreeTime) {
  TechnicianDayFacts day = OrdinaryDay();
  day.free = {{At(13, 30), At(18)}};
  Add(Tech("afternoons"), day);
  TechnicianDayFacts none = OrdinaryDay();
  none.free = {{At(9), At(9, 30)}};
  Add(Tech("short"), none);
  Job job = TianheJob();
  job.window.reset();
  const Proposal p = Propose(job);
  ASSERT_THAT(CandidateIds(p), ElementsAre("afternoons"));
  EXPECT_EQ(p.candidates[0].earliest_start, At(13, 30));
  EXPECT_THAT(ReasonsOf(p, "short"),
              ElementsAre(IsReason(ExclusionCode::kNoFreeTime,
                                   "no free time for 0 min travel and the 60 min visit")));
}

TEST_F(CandidateRankingTest, NoDayFactsIsExcluded) {
  Add(Tech("unknown"), std::nullopt);
  EXPECT_THAT(ReasonsOf(Propose(TianheJob()), "unknown"),
              ElementsAre(IsReason(ExclusionCode::kNoDayFacts, "nothing known of their day")));
}

TEST_F(CandidateRankingTest, EveryBrokenRuleIsReported) {
  Technician t = Tech("many");
  t.active = false;
  t.skills.brands = {"海尔"};
  t.skills.level = 1;
  TechnicianDayFacts day = OrdinaryDay();
  day.booked_jobs = 7;
  Add(t, day);
  std::vector<ExclusionCode> codes;
  for (const ExclusionReason& r : ReasonsOf(Propose(TianheJob()), "many")) codes.push_back(r.code);
  EXPECT_THAT(codes, ElementsAre(ExclusionCode::kInactive, ExclusionCode::kBrand,
                                 ExclusionCode::kSkillLevel, ExclusionCode::kDayFull));
}

TEST_F(CandidateRankingTest, NearestUncoveredAreReportedWithTheAreaReason) {
  Add(Tech("covers"));
  Technician yuexiu = Tech("yuexiu.only");
  yuexiu.area.region_codes = {"440104"};
  Add(yuexiu);
  Technician far = Tech("far.away");
  far.area.region_codes = {"440104"};
  far.home_base = {22.5431, 114.0579};
  Add(far);
  policy_.nearby_uncovered_reported = 1;
  const Proposal p = Propose(TianheJob());
  EXPECT_THAT(CandidateIds(p), ElementsAre("covers"));
  ASSERT_THAT(p.excluded, SizeIs(1));
  EXPECT_THAT(ReasonsOf(p, "yuexiu.only"),
              ElementsAre(IsReason(ExclusionCode::kArea,
                                   "area does not cover 440106 (23.12910, 113.26440)")));

  policy_.nearby_uncovered_reported = 0;
  EXPECT_THAT(Propose(TianheJob()).excluded, IsEmpty());
}

TEST_F(CandidateRankingTest, EveryExclusionCodeHasADistinctName) {
  std::set<std::string_view> names;
  for (ExclusionCode code :
       {ExclusionCode::kInactive, ExclusionCode::kCategory, ExclusionCode::kBrand,
        ExclusionCode::kSkillLevel, ExclusionCode::kArea, ExclusionCode::kNoDayFacts,
        ExclusionCode::kDayFull, ExclusionCode::kNoFreeTime}) {
    EXPECT_NE(ExclusionCodeName(code), "?");
    names.insert(ExclusionCodeName(code));
  }
  EXPECT_THAT(names, SizeIs(8));
  EXPECT_EQ(ExclusionCodeName(ExclusionCode::kSkillLevel), "SKILL_LEVEL");
}

// --- Score parts -------------------------------------------------------------

TEST_F(CandidateRankingTest, SkillFitIsTheLevelMargin) {
  Technician master = Tech("master");
  master.skills.level = 5;
  Add(master);
  Job job = TianheJob();
  EXPECT_DOUBLE_EQ(Propose(job).candidates[0].parts.skill_fit, 0.5);  // 2 levels above 3
  job.min_level = 1;
  EXPECT_DOUBLE_EQ(Propose(job).candidates[0].parts.skill_fit, 0);  // a master on a trainee's job
}

TEST_F(CandidateRankingTest, TravelIsFromThePositionOrHome) {
  TechnicianDayFacts away = OrdinaryDay();
  away.position = GeoPoint{23.1291 + 0.05, 113.2644};
  Add(Tech("away"), away);
  Technician other_home = Tech("home");
  other_home.home_base = {23.1291 - 0.05, 113.2644};
  Add(other_home);
  const Proposal p = Propose(TianheJob());
  const Travel expected = estimator_.Estimate(*away.position, kTianhe);
  ASSERT_THAT(p.candidates, SizeIs(2));
  for (const Candidate& c : p.candidates) {
    SCOPED_TRACE(c.technician_id);
    EXPECT_NEAR(c.travel.distance_km, expected.distance_km, 1e-9);
    EXPECT_NEAR(c.parts.travel, 1 - absl::FDivDuration(expected.time, absl::Minutes(60)), 1e-9);
  }
}

TEST_F(CandidateRankingTest, TravelOfTheWorstOrMoreScoresZero) {
  TechnicianDayFacts away = OrdinaryDay();
  away.position = GeoPoint{23.1291 + 0.3, 113.2644};  // 33 km, 43 by road: 87 minutes
  away.free = {{At(8), At(12)}};
  Add(Tech("far"), away);
  const Proposal p = Propose(TianheJob());
  ASSERT_THAT(p.candidates, SizeIs(1));
  EXPECT_EQ(p.candidates[0].parts.travel, 0);
}

TEST_F(CandidateRankingTest, WindowFitIsTheChoiceOfArrivalTime) {
  TechnicianDayFacts tight = OrdinaryDay();
  tight.free = {{At(9), At(11, 15)}};  // may arrive 10:00-10:15
  Add(Tech("tight"), tight);
  const Proposal p = Propose(TianheJob());
  ASSERT_THAT(p.candidates, SizeIs(1));
  EXPECT_DOUBLE_EQ(p.candidates[0].parts.window_fit, 0.25);
}

TEST_F(CandidateRankingTest, EarliestStartWaitsForNowAndTheTrip) {
  TechnicianDayFacts day = OrdinaryDay();
  day.position = GeoPoint{23.1292, 113.2644};  // the 5-minute minimum trip
  Add(Tech("zhang.wei"), day);
  now_ = At(10, 20);
  const Proposal p = Propose(TianheJob());
  ASSERT_THAT(p.candidates, SizeIs(1));
  EXPECT_EQ(p.candidates[0].earliest_start, At(10, 25));
  EXPECT_DOUBLE_EQ(p.candidates[0].parts.window_fit, 35.0 / 60);  // 10:25-11:00
}

TEST_F(CandidateRankingTest, DeadlineSlackIsTimeLeftAfterTheEarliestFinish) {
  Add(Tech("zhang.wei"));
  Job job = TianheJob();
  job.deadline = At(13);  // finishes 11:00: 2 of the comfortable 4 hours
  EXPECT_DOUBLE_EQ(Propose(job).candidates[0].parts.deadline_slack, 0.5);
  job.deadline = At(10, 30);  // already late: still a candidate, scoring 0
  EXPECT_EQ(Propose(job).candidates[0].parts.deadline_slack, 0);
  job.deadline = absl::InfiniteFuture();
  EXPECT_EQ(Propose(job).candidates[0].parts.deadline_slack, 1);
}

TEST_F(CandidateRankingTest, LoadIsTheShareOfTheDayStillOpen) {
  TechnicianDayFacts idle = OrdinaryDay();
  idle.booked_jobs = 0;
  Add(Tech("idle"), idle);
  TechnicianDayFacts half = OrdinaryDay();
  half.booked_jobs = 3;
  Add(Tech("half"), half);
  const Proposal p = Propose(TianheJob());
  ASSERT_THAT(CandidateIds(p), ElementsAre("idle", "half"));
  EXPECT_EQ(p.candidates[0].parts.load, 1);
  EXPECT_EQ(p.candidates[1].parts.load, 0.5);
}

TEST_F(CandidateRankingTest, SatisfactionMapsOneToFiveAndUnratedIsNeutral) {
  for (auto [rating, expected] : {std::pair{5.0, 1.0}, {1.0, 0.0}, {3.0, 0.5}, {4.2, 0.8}}) {
    Technician t = Tech(absl::StrCat("rated.", rating));
    t.satisfaction = rating;
    Add(t);
  }
  Add(Tech("unrated"));
  policy_.unknown_satisfaction = 0.3;
  const Proposal p = Propose(TianheJob());
  std::map<std::string, double> by_id;
  for (const Candidate& c : p.candidates) by_id[c.technician_id] = c.parts.satisfaction;
  EXPECT_DOUBLE_EQ(by_id["rated.5"], 1);
  EXPECT_DOUBLE_EQ(by_id["rated.1"], 0);
  EXPECT_DOUBLE_EQ(by_id["rated.3"], 0.5);
  EXPECT_DOUBLE_EQ(by_id["rated.4.2"], 0.8);
  EXPECT_DOUBLE_EQ(by_id["unrated"], 0.3);
}

TEST_F(CandidateRankingTest, TheTotalIsTheWeightedSum) {
  Technician t = Tech("zhang.wei");
  t.satisfaction = 5;
  Add(t);
  policy_.weights = {.travel = 0,
                     .skill_fit = 0,
                     .window_fit = 0,
                     .deadline_slack = 0,
                     .load = 2,
                     .satisfaction = 3};
  const Candidate c = Propose(TianheJob()).candidates[0];
  EXPECT_DOUBLE_EQ(c.total, 2 * (4.0 / 6) + 3 * 1);
}

TEST_F(CandidateRankingTest, ARatingThatIsNotANumberCountsAsNone) {
  Technician t = Tech("nan");
  t.satisfaction = std::nan("");
  Add(t);
  EXPECT_EQ(Propose(TianheJob()).candidates[0].parts.satisfaction, 0.5);
}

// --- Over many technicians ---------------------------------------------------

TEST(CandidateRankingWorldTest, EveryJudgedTechnicianIsRankedOrExcludedOnce) {
  const absl::CivilDay day(2026, 12, 2);
  const TechnicianIndex index(generated::Technicians(3000, /*seed=*/11));
  const DayFacts days = generated::Days(index.technicians(), day, kChina, /*seed=*/12);
  const GreatCircleTravelEstimator travel;
  const RankingPolicy policy;
  std::mt19937 random(13);
  for (int i = 0; i < 50; ++i) {
    const Job job = generated::RandomJob(random, day, kChina);
    const JudgedTechnicians judged = TechniciansToJudge(job, index, policy);
    std::vector<std::string> expected;
    for (const Technician* t : judged.covering) expected.push_back(t->id);
    for (const Technician* t : judged.nearby_uncovered) expected.push_back(t->id);
    std::sort(expected.begin(), expected.end());

    const Proposal p = ProposeCandidates(job, index, days, travel, policy, At(8), /*limit=*/0);
    std::vector<std::string> seen = CandidateIds(p);
    for (const Exclusion& e : p.excluded) {
      EXPECT_THAT(e.reasons, Not(IsEmpty()));
      seen.push_back(e.technician_id);
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(seen, expected);
    EXPECT_THAT(judged.nearby_uncovered, SizeIs(policy.nearby_uncovered_reported));
    EXPECT_TRUE(
        std::is_sorted(p.candidates.begin(), p.candidates.end(),
                       [](const Candidate& a, const Candidate& b) { return a.total > b.total; }));
    for (const Candidate& c : p.candidates) {
      EXPECT_GE(c.earliest_start, job.window->start);
      EXPECT_LE(c.earliest_start, job.window->end);
    }
  }
}

// --- Order -------------------------------------------------------------------

TEST_F(CandidateRankingTest, HigherTotalsComeFirst) {
  TechnicianDayFacts busy = OrdinaryDay();
  busy.booked_jobs = 5;
  Add(Tech("a.busy"), busy);
  Add(Tech("b.free"));
  EXPECT_THAT(CandidateIds(Propose(TianheJob())), ElementsAre("b.free", "a.busy"));
}

TEST_F(CandidateRankingTest, EqualTotalsBreakByTravelThenId) {
  policy_.weights.travel = 0;  // travel then differs without changing the total
  TechnicianDayFacts near = OrdinaryDay();
  near.position = GeoPoint{23.1291 + 0.01, 113.2644};
  TechnicianDayFacts far = OrdinaryDay();
  far.position = GeoPoint{23.1291 + 0.02, 113.2644};
  Add(Tech("a.far"), far);
  Add(Tech("b.near"), near);
  Add(Tech("d.here"));
  Add(Tech("c.here"));
  const Proposal p = Propose(TianheJob());
  ASSERT_THAT(p.candidates, SizeIs(4));
  EXPECT_EQ(p.candidates[0].total, p.candidates[3].total);
  EXPECT_THAT(CandidateIds(p), ElementsAre("c.here", "d.here", "b.near", "a.far"));
}

TEST_F(CandidateRankingTest, TheOrderIsTheSameWhateverTheInputOrder) {
  for (int i = 0; i < 12; ++i) {
    TechnicianDayFacts day = OrdinaryDay();
    day.booked_jobs = i % 3;
    if (i % 2) day.position = GeoPoint{23.1291 + 0.01 * (i % 4), 113.2644};
    Add(Tech(absl::StrCat("tech.", i)), day);
  }
  const std::vector<std::string> first = CandidateIds(Propose(TianheJob()));
  ASSERT_THAT(first, SizeIs(12));
  std::mt19937 random(1);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(technicians_.begin(), technicians_.end(), random);
    EXPECT_EQ(CandidateIds(Propose(TianheJob())), first);
  }
}

TEST_F(CandidateRankingTest, TheLimitCutsTheRankedList) {
  for (const char* id : {"a", "b", "c"}) Add(Tech(id));
  const Proposal p = Propose(TianheJob(), /*limit=*/2);
  EXPECT_THAT(CandidateIds(p), ElementsAre("a", "b"));
  EXPECT_EQ(p.eligible, 3);
  EXPECT_THAT(Propose(TianheJob(), /*limit=*/0).candidates, SizeIs(3));
}

}  // namespace
}  // namespace fieldservice::scheduling
