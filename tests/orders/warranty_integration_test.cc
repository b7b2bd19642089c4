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
#include "services/common/migrations.h"
#include "services/common/outbox.h"
#include "services/common/server.h"
#include "services/orders/clients/warranty_requester.h"
#include "services/warranty/api/warranty_handler.h"
#include "services/warranty/catalogue_cache.h"
#include "tests/orders/orders_fixture.h"
#include "tests/support/test_db.h"

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
    repository_ = std::make_unique<warranty::WarrantyRepository>(*pool_, common::RetryPolicy{});
    catalogues_ =
        std::make_unique<warranty::CatalogueCache>(*repository_, clock, absl::Seconds(10));
    auto text = common::ReadTextFile(std::string(FS_SOURCE_DIR) + "/data/warranty/catalogue.txt");
    EXPECT_TRUE(text.ok() && catalogues_->Bootstrap(*text).ok());
    handler_ = std::make_unique<warranty::api::WarrantyHandler>(*repository_, *catalogues_,
                                                                *calendar_, clock);
    auto host = common::ServerHost::Start({.listen_address = absl::StrCat("127.0.0.1:", port)},
                                          {handler_.get()});
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
  std::unique_ptr<warranty::WarrantyRepository> repository_;
  std::unique_ptr<warranty::CatalogueCache> catalogues_;
  std::unique_ptr<warranty::api::WarrantyHandler> handler_;
  std::unique_ptr<common::ServerHost> host_;
};

class WarrantyIntegrationTest : public OrdersFixture {
 protected:
  void SetUp() override {
    OrdersFixture::SetUp();
    // A port nobody serves yet: the warranty service is "down" until started.
    auto probe = common::ServerHost::Start({.listen_address = "127.0.0.1:0"}, {});
    ASSERT_TRUE(probe.ok());
    port_ = (*probe)->port();
    (*probe)->Shutdown(absl::ZeroDuration());
    channel_ =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_), grpc::InsecureChannelCredentials());
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

// The facts taken on the call may not be enough: no invoice means the
// nameplate's production date is needed. The order says so.
TEST_F(WarrantyIntegrationTest, MissingFactsAreReportedOnTheOrder) {
  warranty_ = std::make_unique<WarrantyService>(clock_, port_);
  NewOrder no_invoice = ValidOrder();
  no_invoice.product.invoice_number.clear();
  RepairOrder o = MustCreate(no_invoice);
  EXPECT_EQ(*relay_->RunOnce(), 1);
  RepairOrder checked = *orders_->Get(o.order_number);
  EXPECT_EQ(checked.warranty.state, WarrantyState::kNeedsInformation);
  EXPECT_THAT(checked.warranty.problem, HasSubstr("production_date"));
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

}  // namespace
}  // namespace fieldservice::orders::testing
