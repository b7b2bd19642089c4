// The callback service over gRPC on port 0, with the real MariaDB, the
// shipped access policy and a fake clock: tasks made once per visit, the
// agents' queue under concurrency, lapsed claims, the retry policy and the
// survey's submission.
#include <grpcpp/create_channel.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "fieldservice/callback/v1/callback_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/callback/api/callback_handler.h"
#include "services/callback/api/callback_mapping.h"
#include "services/callback/domain/callback_service.h"
#include "services/callback/domain/default_survey.h"
#include "services/callback/storage/mysql_callback_repository.h"
#include "services/callback/storage/mysql_survey_store.h"
#include "services/common/clock.h"
#include "services/common/migrations.h"
#include "services/common/proto_time.h"
#include "services/common/server.h"
#include "services/common/sql.h"
#include "tests/callback/callback_test_support.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"

namespace fieldservice::callback {
namespace {

using callback::testing::GoodAnswers;

namespace v1 = ::fieldservice::callback::v1;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);
// Visits are completed on Monday 8 June 2026, 16:00; the agents work on
// Wednesday 10 June, 10:00, inside the 1 to 3 working days window.
const absl::Time kCompleted = absl::FromCivil(absl::CivilSecond(2026, 6, 8, 16, 0, 0), kChina);
const absl::Time kStart = absl::FromCivil(absl::CivilSecond(2026, 6, 10, 10, 0, 0), kChina);

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

class CallbackApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.Open("callback");
    ASSERT_NE(store_.pool, nullptr);
    repository_ = std::make_unique<MySqlCallbackRepository>(*store_.pool, common::RetryPolicy{});
    surveys_ = std::make_unique<MySqlSurveyStore>(
        *store_.pool, common::RetryPolicy{}, SurveyCodec{api::EncodeSurvey, api::DecodeSurvey});
    auto service =
        CallbackService::Create(*repository_, clock_, *store_.calendar, policy_, SurveyPolicy{},
                                surveys_.get(), {.refresh = absl::Seconds(10)});
    ASSERT_TRUE(service.ok()) << service.status();
    service_ = *std::move(service);
    handler_ = std::make_unique<api::CallbackHandler>(*service_);
    auto host = common::ServerHost::Start(fieldservice::testing::TestServerOptions("callback"),
                                          {common::Served<v1::Callbacks>(handler_.get())});
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
    orders_ = v1::Callbacks::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()),
                            fieldservice::testing::ServiceCredentials("orders")));
    people_ = v1::Callbacks::NewStub(fieldservice::testing::TestChannel(host_->port()));
  }
  void TearDown() override {
    if (host_) host_->Shutdown(absl::Seconds(1));
    host_.reset();
    store_.Close();
  }

  static v1::RecordVisitCompletedRequest Visit(const std::string& order, int64_t visit = 1) {
    v1::RecordVisitCompletedRequest r;
    r.set_order_number(order);
    r.set_visit_number(visit);
    common::SetTimestamp(kCompleted, r.mutable_completed_time());
    r.set_product_model("BCD-216");
    r.set_region_code("440106");
    r.set_technician_id("tech-01");
    r.set_outlet_id("outlet-01");
    r.mutable_repair_facts()->set_free_under_warranty(true);
    r.mutable_repair_facts()->set_record_signed(true);
    r.mutable_repair_facts()->set_function_test_recorded(true);
    r.mutable_summary()->set_product("冰箱");
    r.mutable_summary()->set_fault("不制冷");
    r.mutable_summary()->set_work_done("更换温控器");
    return r;
  }

  grpc::Status RecordVisit(const v1::RecordVisitCompletedRequest& request, v1::CallbackTask* out) {
    grpc::ClientContext context;
    return orders_->RecordVisitCompleted(&context, request, out);
  }

  void RecordVisits(int n) {
    for (int i = 0; i < n; ++i) {
      v1::CallbackTask task;
      grpc::Status s = RecordVisit(Visit(absl::StrCat("RO-", 100 + i)), &task);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
  }

  grpc::Status Claim(const std::string& agent, v1::CallbackTask* out) {
    grpc::ClientContext context;
    fieldservice::testing::Authorize(context, agent, {"callback_agent"});
    return people_->ClaimNextCallback(&context, v1::ClaimNextCallbackRequest(), out);
  }

  grpc::Status Attempt(const std::string& agent, const std::string& name,
                       v1::AttemptOutcome outcome, v1::CallbackTask* out) {
    grpc::ClientContext context;
    fieldservice::testing::Authorize(context, agent, {"callback_agent"});
    v1::RecordAttemptRequest request;
    request.set_name(name);
    request.set_outcome(outcome);
    return people_->RecordAttempt(&context, request, out);
  }

  grpc::Status Submit(const std::string& agent, const std::string& name, const Answers& answers,
                      v1::CallbackTask* out) {
    grpc::ClientContext context;
    fieldservice::testing::Authorize(context, agent, {"callback_agent"});
    v1::SubmitSurveyRequest request;
    request.set_name(name);
    request.set_survey_id(std::string(kDefaultSurveyId));
    request.set_survey_version(1);
    for (const auto& [key, answer] : answers) (*request.mutable_answers())[key] = answer;
    return people_->SubmitSurvey(&context, request, out);
  }

  grpc::Status Define(const v1::Survey& survey, v1::Survey* out,
                      const std::string& role = "quality") {
    grpc::ClientContext context;
    fieldservice::testing::Authorize(context, "qa-01", {role});
    v1::DefineSurveyRequest request;
    *request.mutable_survey() = survey;
    return people_->DefineSurvey(&context, request, out);
  }

  // The outbox's messages, "topic payload", oldest first.
  std::vector<std::string> Owed() {
    std::vector<std::string> out;
    auto lease = store_.pool->Acquire();
    EXPECT_TRUE(lease.ok()) << lease.status();
    if (!lease.ok()) return out;
    common::Statement st(lease->connection(), "SELECT topic, payload FROM outbox ORDER BY id");
    auto rs = st.Query();
    while (rs->next()) {
      out.push_back(absl::StrCat(std::string(rs->getString("topic")), " ",
                                 std::string(rs->getString("payload"))));
    }
    return out;
  }

  CallbackPolicy policy_;
  common::FakeClock clock_{kStart};
  callback::testing::CallbackTestDb store_;
  std::unique_ptr<MySqlCallbackRepository> repository_;
  std::unique_ptr<MySqlSurveyStore> surveys_;
  std::unique_ptr<CallbackService> service_;
  std::unique_ptr<api::CallbackHandler> handler_;
  std::unique_ptr<common::ServerHost> host_;
  std::unique_ptr<v1::Callbacks::Stub> orders_;
  std::unique_ptr<v1::Callbacks::Stub> people_;
};

