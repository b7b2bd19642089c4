// Issue 11: orders reports a completed visit to the real callback service
// (in-process on port 0, its own MariaDB database, mutual TLS with the
// orders certificate, the shipped access policy), as the relay delivers a
// callback.visit_completed message.
#include <grpcpp/create_channel.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "fieldservice/callback/v1/callback_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/callback/api/callback_handler.h"
#include "services/callback/domain/callback_service.h"
#include "services/callback/storage/mysql_callback_repository.h"
#include "services/common/migrations.h"
#include "services/common/server.h"
#include "services/orders/clients/callback_reporter.h"
#include "services/orders/domain/visit_report.h"
#include "tests/orders/orders_fixture.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"

namespace fieldservice::orders::testing {
namespace {

namespace cv1 = ::fieldservice::callback::v1;

class CallbackReportIntegrationTest : public OrdersFixture {
 protected:
  void SetUp() override {
    OrdersFixture::SetUp();
    callback_db_ = fieldservice::testing::CreateTestDatabase("callback_for_orders");
    callback_pool_ = std::make_unique<common::ConnectionPool>(callback_db_);
    auto applied =
        common::ApplyMigrations(*callback_pool_, callback::EmbeddedMigrations(), absl::Seconds(30));
    ASSERT_TRUE(applied.ok()) << applied.status();
    callback_repository_ =
        std::make_unique<callback::MySqlCallbackRepository>(*callback_pool_, common::RetryPolicy{});
    auto service =
        callback::CallbackService::Create(*callback_repository_, clock_, *calendar_,
                                          callback::CallbackPolicy{}, callback::SurveyPolicy{});
    ASSERT_TRUE(service.ok()) << service.status();
    callback_service_ = *std::move(service);
    handler_ = std::make_unique<callback::api::CallbackHandler>(*callback_service_);
    auto host = common::ServerHost::Start(fieldservice::testing::TestServerOptions("callback"),
                                          {common::Served<cv1::Callbacks>(handler_.get())});
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
    // Mutual TLS with the orders certificate, as orders_server calls it.
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()),
                                   fieldservice::testing::ServiceCredentials("orders"));
    reporter_ = std::make_unique<CallbackReporter>(*orders_, channel_, absl::Seconds(3));
  }
  void TearDown() override {
    reporter_.reset();
    if (host_) host_->Shutdown(absl::Seconds(1));
    host_.reset();
    callback_pool_.reset();
    fieldservice::testing::DropTestDatabase(callback_db_);
    OrdersFixture::TearDown();
  }

  RepairOrder Move(const RepairOrder& o, OrderEvent event, TransitionPayload p = {}) {
    auto moved = orders_->Transition(o.order_number, o.version, event, p, agent_);
    EXPECT_TRUE(moved.ok()) << EventName(event) << ": " << moved.status();
    return moved.ok() ? *moved : o;
  }

  // An on-site order visited by tech-7 and completed (people record the
  // steps: this fixture's orders service does not sync dispatch).
  RepairOrder CompletedOnSite() {
    RepairOrder o = Move(MustCreate(), OrderEvent::kQueueForDispatch);
    o = Move(o, OrderEvent::kAssign, {.technician_id = "tech-7"});
    o = Move(
        o, OrderEvent::kBookAppointment,
        {.appointment = TimeWindow{clock_.Now() + absl::Hours(2), clock_.Now() + absl::Hours(4)}});
    o = Move(o, OrderEvent::kDepart);
    o = Move(o, OrderEvent::kArrive);
    clock_.Advance(absl::Hours(1));
    return Move(o, OrderEvent::kComplete);
  }

  common::DbSettings callback_db_;
  std::unique_ptr<common::ConnectionPool> callback_pool_;
  std::unique_ptr<callback::MySqlCallbackRepository> callback_repository_;
  std::unique_ptr<callback::CallbackService> callback_service_;
  std::unique_ptr<callback::api::CallbackHandler> handler_;
  std::unique_ptr<common::ServerHost> host_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<CallbackReporter> reporter_;
};

