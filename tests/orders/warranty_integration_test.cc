// Orders asks the warranty service for a 三包 decision through its outbox
// (issue 3; DESIGN.md "Talking between services"): with the warranty service
// down the order is still taken, pending; when it comes back the relay
// delivers and the decision lands on the order. Real MariaDB for both
// services, a real warranty gRPC server, the relay driven round by round.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <fstream>
#include <sstream>

#include "fieldservice/warranty/v1/warranty.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/files.h"
#include "services/common/ids.h"
#include "services/common/migrations.h"
#include "services/common/outbox.h"
#include "services/common/server.h"
#include "services/orders/clients/catalogue_follower.h"
#include "services/orders/clients/scheduling_sync.h"
#include "services/orders/clients/warranty_requester.h"
#include "services/warranty/api/warranty_handler.h"
#include "services/warranty/domain/catalogue_service.h"
#include "services/warranty/domain/decision_service.h"
#include "services/warranty/storage/mysql_warranty_repository.h"
#include "tests/orders/orders_fixture.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"

namespace fieldservice::orders::testing {
namespace {

using ::testing::HasSubstr;
namespace wv1 = ::fieldservice::warranty::v1;

// The warranty service on its own database, started on a given port.
class WarrantyService {
 public:
  WarrantyService(const common::Clock& clock, int port) {
    db_ = fieldservice::testing::CreateTestDatabase("warranty_for_orders");
    pool_ = std::make_unique<common::ConnectionPool>(db_);
    EXPECT_TRUE(
        common::ApplyMigrations(*pool_, warranty::EmbeddedMigrations(), absl::Seconds(30)).ok());
    auto calendar = common::WorkingCalendar::LoadFile(
        std::string(FS_SOURCE_DIR) + "/data/calendar/cn_holidays.txt", kChina);
    calendar_ = std::make_unique<common::WorkingCalendar>(*calendar);
    repository_ =
        std::make_unique<warranty::MySqlWarrantyRepository>(*pool_, common::RetryPolicy{});
    catalogues_ =
        std::make_unique<warranty::CatalogueService>(*repository_, clock, absl::Seconds(10));
    auto text = common::ReadTextFile(std::string(FS_SOURCE_DIR) + "/data/warranty/catalogue.txt");
    EXPECT_TRUE(text.ok() && catalogues_->Bootstrap(*text, "catalogue.txt").ok());
    decisions_ =
        std::make_unique<warranty::DecisionService>(*repository_, *catalogues_, *calendar_, clock);
    handler_ =
        std::make_unique<warranty::api::WarrantyHandler>(*decisions_, *catalogues_, *calendar_);
    auto host = common::ServerHost::Start(
        fieldservice::testing::TestServerOptions("warranty", absl::StrCat("127.0.0.1:", port)),
        {common::Served<wv1::Warranty>(handler_.get())});
    EXPECT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
  }
  ~WarrantyService() {
    host_->Shutdown(absl::Seconds(1));
    host_.reset();
    pool_.reset();
    fieldservice::testing::DropTestDatabase(db_);
  }

 private:
  common::DbSettings db_;
  std::unique_ptr<common::ConnectionPool> pool_;
  std::unique_ptr<common::WorkingCalendar> calendar_;
  std::unique_ptr<warranty::MySqlWarrantyRepository> repository_;
  std::unique_ptr<warranty::CatalogueService> catalogues_;
  std::unique_ptr<warranty::DecisionService> decisions_;
  std::unique_ptr<warranty::api::WarrantyHandler> handler_;
  std::unique_ptr<common::ServerHost> host_;
};

class WarrantyIntegrationTest : public OrdersFixture {
 protected:
  void SetUp() override {
    OrdersFixture::SetUp();
    // A port nobody serves yet: the warranty service is "down" until started.
    auto probe =
        common::ServerHost::Start(fieldservice::testing::TestServerOptions("warranty"), {});
    ASSERT_TRUE(probe.ok());
    port_ = (*probe)->port();
    (*probe)->Shutdown(absl::ZeroDuration());
    // Mutual TLS with the orders certificate, as orders_server calls it.
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_),
                                   fieldservice::testing::ServiceCredentials("orders"));
    requester_ = std::make_unique<WarrantyRequester>(*orders_, channel_, absl::Seconds(3));
    relay_ = std::make_unique<common::OutboxRelay>(
        *pool_, clock_, common::RelayPolicy{.backoff = {.initial = absl::Seconds(1), .jitter = 0}},
        std::map<std::string, common::OutboxRelay::Handler>{
            {kWarrantyDecideTopic,
             [this](const common::OutboxMessage& m) { return requester_->Deliver(m); }}});
  }
  void TearDown() override {
    relay_.reset();
    warranty_.reset();
    OrdersFixture::TearDown();
  }

