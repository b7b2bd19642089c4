// The orders API through a real gRPC server on port 0, called with the stubs
// generated from the .proto files (a client that has only the protos).
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "fieldservice/orders/v1/orders_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
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
using ::testing::IsSupersetOf;
using ::testing::Not;

class OrdersApiTest : public OrdersFixture {
 protected:
  void SetUp() override {
    OrdersFixture::SetUp();
    handler_ = std::make_unique<api::RepairOrdersHandler>(*orders_, *approvals_);
    auto host = common::ServerHost::Start(fieldservice::testing::TestServerOptions("orders"),
                                          {common::Served<v1::RepairOrders>(handler_.get())});
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
    stub_ = v1::RepairOrders::NewStub(fieldservice::testing::TestChannel(host_->port()));
  }
  void TearDown() override {
    host_->Shutdown(absl::Seconds(1));
    host_.reset();
    OrdersFixture::TearDown();
  }

  // The valid order of the fixture, as a client would send it.
  v1::RepairOrder ValidProto() {
    NewOrder o = ValidOrder();
    v1::RepairOrder p;
    p.set_contact_type(v1::REPAIR);
    p.mutable_customer()->set_name(o.customer.name);
    p.mutable_customer()->set_phone(o.customer.phone);
    p.mutable_customer()->mutable_address()->set_region_code(o.customer.address.region_code);
    p.mutable_customer()->mutable_address()->set_detail(o.customer.address.detail);
    auto* product = p.mutable_product();
    product->set_category(o.product.category);
    product->set_brand(o.product.brand);
    product->set_model(o.product.model);
    product->set_serial(o.product.serial);
    product->mutable_purchase_date()->set_year(2026);
    product->mutable_purchase_date()->set_month(3);
    product->mutable_purchase_date()->set_day(1);
    product->set_invoice_number(o.product.invoice_number);
    product->set_warranty_card_present(true);
    p.mutable_warranty_claim()->mutable_price_paid()->set_amount_fen(
        *o.warranty_claim.price_paid_fen);
    p.set_fault_description(o.fault_description);
    p.set_service_mode(v1::ON_SITE);
    p.set_taking_agent(o.taking_agent);
    api::SetTimestamp(o.call_ended_at, p.mutable_call_ended_time());
    return p;
  }

  // Who calls: the one place these tests set an identity, a token with
  // these claims. What each role may do is the shipped access policy's
  // (data/access/policy.txt): the default caller, the call agent agent-1001,
  // sees customers' phones; a technician only their own jobs.
  std::unique_ptr<grpc::ClientContext> Context(const std::string& principal = "agent-1001",
                                               const std::vector<std::string>& roles = {"agent"}) {
    auto context = std::make_unique<grpc::ClientContext>();
    fieldservice::testing::Authorize(*context, principal, roles);
    return context;
  }
  // A technician: the policy restricts them to their own jobs.
  std::unique_ptr<grpc::ClientContext> Technician(const std::string& principal) {
    return Context(principal, {"technician"});
  }