// What orders sends makes the visit's task (the outlet, unknown for a visit
// completed by people, is optional); delivered again, it makes no second
// task.
TEST_F(CallbackReportIntegrationTest, ACompletedVisitBecomesOneCallbackTask) {
  const RepairOrder o = CompletedOnSite();
  common::OutboxMessage message{.message_id = "m-1",
                                .topic = kCallbackVisitCompletedTopic,
                                .payload = o.order_number + "\nagent-1001\n1"};
  ASSERT_TRUE(reporter_->Deliver(message).ok());
  ASSERT_TRUE(reporter_->Deliver(message).ok()) << "a message delivered twice";
  const cv1::RecordVisitCompletedRequest request =
      CallbackReporter::RequestFor(o, 1, {.completed_at = clock_.Now()});
  EXPECT_THAT(request.outlet_id(), ::testing::IsEmpty());
  auto stub = cv1::Callbacks::NewStub(channel_);
  grpc::ClientContext context;
  cv1::CallbackTask task;
  grpc::Status status = stub->RecordVisitCompleted(&context, request, &task);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(task.name(), absl::StrCat("callbacks/", o.order_number, "/1"));
  EXPECT_EQ(task.order_number(), o.order_number);
}

// Issue 11: a visit scheduling completed with the technician's repair
// record reaches the callback service with it: the task holds the record's
// facts (signed, function tested, parts, fees charged) and the outlet, so
// the callback's findings are read from what was recorded.
TEST_F(CallbackReportIntegrationTest, AVisitsRepairRecordReachesTheCallbackTask) {
  // As main.cc wires orders with a scheduling and a callback service.
  OrderService synced(*order_repository_, clock_, *calendar_, orders_->policy(),
                      /*request_warranty=*/false, nullptr, /*sync_dispatch=*/true,
                      /*report_visits=*/true);
  CallbackReporter reporter(synced, channel_, absl::Seconds(3));
  RepairOrder o = Move(MustCreate(), OrderEvent::kQueueForDispatch);
  const Actor scheduling{.principal = "scheduling", .roles = {"service"}};
  DispatchProgress done{
      .dispatch_version = 7,
      .status = OrderStatus::kCompleted,
      .technician_id = "tech-7",
      .appointment = TimeWindow{clock_.Now() + absl::Hours(2), clock_.Now() + absl::Hours(4)},
      .reason = "",
      .eta = std::nullopt,
      .visit_summary = "更换温控器",
      .visit_record =
          VisitRecord{.function_test_passed = true,
                      .signed_by_customer = true,
                      .parts = {{.part_id = "thermostat", .serial = "TH-0001", .quantity = 1}},
                      .fees = {{.kind = "LABOUR", .part_id = "", .amount_fen = 8000},
                               {.kind = "CALLOUT", .part_id = "", .amount_fen = 3000}}},
      .technician_outlet = "广州天河网点"};
  auto completed = synced.RecordDispatchProgress(o.order_number, done, scheduling);
  ASSERT_TRUE(completed.ok()) << completed.status();
  ASSERT_EQ(completed->status, OrderStatus::kCompleted);

  common::OutboxMessage message{.message_id = "m-2",
                                .topic = kCallbackVisitCompletedTopic,
                                .payload = o.order_number + "\n\n1"};
  ASSERT_TRUE(reporter.Deliver(message).ok());
  // The task as made: delivering the same visit again returns it.
  auto stub = cv1::Callbacks::NewStub(channel_);
  grpc::ClientContext context;
  cv1::CallbackTask task;
  grpc::Status status = stub->RecordVisitCompleted(
      &context, CallbackReporter::RequestFor(*synced.Get(o.order_number), 1, {}), &task);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(task.name(), absl::StrCat("callbacks/", o.order_number, "/1"));
  EXPECT_EQ(task.outlet_id(), "广州天河网点");
  EXPECT_TRUE(task.repair_facts().record_known());
  EXPECT_TRUE(task.repair_facts().record_signed());
  EXPECT_TRUE(task.repair_facts().function_test_recorded());
  EXPECT_EQ(task.repair_facts().charged_fen(), 11000);
  ASSERT_EQ(task.record().parts_size(), 1);
  EXPECT_EQ(task.record().parts(0).serial(), "TH-0001");
  EXPECT_EQ(task.record().fees_size(), 2);
}

}  // namespace
}  // namespace fieldservice::orders::testing
