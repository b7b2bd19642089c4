// RecordDispatchProgress through a real gRPC server on port 0 and a real
// MariaDB, called as the scheduling service does (mutual TLS with its
// certificate): the order follows its job step by step in the audit trail,
// a report acts once, only service:scheduling may send one, and with
// scheduling configured people no longer record the dispatch steps by hand.
#include <grpcpp/create_channel.h>

#include "fieldservice/orders/v1/orders_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/common/ids.h"
#include "services/common/server.h"
#include "services/orders/api/proto_mapping.h"
#include "services/orders/api/repair_orders_handler.h"
#include "tests/orders/orders_fixture.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"

namespace fieldservice::orders::testing {
namespace {

namespace v1 = ::fieldservice::orders::v1;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class DispatchProgressApiTest : public OrdersFixture {
 protected:
  void SetUp() override {
    OrdersFixture::SetUp();
    // As main.cc wires it when a scheduling service is configured.
    orders_ = std::make_unique<OrderService>(*order_repository_, clock_, *calendar_,
                                             orders_->policy(), /*request_warranty=*/false,
                                             /*catalogue=*/nullptr, /*sync_dispatch=*/true);
    handler_ = std::make_unique<api::RepairOrdersHandler>(*orders_, *approvals_);
    auto host = common::ServerHost::Start(fieldservice::testing::TestServerOptions("orders"),
                                          {common::Served<v1::RepairOrders>(handler_.get())});
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
    const std::string address = absl::StrCat("127.0.0.1:", host_->port());
    people_ = v1::RepairOrders::NewStub(fieldservice::testing::TestChannel(host_->port()));
    scheduling_ = v1::RepairOrders::NewStub(
        grpc::CreateChannel(address, fieldservice::testing::ServiceCredentials("scheduling")));
    orders_service_ = v1::RepairOrders::NewStub(
        grpc::CreateChannel(address, fieldservice::testing::ServiceCredentials("orders")));
  }
  void TearDown() override {
    host_->Shutdown(absl::Seconds(1));
    host_.reset();
    OrdersFixture::TearDown();
  }

  std::unique_ptr<grpc::ClientContext> Agent() {
    auto context = std::make_unique<grpc::ClientContext>();
    fieldservice::testing::Authorize(*context, "agent-1001", {"agent"});
    return context;
  }

  // An on-site order the agent took and queued for dispatch.
  v1::RepairOrder Queued() {
    RepairOrder created = MustCreate();
    auto queued = orders_->Transition(created.order_number, std::nullopt,
                                      OrderEvent::kQueueForDispatch, {}, agent_);
    EXPECT_TRUE(queued.ok()) << queued.status();
    return Read("repairOrders/" + created.order_number);
  }