  int port_ = 0;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<WarrantyRequester> requester_;
  std::unique_ptr<common::OutboxRelay> relay_;
  std::unique_ptr<WarrantyService> warranty_;
};

// Issue 3: if the warranty service is down the order is still created,
// marked pending, and decided when it returns.
TEST_F(WarrantyIntegrationTest, DownThenBackDecidesThePendingOrder) {
  RepairOrder o = MustCreate();
  EXPECT_EQ(o.warranty.state, WarrantyState::kPending);

  EXPECT_EQ(*relay_->RunOnce(), 0);  // unreachable: retried later
  EXPECT_EQ(orders_->Get(o.order_number)->warranty.state, WarrantyState::kPending);

  warranty_ = std::make_unique<WarrantyService>(clock_, port_);
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(*relay_->RunOnce(), 1);
  RepairOrder decided = *orders_->Get(o.order_number);
  EXPECT_EQ(decided.warranty.state, WarrantyState::kDecided);
  EXPECT_EQ(decided.warranty.coverage, "FREE");  // bought 2026-03-01, 1-year whole unit
  EXPECT_THAT(decided.warranty.summary, HasSubstr("REPAIR"));
  EXPECT_THAT(decided.warranty.decision, HasSubstr("decisions/"));

  // The stored decision names the order it was for.
  auto stub = wv1::Warranty::NewStub(channel_);
  grpc::ClientContext context;
  wv1::GetDecisionRequest get;
  get.set_name(decided.warranty.decision);
  wv1::Decision stored;
  ASSERT_TRUE(stub->GetDecision(&context, get, &stored).ok());
  EXPECT_EQ(stored.order(), "repairOrders/" + o.order_number);
  // Asked by orders (its certificate) for the agent who took the call.
  EXPECT_EQ(stored.requested_by(), "orders, on behalf of " + o.owner_agent);

  auto trail = orders_->ListEvents(o.order_number, 0, 100);
  ASSERT_TRUE(trail.ok());
  EXPECT_EQ(trail->events.back().action, AuditAction::kWarrantyDecided);
  EXPECT_EQ(trail->events.back().actor, "warranty-service");
  EXPECT_EQ(*relay_->RunOnce(), 0);  // delivered once
}

// A redelivered message (the relay died after delivering) changes nothing:
// the message id is the warranty request_id, and the order is decided.
TEST_F(WarrantyIntegrationTest, RedeliveryIsHarmless) {
  warranty_ = std::make_unique<WarrantyService>(clock_, port_);
  RepairOrder o = MustCreate();
  EXPECT_EQ(*relay_->RunOnce(), 1);
  RepairOrder decided = *orders_->Get(o.order_number);
  common::OutboxMessage again{0, decided.warranty.request_id, kWarrantyDecideTopic, o.order_number,
                              1};
  ASSERT_TRUE(requester_->Deliver(again).ok());
  RepairOrder after = *orders_->Get(o.order_number);
  EXPECT_EQ(after.warranty.decision, decided.warranty.decision);
  EXPECT_EQ(after.version, decided.version);
}

