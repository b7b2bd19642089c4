// The monthly reports on a hand-computed fixture: eight visits around June
// 2026 (China time), each figure worked out by hand in the comments next to
// its expectation.
#include "services/callback/domain/reports.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/callback/domain/reports_csv.h"
#include "services/callback/domain/reports_sample.h"

namespace fieldservice::callback {
namespace {

using ::testing::ElementsAre;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

absl::Time At(int month, int day, int hour, int minute = 0, int second = 0) {
  return absl::FromCivil(absl::CivilSecond(2026, month, day, hour, minute, second), kChina);
}

ReportMonth June() {
  auto month = ParseReportMonth("2026-06", kChina);
  EXPECT_TRUE(month.ok()) << month.status();
  return *month;
}

struct Product {
  const char* category;
  const char* brand;
  const char* model;
};
const Product kFridge{"FRIDGE", "B1", "M1"};
const Product kWasher{"WASHER", "B1", "M2"};
const Product kOven{"OVEN", "B2", "M3"};

ReportVisit Visit(const char* order, int64_t number, absl::Time completed, Product product,
                  const char* serial, const char* symptom, const char* region,
                  const char* technician, const char* outlet) {
  ReportVisit r;
  VisitCompleted& v = r.visit;
  v.order_number = order;
  v.visit_number = number;
  v.completed_at = completed;
  v.category = product.category;
  v.brand = product.brand;
  v.product_model = product.model;
  v.serial = serial;
  v.symptom_code = symptom;
  v.region_code = region;
  v.technician_id = technician;
  v.outlet_id = outlet;
  return r;
}

void Complaint(ReportVisit& r, ComplaintKind kind) {
  r.visit.complaint = true;
  r.visit.complaint_kind = kind;
}

void Surveyed(ReportVisit& r, absl::Time at, const char* agent, CallbackOutcome outcome,
              const char* rating, std::vector<FindingKind> findings) {
  r.state = TaskState::kCompleted;
  r.finished_at = at;
  r.agent_id = agent;
  r.outcome = outcome;
  r.answers[std::string(kTechnicianRatingQuestion)] = rating;
  r.answers["work_id_shown"] = "yes";
  r.findings = std::move(findings);
}

void Attempt(ReportVisit& r, absl::Time at, const char* agent, AttemptOutcome outcome) {
  r.attempts.push_back({agent, at, outcome, std::nullopt});
}

// V1..V5 completed in June; V6 on 1 July 00:00 (out); V7 and V8 in May
// (the repeat window's look-back, and callbacks made in June).
std::vector<ReportVisit> Fixture() {
  std::vector<ReportVisit> out;
  // V1: RO-1 visit 1, a general complaint; arrived on time; surveyed 5 June
  // NOT_SOLVED with rating 2, two conduct findings; one unanswered call.
  ReportVisit v1 = Visit("RO-1", 1, At(6, 3, 10), kFridge, "S1", "F01", "R1", "T1", "O1");
  Complaint(v1, ComplaintKind::kGeneral);
  v1.visit.received_at = At(6, 1, 9);
  v1.visit.assigned_at = At(6, 1, 10);
  v1.visit.arrived_at = At(6, 3, 9, 30);
  v1.visit.promised_by = At(6, 3, 12);
  Attempt(v1, At(6, 4, 10), "A1", AttemptOutcome::kNoAnswer);
  Surveyed(v1, At(6, 5, 11), "A1", CallbackOutcome::kNotSolved, "2",
           {FindingKind::kNotSolved, FindingKind::kDissatisfied, FindingKind::kNoWorkId});
  out.push_back(v1);
  // V2: RO-1 visit 2 (the reopen), same unit S1; arrived late; callback
  // pending.
  ReportVisit v2 = Visit("RO-1", 2, At(6, 10, 15), kFridge, "S1", "F01", "R1", "T2", "O1");
  Complaint(v2, ComplaintKind::kGeneral);
  v2.visit.received_at = At(6, 1, 9);
  v2.visit.assigned_at = At(6, 6, 8);
  v2.visit.arrived_at = At(6, 10, 14);
  v2.visit.promised_by = At(6, 10, 13);
  out.push_back(v2);
  // V3: RO-2, a crisis; arrived exactly at the window's end; gave up after
  // three calls.
  ReportVisit v3 = Visit("RO-2", 1, At(6, 15, 12), kWasher, "S2", "F02", "R2", "T1", "O2");
  Complaint(v3, ComplaintKind::kCrisis);
  v3.visit.received_at = At(6, 14, 8);
  v3.visit.assigned_at = At(6, 14, 8, 30);
  v3.visit.arrived_at = At(6, 15, 10);
  v3.visit.promised_by = At(6, 15, 10);
  for (int day : {16, 17, 18}) Attempt(v3, At(6, day, 10), "A2", AttemptOutcome::kBusy);
  v3.state = TaskState::kGaveUp;
  v3.finished_at = At(6, 18, 10);
  out.push_back(v3);
  // V4: RO-3, taken 31 May 20:00; no arrival times (carry-in); surveyed
  // on 1 July (not a June callback).
  ReportVisit v4 = Visit("RO-3", 1, At(6, 20, 9), kFridge, "S3", "F01", "R1", "T2", "");
  v4.visit.received_at = At(5, 31, 20);
  v4.visit.assigned_at = At(6, 1, 8);
  Surveyed(v4, At(7, 1, 10), "A1", CallbackOutcome::kSatisfied, "5", {});
  out.push_back(v4);
  // V5: RO-4, completed at the month's last second, on unit S1 again.
  ReportVisit v5 = Visit("RO-4", 1, At(6, 30, 23, 59, 59), kFridge, "S1", "F03", "R1", "T1", "O1");
  v5.visit.received_at = At(6, 30, 8);
  v5.visit.arrived_at = At(6, 30, 20);
  v5.visit.promised_by = At(6, 30, 22);
  out.push_back(v5);
  // V6: RO-5, taken in June, completed at 1 July 00:00 (July's).
  ReportVisit v6 = Visit("RO-5", 1, At(7, 1, 0), kOven, "S9", "F09", "R3", "T3", "O3");
  Complaint(v6, ComplaintKind::kGeneral);
  v6.visit.received_at = At(6, 30, 10);
  out.push_back(v6);
  // V7: RO-6, May, unit S3 (31 days before V4: no repeat); surveyed in
  // June with rating 4 and one conduct finding; its call in May.
  ReportVisit v7 = Visit("RO-6", 1, At(5, 20, 10), kOven, "S3", "F01", "R3", "T3", "O3");
  v7.visit.received_at = At(5, 15, 10);
  Attempt(v7, At(5, 25, 10), "A2", AttemptOutcome::kBusy);
  Surveyed(v7, At(6, 2, 10), "A2", CallbackOutcome::kSatisfied, "4", {FindingKind::kLate});
  out.push_back(v7);
  // V8: RO-7, a batch accident completed 31 May 23:00 on unit S2 (14.5
  // days before V3: a repeat); surveyed at 1 June 00:00 exactly.
  ReportVisit v8 = Visit("RO-7", 1, At(5, 31, 23), kWasher, "S2", "F02", "R2", "T1", "O1");
  Complaint(v8, ComplaintKind::kBatchAccident);
  v8.visit.received_at = At(5, 30, 10);
  Surveyed(v8, At(6, 1, 0), "A1", CallbackOutcome::kSatisfied, "3", {});
  out.push_back(v8);
  return out;
}

TEST(ReportMonthTest, IsTheBusinessMonth) {
  auto june = ParseReportMonth("2026-06", kChina);
  ASSERT_TRUE(june.ok());
  EXPECT_EQ(june->from, At(6, 1, 0));
  EXPECT_EQ(june->to, At(7, 1, 0));
  EXPECT_EQ(june->Name(), "2026-06");
  EXPECT_TRUE(june->Contains(At(6, 30, 23, 59, 59)));
  EXPECT_FALSE(june->Contains(At(7, 1, 0)));
  auto december = ParseReportMonth("2026-12", kChina);
  ASSERT_TRUE(december.ok());
  EXPECT_EQ(december->to, absl::FromCivil(absl::CivilSecond(2027, 1, 1, 0, 0, 0), kChina));
  for (const char* bad : {"", "2026-6", "2026-13", "2026-00", "26-06", "2026/06", "2026-06-01",
                          "+026-06", "1999-12"}) {
    auto month = ParseReportMonth(bad, kChina);
    EXPECT_EQ(month.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(month.status().message(), ::testing::HasSubstr("month")) << bad;
  }
}

TEST(DecimalTest, RoundsHalfAwayFromZero) {
  EXPECT_EQ(Decimal(2, 3), "0.67");
  EXPECT_EQ(Decimal(1, 8), "0.13");  // 0.125
  EXPECT_EQ(Decimal(-1, 8), "-0.13");
  EXPECT_EQ(Decimal(1, 1000), "0.00");
  EXPECT_EQ(Decimal(-1, 1000), "0.00");
  EXPECT_EQ(Decimal(9, 3), "3.00");
  EXPECT_EQ(Decimal(57599, 60), "959.98");  // 959.9833
  EXPECT_EQ(Decimal(5, 0), "");
  EXPECT_EQ(Percent(3, 4), "75.00");
  EXPECT_EQ(Percent(1, 3), "33.33");
  EXPECT_EQ(Percent(2, 3), "66.67");
}

TEST(ReportPolicyTest, ChecksItsRanges) {
  EXPECT_TRUE(CheckReportPolicy(ReportPolicy{}).ok());
  ReportPolicy p;
  p.sample_percent = 0;
  EXPECT_THAT(CheckReportPolicy(p).message(), ::testing::HasSubstr("sample_percent"));
  p = ReportPolicy{};
  p.repeat_window_days = 0;
  EXPECT_THAT(CheckReportPolicy(p).message(), ::testing::HasSubstr("repeat_window_days"));
  p = ReportPolicy{};
  p.sample_max_items = 0;
  EXPECT_THAT(CheckReportPolicy(p).message(), ::testing::HasSubstr("sample_max_items"));
}

TEST(RepeatVisitsTest, CountsTheWindowBeforeTheVisitOnly) {
  std::vector<ReportVisit> all = {
      Visit("A", 1, At(6, 1, 10), kFridge, "S", "F", "R", "T", "O"),
      Visit("B", 1, At(7, 1, 10), kFridge, "S", "F", "R", "T", "O"),         // exactly 30 days
      Visit("C", 1, At(7, 31, 10, 0, 1), kFridge, "S", "F", "R", "T", "O"),  // 30 days + 1 s
      Visit("D", 1, At(6, 1, 10), kFridge, "", "F", "R", "T", "O"),  // no serial: unit order D
      Visit("D", 2, At(6, 2, 10), kFridge, "", "F", "R", "T", "O"),
      Visit("E", 1, At(6, 1, 10), kFridge, "S", "F", "R", "T", "O"),  // same instant as A
  };
  const RepeatVisits repeats(all, 30);
  EXPECT_FALSE(repeats.IsRepeat(all[0].visit));
  EXPECT_TRUE(repeats.IsRepeat(all[1].visit));
  EXPECT_FALSE(repeats.IsRepeat(all[2].visit));
  EXPECT_FALSE(repeats.IsRepeat(all[3].visit));
  EXPECT_TRUE(repeats.IsRepeat(all[4].visit));
  EXPECT_FALSE(repeats.IsRepeat(all[5].visit));
}

TEST(ComplaintSummaryTest, CountsEachComplaintOrderOnceByItsLastVisit) {
  // June's complaint visits: V1 and V2 (order RO-1, counted once by V2:
  // GENERAL, FRIDGE/B1/M1, R1, callback pending) and V3 (RO-2: CRISIS,
  // WASHER/B1/M2, R2, gave up). V6 (July) and V8 (May) are not June's.
  const ComplaintSummary s = ComplaintSummaryOf(Fixture(), June());
  EXPECT_EQ(s.complaints, 2);
  EXPECT_THAT(s.by_kind, ElementsAre(KeyCount{"GENERAL", 1}, KeyCount{"CRISIS", 1},
                                     KeyCount{"BATCH_ACCIDENT", 0}));
  EXPECT_THAT(s.by_product, ElementsAre(ProductCount{"FRIDGE", "B1", "M1", 1},
                                        ProductCount{"WASHER", "B1", "M2", 1}));
  EXPECT_THAT(s.by_region, ElementsAre(KeyCount{"R1", 1}, KeyCount{"R2", 1}));
  EXPECT_THAT(s.by_outcome, ElementsAre(KeyCount{"SATISFIED", 0}, KeyCount{"NOT_SOLVED", 0},
                                        KeyCount{"GAVE_UP", 1}, KeyCount{"AWAITING_CALLBACK", 1},
                                        KeyCount{"CANCELLED", 0}));
  EXPECT_EQ(ComplaintSummaryCsv(s),
            "dimension,complaint_kind,category,brand,product_model,region_code,outcome,"
            "complaints\r\n"
            "TOTAL,,,,,,,2\r\n"
            "COMPLAINT_KIND,GENERAL,,,,,,1\r\n"
            "COMPLAINT_KIND,CRISIS,,,,,,1\r\n"
            "COMPLAINT_KIND,BATCH_ACCIDENT,,,,,,0\r\n"
            "PRODUCT,,FRIDGE,B1,M1,,,1\r\n"
            "PRODUCT,,WASHER,B1,M2,,,1\r\n"
            "REGION,,,,,R1,,1\r\n"
            "REGION,,,,,R2,,1\r\n"
            "OUTCOME,,,,,,SATISFIED,0\r\n"
            "OUTCOME,,,,,,NOT_SOLVED,0\r\n"
            "OUTCOME,,,,,,GAVE_UP,1\r\n"
            "OUTCOME,,,,,,AWAITING_CALLBACK,1\r\n"
            "OUTCOME,,,,,,CANCELLED,0\r\n");
}

TEST(QualityReportTest, CountsVisitsUnitsAndRepeatsByFault) {
  // FRIDGE/B1/M1/F01: V1 (S1), V2 (S1, V1 a week before: repeat), V4 (S3;
  //   V7 on S3 is 31 days before: no repeat): 3 visits, 2 units, 1 repeat.
  // FRIDGE/B1/M1/F03: V5 (S1, V2 20 days before: repeat): 1, 1, 1.
  // WASHER/B1/M2/F02: V3 (S2, V8 14.5 days before: repeat): 1, 1, 1.
  // Totals: 5 visits, units S1 S2 S3, 3 repeats.
  const QualityReport q = QualityReportOf(Fixture(), June(), ReportPolicy{});
  EXPECT_THAT(q.rows, ElementsAre(QualityRow{"FRIDGE", "B1", "M1", "F01", 3, 2, 1},
                                  QualityRow{"FRIDGE", "B1", "M1", "F03", 1, 1, 1},
                                  QualityRow{"WASHER", "B1", "M2", "F02", 1, 1, 1}));
  EXPECT_EQ(q.visits, 5);
  EXPECT_EQ(q.units, 3);
  EXPECT_EQ(q.repeat_visits, 3);
  EXPECT_EQ(QualityReportCsv(q),
            "category,brand,product_model,symptom_code,visits,units,repeat_visits\r\n"
            "FRIDGE,B1,M1,F01,3,2,1\r\n"
            "FRIDGE,B1,M1,F03,1,1,1\r\n"
            "WASHER,B1,M2,F02,1,1,1\r\n"
            "TOTAL,,,,5,3,3\r\n");
}

TEST(SatisfactionReportTest, CountsSurveysSubmittedInTheMonth) {
  // June's surveys: V1 (5 June: T1, O1, M1; NOT_SOLVED, rating 2, conduct
  // DISSATISFIED and NO_WORK_ID), V7 (2 June: T3, O3, M3; SATISFIED, 4,
  // conduct LATE), V8 (1 June 00:00: T1, O1, M2; SATISFIED, 3). V4's is
  // July's.
  const SatisfactionReport s = SatisfactionReportOf(Fixture(), June());
  EXPECT_EQ(s.total, (SatisfactionRow{"", 3, 2, 1, 3, 9, "3.00", 3}));
  EXPECT_THAT(s.by_technician, ElementsAre(SatisfactionRow{"T1", 2, 1, 1, 2, 5, "2.50", 2},
                                           SatisfactionRow{"T3", 1, 1, 0, 1, 4, "4.00", 1}));
  EXPECT_THAT(s.by_outlet, ElementsAre(SatisfactionRow{"O1", 2, 1, 1, 2, 5, "2.50", 2},
                                       SatisfactionRow{"O3", 1, 1, 0, 1, 4, "4.00", 1}));
  EXPECT_THAT(s.by_product_model, ElementsAre(SatisfactionRow{"M1", 1, 0, 1, 1, 2, "2.00", 2},
                                              SatisfactionRow{"M2", 1, 1, 0, 1, 3, "3.00", 0},
                                              SatisfactionRow{"M3", 1, 1, 0, 1, 4, "4.00", 1}));
}

TEST(SatisfactionReportTest, AnAnswerThatIsNotARatingIsNotAveraged) {
  std::vector<ReportVisit> visits = Fixture();
  visits[6].answers[std::string(kTechnicianRatingQuestion)] = "4.5";  // V7
  const SatisfactionReport s = SatisfactionReportOf(visits, June());
  // V1's 2 and V8's 3: 5 / 2.
  EXPECT_EQ(s.total, (SatisfactionRow{"", 3, 2, 1, 2, 5, "2.50", 3}));
}

TEST(FirstTimeFixReportTest, CountsReopensAndRepeatVisits) {
  // First visits in June: RO-1 (reopened by V2), RO-2, RO-3, RO-4: 3 of 4.
  // June's visits V1..V5; repeats V2, V3, V5: 3 of 5.
  const FirstTimeFixReport r = FirstTimeFixReportOf(Fixture(), June(), ReportPolicy{});
  EXPECT_EQ(r.first_visits, 4);
  EXPECT_EQ(r.fixed_first_time, 3);
  EXPECT_EQ(r.first_time_fix_percent, "75.00");
  EXPECT_EQ(r.visits, 5);
  EXPECT_EQ(r.repeat_visits, 3);
  EXPECT_EQ(r.repeat_visit_percent, "60.00");
  EXPECT_EQ(FirstTimeFixReportCsv(r),
            "first_visits,fixed_first_time,first_time_fix_percent,visits,repeat_visits,"
            "repeat_visit_percent,repeat_window_days\r\n"
            "4,3,75.00,5,3,60.00,30\r\n");
}

TEST(FirstTimeFixReportTest, TheWindowIsASetting) {
  // With 14 days: V2 (7 days after V1) is still a repeat; V3 (14.5 days
  // after V8) and V5 (20 days after V2) are not: 1 of 5.
  ReportPolicy policy;
  policy.repeat_window_days = 14;
  const FirstTimeFixReport r = FirstTimeFixReportOf(Fixture(), June(), policy);
  EXPECT_EQ(r.repeat_visits, 1);
  EXPECT_EQ(r.repeat_visit_percent, "20.00");
  EXPECT_EQ(r.repeat_window_days, 14);
}

TEST(OnTimeArrivalReportTest, MeasuresVisitsWithBothTimes) {
  // V1 early, V2 an hour late, V3 exactly at the end (on time), V4 no
  // times, V5 early: 3 of 4 measured.
  const OnTimeArrivalReport r = OnTimeArrivalReportOf(Fixture(), June());
  EXPECT_EQ(r.visits, 5);
  EXPECT_EQ(r.measured, 4);
  EXPECT_EQ(r.on_time, 3);
  EXPECT_EQ(r.on_time_percent, "75.00");
  EXPECT_EQ(OnTimeArrivalReportCsv(r),
            "visits,measured,on_time,on_time_percent\r\n5,4,3,75.00\r\n");
}

TEST(ServiceTimesReportTest, MeanMedianAndP90InMinutes) {
  // First visits in June: V1, V3, V4, V5.
  // To assign: V1 60 min, V3 30 min, V4 720 min (31 May 20:00 to 1 June
  //   08:00), V5 never assigned: [30, 60, 720]: mean 810 / 3 = 270, median
  //   60, p90 the 3rd (ceil 2.7).
  // To complete: V1 49 h = 2940 min, V3 28 h = 1680, V4 469 h = 28140,
  //   V5 15:59:59 = 57599 s = 959.98 min. Sum 2023199 s / 240 = 8429.996;
  //   median (1680 + 2940) / 2 = 2310; p90 the 4th (ceil 3.6).
  const ServiceTimesReport r = ServiceTimesReportOf(Fixture(), June());
  EXPECT_EQ(r.first_visits, 4);
  EXPECT_EQ(r.time_to_assign, (DurationStats{3, "270.00", "60.00", "720.00"}));
  EXPECT_EQ(r.time_to_complete, (DurationStats{4, "8430.00", "2310.00", "28140.00"}));
  EXPECT_EQ(ServiceTimesReportCsv(r),
            "measure,count,mean_minutes,median_minutes,p90_minutes\r\n"
            "TIME_TO_ASSIGN,3,270.00,60.00,720.00\r\n"
            "TIME_TO_COMPLETE,4,8430.00,2310.00,28140.00\r\n");
}

TEST(DurationStatsTest, NearestRankP90AndEmpty) {
  EXPECT_EQ(DurationStatsOf({}), (DurationStats{0, "", "", ""}));
  std::vector<int64_t> ten;
  for (int i = 1; i <= 10; ++i) ten.push_back(60 * i);
  // 1..10 minutes: mean 5.5, median (5 + 6) / 2, p90 the 9th.
  EXPECT_EQ(DurationStatsOf(ten), (DurationStats{10, "5.50", "5.50", "9.00"}));
  ten.push_back(60 * 11);  // 11 values: p90 the 10th (ceil 9.9)
  EXPECT_EQ(DurationStatsOf(ten).p90_minutes, "10.00");
  EXPECT_EQ(DurationStatsOf(ten).median_minutes, "6.00");
}

std::set<std::string> Ids(const std::vector<SampleItem>& items) {
  std::set<std::string> ids;
  for (const SampleItem& i : items) ids.insert(i.id);
  return ids;
}

TEST(InspectionSampleTest, ThePopulationIsTheMonthsCallsAndCallbacks) {
  // Calls: orders taken in June: RO-1, RO-2, RO-4, RO-5 (completed in July
  // but taken 30 June); not RO-3 (31 May 20:00), RO-6, RO-7.
  // Callbacks: V1's attempt and survey, V3's three attempts, V7's and V8's
  // surveys (V8's at 1 June 00:00); not V7's May attempt, not V4's July
  // survey.
  EXPECT_EQ(
      Ids(SamplePopulation(Fixture(), June())),
      (std::set<std::string>{
          "orders/RO-1", "orders/RO-2", "orders/RO-4", "orders/RO-5", "callbacks/RO-1/1/attempts/1",
          "callbacks/RO-1/1/survey", "callbacks/RO-2/1/attempts/1", "callbacks/RO-2/1/attempts/2",
          "callbacks/RO-2/1/attempts/3", "callbacks/RO-6/1/survey", "callbacks/RO-7/1/survey"}));
}

TEST(InspectionSampleTest, SizesAreTheCeilingOfTheRate) {
  // 4 calls: ceil(0.8) = 1; 7 callbacks: ceil(1.4) = 2.
  auto s = InspectionSampleOf(Fixture(), June(), "audit-2026-06", ReportPolicy{});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->calls, 4);
  EXPECT_EQ(s->callbacks, 7);
  EXPECT_EQ(s->calls_sampled, 1);
  EXPECT_EQ(s->callbacks_sampled, 2);
  ASSERT_EQ(s->items.size(), 3u);
  EXPECT_EQ(s->items[0].kind, SampleKind::kCall);
  EXPECT_EQ(s->items[1].kind, SampleKind::kCallback);
  EXPECT_LE(s->items[1].at, s->items[2].at);
  EXPECT_FALSE(s->capped);
  EXPECT_EQ(SampleSize(0, 20), 0);
  EXPECT_EQ(SampleSize(5, 20), 1);
  EXPECT_EQ(SampleSize(6, 20), 2);
  EXPECT_EQ(SampleSize(10, 100), 10);
  EXPECT_EQ(SampleSize(1, 1), 1);
}

// 100 orders taken in June, one per visit.
std::vector<ReportVisit> HundredCalls() {
  std::vector<ReportVisit> visits;
  for (int i = 0; i < 100; ++i) {
    ReportVisit v = Visit("", 1, At(6, 1 + i % 28, 12), kFridge, "", "F", "R", "T", "O");
    v.visit.order_number = absl::StrCat("RO-", 1000 + i);
    v.visit.received_at = At(6, 1 + i % 28, 9, i % 60);
    visits.push_back(std::move(v));
  }
  return visits;
}

TEST(InspectionSampleTest, TheSameSeedGivesTheSameSampleAnotherSeedAnother) {
  const std::vector<ReportVisit> visits = HundredCalls();
  auto a = InspectionSampleOf(visits, June(), "seed-a", ReportPolicy{});
  auto again = InspectionSampleOf(visits, June(), "seed-a", ReportPolicy{});
  auto b = InspectionSampleOf(visits, June(), "seed-b", ReportPolicy{});
  ASSERT_TRUE(a.ok() && again.ok() && b.ok());
  EXPECT_EQ(a->items.size(), 20u);
  EXPECT_EQ(a->items, again->items);
  EXPECT_EQ(b->items.size(), 20u);
  EXPECT_NE(Ids(a->items), Ids(b->items));
  // Listed by time.
  for (size_t i = 1; i < a->items.size(); ++i) EXPECT_LE(a->items[i - 1].at, a->items[i].at);
  // The sample is the 20 ids of lowest rank.
  std::vector<std::pair<std::string, std::string>> ranked;
  for (const ReportVisit& v : visits) {
    const std::string id = absl::StrCat("orders/", v.visit.order_number);
    ranked.emplace_back(SampleRank("seed-a", id), id);
  }
  std::sort(ranked.begin(), ranked.end());
  std::set<std::string> lowest;
  for (int i = 0; i < 20; ++i) lowest.insert(ranked[i].second);
  EXPECT_EQ(Ids(a->items), lowest);
}

TEST(InspectionSampleTest, MoreItemsKeepEarlierItemsRank) {
  // Adding an order to the population keeps the sample of the others: an
  // item leaves only when the new one ranks before it.
  std::vector<ReportVisit> visits = HundredCalls();
  auto before = InspectionSampleOf(visits, June(), "seed-a", ReportPolicy{});
  ReportVisit extra = visits[0];
  extra.visit.order_number = "RO-EXTRA";
  visits.push_back(extra);
  auto after = InspectionSampleOf(visits, June(), "seed-a", ReportPolicy{});
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_EQ(after->calls_sampled, 21);  // ceil(20.2)
  std::set<std::string> after_ids = Ids(after->items);
  for (const std::string& id : Ids(before->items)) EXPECT_EQ(after_ids.count(id), 1u) << id;
}

TEST(InspectionSampleTest, TheListIsCappedInProportion) {
  ReportPolicy policy;
  policy.sample_max_items = 10;
  auto s = InspectionSampleOf(HundredCalls(), June(), "seed-a", policy);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->calls_sampled, 20);
  EXPECT_EQ(s->items.size(), 10u);
  EXPECT_TRUE(s->capped);
}

TEST(InspectionSampleTest, NeedsASeed) {
  auto s = InspectionSampleOf(Fixture(), June(), "", ReportPolicy{});
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.status().message(), ::testing::HasSubstr("seed"));
  EXPECT_EQ(
      InspectionSampleOf(Fixture(), June(), std::string(201, 'x'), ReportPolicy{}).status().code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(InspectionSampleTest, TheRankIsHmacSha256) {
  // RFC 4231 test case 2.
  const std::string mac = SampleRank("Jefe", "what do ya want for nothing?");
  std::string hex;
  for (unsigned char c : mac) absl::StrAppend(&hex, absl::Hex(c, absl::kZeroPad2));
  EXPECT_EQ(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CsvTest, QuotesPerRfc4180) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\r"), "\"cr\r\"");
  EXPECT_EQ(CsvField("冰箱 BCD-216"), "冰箱 BCD-216");
  EXPECT_EQ(CsvLine({"a", "b,c", ""}), "a,\"b,c\",\r\n");
}

TEST(CsvTest, TheSampleListsItsItems) {
  InspectionSample s;
  SampleItem item;
  item.kind = SampleKind::kCallback;
  item.id = "callbacks/RO-1/1/survey";
  item.order_number = "RO-1";
  item.visit_number = 1;
  item.at = At(6, 5, 11);
  item.agent_id = "A1";
  item.technician_id = "T1";
  item.result = "NOT_SOLVED";
  s.items.push_back(item);
  EXPECT_EQ(InspectionSampleCsv(s),
            "kind,id,order_number,visit_number,time,agent_id,technician_id,result\r\n"
            "CALLBACK,callbacks/RO-1/1/survey,RO-1,1,2026-06-05T03:00:00Z,A1,T1,NOT_SOLVED\r\n");
}

// The quality report's sheets (质量信息单) of June: opened before July and
// not closed before June, each with its state at the end of June.
TEST(QualityReportTest, ListsTheSheetsOfTheMonthWithTheirStateAtItsEnd) {
  auto sheet = [](int64_t id, absl::Time opened, std::vector<SheetStep> later) {
    QualitySheet s;
    s.id = id;
    s.kind = SheetKind::kNewDefect;
    s.model = "BCD-216";
    s.fault = "no_cooling";
    s.affected_units = id;
    s.opened_at = opened;
    s.steps.push_back({SheetState::kOpen, "quality-signals", opened, ""});
    for (SheetStep& step : later) s.steps.push_back(std::move(step));
    return s;
  };
  const std::vector<QualitySheet> sheets = {
      // 1: opened and closed in May: not June's.
      sheet(1, At(5, 3, 9), {{SheetState::kClosed, "qa", At(5, 20, 9), "fixed"}}),
      // 2: opened in May, acknowledged in June, closed in July: open at June's end.
      sheet(2, At(5, 10, 9),
            {{SheetState::kAcknowledged, "qa", At(6, 2, 9), ""},
             {SheetState::kClosed, "qa", At(7, 3, 9), "fixed"}}),
      // 3: opened in June, closed in June.
      sheet(3, At(6, 5, 9), {{SheetState::kClosed, "qa", At(6, 25, 9), "fixed"}}),
      // 4: opened at 1 July 00:00: July's.
      sheet(4, At(7, 1, 0), {}),
      // 5: opened in April, closed at 1 June 00:00 exactly: closed in June.
      sheet(5, At(4, 1, 9), {{SheetState::kClosed, "qa", At(6, 1, 0), "fixed"}}),
  };
  QualityReport report;
  AddSheetsOfMonth(sheets, June(), report);
  ASSERT_EQ(report.sheets.size(), 3u);
  EXPECT_EQ(report.sheets[0].id, 2);
  EXPECT_EQ(report.sheets[0].state_at_month_end, "ACKNOWLEDGED");
  EXPECT_FALSE(report.sheets[0].closed_at.has_value());
  EXPECT_EQ(report.sheets[1].id, 3);
  EXPECT_EQ(report.sheets[1].state_at_month_end, "CLOSED");
  EXPECT_EQ(report.sheets[1].closed_at, At(6, 25, 9));
  EXPECT_EQ(report.sheets[2].id, 5);
  EXPECT_EQ(report.sheets[2].state_at_month_end, "CLOSED");
  EXPECT_EQ(report.sheets_opened, 1);  // 3
  EXPECT_EQ(report.sheets_closed, 2);  // 3 and 5
  EXPECT_EQ(QualitySheetsCsv(report),
            "sheet,kind,product_model,batch,symptom_code,affected_units,units_sold,opened,closed,"
            "state_at_month_end\r\n"
            "qualitySheets/2,NEW_DEFECT,BCD-216,,no_cooling,2,0,2026-05-10T01:00:00Z,,"
            "ACKNOWLEDGED\r\n"
            "qualitySheets/3,NEW_DEFECT,BCD-216,,no_cooling,3,0,2026-06-05T01:00:00Z,"
            "2026-06-25T01:00:00Z,CLOSED\r\n"
            "qualitySheets/5,NEW_DEFECT,BCD-216,,no_cooling,5,0,2026-04-01T01:00:00Z,"
            "2026-05-31T16:00:00Z,CLOSED\r\n");
}

}  // namespace
}  // namespace fieldservice::callback