  v1::RepairOrder Read(const std::string& name) {
    v1::GetRepairOrderRequest get;
    get.set_name(name);
    v1::RepairOrder out;
    grpc::Status s = people_->GetRepairOrder(Agent().get(), get, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  std::vector<v1::RepairOrderEvent> Events(const std::string& name) {
    v1::ListRepairOrderEventsRequest request;
    request.set_name(name);
    v1::ListRepairOrderEventsResponse page;
    grpc::Status s = people_->ListRepairOrderEvents(Agent().get(), request, &page);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {page.events().begin(), page.events().end()};
  }

  // The report scheduling sends for its job at `status`.
  v1::RecordDispatchProgressRequest Report(const std::string& name, int64_t version,
                                           v1::Status status,
                                           const std::string& technician = "tech-7") {
    v1::RecordDispatchProgressRequest r;
    r.set_name(name);
    r.set_dispatch_version(version);
    r.set_status(status);
    r.set_technician_id(technician);
    api::SetTimestamp(window_start_, r.mutable_appointment()->mutable_start_time());
    api::SetTimestamp(window_start_ + absl::Hours(3), r.mutable_appointment()->mutable_end_time());
    r.set_reason("系统派单");
    api::SetTimestamp(clock_.Now(), r.mutable_change_time());
    return r;
  }

  grpc::Status Record(const v1::RecordDispatchProgressRequest& r, v1::RepairOrder* out,
                      v1::RepairOrders::Stub* as = nullptr) {
    grpc::ClientContext context;
    return (as != nullptr ? as : scheduling_.get())->RecordDispatchProgress(&context, r, out);
  }

  static std::vector<std::string> BadFields(const grpc::Status& s) {
    google::rpc::Status details;
    EXPECT_TRUE(details.ParseFromString(s.error_details()));
    std::vector<std::string> fields;
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad;
      if (any.UnpackTo(&bad)) {
        for (const auto& v : bad.field_violations()) fields.push_back(v.field());
      }
    }
    return fields;
  }

  const absl::Time window_start_ = China(2026, 11, 24, 9, 0);
  std::unique_ptr<api::RepairOrdersHandler> handler_;
  std::unique_ptr<common::ServerHost> host_;
  std::unique_ptr<v1::RepairOrders::Stub> people_;
  std::unique_ptr<v1::RepairOrders::Stub> scheduling_;
  std::unique_ptr<v1::RepairOrders::Stub> orders_service_;
};

TEST_F(DispatchProgressApiTest, TheOrderFollowsTheJobStepByStepInTheAuditTrail) {
  const v1::RepairOrder queued = Queued();
  const size_t before = Events(queued.name()).size();

  v1::RecordDispatchProgressRequest en_route = Report(queued.name(), 3, v1::EN_ROUTE);
  api::SetTimestamp(China(2026, 11, 24, 9, 40), en_route.mutable_eta());
  v1::RepairOrder o;
  grpc::Status s = Record(en_route, &o);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(o.status(), v1::EN_ROUTE);
  EXPECT_EQ(o.technician_id(), "tech-7");
  EXPECT_EQ(o.appointment().start_time().seconds(), absl::ToUnixSeconds(window_start_));

  std::vector<v1::RepairOrderEvent> events = Events(queued.name());
  ASSERT_EQ(events.size(), before + 3);
  const v1::RepairOrderEvent& assign = events[before];
  const v1::RepairOrderEvent& book = events[before + 1];
  const v1::RepairOrderEvent& depart = events[before + 2];
  EXPECT_EQ(assign.event(), v1::ASSIGN);
  EXPECT_EQ(assign.from_status(), v1::PENDING_DISPATCH);
  EXPECT_EQ(assign.to_status(), v1::ASSIGNED);
  EXPECT_EQ(book.event(), v1::BOOK_APPOINTMENT);
  EXPECT_EQ(book.from_status(), v1::ASSIGNED);
  EXPECT_EQ(book.to_status(), v1::APPOINTMENT_BOOKED);
  EXPECT_EQ(depart.event(), v1::DEPART);
  EXPECT_EQ(depart.to_status(), v1::EN_ROUTE);
  for (const auto& e : {assign, book, depart}) {
    EXPECT_EQ(e.action(), v1::TRANSITIONED);
    EXPECT_EQ(e.actor(), "scheduling");  // the verified caller, service:scheduling
    EXPECT_THAT(e.reason(), HasSubstr("系统派单"));
  }
  EXPECT_THAT(depart.reason(), HasSubstr("eta 2026-11-24 09:40"));

  // On site, then completed with the repair record's summary.
  ASSERT_TRUE(Record(Report(queued.name(), 4, v1::ON_SITE_VISIT), &o).ok());
  v1::RecordDispatchProgressRequest done = Report(queued.name(), 6, v1::COMPLETED);
  done.set_visit_summary("更换温控器；收费 0 元（三包免费）");
  ASSERT_TRUE(Record(done, &o).ok());
  EXPECT_EQ(o.status(), v1::COMPLETED);
  EXPECT_EQ(o.visit_summary(), "更换温控器；收费 0 元（三包免费）");
  events = Events(queued.name());
  ASSERT_EQ(events.size(), before + 5);
  EXPECT_EQ(events[before + 3].event(), v1::ARRIVE);
  EXPECT_EQ(events[before + 4].event(), v1::COMPLETE);
  EXPECT_EQ(events[before + 4].reason(), "更换温控器；收费 0 元（三包免费）");
  EXPECT_EQ(Read(queued.name()).visit_summary(), "更换温控器；收费 0 元（三包免费）");
}

// Issue 11: the COMPLETED report carries the technician's repair record and
// outlet; the order keeps them (through the database) for the callback
// until a reopen starts a new visit without one, and the next completion
// brings the next visit's record.
TEST_F(DispatchProgressApiTest, ACompletedVisitKeepsItsRepairRecordUntilTheOrderIsReopened) {
  const v1::RepairOrder queued = Queued();
  v1::RecordDispatchProgressRequest done = Report(queued.name(), 6, v1::COMPLETED);
  done.set_visit_summary("更换温控器");
  v1::VisitRecord* record = done.mutable_visit_record();
  record->set_function_test_passed(true);
  record->set_signed_by_customer(true);
  v1::VisitPart* part = record->add_parts();
  part->set_part_id("thermostat");
  part->set_serial("TH\t00\\01\n");  // as a scanner sent it: kept as it is
  part->set_quantity(2);
  v1::VisitFee* labour = record->add_fees();
  labour->set_kind("LABOUR");
  labour->set_amount_fen(8000);
  v1::VisitFee* fee = record->add_fees();
  fee->set_kind("PART");
  fee->set_part_id("thermostat");
  fee->set_amount_fen(9500);
  done.set_technician_outlet("广州天河网点");
  v1::RepairOrder o;
  grpc::Status s = Record(done, &o);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(o.status(), v1::COMPLETED);

  v1::RepairOrder kept = Read(queued.name());  // as stored
  ASSERT_TRUE(kept.has_visit_record());
  EXPECT_TRUE(kept.visit_record().function_test_passed());
  EXPECT_TRUE(kept.visit_record().signed_by_customer());
  ASSERT_EQ(kept.visit_record().parts_size(), 1);
  EXPECT_EQ(kept.visit_record().parts(0).part_id(), "thermostat");
  EXPECT_EQ(kept.visit_record().parts(0).serial(), "TH\t00\\01\n");
  EXPECT_EQ(kept.visit_record().parts(0).quantity(), 2);
  ASSERT_EQ(kept.visit_record().fees_size(), 2);
  EXPECT_EQ(kept.visit_record().fees(0).kind(), "LABOUR");
  EXPECT_EQ(kept.visit_record().fees(0).part_id(), "");
  EXPECT_EQ(kept.visit_record().fees(0).amount_fen(), 8000);
  EXPECT_EQ(kept.visit_record().fees(1).kind(), "PART");
  EXPECT_EQ(kept.visit_record().fees(1).part_id(), "thermostat");
  EXPECT_EQ(kept.visit_record().fees(1).amount_fen(), 9500);
  EXPECT_EQ(kept.technician_outlet(), "广州天河网点");

  // The callback found it unsolved: a new visit starts without a record.
  auto reopened = orders_->Transition(queued.order_number(), std::nullopt, OrderEvent::kReopen,
                                      {.reason = "回访：仍不制冷"}, agent_);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_FALSE(reopened->visit_record.has_value());
  kept = Read(queued.name());
  EXPECT_FALSE(kept.has_visit_record());
  EXPECT_EQ(kept.technician_outlet(), "");
  auto requeued = orders_->Transition(queued.order_number(), std::nullopt,
                                      OrderEvent::kQueueForDispatch, {}, agent_);
  ASSERT_TRUE(requeued.ok()) << requeued.status();

  // The second visit, completed without a signature, charging nothing.
  v1::RecordDispatchProgressRequest again = Report(queued.name(), 12, v1::COMPLETED);
  again.mutable_visit_record()->set_function_test_passed(true);
  again.set_technician_outlet("广州越秀网点");
  ASSERT_TRUE(Record(again, &o).ok());
  kept = Read(queued.name());
  ASSERT_TRUE(kept.has_visit_record());
  EXPECT_FALSE(kept.visit_record().signed_by_customer());
  EXPECT_EQ(kept.visit_record().parts_size(), 0);
  EXPECT_EQ(kept.visit_record().fees_size(), 0);
  EXPECT_EQ(kept.technician_outlet(), "广州越秀网点");
}

TEST_F(DispatchProgressApiTest, ABadVisitRecordNamesEachBadField) {
  const v1::RepairOrder queued = Queued();
  v1::RecordDispatchProgressRequest done = Report(queued.name(), 6, v1::COMPLETED);
  v1::VisitRecord* record = done.mutable_visit_record();
  v1::VisitPart* part = record->add_parts();
  part->set_serial(std::string(kMaxVisitIdChars + 1, 's'));
  part->set_quantity(0);
  v1::VisitFee* fee = record->add_fees();
  fee->set_kind("TIP");
  fee->set_amount_fen(-1);
  done.set_technician_outlet(std::string(65, 'x'));
  v1::RepairOrder o;
  grpc::Status s = Record(done, &o);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(s),
              ElementsAre("technician_outlet", "visit_record.parts[0].part_id",
                          "visit_record.parts[0].serial", "visit_record.parts[0].quantity",
                          "visit_record.fees[0].kind", "visit_record.fees[0].amount_fen"));

