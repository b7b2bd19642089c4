// The callback reports over gRPC on port 0, with the real MariaDB, the
// shipped access policy and a fake clock: visits reported by `orders`
// through RecordVisitCompleted, called back by agents through the
// Callbacks service, then read by quality as CallbackReports. The figures
// are worked out by hand next to each expectation.
#include <grpcpp/create_channel.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fieldservice/callback/v1/callback_service.grpc.pb.h"
#include "fieldservice/callback/v1/reports_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/callback/api/callback_handler.h"
#include "services/callback/api/report_handler.h"
#include "services/callback/domain/callback_service.h"
#include "services/callback/domain/default_survey.h"
#include "services/callback/domain/report_service.h"
#include "services/callback/storage/mysql_callback_repository.h"
#include "services/callback/storage/mysql_report_repository.h"
#include "services/common/clock.h"
#include "services/common/migrations.h"
#include "services/common/proto_time.h"
#include "services/common/server.h"
#include "tests/callback/callback_test_support.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"

namespace fieldservice::callback {
namespace {

using callback::testing::GoodAnswers;

namespace v1 = ::fieldservice::callback::v1;
using ::testing::HasSubstr;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

absl::Time At(int month, int day, int hour, int minute = 0) {
  return absl::FromCivil(absl::CivilSecond(2026, month, day, hour, minute, 0), kChina);
}

// The agents work on Wednesday 10 June 2026, 10:00.
const absl::Time kAgentsWork = At(6, 10, 10);

class CallbackReportsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.Open("callback_reports");
    ASSERT_NE(store_.pool, nullptr);
    repository_ = std::make_unique<MySqlCallbackRepository>(*store_.pool, common::RetryPolicy{});
    auto service = CallbackService::Create(*repository_, clock_, *store_.calendar, CallbackPolicy{},
                                           SurveyPolicy{});
    ASSERT_TRUE(service.ok()) << service.status();
    service_ = *std::move(service);
    handler_ = std::make_unique<api::CallbackHandler>(*service_);
    report_repository_ =
        std::make_unique<MySqlReportRepository>(*store_.pool, common::RetryPolicy{});
    reports_ = std::make_unique<ReportService>(*report_repository_, kChina, ReportPolicy{});
    report_handler_ = std::make_unique<api::ReportHandler>(*reports_);
    auto host =
        common::ServerHost::Start(fieldservice::testing::TestServerOptions("callback"),
                                  {common::Served<v1::Callbacks>(handler_.get()),
                                   common::Served<v1::CallbackReports>(report_handler_.get())});
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
    orders_ = v1::Callbacks::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()),
                            fieldservice::testing::ServiceCredentials("orders")));
    people_ = v1::Callbacks::NewStub(fieldservice::testing::TestChannel(host_->port()));
    report_stub_ = v1::CallbackReports::NewStub(fieldservice::testing::TestChannel(host_->port()));
  }
  void TearDown() override {
    if (host_) host_->Shutdown(absl::Seconds(1));
    host_.reset();
    store_.Close();
  }

  struct Visit {
    std::string order;
    int64_t number = 1;
    absl::Time completed;
    v1::ComplaintKind complaint = v1::COMPLAINT_KIND_UNSPECIFIED;
    std::string category, brand, model, serial, symptom, region, technician, outlet;
    std::optional<absl::Time> received, assigned, arrived, promised;
  };

  void Record(const Visit& v) {
    v1::RecordVisitCompletedRequest r;
    r.set_order_number(v.order);
    r.set_visit_number(v.number);
    common::SetTimestamp(v.completed, r.mutable_completed_time());
    r.set_complaint(v.complaint != v1::COMPLAINT_KIND_UNSPECIFIED);
    r.set_complaint_kind(v.complaint);
    r.set_category(v.category);
    r.set_brand(v.brand);
    r.set_product_model(v.model);
    r.set_serial(v.serial);
    r.set_symptom_code(v.symptom);
    r.set_region_code(v.region);
    r.set_technician_id(v.technician);
    r.set_outlet_id(v.outlet);
    if (v.received) common::SetTimestamp(*v.received, r.mutable_received_time());
    if (v.assigned) common::SetTimestamp(*v.assigned, r.mutable_assigned_time());
    if (v.arrived) common::SetTimestamp(*v.arrived, r.mutable_arrived_time());
    if (v.promised) common::SetTimestamp(*v.promised, r.mutable_promised_time());
    r.mutable_repair_facts()->set_free_under_warranty(true);
    r.mutable_summary()->set_product("冰箱");
    r.mutable_summary()->set_fault("不制冷");
    r.mutable_summary()->set_work_done("更换温控器");
    grpc::ClientContext context;
    v1::CallbackTask task;
    grpc::Status s = orders_->RecordVisitCompleted(&context, r, &task);
    ASSERT_TRUE(s.ok()) << v.order << ": " << s.error_message();
  }

  std::string Claim(const std::string& agent) {
    grpc::ClientContext context;
    fieldservice::testing::Authorize(context, agent, {"callback_agent"});
    v1::CallbackTask task;
    grpc::Status s = people_->ClaimNextCallback(&context, v1::ClaimNextCallbackRequest(), &task);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return task.name();
  }

  void NoAnswer(const std::string& agent, const std::string& name) {
    grpc::ClientContext context;
    fieldservice::testing::Authorize(context, agent, {"callback_agent"});
    v1::RecordAttemptRequest request;
    request.set_name(name);
    request.set_outcome(v1::NO_ANSWER);
    v1::CallbackTask task;
    grpc::Status s = people_->RecordAttempt(&context, request, &task);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  void Submit(const std::string& agent, const std::string& name, const Answers& answers) {
    grpc::ClientContext context;
    fieldservice::testing::Authorize(context, agent, {"callback_agent"});
    v1::SubmitSurveyRequest request;
    request.set_name(name);
    request.set_survey_id(std::string(kDefaultSurveyId));
    request.set_survey_version(1);
    for (const auto& [key, answer] : answers) (*request.mutable_answers())[key] = answer;
    v1::CallbackTask task;
    grpc::Status s = people_->SubmitSurvey(&context, request, &task);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // The fixture: June 2026, with a May and a July visit at its edges.
  void RecordTheMonth() {
    clock_.Set(kAgentsWork);
    // RO-1 visit 1: a general complaint, taken 5 June 09:00, assigned an
    // hour later, arrived 14:00 for a window ending 15:00, completed
    // Monday 8 June 16:00.
    Record({"RO-1", 1, At(6, 8, 16), v1::GENERAL, "FRIDGE", "B1", "M1", "S1", "F01", "R1", "T1",
            "O1", At(6, 5, 9), At(6, 5, 10), At(6, 8, 14), At(6, 8, 15)});
    // RO-2: a repair taken 7 June 09:00, assigned after 30 minutes, carried
    // in (no arrival), completed 8 June 16:00, on unit S2; its brand needs
    // quoting in CSV.
    Record({"RO-2", 1, At(6, 8, 16), v1::COMPLAINT_KIND_UNSPECIFIED, "WASHER", "B1, Ltd.", "M2",
            "S2", "F02", "R2", "T2", "O2", At(6, 7, 9), At(6, 7, 9, 30)});
    // RO-3: a crisis completed 31 May 23:30 on unit S2 (May's).
    Record({"RO-3", 1, At(5, 31, 23, 30), v1::CRISIS, "WASHER", "B1, Ltd.", "M2", "S2", "F02", "R2",
            "T2", "O2", At(5, 31, 22)});

    // The agents, most urgent first: RO-3 (overdue): no answer. RO-2 (a
    // repair, due in 3 working days): all good, rating 5. RO-1 (a
    // complaint, due in 7 days): not solved, rating 2 (DISSATISFIED, a
    // conduct finding).
    const std::string first = Claim("cb-01");
    EXPECT_EQ(first, "callbacks/RO-3/1");
    NoAnswer("cb-01", first);
    const std::string second = Claim("cb-01");
    EXPECT_EQ(second, "callbacks/RO-2/1");
    Submit("cb-01", second, GoodAnswers());
    const std::string third = Claim("cb-02");
    EXPECT_EQ(third, "callbacks/RO-1/1");
    Answers not_solved = GoodAnswers();
    not_solved["product_working"] = "no";
    not_solved["technician_satisfaction"] = "2";
    Submit("cb-02", third, not_solved);

    // Later: RO-1 is visited again (the reopen), 12 June, arriving half an
    // hour after its window; RO-4, taken 30 June, is completed at 1 July
    // 00:00 (July's visit, June's call).
    clock_.Set(At(7, 2, 9));
    Record({"RO-1", 2, At(6, 12, 16), v1::GENERAL, "FRIDGE", "B1", "M1", "S1", "F01", "R1", "T3",
            "O1", At(6, 5, 9), At(6, 11, 9), At(6, 12, 15, 30), At(6, 12, 15)});
    Record({"RO-4", 1, At(7, 1, 0), v1::GENERAL, "OVEN", "B2", "M3", "S4", "F04", "R1", "T1", "O1",
            At(6, 30, 12)});
  }

  grpc::ClientContext* AsQuality(grpc::ClientContext& context) {
    fieldservice::testing::Authorize(context, "qa-01", {"quality"});
    return &context;
  }

  static v1::MonthlyReportRequest Month(const std::string& month) {
    v1::MonthlyReportRequest r;
    r.set_month(month);
    return r;
  }

  v1::InspectionSample Sample(const std::string& month, const std::string& seed) {
    grpc::ClientContext context;
    v1::InspectionSampleRequest request;
    request.set_month(month);
    request.set_seed(seed);
    v1::InspectionSample out;
    grpc::Status s = report_stub_->GetInspectionSample(AsQuality(context), request, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  common::FakeClock clock_{kAgentsWork};
  callback::testing::CallbackTestDb store_;
  std::unique_ptr<MySqlCallbackRepository> repository_;
  std::unique_ptr<CallbackService> service_;
  std::unique_ptr<api::CallbackHandler> handler_;
  std::unique_ptr<MySqlReportRepository> report_repository_;
  std::unique_ptr<ReportService> reports_;
  std::unique_ptr<api::ReportHandler> report_handler_;
  std::unique_ptr<common::ServerHost> host_;
  std::unique_ptr<v1::Callbacks::Stub> orders_;
  std::unique_ptr<v1::Callbacks::Stub> people_;
  std::unique_ptr<v1::CallbackReports::Stub> report_stub_;
};

TEST_F(CallbackReportsApiTest, ComplaintSummary) {
  ASSERT_NO_FATAL_FAILURE(RecordTheMonth());
  // June's complaint orders: RO-1 only (RO-3 is May's, RO-4 July's),
  // counted once, by its visit 2, whose callback is pending.
  grpc::ClientContext context;
  v1::ComplaintSummary r;
  ASSERT_TRUE(report_stub_->GetComplaintSummary(AsQuality(context), Month("2026-06"), &r).ok());
  EXPECT_EQ(r.month(), "2026-06");
  EXPECT_EQ(r.complaints(), 1);
  EXPECT_EQ(r.csv(),
            "dimension,complaint_kind,category,brand,product_model,region_code,outcome,"
            "complaints\r\n"
            "TOTAL,,,,,,,1\r\n"
            "COMPLAINT_KIND,GENERAL,,,,,,1\r\n"
            "COMPLAINT_KIND,CRISIS,,,,,,0\r\n"
            "COMPLAINT_KIND,BATCH_ACCIDENT,,,,,,0\r\n"
            "PRODUCT,,FRIDGE,B1,M1,,,1\r\n"
            "REGION,,,,,R1,,1\r\n"
            "OUTCOME,,,,,,SATISFIED,0\r\n"
            "OUTCOME,,,,,,NOT_SOLVED,0\r\n"
            "OUTCOME,,,,,,GAVE_UP,0\r\n"
            "OUTCOME,,,,,,AWAITING_CALLBACK,1\r\n"
            "OUTCOME,,,,,,CANCELLED,0\r\n");
  ASSERT_EQ(r.by_outcome_size(), 5);
  EXPECT_EQ(r.by_outcome(3).key(), "AWAITING_CALLBACK");
  EXPECT_EQ(r.by_outcome(3).count(), 1);
  // May's: RO-3, a crisis whose callback is still to be made.
  grpc::ClientContext may_context;
  ASSERT_TRUE(report_stub_->GetComplaintSummary(AsQuality(may_context), Month("2026-05"), &r).ok());
  EXPECT_EQ(r.complaints(), 1);
  EXPECT_EQ(r.by_kind(1).key(), "CRISIS");
  EXPECT_EQ(r.by_kind(1).count(), 1);
}

TEST_F(CallbackReportsApiTest, QualityReport) {
  ASSERT_NO_FATAL_FAILURE(RecordTheMonth());
  // FRIDGE/B1/M1/F01: RO-1's two visits on S1, the second 4 days after the
  // first: 2 visits, 1 unit, 1 repeat. WASHER/B1, Ltd./M2/F02: RO-2 on S2,
  // 8.7 days after RO-3 (May): 1, 1, 1.
  grpc::ClientContext context;
  v1::QualityReport r;
  ASSERT_TRUE(report_stub_->GetQualityReport(AsQuality(context), Month("2026-06"), &r).ok());
  EXPECT_EQ(r.visits(), 3);
  EXPECT_EQ(r.units(), 2);
  EXPECT_EQ(r.repeat_visits(), 2);
  EXPECT_EQ(r.repeat_window_days(), 30);
  EXPECT_EQ(r.csv(),
            "category,brand,product_model,symptom_code,visits,units,repeat_visits\r\n"
            "FRIDGE,B1,M1,F01,2,1,1\r\n"
            "WASHER,\"B1, Ltd.\",M2,F02,1,1,1\r\n"
            "TOTAL,,,,3,2,2\r\n");
}

TEST_F(CallbackReportsApiTest, SatisfactionReport) {
  ASSERT_NO_FATAL_FAILURE(RecordTheMonth());
  // June's surveys: RO-1/1 (T1, O1, M1: NOT_SOLVED, rating 2, DISSATISFIED)
  // and RO-2/1 (T2, O2, M2: SATISFIED, 5). Ratings 2 + 5 = 7 over 2.
  grpc::ClientContext context;
  v1::SatisfactionReport r;
  ASSERT_TRUE(report_stub_->GetSatisfactionReport(AsQuality(context), Month("2026-06"), &r).ok());
  EXPECT_EQ(r.total().callbacks(), 2);
  EXPECT_EQ(r.total().satisfied(), 1);
  EXPECT_EQ(r.total().not_solved(), 1);
  EXPECT_EQ(r.total().ratings(), 2);
  EXPECT_EQ(r.total().rating_sum(), 7);
  EXPECT_EQ(r.total().average_rating(), "3.50");
  EXPECT_EQ(r.total().conduct_findings(), 1);
  EXPECT_EQ(r.csv(),
            "dimension,key,callbacks,satisfied,not_solved,ratings,rating_sum,average_rating,"
            "conduct_findings\r\n"
            "TOTAL,,2,1,1,2,7,3.50,1\r\n"
            "TECHNICIAN,T1,1,0,1,1,2,2.00,1\r\n"
            "TECHNICIAN,T2,1,1,0,1,5,5.00,0\r\n"
            "OUTLET,O1,1,0,1,1,2,2.00,1\r\n"
            "OUTLET,O2,1,1,0,1,5,5.00,0\r\n"
            "PRODUCT_MODEL,M1,1,0,1,1,2,2.00,1\r\n"
            "PRODUCT_MODEL,M2,1,1,0,1,5,5.00,0\r\n");
}

TEST_F(CallbackReportsApiTest, FirstTimeFixOnTimeAndServiceTimes) {
  ASSERT_NO_FATAL_FAILURE(RecordTheMonth());
  // First visits in June: RO-1 (reopened), RO-2: 1 of 2 fixed. June's
  // visits RO-1/1, RO-1/2 (repeat), RO-2/1 (repeat of RO-3): 2 of 3.
  grpc::ClientContext ftf_context;
  v1::FirstTimeFixReport ftf;
  ASSERT_TRUE(
      report_stub_->GetFirstTimeFixReport(AsQuality(ftf_context), Month("2026-06"), &ftf).ok());
  EXPECT_EQ(ftf.csv(),
            "first_visits,fixed_first_time,first_time_fix_percent,visits,repeat_visits,"
            "repeat_visit_percent,repeat_window_days\r\n"
            "2,1,50.00,3,2,66.67,30\r\n");
  EXPECT_EQ(ftf.first_time_fix_percent(), "50.00");
  // Arrivals: RO-1/1 an hour early, RO-1/2 half an hour late, RO-2 none.
  grpc::ClientContext on_time_context;
  v1::OnTimeArrivalReport on_time;
  ASSERT_TRUE(
      report_stub_->GetOnTimeArrivalReport(AsQuality(on_time_context), Month("2026-06"), &on_time)
          .ok());
  EXPECT_EQ(on_time.csv(), "visits,measured,on_time,on_time_percent\r\n3,2,1,50.00\r\n");
  // To assign: RO-1 60 min, RO-2 30 min: mean and median 45, p90 the 2nd.
  // To complete: RO-1 5 June 09:00 to 8 June 16:00 = 79 h = 4740 min; RO-2
  // 7 June 09:00 to 8 June 16:00 = 31 h = 1860 min: mean 3300.
  grpc::ClientContext times_context;
  v1::ServiceTimesReport times;
  ASSERT_TRUE(
      report_stub_->GetServiceTimesReport(AsQuality(times_context), Month("2026-06"), &times).ok());
  EXPECT_EQ(times.first_visits(), 2);
  EXPECT_EQ(times.time_to_assign().mean_minutes(), "45.00");
  EXPECT_EQ(times.time_to_complete().p90_minutes(), "4740.00");
  EXPECT_EQ(times.csv(),
            "measure,count,mean_minutes,median_minutes,p90_minutes\r\n"
            "TIME_TO_ASSIGN,2,45.00,45.00,60.00\r\n"
            "TIME_TO_COMPLETE,2,3300.00,3300.00,4740.00\r\n");
}

TEST_F(CallbackReportsApiTest, FirstTimeFixSeesAReopenOfALaterMonth) {
  // RO-9 is first visited in May and visited again in July: May's first
  // visit was not a first-time fix, seen when May is reported in July.
  clock_.Set(At(7, 10, 9));
  ASSERT_NO_FATAL_FAILURE(Record({"RO-9", 1, At(5, 20, 16), v1::COMPLAINT_KIND_UNSPECIFIED,
                                  "FRIDGE", "B1", "M1", "S9", "F01", "R1", "T1", "O1"}));
  ASSERT_NO_FATAL_FAILURE(Record({"RO-9", 2, At(7, 5, 16), v1::COMPLAINT_KIND_UNSPECIFIED, "FRIDGE",
                                  "B1", "M1", "S9", "F01", "R1", "T1", "O1"}));
  grpc::ClientContext context;
  v1::FirstTimeFixReport may;
  ASSERT_TRUE(report_stub_->GetFirstTimeFixReport(AsQuality(context), Month("2026-05"), &may).ok());
  EXPECT_EQ(may.first_visits(), 1);
  EXPECT_EQ(may.fixed_first_time(), 0);
  EXPECT_EQ(may.first_time_fix_percent(), "0.00");
  EXPECT_EQ(may.visits(), 1);
  EXPECT_EQ(may.repeat_visits(), 0);
}

TEST_F(CallbackReportsApiTest, InspectionSampleIsReproducibleAndExact) {
  ASSERT_NO_FATAL_FAILURE(RecordTheMonth());
  // June's calls: RO-1, RO-2, RO-4 (taken 30 June; RO-3 was taken 31 May):
  // ceil(0.6) = 1. Callbacks: RO-3's unanswered call, RO-1/1's and
  // RO-2/1's surveys: ceil(0.6) = 1.
  const v1::InspectionSample a = Sample("2026-06", "june-audit");
  EXPECT_EQ(a.sample_percent(), 20);
  EXPECT_EQ(a.calls(), 3);
  EXPECT_EQ(a.callbacks(), 3);
  EXPECT_EQ(a.calls_sampled(), 1);
  EXPECT_EQ(a.callbacks_sampled(), 1);
  ASSERT_EQ(a.items_size(), 2);
  EXPECT_EQ(a.items(0).kind(), "CALL");
  EXPECT_THAT((std::set<std::string>{"orders/RO-1", "orders/RO-2", "orders/RO-4"}),
              ::testing::Contains(a.items(0).id()));
  EXPECT_EQ(a.items(1).kind(), "CALLBACK");
  EXPECT_THAT((std::set<std::string>{"callbacks/RO-3/1/attempts/1", "callbacks/RO-1/1/survey",
                                     "callbacks/RO-2/1/survey"}),
              ::testing::Contains(a.items(1).id()));
  EXPECT_THAT(a.csv(), HasSubstr(absl::StrCat("CALL,", a.items(0).id(), ",")));

  // The same seed: the same sample, CSV included.
  const v1::InspectionSample again = Sample("2026-06", "june-audit");
  EXPECT_EQ(again.SerializeAsString(), a.SerializeAsString());
  // Other seeds pick other calls.
  std::set<std::string> picked;
  for (int i = 0; i < 10; ++i) picked.insert(Sample("2026-06", absl::StrCat("s", i)).items(0).id());
  EXPECT_GT(picked.size(), 1u);

  // The month's edges: May has RO-3's call (taken 31 May 22:00) and no
  // callback (its call was made in June); July has neither.
  const v1::InspectionSample may = Sample("2026-05", "june-audit");
  EXPECT_EQ(may.calls(), 1);
  EXPECT_EQ(may.callbacks(), 0);
  ASSERT_EQ(may.items_size(), 1);
  EXPECT_EQ(may.items(0).id(), "orders/RO-3");
  const v1::InspectionSample july = Sample("2026-07", "june-audit");
  EXPECT_EQ(july.calls(), 0);
  EXPECT_EQ(july.callbacks(), 0);
  EXPECT_EQ(july.csv(), "kind,id,order_number,visit_number,time,agent_id,technician_id,result\r\n");
}

TEST_F(CallbackReportsApiTest, RefusesABadMonthOrNoSeed) {
  grpc::ClientContext context;
  v1::QualityReport r;
  grpc::Status s = report_stub_->GetQualityReport(AsQuality(context), Month("2026-6"), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("month"));
  grpc::ClientContext sample_context;
  v1::InspectionSampleRequest request;
  request.set_month("2026-06");
  v1::InspectionSample sample;
  s = report_stub_->GetInspectionSample(AsQuality(sample_context), request, &sample);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("seed"));
}

TEST_F(CallbackReportsApiTest, AnAgentCannotReadReports) {
  grpc::ClientContext context;
  fieldservice::testing::Authorize(context, "cb-01", {"callback_agent"});
  v1::ComplaintSummary r;
  grpc::Status s = report_stub_->GetComplaintSummary(&context, Month("2026-06"), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace fieldservice::callback