  v1::RepairOrder Create(const v1::RepairOrder& order, grpc::Status* status = nullptr) {
    v1::CreateRepairOrderRequest request;
    request.set_request_id(common::NewUuid());
    *request.mutable_repair_order() = order;
    v1::RepairOrder response;
    grpc::Status s = stub_->CreateRepairOrder(Context().get(), request, &response);
    if (status != nullptr)
      *status = s;
    else
      EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  // Applies `event` as `as` (default: Context()); ASSIGN assigns `technician`.
  v1::RepairOrder Move(const v1::RepairOrder& o, v1::Event event, grpc::Status* status = nullptr,
                       std::unique_ptr<grpc::ClientContext> as = nullptr,
                       const std::string& technician = "tech-7") {
    if (as == nullptr) as = Context();
    v1::TransitionRepairOrderRequest request;
    request.set_name(o.name());
    request.set_event(event);
    request.set_etag(o.etag());
    request.set_technician_id(technician);
    absl::Time start = clock_.Now() + absl::Hours(2);
    api::SetTimestamp(start, request.mutable_appointment()->mutable_start_time());
    api::SetTimestamp(start + absl::Hours(2), request.mutable_appointment()->mutable_end_time());
    request.set_reason("test");
    v1::RepairOrder response;
    grpc::Status s = stub_->TransitionRepairOrder(as.get(), request, &response);
    if (status != nullptr)
      *status = s;
    else
      EXPECT_TRUE(s.ok()) << v1::Event_Name(event) << ": " << s.error_message();
    return response;
  }

  // A new order put on `technician`'s list by the dispatcher.
  v1::RepairOrder AssignedTo(const std::string& technician) {
    v1::RepairOrder o = Create(ValidProto());
    o = Move(o, v1::QUEUE_FOR_DISPATCH);
    return Move(o, v1::ASSIGN, nullptr, nullptr, technician);
  }

  grpc::Status Get(const std::string& name, std::unique_ptr<grpc::ClientContext> as,
                   v1::RepairOrder* out) {
    v1::GetRepairOrderRequest get;
    get.set_name(name);
    return stub_->GetRepairOrder(as.get(), get, out);
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

  std::unique_ptr<api::RepairOrdersHandler> handler_;
  std::unique_ptr<common::ServerHost> host_;
  std::unique_ptr<v1::RepairOrders::Stub> stub_;
};

TEST_F(OrdersApiTest, CreateReturnsTheFullResource) {
  v1::RepairOrder o = Create(ValidProto());
  EXPECT_EQ(o.name(), "repairOrders/" + o.order_number());
  EXPECT_EQ(o.status(), v1::RECEIVED);
  EXPECT_EQ(o.owner_agent(), "agent-1001");
  EXPECT_THAT(o.read_back_text(), HasSubstr("工单号"));
  EXPECT_EQ(o.etag(), "1");
  EXPECT_THAT(o.allowed_events(),
              ElementsAre(v1::RESOLVE_REMOTELY, v1::QUEUE_FOR_DISPATCH, v1::CANCEL));
  ASSERT_EQ(o.deadlines_size(), 1);
  EXPECT_EQ(o.deadlines(0).kind(), v1::ORDER_ENTRY);
  EXPECT_EQ(o.deadlines(0).state(), v1::MET);
  EXPECT_EQ(o.product().purchase_date().month(), 3);

  v1::GetRepairOrderRequest get;
  get.set_name(o.name());
  v1::RepairOrder read;
  ASSERT_TRUE(stub_->GetRepairOrder(Context().get(), get, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), o.SerializeAsString());
}

// Issue 2: malformed, missing or oversized fields get INVALID_ARGUMENT naming
// each field, and nothing is half written.
TEST_F(OrdersApiTest, MalformedMissingAndOversizedFieldsAreAllNamed) {
  v1::RepairOrder bad = ValidProto();
  bad.set_contact_type(v1::CONTACT_TYPE_UNSPECIFIED);
  bad.mutable_customer()->set_name(std::string(500, 'x'));
  bad.mutable_customer()->set_phone("12345");
  bad.mutable_product()->mutable_purchase_date()->set_month(13);
  bad.set_fault_description("有点问题");
  bad.set_taking_agent("agent-2002");  // not the caller (首问负责制)
  grpc::Status status;
  Create(bad, &status);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status),
              IsSupersetOf({"repair_order.contact_type", "repair_order.customer.name",
                            "repair_order.customer.phone", "repair_order.product.purchase_date",
                            "repair_order.fault_description", "repair_order.taking_agent"}));
  v1::ListRepairOrdersRequest list;
  v1::ListRepairOrdersResponse page;
  ASSERT_TRUE(stub_->ListRepairOrders(Context().get(), list, &page).ok());
  EXPECT_EQ(page.repair_orders_size(), 0);
}