  // Too many lines, and a record with a step other than COMPLETED.
  v1::RecordDispatchProgressRequest many = Report(queued.name(), 6, v1::COMPLETED);
  for (size_t i = 0; i <= kMaxVisitParts; ++i) {
    v1::VisitPart* p = many.mutable_visit_record()->add_parts();
    p->set_part_id("thermostat");
    p->set_quantity(1);
  }
  s = Record(many, &o);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(s), ElementsAre("visit_record.parts"));
  v1::RecordDispatchProgressRequest on_site = Report(queued.name(), 6, v1::ON_SITE_VISIT);
  on_site.mutable_visit_record();
  on_site.set_technician_outlet("广州天河网点");
  s = Record(on_site, &o);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(s), ElementsAre("visit_record", "technician_outlet"));
  EXPECT_EQ(Read(queued.name()).status(), v1::PENDING_DISPATCH);  // nothing written
}

TEST_F(DispatchProgressApiTest, AReportActsOnceAndAnOlderOneChangesNothing) {
  const v1::RepairOrder queued = Queued();
  v1::RepairOrder first;
  ASSERT_TRUE(Record(Report(queued.name(), 5, v1::ASSIGNED), &first).ok());
  ASSERT_EQ(first.status(), v1::ASSIGNED);
  const size_t events = Events(queued.name()).size();

  // The same message delivered again.
  v1::RepairOrder again;
  ASSERT_TRUE(Record(Report(queued.name(), 5, v1::ASSIGNED), &again).ok());
  EXPECT_EQ(again.etag(), first.etag());
  // A late one, from before: the job was since moved on.
  v1::RepairOrder late;
  ASSERT_TRUE(Record(Report(queued.name(), 4, v1::PENDING_DISPATCH, ""), &late).ok());
  EXPECT_EQ(late.status(), v1::ASSIGNED);
  EXPECT_EQ(late.technician_id(), "tech-7");
  EXPECT_EQ(late.etag(), first.etag());
  EXPECT_EQ(Events(queued.name()).size(), events);

  // A newer one applies: declined, back in the queue.
  v1::RecordDispatchProgressRequest declined = Report(queued.name(), 6, v1::PENDING_DISPATCH, "");
  declined.clear_appointment();
  declined.set_reason("师傅拒单：不在服务区域");
  v1::RepairOrder back;
  ASSERT_TRUE(Record(declined, &back).ok());
  EXPECT_EQ(back.status(), v1::PENDING_DISPATCH);
  EXPECT_EQ(back.technician_id(), "");
  EXPECT_EQ(Events(queued.name()).back().event(), v1::UNASSIGN);
  EXPECT_EQ(Events(queued.name()).back().reason(), "师傅拒单：不在服务区域");
}

