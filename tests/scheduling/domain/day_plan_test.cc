// The day planner's rules on generated days (issue 10 "Must show"): every
// plan is checked by an independent feasibility checker (day_plan_checker.h)
// against the technicians and jobs as read, not against the solver's own
// numbers; the same seed gives the same plan.
#include "services/scheduling/domain/day_plan.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"
#include "services/scheduling/domain/great_circle_travel.h"
#include "tests/scheduling/domain/day_plan_checker.h"
#include "tests/scheduling/domain/day_plan_instances.h"
#include "tests/scheduling/domain/schedule_test_support.h"

namespace fieldservice::scheduling {
namespace {

using ::testing::HasSubstr;
using testing_samples::At;
using testing_samples::kMonday;

// Short searches: an iteration budget ends them, well inside the limit.
DayPlanPolicy TestPolicy() {
  DayPlanPolicy p;
  p.solver_iterations = 2000;
  p.solver_time_limit = absl::Seconds(20);
  return p;
}

// The plan's shape, for comparing two plans.
std::string Summary(const DayPlan& plan) {
  std::string out;
  for (const TechnicianRoute& r : plan.routes) {
    absl::StrAppend(&out, r.technician_id, ":");
    for (const PlannedJobVisit& v : r.visits) {
      absl::StrAppend(&out, " ", v.order_number, "@",
                      absl::FormatTime("%H:%M:%S", v.start, absl::UTCTimeZone()));
    }
    absl::StrAppend(&out, "\n");
  }
  for (const UnplannedJob& u : plan.unassigned) absl::StrAppend(&out, "- ", u.order_number, "\n");
  return out;
}

int Planned(const DayPlan& plan) {
  int n = 0;
  for (const TechnicianRoute& r : plan.routes) n += static_cast<int>(r.visits.size());
  return n;
}

struct Size {
  int technicians;
  int jobs;
  uint32_t seed;
};

class GeneratedDayTest : public ::testing::TestWithParam<Size> {};

TEST_P(GeneratedDayTest, ThePlanBreaksNoRule) {
  const Size size = GetParam();
  const generated::GeneratedDay day = generated::Day(size.technicians, size.jobs, size.seed);
  const GreatCircleTravelEstimator travel;
  auto plan = SolveDay(day.request, day.inputs, travel, TestPolicy(), day.now);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(testing_samples::CheckDayPlan(*plan, day.request, day.inputs, travel,
                                            TestPolicy().business_zone, day.now),
              ::testing::IsEmpty())
      << Summary(*plan);
  // A real plan, not an empty one that breaks nothing.
  EXPECT_GT(Planned(*plan), size.jobs / 3) << Summary(*plan);
  EXPECT_FALSE(plan->under_way.empty());
  for (const UnplannedJob& u : plan->unassigned) {
    EXPECT_THAT(u.reason, ::testing::Not(::testing::IsEmpty())) << u.order_number;
  }
  // The technician on leave all day has no route; their pinned job is
  // left as it is, saying why.
  for (const TechnicianRoute& r : plan->routes) EXPECT_NE(r.technician_id, "tech-04");
}

INSTANTIATE_TEST_SUITE_P(Days, GeneratedDayTest,
                         ::testing::Values(Size{5, 40, 1}, Size{8, 60, 2}, Size{10, 80, 3}));

// The checker is only worth its silence if it speaks: plans broken on
// purpose are caught.
TEST(DayPlanTest, TheCheckerCatchesBrokenPlans) {
  const generated::GeneratedDay day = generated::Day(6, 40, 4);
  const GreatCircleTravelEstimator travel;
  auto plan = SolveDay(day.request, day.inputs, travel, TestPolicy(), day.now);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_FALSE(plan->routes.empty());
  auto check = [&](const DayPlan& p) {
    return testing_samples::CheckDayPlan(p, day.request, day.inputs, travel,
                                         TestPolicy().business_zone, day.now);
  };
  ASSERT_THAT(check(*plan), ::testing::IsEmpty());

  DayPlan early = *plan;  // before the shift starts
  early.routes[0].visits[0].start -= absl::Hours(4);
  early.routes[0].visits[0].end -= absl::Hours(4);
  EXPECT_THAT(check(early), ::testing::Not(::testing::IsEmpty()));

  DayPlan twice = *plan;  // one job in two places
  twice.unassigned.push_back({.order_number = plan->routes[0].visits[0].order_number,
                              .reason = "x",
                              .requeue = false,
                              .technician_before = ""});
  EXPECT_THAT(check(twice), ::testing::Not(::testing::IsEmpty()));

  DayPlan too_close = *plan;  // no time to travel between the first two
  for (TechnicianRoute& r : too_close.routes) {
    if (r.visits.size() < 2) continue;
    const absl::Duration shift = r.visits[1].start - r.visits[0].end;
    r.visits[1].start -= shift;
    r.visits[1].end -= shift;
    break;
  }
  EXPECT_THAT(check(too_close), ::testing::Not(::testing::IsEmpty()));

  // A van loaded past what it holds.
  DayPlanInputs heavy = day.inputs;
  const TechnicianRoute* small_van = nullptr;
  for (const TechnicianRoute& r : plan->routes) {
    for (const Technician& t : heavy.technicians) {
      if (t.id == r.technician_id && t.van_capacity.has_value()) small_van = &r;
    }
  }
  ASSERT_NE(small_van, nullptr);
  for (DispatchJob& j : heavy.jobs) {
    if (j.job.order_number == small_van->visits[0].order_number) j.job.load = 100;
  }
  EXPECT_THAT(testing_samples::CheckDayPlan(*plan, day.request, heavy, travel,
                                            TestPolicy().business_zone, day.now),
              ::testing::Not(::testing::IsEmpty()));

  DayPlan lost = *plan;  // a job neither planned nor left out
  lost.routes[0].visits.erase(lost.routes[0].visits.begin());
  EXPECT_THAT(check(lost), ::testing::Not(::testing::IsEmpty()));
}

TEST(DayPlanTest, TheSameSeedGivesTheSamePlan) {
  const generated::GeneratedDay day = generated::Day(7, 50, 11);
  const GreatCircleTravelEstimator travel;
  auto first = SolveDay(day.request, day.inputs, travel, TestPolicy(), day.now);
  auto second = SolveDay(day.request, day.inputs, travel, TestPolicy(), day.now);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(Summary(*first), Summary(*second));
  EXPECT_EQ(first->total_km, second->total_km);
}

TEST(DayPlanTest, APinnedJobKeepsItsTechnicianAndSlot) {
  const generated::GeneratedDay day = generated::Day(6, 40, 5);
  ASSERT_FALSE(day.request.pinned_jobs.empty());
  const GreatCircleTravelEstimator travel;
  auto plan = SolveDay(day.request, day.inputs, travel, TestPolicy(), day.now);
  ASSERT_TRUE(plan.ok()) << plan.status();
  int kept = 0;
  for (const TechnicianRoute& r : plan->routes) {
    for (const PlannedJobVisit& v : r.visits) {
      if (!v.pinned) continue;
      ++kept;
      for (const DispatchJob& j : day.inputs.jobs) {
        if (j.job.order_number != v.order_number) continue;
        EXPECT_EQ(r.technician_id, j.technician_id);
        if (!j.appointment.has_value()) {
          EXPECT_EQ(v.start, j.visit->start);
        }
      }
    }
  }
  EXPECT_GT(kept, 0) << Summary(*plan);
  for (const UnplannedJob& u : plan->unassigned) {
    if (absl::StrContains(u.reason, "pinned")) {
      EXPECT_FALSE(u.requeue) << u.order_number;
    }
  }
}

TEST(DayPlanTest, AVanHoldsNoMoreThanItsCapacity) {
  // Three jobs of one load each, a van that holds two: the day takes two.
  generated::GeneratedDay day = generated::Day(5, 40, 1);
  day.request.pinned_jobs.clear();
  Technician t = day.inputs.technicians[3];  // the whole city, 08:00-17:00
  t.van_capacity = 2;
  t.max_jobs_per_day = 8;
  std::vector<DispatchJob> jobs;
  for (int i = 0; i < 3; ++i) {
    DispatchJob j = day.inputs.jobs[0];
    j.job.order_number = absl::StrCat("V", i);
    j.job.category = t.skills.categories[0];
    j.job.brand = t.skills.brands[0];
    j.job.min_level = 1;
    j.job.region_code = "440106";
    j.job.window.reset();
    j.step = JobStep::kQueued;
    j.job.load = 1;
    jobs.push_back(j);
  }
  const DayPlanInputs inputs{.technicians = {t}, .jobs = jobs};
  const GreatCircleTravelEstimator travel;
  auto plan = SolveDay(day.request, inputs, travel, TestPolicy(), day.now);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(Planned(*plan), 2) << Summary(*plan);
  ASSERT_EQ(plan->unassigned.size(), 1u);
  EXPECT_THAT(plan->unassigned[0].reason, HasSubstr("van load"));
  EXPECT_THAT(testing_samples::CheckDayPlan(*plan, day.request, inputs, travel,
                                            TestPolicy().business_zone, day.now),
              ::testing::IsEmpty());
}

TEST(DayPlanTest, BadPinsAndPastDatesAreNamed) {
  generated::GeneratedDay day = generated::Day(5, 40, 1);
  const GreatCircleTravelEstimator travel;
  DayPlanRequest request = day.request;
  request.pinned_jobs = {"J000"};  // queued: nothing to pin
  auto plan = BuildDayProblem(request, day.inputs, travel, TestPolicy().business_zone, day.now);
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      common::FieldViolationsOf(plan.status()),
      ::testing::ElementsAre(::testing::Field(&common::FieldViolation::field, "pinned_jobs[0]")));
  request.pinned_jobs.clear();
  plan =
      BuildDayProblem(request, day.inputs, travel, TestPolicy().business_zone, At(kMonday + 1, 9));
  EXPECT_THAT(plan.status().message(), HasSubstr("date"));
}

TEST(DayPlanTest, TheDayConsidersTheRegionsQueueAndItsTechniciansDay) {
  const generated::GeneratedDay day = generated::Day(5, 40, 1);
  for (const DispatchJob& j : day.inputs.jobs) {
    EXPECT_NE(j.job.region_code, "440304") << "another city's job";
    if (j.job.window.has_value()) {
      EXPECT_LT(j.job.window->start, At(kMonday + 1, 0));
    }
  }
  Technician t;
  t.area.region_codes = {"440000"};  // the whole province holds the city
  EXPECT_TRUE(WorksInRegion(t, "440100"));
  t.area.region_codes = {"440106"};  // a district of it
  EXPECT_TRUE(WorksInRegion(t, "440100"));
  t.area.region_codes = {"440304"};
  EXPECT_FALSE(WorksInRegion(t, "440100"));
}

TEST(DayPlanTest, TheFingerprintFollowsEveryVersionAndStep) {
  const generated::GeneratedDay day = generated::Day(5, 40, 1);
  const uint64_t base = DayPlanFingerprint("440100", kMonday, day.inputs);
  EXPECT_EQ(base, DayPlanFingerprint("440100", kMonday, day.inputs));
  DayPlanInputs changed = day.inputs;
  changed.technicians[2].version++;
  EXPECT_NE(base, DayPlanFingerprint("440100", kMonday, changed));
  changed = day.inputs;
  changed.jobs[3].version++;
  EXPECT_NE(base, DayPlanFingerprint("440100", kMonday, changed));
  changed = day.inputs;
  changed.jobs.pop_back();
  EXPECT_NE(base, DayPlanFingerprint("440100", kMonday, changed));
  EXPECT_NE(base, DayPlanFingerprint("440100", kMonday + 1, day.inputs));
}

TEST(DayPlanTest, CommittingAssignsMovesAndRequeues) {
  const generated::GeneratedDay day = generated::Day(8, 60, 2);
  const GreatCircleTravelEstimator travel;
  auto plan = SolveDay(day.request, day.inputs, travel, TestPolicy(), day.now);
  ASSERT_TRUE(plan.ok()) << plan.status();
  plan->id = "p1";
  const absl::Time now = day.now + absl::Minutes(1);
  auto changed = PlanChanges(*plan, day.inputs, now);
  ASSERT_TRUE(changed.ok()) << changed.status();
  std::map<std::string, DispatchJob> after;
  for (const DispatchJob& j : *changed) after[j.job.order_number] = j;
  for (const TechnicianRoute& r : plan->routes) {
    for (const PlannedJobVisit& v : r.visits) {
      auto it = after.find(v.order_number);
      if (it == after.end()) continue;  // already so
      EXPECT_EQ(it->second.technician_id, r.technician_id);
      EXPECT_EQ(it->second.visit, (Interval{v.start, v.end}));
      EXPECT_TRUE(IsMovable(it->second.step)) << v.order_number;
    }
  }
  for (const UnplannedJob& u : plan->unassigned) {
    if (!u.requeue) {
      EXPECT_FALSE(after.contains(u.order_number));
      continue;
    }
    ASSERT_TRUE(after.contains(u.order_number));
    EXPECT_TRUE(after[u.order_number].queued());
    EXPECT_THAT(after[u.order_number].step_reason, HasSubstr("dayPlans/p1"));
  }
}

}  // namespace
}  // namespace fieldservice::scheduling