TEST_F(OrdersApiTest, BadNamesAndEtagsAreNamed) {
  v1::GetRepairOrderRequest get;
  get.set_name("orders/123");
  v1::RepairOrder out;
  grpc::Status s = stub_->GetRepairOrder(Context().get(), get, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(s), ElementsAre("name"));
  get.set_name("repairOrders/" + common::FormatOrderNumber(absl::CivilDay(2026, 11, 23), 999));
  EXPECT_EQ(stub_->GetRepairOrder(Context().get(), get, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// Issue 2 / DESIGN.md: illegal transitions say which are allowed, with
// google.rpc.PreconditionFailure details.
TEST_F(OrdersApiTest, IllegalTransitionCarriesTheAllowedEvents) {
  v1::RepairOrder o = Create(ValidProto());
  grpc::Status status;
  Move(o, v1::CLOSE, &status);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("queue_for_dispatch"));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(details.details(0).UnpackTo(&failure));
  EXPECT_THAT(failure.violations(0).description(), HasSubstr("resolve_remotely"));
}

TEST_F(OrdersApiTest, LifecycleThroughTheApiWithEtagsAndTrail) {
  v1::RepairOrder o = Create(ValidProto());
  v1::UpdateRepairOrderRequest update;
  *update.mutable_repair_order() = o;
  update.mutable_repair_order()->mutable_customer()->set_phone("13900001111");
  update.mutable_update_mask()->add_paths("customer.phone");
  update.set_reason("客户更正号码");
  v1::RepairOrder updated;
  ASSERT_TRUE(stub_->UpdateRepairOrder(Context().get(), update, &updated).ok());
  EXPECT_EQ(updated.customer().phone(), "13900001111");
  EXPECT_EQ(updated.etag(), "2");
  // The same update again carries a stale etag.
  EXPECT_EQ(stub_->UpdateRepairOrder(Context().get(), update, &updated).error_code(),
            grpc::StatusCode::ABORTED);
  update.mutable_repair_order()->clear_etag();
  grpc::Status no_etag = stub_->UpdateRepairOrder(Context().get(), update, &updated);
  EXPECT_THAT(BadFields(no_etag), Contains("repair_order.etag"));

  o = updated;
  for (v1::Event e : {v1::QUEUE_FOR_DISPATCH, v1::ASSIGN, v1::BOOK_APPOINTMENT, v1::DEPART,
                      v1::ARRIVE, v1::COMPLETE, v1::CLOSE}) {
    o = Move(o, e);
  }
  EXPECT_EQ(o.status(), v1::CLOSED);
  EXPECT_TRUE(o.allowed_events().empty());

  v1::ListRepairOrderEventsRequest events;
  events.set_name(o.name());
  events.set_page_size(4);
  std::vector<v1::AuditAction> actions;
  std::string actor;
  do {
    v1::ListRepairOrderEventsResponse page;
    ASSERT_TRUE(stub_->ListRepairOrderEvents(Context().get(), events, &page).ok());
    for (const auto& e : page.events()) actions.push_back(e.action());
    if (page.events_size() > 0) actor = page.events(0).actor();
    events.set_page_token(page.next_page_token());
  } while (!events.page_token().empty());
  EXPECT_EQ(actions.size(), 9u);
  EXPECT_EQ(actions[0], v1::CREATED);
  EXPECT_EQ(actions[1], v1::UPDATED);
  EXPECT_EQ(actor, "agent-1001");  // from the verified token
}

// AIP-158: page tokens are opaque and bound to the query's filters.
TEST_F(OrdersApiTest, PageTokensWalkTheListAndRejectOtherFilters) {
  for (int i = 0; i < 5; ++i) Create(ValidProto());
  v1::ListRepairOrdersRequest list;
  list.set_page_size(2);
  list.set_phone("13812345678");
  std::set<std::string> seen;
  int pages = 0;
  do {
    v1::ListRepairOrdersResponse page;
    ASSERT_TRUE(stub_->ListRepairOrders(Context().get(), list, &page).ok());
    for (const auto& o : page.repair_orders()) seen.insert(o.order_number());
    list.set_page_token(page.next_page_token());
    ++pages;
  } while (!list.page_token().empty());
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(pages, 3);

  v1::ListRepairOrdersResponse first;
  list.clear_page_token();
  ASSERT_TRUE(stub_->ListRepairOrders(Context().get(), list, &first).ok());
  list.set_page_token(first.next_page_token());
  list.set_phone("13900000000");
  v1::ListRepairOrdersResponse other;
  grpc::Status s = stub_->ListRepairOrders(Context().get(), list, &other);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(s), ElementsAre("page_token"));
  list.set_page_size(-1);
  EXPECT_THAT(BadFields(stub_->ListRepairOrders(Context().get(), list, &other)),
              Contains("page_size"));
}

// Issue 6: a retry with the same request_id gets the first order; the same
// request_id with a different order is refused naming request_id, never
// answered with an order the caller did not describe.
TEST_F(OrdersApiTest, RequestIdReusedForAnotherOrderIsRefused) {
  v1::CreateRepairOrderRequest request;
  request.set_request_id("call-2026-0001");
  *request.mutable_repair_order() = ValidProto();
  v1::RepairOrder first, retried, other;
  ASSERT_TRUE(stub_->CreateRepairOrder(Context().get(), request, &first).ok());
  ASSERT_TRUE(stub_->CreateRepairOrder(Context().get(), request, &retried).ok());
  EXPECT_EQ(retried.name(), first.name());

  request.mutable_repair_order()->mutable_customer()->set_name("李四");
  grpc::Status reused = stub_->CreateRepairOrder(Context().get(), request, &other);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(reused), ElementsAre("request_id"));
  EXPECT_THAT(reused.error_message(), HasSubstr(first.order_number()));
}