// Corrected product facts make the decision stale: the order asks again and
// the new answer replaces the old one.
TEST_F(WarrantyIntegrationTest, CorrectedPurchaseDateAsksAgain) {
  warranty_ = std::make_unique<WarrantyService>(clock_, port_);
  RepairOrder o = MustCreate();
  EXPECT_EQ(*relay_->RunOnce(), 1);
  RepairOrder first = *orders_->Get(o.order_number);
  ASSERT_EQ(first.warranty.coverage, "FREE");

  NewOrder values;
  values.product.purchase_date = absl::CivilDay(2024, 1, 10);  // out of the 1-year period
  auto updated = orders_->Update(o.order_number, first.version, values, {"product.purchase_date"},
                                 "客户核对发票日期", agent_);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->warranty.state, WarrantyState::kPending);
  EXPECT_NE(updated->warranty.request_id, first.warranty.request_id);

  EXPECT_EQ(*relay_->RunOnce(), 1);
  RepairOrder second = *orders_->Get(o.order_number);
  EXPECT_EQ(second.warranty.state, WarrantyState::kDecided);
  EXPECT_EQ(second.warranty.coverage, "PAID");
  EXPECT_NE(second.warranty.decision, first.warranty.decision);
}

// An answer that arrives after its request was superseded is not recorded.
TEST_F(WarrantyIntegrationTest, LateAnswerToASupersededRequestIsIgnored) {
  RepairOrder o = MustCreate();
  std::string first_request = o.warranty.request_id;
  NewOrder values;
  values.product.model = "BCD-470WDPG-2";
  auto updated =
      orders_->Update(o.order_number, o.version, values, {"product.model"}, "铭牌型号更正", agent_);
  ASSERT_TRUE(updated.ok()) << updated.status();
  WarrantyInfo stale;
  stale.state = WarrantyState::kDecided;
  stale.coverage = "FREE";
  stale.decision = "decisions/stale";
  ASSERT_TRUE(orders_->RecordWarrantyDecision(o.order_number, first_request, stale).ok());
  RepairOrder still = *orders_->Get(o.order_number);
  EXPECT_EQ(still.warranty.state, WarrantyState::kPending);
  EXPECT_EQ(still.version, updated->version);  // ignored answers leave the etag valid
  EXPECT_EQ(still.warranty.decision, "");

  // Both messages reach the relay; only the latest request is asked.
  warranty_ = std::make_unique<WarrantyService>(clock_, port_);
  EXPECT_EQ(*relay_->RunOnce(), 2);
  RepairOrder decided = *orders_->Get(o.order_number);
  EXPECT_EQ(decided.warranty.state, WarrantyState::kDecided);
  EXPECT_EQ(decided.warranty.request_id, updated->warranty.request_id);
}

// Issue 6, must show: a customer with a warranty card and no invoice gives
// the nameplate's production date at intake (company policy counts from it);
// the order is decided, not stuck asking for information.
TEST_F(WarrantyIntegrationTest, CardAndProductionDateAloneAreDecided) {
  warranty_ = std::make_unique<WarrantyService>(clock_, port_);
  NewOrder card_only = ValidOrder();
  card_only.product.invoice_number.clear();
  card_only.product.purchase_date.reset();
  card_only.warranty_claim.price_paid_fen.reset();
  // Intake names what the decision will need.
  auto refused = orders_->Create(common::NewUuid(), card_only, agent_);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("warranty_claim.production_date"));

  card_only.warranty_claim.production_date = absl::CivilDay(2026, 6, 1);
  RepairOrder o = MustCreate(card_only);
  EXPECT_EQ(*relay_->RunOnce(), 1);
  RepairOrder decided = *orders_->Get(o.order_number);
  EXPECT_EQ(decided.warranty.state, WarrantyState::kDecided) << decided.warranty.problem;
  EXPECT_EQ(decided.warranty.coverage, "FREE");
  EXPECT_FALSE(decided.warranty.reasons.empty());
}