TEST_F(DispatchProgressApiTest, AReportWithNoLegalPathStoresOnlyItsVersion) {
  const v1::RepairOrder queued = Queued();
  auto cancelled = orders_->Transition(queued.order_number(), std::nullopt, OrderEvent::kCancel,
                                       TransitionPayload{.technician_id = "",
                                                         .appointment = std::nullopt,
                                                         .promised_completion = std::nullopt,
                                                         .reason = "客户已自行修好"},
                                       agent_);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  const size_t events = Events(queued.name()).size();
  v1::RepairOrder o;
  // OK, so the relay does not retry a report that can never apply.
  grpc::Status s = Record(Report(queued.name(), 2, v1::ASSIGNED), &o);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(o.status(), v1::CANCELLED);
  EXPECT_EQ(o.technician_id(), "");
  EXPECT_EQ(Events(queued.name()).size(), events);
}

TEST_F(DispatchProgressApiTest, AMalformedReportNamesEachBadField) {
  const v1::RepairOrder queued = Queued();
  v1::RecordDispatchProgressRequest r;
  r.set_name("orders/x");
  r.set_status(v1::CANCELLED);
  v1::RepairOrder o;
  grpc::Status s = Record(r, &o);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(s), ElementsAre("name", "dispatch_version", "status"));

  // A path that books needs the window.
  v1::RecordDispatchProgressRequest no_window = Report(queued.name(), 1, v1::APPOINTMENT_BOOKED);
  no_window.clear_appointment();
  s = Record(no_window, &o);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(s), ElementsAre("appointment"));
  EXPECT_EQ(Read(queued.name()).status(), v1::PENDING_DISPATCH);  // nothing written
}