// Issue 6: every free-text field has a limit from one table that matches its
// column; too long is INVALID_ARGUMENT naming the field, never INTERNAL.
TEST_F(OrdersApiTest, OverlongTextIsRefusedNamingTheField) {
  v1::RepairOrder o = Create(ValidProto());
  v1::TransitionRepairOrderRequest queue;
  queue.set_name(o.name());
  queue.set_event(v1::QUEUE_FOR_DISPATCH);
  v1::RepairOrder queued;
  ASSERT_TRUE(stub_->TransitionRepairOrder(Context().get(), queue, &queued).ok());
  v1::TransitionRepairOrderRequest assign;
  assign.set_name(o.name());
  assign.set_event(v1::ASSIGN);
  assign.set_technician_id(std::string(65, 't'));
  assign.set_reason(std::string(1001, 'r'));
  v1::RepairOrder assigned;
  grpc::Status s = stub_->TransitionRepairOrder(Context().get(), assign, &assigned);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(s), ElementsAre("technician_id", "reason"));

  v1::HandOverRepairOrderRequest hand;
  hand.set_name(o.name());
  hand.set_to_agent(std::string(65, 'a'));
  hand.set_reason("换班");
  v1::RepairOrder handed;
  s = stub_->HandOverRepairOrder(Context().get(), hand, &handed);
  EXPECT_THAT(BadFields(s), ElementsAre("to_agent"));

  v1::CreateApprovalRequest create;
  create.set_parent(o.name());
  create.set_request_id(std::string(65, 'i'));
  create.mutable_approval()->set_kind(v1::COMPENSATION);
  create.mutable_approval()->set_proposal(std::string(2001, 'p'));
  v1::Approval approval;
  s = stub_->CreateApproval(Context().get(), create, &approval);
  EXPECT_THAT(BadFields(s), ElementsAre("request_id", "approval.proposal"));
}

// DOMAIN.md "Approvals": one of the caller's verified roles must be the step's.
TEST_F(OrdersApiTest, ApprovalDecisionsUseTheCallersRole) {
  v1::RepairOrder o = Create(ValidProto());
  MustDecide(*orders_->Get(o.order_number()), {Remedy::kReturn, Remedy::kExchange, Remedy::kRepair},
             459900);
  // The order shows the whole decision to the agent.
  v1::GetRepairOrderRequest get;
  get.set_name(o.name());
  v1::RepairOrder shown;
  ASSERT_TRUE(stub_->GetRepairOrder(Context().get(), get, &shown).ok());
  EXPECT_THAT(shown.warranty().remedies(),
              ElementsAre(v1::REMEDY_RETURN, v1::REMEDY_EXCHANGE, v1::REMEDY_REPAIR));
  EXPECT_EQ(shown.warranty().refund().amount().amount_fen(), 459900);
  EXPECT_EQ(shown.warranty_claim().price_paid().amount_fen(), 329900);
  v1::CreateApprovalRequest create;
  create.set_parent(o.name());
  create.set_request_id("apr-api-1");
  create.mutable_approval()->set_kind(v1::RETURN);
  create.mutable_approval()->set_proposal("7日内性能故障，客户选择退货");
  create.mutable_approval()->mutable_amount()->set_amount_fen(459900);
  v1::Approval approval;
  ASSERT_TRUE(stub_->CreateApproval(Context().get(), create, &approval).ok());
  EXPECT_EQ(approval.state(), v1::PENDING);
  EXPECT_EQ(approval.next_role(), "service_centre");
  EXPECT_THAT(approval.name(), HasSubstr("/approvals/"));

  v1::DecideApprovalRequest decide;
  decide.set_name(approval.name());
  decide.set_decision(v1::APPROVE);
  v1::Approval decided;
  EXPECT_EQ(stub_->DecideApproval(Context().get(), decide, &decided).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      stub_->DecideApproval(Context("centre-1", {"service_centre"}).get(), decide, &decided).ok());
  EXPECT_EQ(decided.state(), v1::APPROVED);
  EXPECT_EQ(decided.steps_size(), 2);

  v1::RecordApprovalPaymentRequest pay;
  pay.set_name(approval.name());
  pay.set_receipt_reference("签收单-0001");
  pay.mutable_amount()->set_amount_fen(459900);
  v1::Approval paid;
  ASSERT_TRUE(stub_->RecordApprovalPayment(Context().get(), pay, &paid).ok());
  EXPECT_EQ(paid.payment_receipt_reference(), "签收单-0001");
  v1::ListApprovalsRequest list;
  list.set_parent(o.name());
  v1::ListApprovalsResponse all;
  ASSERT_TRUE(stub_->ListApprovals(Context().get(), list, &all).ok());
  EXPECT_EQ(all.approvals_size(), 1);
}