// Issue 6, must show: within 7 days of sale a performance fault may be
// returned, and the order shows the refund of the price paid, line by line,
// with the reasons in Chinese ("a return refunds the invoice price in full").
TEST_F(WarrantyIntegrationTest, SevenDayReturnShowsTheRefundOfThePricePaid) {
  warranty_ = std::make_unique<WarrantyService>(clock_, port_);
  NewOrder fresh = ValidOrder();
  fresh.product.purchase_date = absl::CivilDay(2026, 11, 20);  // the clock is 2026-11-23
  RepairOrder o = MustCreate(fresh);
  EXPECT_EQ(*relay_->RunOnce(), 1);
  RepairOrder decided = *orders_->Get(o.order_number);
  ASSERT_EQ(decided.warranty.state, WarrantyState::kDecided) << decided.warranty.problem;
  EXPECT_THAT(decided.warranty.remedies,
              ::testing::ElementsAre(Remedy::kReturn, Remedy::kExchange, Remedy::kRepair));
  ASSERT_TRUE(decided.warranty.refund.has_value());
  EXPECT_EQ(decided.warranty.refund->price_fen, 329900);
  EXPECT_EQ(decided.warranty.refund->amount_fen, 329900);
  EXPECT_FALSE(decided.warranty.refund->lines_zh.empty());
  ASSERT_FALSE(decided.warranty.reasons.empty());
  EXPECT_THAT(decided.warranty.reasons.front().rule_id, HasSubstr("SB-"));
  EXPECT_FALSE(decided.warranty.reasons.front().zh.empty());
  EXPECT_TRUE(decided.warranty.covered_until.has_value());
}

// Issue 6, must show: an approval consults the decision. A refund larger than
// the decision allows is refused; an empty amount takes the decision's; a
// remedy the decision does not offer is refused; the payment must equal the
// approved amount.
TEST_F(WarrantyIntegrationTest, ApprovalsFollowTheDecision) {
  warranty_ = std::make_unique<WarrantyService>(clock_, port_);
  NewOrder fresh = ValidOrder();
  fresh.product.purchase_date = absl::CivilDay(2026, 11, 20);
  RepairOrder within_7_days = MustCreate(fresh);
  RepairOrder after_a_year = MustCreate(ValidOrder());  // 2026-03-01: repair only
  EXPECT_EQ(*relay_->RunOnce(), 2);

  auto too_much = approvals_->Propose(within_7_days.order_number, common::NewUuid(),
                                      ApprovalKind::kReturn, "7日内退货", 329901, agent_);
  ASSERT_EQ(too_much.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(too_much.status().message(), HasSubstr("329900"));

  auto ret = approvals_->Propose(within_7_days.order_number, common::NewUuid(),
                                 ApprovalKind::kReturn, "7日内退货", 0, agent_);
  ASSERT_TRUE(ret.ok()) << ret.status();
  EXPECT_EQ(ret->approval.amount_fen, 329900);

  auto no_return = approvals_->Propose(after_a_year.order_number, common::NewUuid(),
                                       ApprovalKind::kReturn, "客户要求退货", 0, agent_);
  ASSERT_EQ(no_return.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(no_return.status().message(), HasSubstr("does not allow a return"));

  Actor centre{.principal = "centre-1", .roles = {"service_centre"}};
  ASSERT_TRUE(
      approvals_
          ->Decide(within_7_days.order_number, ret->approval.id, Decision::kApprove, "同意", centre)
          .ok());
  auto short_paid = approvals_->RecordPayment(within_7_days.order_number, ret->approval.id,
                                              "RCPT-1", 300000, agent_);
  ASSERT_EQ(short_paid.status().code(), absl::StatusCode::kInvalidArgument);
  auto paid = approvals_->RecordPayment(within_7_days.order_number, ret->approval.id, "RCPT-1",
                                        329900, agent_);
  EXPECT_TRUE(paid.ok()) << paid.status();
}

// Issue 6: intake checks the category and the failed part against the
// warranty catalogue, naming the known ones; the copy is fetched from the
// warranty service, and intake still works (form checks) before it arrives.
TEST_F(WarrantyIntegrationTest, IntakeChecksCategoryAndPartAgainstTheCatalogue) {
  CatalogueFollower follower(channel_, absl::Seconds(3), absl::Minutes(1));
  EXPECT_EQ(follower.Refresh().code(), absl::StatusCode::kUnavailable);  // warranty is down
  EXPECT_EQ(follower.Current(), nullptr);
  OrderService checked(*order_repository_, clock_, *calendar_, orders_->policy(), true, &follower);
  NewOrder fridge = ValidOrder();
  fridge.product.category = "fridge";
  EXPECT_TRUE(checked.CheckNew("r-1", fridge, agent_).empty());  // no catalogue yet: form only

  warranty_ = std::make_unique<WarrantyService>(clock_, port_);
  ASSERT_TRUE(follower.Refresh().ok());
  std::shared_ptr<const ProductCatalogue> catalogue = follower.Current();
  ASSERT_NE(catalogue, nullptr);
  ASSERT_TRUE(catalogue->categories.contains("refrigerator"));
  EXPECT_TRUE(catalogue->categories.at("refrigerator").parts.contains("compressor"));

  std::vector<common::FieldViolation> refused = checked.CheckNew("r-1", fridge, agent_);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].field, "product.category");
  EXPECT_THAT(refused[0].description, HasSubstr("refrigerator (电冰箱)"));

  NewOrder battery = ValidOrder();
  battery.warranty_claim.fault_component = "battery";
  refused = checked.CheckNew("r-2", battery, agent_);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].field, "warranty_claim.fault_component");
  EXPECT_THAT(refused[0].description, HasSubstr("compressor"));
  battery.warranty_claim.fault_component = "compressor";
  EXPECT_TRUE(checked.CheckNew("r-2", battery, agent_).empty());
}