TEST_F(DispatchProgressApiTest, OnlyTheSchedulingServiceMayReport) {
  const v1::RepairOrder queued = Queued();
  v1::RepairOrder o;
  // A person, even one who may transition orders.
  grpc::ClientContext as_agent;
  fieldservice::testing::Authorize(as_agent, "agent-1001", {"agent"});
  grpc::Status s =
      people_->RecordDispatchProgress(&as_agent, Report(queued.name(), 1, v1::ASSIGNED), &o);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  grpc::ClientContext as_dispatcher;
  fieldservice::testing::Authorize(as_dispatcher, "disp-01", {"dispatcher"});
  s = people_->RecordDispatchProgress(&as_dispatcher, Report(queued.name(), 1, v1::ASSIGNED), &o);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  // Another service.
  s = Record(Report(queued.name(), 1, v1::ASSIGNED), &o, orders_service_.get());
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  EXPECT_EQ(Read(queued.name()).status(), v1::PENDING_DISPATCH);
}

TEST_F(DispatchProgressApiTest, PeopleNoLongerRecordTheDispatchStepsByHand) {
  const v1::RepairOrder queued = Queued();
  EXPECT_THAT(queued.allowed_events(), Not(Contains(v1::ASSIGN)));
  EXPECT_THAT(queued.allowed_events(), ElementsAre(v1::CANCEL));

  v1::TransitionRepairOrderRequest assign;
  assign.set_name(queued.name());
  assign.set_event(v1::ASSIGN);
  assign.set_technician_id("tech-7");
  assign.set_etag(queued.etag());
  v1::RepairOrder o;
  grpc::Status s = people_->TransitionRepairOrder(Agent().get(), assign, &o);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("scheduling service"));
  EXPECT_THAT(BadFields(s), ElementsAre("event"));

  // Cancelling is still the agent's.
  v1::TransitionRepairOrderRequest cancel;
  cancel.set_name(queued.name());
  cancel.set_event(v1::CANCEL);
  cancel.set_reason("客户已自行修好");
  cancel.set_etag(queued.etag());
  s = people_->TransitionRepairOrder(Agent().get(), cancel, &o);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(o.status(), v1::CANCELLED);
}

}  // namespace
}  // namespace fieldservice::orders::testing