TEST_F(OrdersApiTest, ComplaintEscalationAndFollowUpOverTheApi) {
  v1::RepairOrder c = ValidProto();
  c.set_contact_type(v1::COMPLAINT);
  c.mutable_complaint()->set_reason("上门迟到两小时且态度恶劣");
  c.mutable_complaint()->add_crisis_grounds(v1::EXTERNAL_ESCALATION);
  v1::RepairOrder o = Create(c);
  EXPECT_EQ(o.complaint().severity(), v1::MAJOR);
  EXPECT_EQ(o.complaint().major_kind(), v1::CRISIS);

  v1::EscalateComplaintRequest escalate;
  escalate.set_name(o.name());
  escalate.set_reason("重大投诉，转专员");
  v1::RepairOrder escalated;
  ASSERT_TRUE(stub_->EscalateComplaint(Context().get(), escalate, &escalated).ok());
  EXPECT_TRUE(escalated.complaint().has_specialist_contact_due_time());

  v1::PromiseFollowUpRequest promise;
  promise.set_name(o.name());
  promise.set_note("24小时内回电");
  v1::RepairOrder promised;
  ASSERT_TRUE(stub_->PromiseFollowUp(Context().get(), promise, &promised).ok());
  EXPECT_TRUE(promised.follow_up().has_due_time());

  v1::HandOverRepairOrderRequest hand;
  hand.set_name(o.name());
  hand.set_to_agent("agent-2002");
  hand.set_reason("交接给投诉专员");
  v1::RepairOrder handed;
  ASSERT_TRUE(stub_->HandOverRepairOrder(Context().get(), hand, &handed).ok());
  EXPECT_EQ(handed.owner_agent(), "agent-2002");
}

// A cancelled order's open deadlines read as CLOSED_UNMET with the time they
// were closed; the met entry deadline stays MET.
TEST_F(OrdersApiTest, CancelledOrderShowsItsOpenDeadlinesClosed) {
  v1::RepairOrder o = Create(ValidProto());
  v1::PromiseFollowUpRequest promise;
  promise.set_name(o.name());
  promise.set_note("24小时内回电");
  v1::RepairOrder promised;
  ASSERT_TRUE(stub_->PromiseFollowUp(Context().get(), promise, &promised).ok());
  clock_.Advance(absl::Hours(1));
  v1::TransitionRepairOrderRequest cancel;
  cancel.set_name(o.name());
  cancel.set_event(v1::CANCEL);
  cancel.set_reason("客户取消");
  v1::RepairOrder cancelled;
  ASSERT_TRUE(stub_->TransitionRepairOrder(Context().get(), cancel, &cancelled).ok());
  clock_.Advance(absl::Hours(48));  // long past the follow-up's due time
  v1::GetRepairOrderRequest get;
  get.set_name(o.name());
  v1::RepairOrder read;
  ASSERT_TRUE(stub_->GetRepairOrder(Context().get(), get, &read).ok());
  ASSERT_EQ(read.deadlines_size(), 2);
  for (const v1::Deadline& d : read.deadlines()) {
    if (d.kind() == v1::ORDER_ENTRY) {
      EXPECT_EQ(d.state(), v1::MET);
      EXPECT_FALSE(d.has_closed_time());
    } else {
      EXPECT_EQ(d.state(), v1::CLOSED_UNMET);
      EXPECT_EQ(d.closed_time().seconds(), absl::ToUnixSeconds(clock_.Now() - absl::Hours(48)));
      EXPECT_FALSE(d.has_breach_time());
    }
  }
}