// Consultations have nothing to decide and owe no message.
TEST_F(WarrantyIntegrationTest, ConsultationsAskNothing) {
  NewOrder question = ValidOrder();
  question.contact_type = ContactType::kConsultation;
  RepairOrder o = MustCreate(question);
  EXPECT_EQ(o.warranty.state, WarrantyState::kNotRequested);
  EXPECT_EQ(*relay_->RunOnce(), 0);
}

// The request is built as of the call, not of the delivery.
TEST(WarrantyRequestTest, RequestReflectsTheOrderAsTaken) {
  RepairOrder o;
  o.order_number = "2611230018";
  o.created_at = absl::FromUnixSeconds(1795000000);
  o.details.product = {"refrigerator", "海尔", "BCD-470", "SN1", absl::CivilDay(2026, 3, 1),
                       "INV-1",        true,   false};
  wv1::DecideCoverageRequest r = WarrantyRequester::RequestFor(o, "msg-1");
  EXPECT_EQ(r.request_id(), "msg-1");
  EXPECT_EQ(r.order(), "repairOrders/2611230018");
  EXPECT_TRUE(r.proof().invoice_present());
  EXPECT_EQ(r.invoice_date().month(), 3);
  EXPECT_EQ(r.request_time().seconds(), 1795000000);
  o.details.product.invoice_number.clear();
  EXPECT_FALSE(WarrantyRequester::RequestFor(o, "msg-2").has_invoice_date());
}