TEST_F(CallbackApiTest, TheSameVisitTwiceMakesOneTask) {
  v1::CallbackTask first, second;
  ASSERT_TRUE(RecordVisit(Visit("RO-1"), &first).ok());
  v1::RecordVisitCompletedRequest again = Visit("RO-1");
  again.mutable_summary()->set_fault("something else");  // the key decides, not the content
  ASSERT_TRUE(RecordVisit(again, &second).ok());
  EXPECT_EQ(first.name(), "callbacks/RO-1/1");
  EXPECT_EQ(second.name(), first.name());
  EXPECT_EQ(second.summary().fault(), "不制冷");
  EXPECT_EQ(first.state(), v1::PENDING);
  EXPECT_FALSE(first.survey().questions().empty());

  v1::CallbackTask claimed, none;
  ASSERT_TRUE(Claim("cb-01", &claimed).ok());
  EXPECT_EQ(claimed.name(), first.name());
  EXPECT_EQ(Claim("cb-02", &none).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(CallbackApiTest, TheSameVisitDeliveredConcurrentlyMakesOneTask) {
  constexpr int kDeliveries = 8;
  std::vector<grpc::Status> statuses(kDeliveries);
  std::vector<v1::CallbackTask> tasks(kDeliveries);
  std::vector<std::thread> deliveries;
  for (int i = 0; i < kDeliveries; ++i) {
    deliveries.emplace_back([&, i] { statuses[i] = RecordVisit(Visit("RO-9", 2), &tasks[i]); });
  }
  for (std::thread& t : deliveries) t.join();
  for (int i = 0; i < kDeliveries; ++i) {
    ASSERT_TRUE(statuses[i].ok()) << statuses[i].error_message();
    EXPECT_EQ(tasks[i].name(), "callbacks/RO-9/2");
  }
  v1::CallbackTask claimed, none;
  ASSERT_TRUE(Claim("cb-01", &claimed).ok());
  EXPECT_EQ(Claim("cb-02", &none).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(CallbackApiTest, OnlyTheOrdersServiceRecordsVisits) {
  grpc::ClientContext context;
  fieldservice::testing::Authorize(context, "cb-01", {"callback_agent"});
  v1::CallbackTask task;
  EXPECT_EQ(people_->RecordVisitCompleted(&context, Visit("RO-1"), &task).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(CallbackApiTest, TwentyAgentsClaimingAtOnceNeverShareATask) {
  RecordVisits(20);
  std::vector<v1::CallbackTask> claimed(20);
  std::vector<grpc::Status> statuses(20);
  std::vector<std::thread> agents;
  for (int i = 0; i < 20; ++i) {
    agents.emplace_back([&, i] { statuses[i] = Claim(absl::StrCat("cb-", i), &claimed[i]); });
  }
  for (std::thread& t : agents) t.join();
  std::set<std::string> names;
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(statuses[i].ok()) << "agent " << i << ": " << statuses[i].error_message();
    EXPECT_EQ(claimed[i].agent_id(), absl::StrCat("cb-", i));
    names.insert(claimed[i].name());
  }
  EXPECT_EQ(names.size(), 20u);
  v1::CallbackTask none;
  EXPECT_EQ(Claim("cb-late", &none).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(CallbackApiTest, ALapsedClaimReturnsToTheQueue) {
  RecordVisits(1);
  v1::CallbackTask first, none, second;
  ASSERT_TRUE(Claim("cb-01", &first).ok());
  EXPECT_EQ(Claim("cb-02", &none).error_code(), grpc::StatusCode::NOT_FOUND);
  clock_.Advance(policy_.claim_lapse);
  ASSERT_TRUE(Claim("cb-02", &second).ok());
  EXPECT_EQ(second.name(), first.name());
  EXPECT_EQ(second.agent_id(), "cb-02");
  // The first agent no longer holds it.
  grpc::ClientContext context;
  fieldservice::testing::Authorize(context, "cb-01", {"callback_agent"});
  v1::HeartbeatCallbackRequest beat;
  beat.set_name(first.name());
  v1::CallbackTask out;
  EXPECT_EQ(people_->HeartbeatCallback(&context, beat, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(CallbackApiTest, UnansweredCallsAreRetriedThenGiveUp) {
  RecordVisits(1);
  v1::CallbackTask task;
  for (int call = 1; call <= policy_.max_attempts; ++call) {
    ASSERT_TRUE(Claim("cb-01", &task).ok()) << "call " << call;
    ASSERT_TRUE(Attempt("cb-01", task.name(), v1::NO_ANSWER, &task).ok()) << "call " << call;
    EXPECT_EQ(task.attempts_size(), call);
    if (call < policy_.max_attempts) {
      EXPECT_EQ(task.state(), v1::RETRY_WAIT);
      EXPECT_EQ(TimeOf(task.next_attempt_time()), clock_.Now() + policy_.retry_spacing);
      v1::CallbackTask none;
      EXPECT_EQ(Claim("cb-01", &none).error_code(), grpc::StatusCode::NOT_FOUND)
          << "not before the retry time";
      clock_.Advance(policy_.retry_spacing);
    }
  }
  EXPECT_EQ(task.state(), v1::GAVE_UP);
  EXPECT_EQ(task.give_up_reason(), "UNREACHABLE");
  EXPECT_TRUE(task.order_flagged());
}

TEST_F(CallbackApiTest, ACallBackLaterWaitsForTheCustomersTime) {
  RecordVisits(1);
  v1::CallbackTask task;
  ASSERT_TRUE(Claim("cb-01", &task).ok());
  const absl::Time later = clock_.Now() + absl::Hours(5);
  grpc::ClientContext context;
  fieldservice::testing::Authorize(context, "cb-01", {"callback_agent"});
  v1::RecordAttemptRequest request;
  request.set_name(task.name());
  request.set_outcome(v1::CALL_BACK_LATER);
  common::SetTimestamp(later, request.mutable_call_back_time());
  ASSERT_TRUE(people_->RecordAttempt(&context, request, &task).ok());
  EXPECT_EQ(task.state(), v1::RETRY_WAIT);
  EXPECT_EQ(TimeOf(task.next_attempt_time()), later);
  v1::CallbackTask none, again;
  EXPECT_EQ(Claim("cb-02", &none).error_code(), grpc::StatusCode::NOT_FOUND);
  clock_.Set(later);
  ASSERT_TRUE(Claim("cb-02", &again).ok());
  EXPECT_EQ(again.name(), task.name());
}

TEST_F(CallbackApiTest, AReleasedTaskIsClaimableAgainAtOnce) {
  RecordVisits(1);
  v1::CallbackTask task, released, again;
  ASSERT_TRUE(Claim("cb-01", &task).ok());
  grpc::ClientContext context;
  fieldservice::testing::Authorize(context, "cb-01", {"callback_agent"});
  v1::ReleaseCallbackRequest release;
  release.set_name(task.name());
  ASSERT_TRUE(people_->ReleaseCallback(&context, release, &released).ok());
  EXPECT_EQ(released.state(), v1::PENDING);
  ASSERT_TRUE(Claim("cb-02", &again).ok());
  EXPECT_EQ(again.name(), task.name());
}

TEST_F(CallbackApiTest, ABadVisitIsRefusedNamingEachField) {
  v1::RecordVisitCompletedRequest visit = Visit("");
  visit.set_visit_number(0);
  visit.mutable_repair_facts()->set_charged_fen(-1);
  v1::CallbackTask task;
  grpc::Status s = RecordVisit(visit, &task);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  for (const char* field : {"order_number", "visit_number", "repair_facts.charged_fen"}) {
    EXPECT_NE(s.error_message().find(field), std::string::npos)
        << field << ": " << s.error_message();
  }
}

TEST_F(CallbackApiTest, ABadAnswerIsRefusedNamingTheField) {
  RecordVisits(1);
  v1::CallbackTask task, out;
  ASSERT_TRUE(Claim("cb-01", &task).ok());
  Answers answers = GoodAnswers();
  answers["technician_satisfaction"] = "9";
  grpc::Status s = Submit("cb-01", task.name(), answers, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("technician_satisfaction"), std::string::npos)
      << s.error_message();
}

TEST_F(CallbackApiTest, AProductNotWorkingIsNotSolved) {
  RecordVisits(1);
  v1::CallbackTask task, out;
  ASSERT_TRUE(Claim("cb-01", &task).ok());
  Answers answers = GoodAnswers();
  answers["product_working"] = "no";
  grpc::Status s = Submit("cb-01", task.name(), answers, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.state(), v1::COMPLETED);
  EXPECT_EQ(out.outcome(), v1::NOT_SOLVED);
  ASSERT_FALSE(out.findings().empty());
  EXPECT_EQ(out.findings(0).kind(), "NOT_SOLVED");
  EXPECT_EQ(out.findings(0).question_key(), "product_working");
  // In the same transaction: the verdict for orders, the rating for
  // scheduling (outcome_report.h), each once.
  EXPECT_THAT(Owed(), ::testing::ElementsAre("orders.callback_outcome RO-100/1",
                                             "scheduling.callback_rating RO-100/1"));
}

TEST_F(CallbackApiTest, AGivenUpTaskOwesOrdersOnlyTheVerdict) {
  RecordVisits(1);
  v1::CallbackTask task, out;
  ASSERT_TRUE(Claim("cb-01", &task).ok());
  ASSERT_TRUE(Attempt("cb-01", task.name(), v1::WRONG_NUMBER, &out).ok());
  EXPECT_EQ(out.state(), v1::GAVE_UP);
  EXPECT_THAT(Owed(), ::testing::ElementsAre("orders.callback_outcome RO-100/1"));
}

TEST_F(CallbackApiTest, GoodAnswersAreSatisfiedAndStored) {
  RecordVisits(1);
  v1::CallbackTask task, out;
  ASSERT_TRUE(Claim("cb-01", &task).ok());
  grpc::Status s = Submit("cb-01", task.name(), GoodAnswers(), &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.state(), v1::COMPLETED);
  EXPECT_EQ(out.outcome(), v1::SATISFIED);
  EXPECT_TRUE(out.findings().empty());

  grpc::ClientContext context;
  fieldservice::testing::Authorize(context, "qa-01", {"quality"});
  v1::GetCallbackRequest get;
  get.set_name(task.name());
  v1::CallbackTask read;
  ASSERT_TRUE(people_->GetCallback(&context, get, &read).ok());
  EXPECT_EQ(read.outcome(), v1::SATISFIED);
  EXPECT_EQ(read.answers_size(), static_cast<int>(GoodAnswers().size()));
  EXPECT_EQ(read.summary().work_done(), "更换温控器");
}

TEST_F(CallbackApiTest, OnlyTheHolderSubmits) {
  RecordVisits(1);
  v1::CallbackTask task, out;
  ASSERT_TRUE(Claim("cb-01", &task).ok());
  EXPECT_EQ(Submit("cb-02", task.name(), GoodAnswers(), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Nor does another agent read it.
  grpc::ClientContext context;
  fieldservice::testing::Authorize(context, "cb-02", {"callback_agent"});
  v1::GetCallbackRequest get;
  get.set_name(task.name());
  EXPECT_EQ(people_->GetCallback(&context, get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// GetCallback shows the repair record (parts, fees, the 三包 decision) and
// the visit's facts as reported; the customer's phone only to the agent who
// holds the claim (DOMAIN.md "Confidentiality").
TEST_F(CallbackApiTest, TheRecordIsShownAndThePhoneOnlyToTheHolder) {
  v1::RecordVisitCompletedRequest visit = Visit("RO-300");
  visit.set_complaint(true);
  visit.set_complaint_kind(v1::CRISIS);
  visit.set_serial("BE0123456789");
  visit.set_symptom_code("no_cooling");
  common::SetTimestamp(kCompleted - absl::Hours(30), visit.mutable_received_time());
  common::SetTimestamp(kCompleted - absl::Hours(2), visit.mutable_arrived_time());
  visit.mutable_repair_facts()->set_record_known(true);
  v1::RecordPart* part = visit.mutable_record()->add_parts();
  part->set_part_id("thermostat");
  part->set_serial("TS-99");
  part->set_quantity(1);
  v1::RecordFee* fee = visit.mutable_record()->add_fees();
  fee->set_kind("LABOUR");
  fee->set_amount_fen(5000);
  visit.mutable_record()->set_coverage("PAID");
  visit.mutable_customer()->set_name("李四");
  visit.mutable_customer()->set_phone("13912345678");
  v1::CallbackTask recorded;
  ASSERT_TRUE(RecordVisit(visit, &recorded).ok());
  EXPECT_EQ(recorded.customer().phone(), "") << "the orders service holds no claim";

  v1::CallbackTask claimed;
  ASSERT_TRUE(Claim("cb-01", &claimed).ok());
  EXPECT_EQ(claimed.customer().phone(), "13912345678");
  EXPECT_EQ(claimed.customer().name(), "李四");
  EXPECT_EQ(claimed.complaint_kind(), v1::CRISIS);
  EXPECT_EQ(claimed.serial(), "BE0123456789");
  EXPECT_EQ(claimed.symptom_code(), "no_cooling");
  EXPECT_EQ(claimed.received_time().seconds(), absl::ToUnixSeconds(kCompleted - absl::Hours(30)));
  EXPECT_EQ(claimed.arrived_time().seconds(), absl::ToUnixSeconds(kCompleted - absl::Hours(2)));
  EXPECT_FALSE(claimed.has_assigned_time());
  EXPECT_TRUE(claimed.repair_facts().record_known());
  ASSERT_EQ(claimed.record().parts_size(), 1);
  EXPECT_EQ(claimed.record().parts(0).serial(), "TS-99");
  ASSERT_EQ(claimed.record().fees_size(), 1);
  EXPECT_EQ(claimed.record().fees(0).amount_fen(), 5000);
  EXPECT_EQ(claimed.record().coverage(), "PAID");

  grpc::ClientContext context;
  fieldservice::testing::Authorize(context, "qa-01", {"quality"});
  v1::GetCallbackRequest get;
  get.set_name(claimed.name());
  v1::CallbackTask read;
  ASSERT_TRUE(people_->GetCallback(&context, get, &read).ok());
  EXPECT_EQ(read.customer().name(), "李四");
  EXPECT_EQ(read.customer().phone(), "") << "quality reads the task, not the phone";
  EXPECT_EQ(read.record().parts_size(), 1);
}

TEST_F(CallbackApiTest, AComplaintWithoutItsKindIsRefused) {
  v1::RecordVisitCompletedRequest visit = Visit("RO-301");
  visit.set_complaint(true);
  v1::CallbackTask out;
  grpc::Status s = RecordVisit(visit, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("complaint_kind"));
}

// Surveys are versioned and new versions can be defined; tasks are asked
// the latest version of the active survey; a submitted survey keeps its
// version; the definition is stored, so another replica (or a restart)
// knows it.
TEST_F(CallbackApiTest, ANewSurveyVersionIsAskedAndAnsweredTasksKeepTheirs) {
  RecordVisits(2);
  v1::CallbackTask first, done;
  ASSERT_TRUE(Claim("cb-01", &first).ok());
  EXPECT_EQ(first.survey().version(), 1);
  ASSERT_TRUE(Submit("cb-01", first.name(), GoodAnswers(), &done).ok());

  v1::Survey v2;
  api::ToProto(DefaultSurvey(), &v2);
  v2.set_version(2);
  v1::Question* extra = v2.add_questions();
  extra->set_key("would_recommend");
  extra->set_text_zh("您愿意向亲友推荐我们的服务吗?");
  extra->set_text_en("Would you recommend our service?");
  extra->set_type("YES_NO");
  extra->set_required(true);
  extra->set_finding("DISSATISFIED");
  v1::Survey defined;
  grpc::Status s = Define(v2, &defined);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(defined.version(), 2);
  // The same definition again is its retry; other content for version 2 is not.
  ASSERT_TRUE(Define(v2, &defined).ok());
  v1::Survey changed = v2;
  changed.set_title("另一份问卷");
  EXPECT_EQ(Define(changed, &defined).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  // Version 4 is not the next one.
  v1::Survey skipped = v2;
  skipped.set_version(4);
  EXPECT_EQ(Define(skipped, &defined).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  // A bad definition names the field.
  v1::Survey bad = v2;
  bad.set_version(3);
  bad.mutable_questions(0)->set_type("ESSAY");
  s = Define(bad, &defined);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("survey.questions[0].type"));

  // The next task is asked version 2; its answers are checked against it.
  v1::CallbackTask second, out;
  ASSERT_TRUE(Claim("cb-02", &second).ok());
  EXPECT_EQ(second.survey().version(), 2);
  ASSERT_EQ(second.survey().questions_size(), v2.questions_size());
  grpc::ClientContext context;
  fieldservice::testing::Authorize(context, "cb-02", {"callback_agent"});
  v1::SubmitSurveyRequest request;
  request.set_name(second.name());
  request.set_survey_id("default");
  request.set_survey_version(2);
  for (const auto& [key, answer] : GoodAnswers()) (*request.mutable_answers())[key] = answer;
  s = people_->SubmitSurvey(&context, request, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << "would_recommend unanswered";
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("would_recommend"));
  (*request.mutable_answers())["would_recommend"] = "no";
  grpc::ClientContext again;
  fieldservice::testing::Authorize(again, "cb-02", {"callback_agent"});
  s = people_->SubmitSurvey(&again, request, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.survey_version(), 2);
  ASSERT_EQ(out.findings_size(), 1);
  EXPECT_EQ(out.findings(0).kind(), "DISSATISFIED");

  // The first task still reads the version it was answered under.
  grpc::ClientContext read;
  fieldservice::testing::Authorize(read, "qa-01", {"quality"});
  v1::GetCallbackRequest get;
  get.set_name(first.name());
  v1::CallbackTask reread;
  ASSERT_TRUE(people_->GetCallback(&read, get, &reread).ok());
  EXPECT_EQ(reread.survey().version(), 1);

  // Another replica on the same database knows version 2.
  auto replica = CallbackService::Create(*repository_, clock_, *store_.calendar, policy_,
                                         SurveyPolicy{}, surveys_.get(), {});
  ASSERT_TRUE(replica.ok()) << replica.status();
  auto latest = (*replica)->ActiveSurvey();
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(latest->version, 2);
  EXPECT_NE(latest->Find("would_recommend"), nullptr);
}

TEST_F(CallbackApiTest, GetSurveyGivesTheDefaultSurvey) {
  grpc::ClientContext context;
  fieldservice::testing::Authorize(context, "sup-01", {"supervisor"});
  v1::Survey survey;
  ASSERT_TRUE(people_->GetSurvey(&context, v1::GetSurveyRequest(), &survey).ok());
  EXPECT_EQ(survey.survey_id(), kDefaultSurveyId);
  EXPECT_EQ(survey.version(), 1);
  const Survey expected = DefaultSurvey();
  ASSERT_EQ(survey.questions_size(), static_cast<int>(expected.questions.size()));
  for (int i = 0; i < survey.questions_size(); ++i) {
    EXPECT_EQ(survey.questions(i).key(), expected.questions[i].key);
    EXPECT_EQ(survey.questions(i).options_size(),
              static_cast<int>(expected.questions[i].options.size()));
  }
}

}  // namespace
}  // namespace fieldservice::callback