// DOMAIN.md "Confidentiality", issue 7 "Object rules": a technician reads and
// changes only the orders assigned to them. Another technician's order is
// PERMISSION_DENIED for every method, before its etag is looked at.
TEST_F(OrdersApiTest, TechnicianCannotTouchAnotherTechniciansOrder) {
  v1::RepairOrder theirs = AssignedTo("tech-7");
  v1::RepairOrder read;
  ASSERT_TRUE(Get(theirs.name(), Technician("tech-7"), &read).ok());
  EXPECT_EQ(Get(theirs.name(), Technician("tech-8"), &read).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::ListRepairOrderEventsRequest events;
  events.set_name(theirs.name());
  v1::ListRepairOrderEventsResponse trail;
  EXPECT_EQ(stub_->ListRepairOrderEvents(Technician("tech-8").get(), events, &trail).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->ListRepairOrderEvents(Technician("tech-7").get(), events, &trail).ok());

  v1::UpdateRepairOrderRequest update;
  *update.mutable_repair_order() = theirs;
  update.mutable_repair_order()->set_fault_description("冷藏室不制冷，压缩机不启动");
  update.mutable_update_mask()->add_paths("fault_description");
  v1::RepairOrder updated;
  EXPECT_EQ(stub_->UpdateRepairOrder(Technician("tech-8").get(), update, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  grpc::Status moved;
  v1::RepairOrder stale = theirs;
  stale.set_etag("99");  // permission is checked before the etag (AIP-211)
  Move(stale, v1::BOOK_APPOINTMENT, &moved, Technician("tech-8"));
  EXPECT_EQ(moved.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Nothing changed: the order is where the dispatcher left it.
  ASSERT_TRUE(Get(theirs.name(), Context(), &read).ok());
  EXPECT_EQ(read.etag(), theirs.etag());
  Move(theirs, v1::BOOK_APPOINTMENT, &moved, Technician("tech-7"));
  EXPECT_TRUE(moved.ok()) << moved.error_message();
}

// Issue 7 / AIP-211: a technician cannot learn whether an order exists: a
// missing one is PERMISSION_DENIED too, as for a dispatcher it is NOT_FOUND.
TEST_F(OrdersApiTest, TechnicianAskingForAMissingOrderIsDeniedNotTold) {
  const std::string missing =
      "repairOrders/" + common::FormatOrderNumber(absl::CivilDay(2026, 11, 23), 999);
  v1::RepairOrder read;
  grpc::Status as_technician = Get(missing, Technician("tech-7"), &read);
  EXPECT_EQ(as_technician.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(missing, Context("disp-1", {"dispatcher"}), &read).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // The same words as for an order that exists but is not theirs.
  v1::RepairOrder other = AssignedTo("tech-8");
  grpc::Status not_theirs = Get(other.name(), Technician("tech-7"), &read);
  EXPECT_EQ(not_theirs.error_message(),
            absl::StrReplaceAll(as_technician.error_message(),
                                {{missing.substr(13), other.order_number()}}));
}

// Issue 7: "a technician lists and reads only orders assigned to them".
TEST_F(OrdersApiTest, TechniciansListHoldsOnlyTheirOwn) {
  v1::RepairOrder mine = AssignedTo("tech-7");
  AssignedTo("tech-8");
  Create(ValidProto());  // not assigned yet
  v1::ListRepairOrdersRequest list;
  v1::ListRepairOrdersResponse page;
  ASSERT_TRUE(stub_->ListRepairOrders(Technician("tech-7").get(), list, &page).ok());
  ASSERT_EQ(page.repair_orders_size(), 1);
  EXPECT_EQ(page.repair_orders(0).name(), mine.name());
  list.set_technician_id("tech-8");
  EXPECT_EQ(stub_->ListRepairOrders(Technician("tech-7").get(), list, &page).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A dispatcher sees all three.
  list.clear_technician_id();
  ASSERT_TRUE(stub_->ListRepairOrders(Context("disp-1", {"dispatcher"}).get(), list, &page).ok());
  EXPECT_EQ(page.repair_orders_size(), 3);
}

// DOMAIN.md "Confidentiality": "A technician sees a customer's phone and
// address only for their own current jobs". Once they complete it their own
// view is masked; a dispatcher with the "phone" privilege still sees it.
TEST_F(OrdersApiTest, TechnicianSeesThePhoneOnlyWhileTheJobIsCurrent) {
  v1::RepairOrder o = AssignedTo("tech-7");
  const std::string phone = o.customer().phone();
  const std::string detail = o.customer().address().detail();
  ASSERT_EQ(phone, "13812345678");
  v1::RepairOrder read;
  ASSERT_TRUE(Get(o.name(), Technician("tech-7"), &read).ok());
  EXPECT_EQ(read.customer().phone(), phone);
  EXPECT_EQ(read.customer().address().detail(), detail);

  // The dispatcher books the visit; the technician goes, arrives, completes.
  o = Move(o, v1::BOOK_APPOINTMENT);
  o = Move(o, v1::DEPART, nullptr, Technician("tech-7"));
  EXPECT_EQ(o.customer().phone(), phone);  // on the way: still current
  o = Move(o, v1::ARRIVE, nullptr, Technician("tech-7"));
  v1::RepairOrder completed = Move(o, v1::COMPLETE, nullptr, Technician("tech-7"));
  EXPECT_EQ(completed.status(), v1::COMPLETED);
  EXPECT_EQ(completed.customer().phone(), "138****5678");  // the answer to COMPLETE itself

  ASSERT_TRUE(Get(o.name(), Technician("tech-7"), &read).ok());
  EXPECT_EQ(read.customer().phone(), "138****5678");
  EXPECT_EQ(read.customer().address().region_code(), o.customer().address().region_code());
  EXPECT_EQ(read.customer().address().detail(), "****");
  EXPECT_THAT(read.read_back_text(), Not(HasSubstr(detail)));
  EXPECT_THAT(read.read_back_text(), HasSubstr("地址：****"));

  ASSERT_TRUE(Get(o.name(), Context("disp-1", {"dispatcher"}), &read).ok());
  EXPECT_EQ(read.customer().phone(), phone);
  EXPECT_EQ(read.customer().address().detail(), detail);
}

// Issue 7: "every other role sees a phone masked unless its policy says
// otherwise", in every response that carries an order: read, list, change.
TEST_F(OrdersApiTest, ARoleWithoutThePhoneGrantSeesItMasked) {
  v1::RepairOrder o = Create(ValidProto());
  auto no_phone = [this] { return Context("cb-1", {"callback_agent"}); };
  v1::RepairOrder read;
  ASSERT_TRUE(Get(o.name(), no_phone(), &read).ok());
  EXPECT_EQ(read.customer().phone(), "138****5678");
  EXPECT_EQ(read.customer().address().detail(), "****");
  EXPECT_FALSE(read.customer().address().has_location());
  EXPECT_EQ(read.customer().name(), o.customer().name());

  // Searching by a phone the caller already knows is allowed; what comes
  // back is masked like any other read.
  v1::ListRepairOrdersRequest list;
  list.set_phone("13812345678");
  v1::ListRepairOrdersResponse page;
  ASSERT_TRUE(stub_->ListRepairOrders(no_phone().get(), list, &page).ok());
  ASSERT_EQ(page.repair_orders_size(), 1);
  EXPECT_EQ(page.repair_orders(0).customer().phone(), "138****5678");

  // Nor may it change what it cannot see: a masked value sent back would
  // overwrite the real one.
  v1::UpdateRepairOrderRequest update;
  *update.mutable_repair_order() = read;  // the masked view
  update.mutable_update_mask()->add_paths("customer.address.detail");
  v1::RepairOrder updated;
  EXPECT_EQ(stub_->UpdateRepairOrder(no_phone().get(), update, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // A number an agent typed into a reason is masked in the trail too.
  v1::TransitionRepairOrderRequest queue;
  queue.set_name(o.name());
  queue.set_event(v1::QUEUE_FOR_DISPATCH);
  queue.set_reason("客户另留号码13900001111");
  v1::RepairOrder queued;
  ASSERT_TRUE(stub_->TransitionRepairOrder(no_phone().get(), queue, &queued).ok());
  EXPECT_EQ(queued.customer().phone(), "138****5678");
  v1::ListRepairOrderEventsRequest events;
  events.set_name(o.name());
  v1::ListRepairOrderEventsResponse trail;
  ASSERT_TRUE(stub_->ListRepairOrderEvents(no_phone().get(), events, &trail).ok());
  ASSERT_EQ(trail.events_size(), 2);
  EXPECT_THAT(trail.events(1).reason(), Not(HasSubstr("13900001111")));
  ASSERT_TRUE(stub_->ListRepairOrderEvents(Context().get(), events, &trail).ok());
  EXPECT_THAT(trail.events(1).reason(), HasSubstr("13900001111"));
}

// 首问负责制 (issue 7): the owner of a new order is the verified caller.
// taking_agent may be left out; naming another agent is refused by field.
TEST_F(OrdersApiTest, TheCallerOwnsTheOrderTheyTake) {
  v1::RepairOrder unnamed = ValidProto();
  unnamed.clear_taking_agent();
  v1::RepairOrder mine = Create(unnamed);
  EXPECT_EQ(mine.owner_agent(), "agent-1001");
  EXPECT_EQ(mine.taking_agent(), "agent-1001");

  v1::RepairOrder someone_else = ValidProto();
  someone_else.set_taking_agent("agent-2002");
  grpc::Status refused;
  Create(someone_else, &refused);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(refused), ElementsAre("repair_order.taking_agent"));
  EXPECT_THAT(refused.error_message(), HasSubstr("must be the calling agent"));

  // Only the owner, or a caller one of whose roles is supervisor, hands over.
  v1::HandOverRepairOrderRequest hand;
  hand.set_name(mine.name());
  hand.set_to_agent("agent-3003");
  hand.set_reason("换班");
  v1::RepairOrder handed;
  EXPECT_EQ(stub_->HandOverRepairOrder(Context("agent-2002", {"agent"}).get(), hand, &handed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      stub_->HandOverRepairOrder(Context("sup-1", {"agent", "supervisor"}).get(), hand, &handed)
          .ok());
  EXPECT_EQ(handed.owner_agent(), "agent-3003");
}

// DOMAIN.md "Approvals", issue 7: "no person may take two steps of the same
// approval chain, judged by the verified identity". A person holding two
// roles of the chain signs one step with the role it needs, and is refused
// the next although they hold its role; another person signs it.
TEST_F(OrdersApiTest, OnePersonSignsOneStepOfAChainWhateverTheirRoles) {
  v1::RepairOrder o = Create(ValidProto());
  v1::CreateApprovalRequest create;
  create.set_parent(o.name());
  create.set_request_id("apr-two-roles");
  create.mutable_approval()->set_kind(v1::COMPENSATION);
  create.mutable_approval()->set_proposal("上门迟到，补偿300元");
  create.mutable_approval()->mutable_amount()->set_amount_fen(30000);
  v1::Approval approval;
  ASSERT_TRUE(stub_->CreateApproval(Context().get(), create, &approval).ok());
  ASSERT_EQ(approval.next_role(), "regional_supervisor");

  v1::DecideApprovalRequest decide;
  decide.set_name(approval.name());
  decide.set_decision(v1::APPROVE);
  v1::Approval decided;
  auto wang = [this] { return Context("wang", {"regional_supervisor", "centre_manager"}); };
  ASSERT_TRUE(stub_->DecideApproval(wang().get(), decide, &decided).ok());
  EXPECT_EQ(decided.next_role(), "centre_manager");
  grpc::Status again = stub_->DecideApproval(wang().get(), decide, &decided);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(again.error_message(), HasSubstr("already signed"));
  ASSERT_TRUE(
      stub_->DecideApproval(Context("zhao", {"centre_manager"}).get(), decide, &decided).ok());
  EXPECT_EQ(decided.state(), v1::APPROVED);
}

}  // namespace
}  // namespace fieldservice::orders::testing