// Issue 6: every fact of the claim goes to the warranty service; nothing is
// hard-coded in the request.
TEST(WarrantyRequestTest, RequestCarriesEveryClaimFact) {
  RepairOrder o;
  o.order_number = "2611230018";
  o.details.product = {"flat_panel_tv", "海信", "65E7", "SN1", absl::CivilDay(2026, 3, 1),
                       "INV-1",         true,   false};
  WarrantyClaim& c = o.details.warranty_claim;
  c.price_paid_fen = 499900;
  c.production_date = absl::CivilDay(2026, 1, 5);
  c.installation_date = absl::CivilDay(2026, 3, 4);
  c.use = UnitUse::kCommercial;
  c.sale_type = SaleType::kSecondsDisclosed;
  c.card_model_mismatch = true;
  c.performance_fault = false;
  c.fault_component = "screen";
  c.fault_main_part = true;
  c.earlier_repairs = {{absl::CivilDay(2026, 5, 1), "", 4}};
  c.exchanged_on = absl::CivilDay(2026, 4, 1);
  c.main_parts_replaced = {{"logic_board", absl::CivilDay(2026, 6, 1)}};
  c.causes.misuse = true;
  c.repair_delay_days = 31;
  c.parts_wait_days = 12;
  c.same_model_out_of_stock = true;
  c.insists_on_refund = true;
  wv1::DecideCoverageRequest r = WarrantyRequester::RequestFor(o, "msg-1");
  EXPECT_EQ(r.price_paid().amount_fen(), 499900);
  EXPECT_EQ(r.production_date().day(), 5);
  EXPECT_EQ(r.installation_date().day(), 4);
  EXPECT_EQ(r.use(), wv1::COMMERCIAL);
  EXPECT_EQ(r.sale_type(), wv1::SECONDS_DISCLOSED);
  EXPECT_TRUE(r.proof().card_model_mismatch());
  EXPECT_FALSE(r.fault().performance_fault());
  EXPECT_EQ(r.fault().component(), "screen");
  EXPECT_TRUE(r.fault().main_part());
  ASSERT_EQ(r.history().repairs_size(), 1);
  EXPECT_EQ(r.history().repairs(0).component(), "");
  EXPECT_EQ(r.history().repairs(0).days_in_repair(), 4);
  EXPECT_EQ(r.history().exchanged_on().month(), 4);
  ASSERT_EQ(r.history().main_parts_replaced_size(), 1);
  EXPECT_EQ(r.history().main_parts_replaced(0).part(), "logic_board");
  EXPECT_TRUE(r.causes().misuse());
  EXPECT_EQ(r.repair_delay_days(), 31);
  EXPECT_EQ(r.parts_wait_days(), 12);
  EXPECT_TRUE(r.same_model_out_of_stock());
  EXPECT_TRUE(r.insists_on_refund());
  // Unset means what a customer calling about a malfunction reports.
  c.performance_fault.reset();
  EXPECT_TRUE(WarrantyRequester::RequestFor(o, "msg-2").fault().performance_fault());
}

// Issue 9: the sync tells scheduling who to visit, what the visit may
// charge under the order's 三包 decision, and the model and fault, so the
// technician brings the right parts (DOMAIN.md "Taking a repair request",
// "The visit").
TEST(SchedulingSyncRequestTest, CarriesTheVisitsFacts) {
  RepairOrder o;
  o.order_number = "2611230018";
  o.version = 7;
  o.status = OrderStatus::kAppointmentBooked;
  o.details.service_mode = ServiceMode::kOnSite;
  o.details.customer = {"张三", "13812345678", {"440106", "天河区天河路385号1201室", std::nullopt}};
  o.details.product.model = "BCD-470WDPG";
  o.details.fault_description = "冷藏室不制冷";
  o.warranty.state = WarrantyState::kDecided;
  o.warranty.coverage = "PAID";
  o.warranty.quote = WarrantyQuote{.labour_fen = 8000,
                                   .part_fen = 12000,
                                   .part_priced = true,
                                   .callout_fen = 3000,
                                   .total_fen = 23000};
  const auto r = SchedulingSync::RequestFor(o);
  EXPECT_EQ(r.order(), "repairOrders/2611230018");
  EXPECT_EQ(r.order_version(), 7);
  EXPECT_TRUE(r.in_dispatch());  // booked is still in the dispatch flow
  EXPECT_EQ(r.customer().name(), "张三");
  EXPECT_EQ(r.customer().phone(), "13812345678");
  EXPECT_EQ(r.customer().address(), "天河区天河路385号1201室");
  EXPECT_EQ(r.model(), "BCD-470WDPG");
  EXPECT_EQ(r.fault_description(), "冷藏室不制冷");
  EXPECT_TRUE(r.charges().decided());
  EXPECT_FALSE(r.charges().free());
  EXPECT_EQ(r.charges().labour().amount_fen(), 8000);
  EXPECT_EQ(r.charges().part().amount_fen(), 12000);
  EXPECT_TRUE(r.charges().part_priced());
  EXPECT_EQ(r.charges().callout().amount_fen(), 3000);

  o.warranty.coverage = "FREE";
  o.warranty.quote.reset();
  EXPECT_TRUE(SchedulingSync::RequestFor(o).charges().free());
  o.status = OrderStatus::kCompleted;  // the visit is over: the job ends
  EXPECT_FALSE(SchedulingSync::RequestFor(o).in_dispatch());
}

}  // namespace
}  // namespace fieldservice::orders::testing
