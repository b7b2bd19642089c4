// Issue 11: each completed visit owes the callback service one message in
// the completing transaction (domain/visit_report.h), numbered by visit; a
// service without a callback service configured owes none. Real MariaDB;
// the request the relay sends is checked against the order's facts.
#include "services/orders/domain/visit_report.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/sql.h"
#include "services/orders/clients/callback_reporter.h"
#include "tests/orders/orders_fixture.h"

namespace fieldservice::orders::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class VisitReportTest : public OrdersFixture {
 protected:
  void SetUp() override {
    OrdersFixture::SetUp();
    reporting_ =
        std::make_unique<OrderService>(*order_repository_, clock_, *calendar_, orders_->policy(),
                                       /*request_warranty=*/false, nullptr, /*sync_dispatch=*/false,
                                       /*report_visits=*/true);
  }

  RepairOrder Move(OrderService& service, const RepairOrder& o, OrderEvent event,
                   TransitionPayload p = {}) {
    auto moved = service.Transition(o.order_number, o.version, event, p, agent_);
    EXPECT_TRUE(moved.ok()) << EventName(event) << ": " << moved.status();
    return moved.ok() ? *moved : o;
  }

  // A carry-in order taken, repaired at the outlet and handed back.
  RepairOrder CarryInThroughCompletion(OrderService& service, RepairOrder o) {
    o = Move(service, o, OrderEvent::kAwaitDropOff);
    o = Move(service, o, OrderEvent::kReceiveUnit,
             {.promised_completion = clock_.Now() + absl::Hours(72)});
    o = Move(service, o, OrderEvent::kMarkReadyForPickup);
    return Move(service, o, OrderEvent::kComplete);
  }

  RepairOrder NewCarryIn() {
    NewOrder carry = ValidOrder();
    carry.service_mode = ServiceMode::kCarryIn;
    carry.preferred_window.reset();
    return MustCreate(carry);
  }

  // The payloads of the callback messages owed, oldest first.
  std::vector<std::string> CallbackPayloads() {
    std::vector<std::string> payloads;
    auto lease = pool_->Acquire();
    EXPECT_TRUE(lease.ok()) << lease.status();
    if (!lease.ok()) return payloads;
    common::Statement st(lease->connection(),
                         "SELECT payload FROM outbox WHERE topic = ? ORDER BY id");
    st.Bind(std::string(kCallbackVisitCompletedTopic));
    auto rs = st.Query();
    while (rs->next()) payloads.push_back(std::string(rs->getString("payload")));
    return payloads;
  }

  std::unique_ptr<OrderService> reporting_;
};

TEST_F(VisitReportTest, EachCompletedVisitOwesOneReportNumberedByVisit) {
  RepairOrder o = NewCarryIn();
  o = CarryInThroughCompletion(*reporting_, o);
  ASSERT_EQ(o.status, OrderStatus::kCompleted);
  // Only COMPLETE owes it; the person who completed it travels along.
  EXPECT_THAT(CallbackPayloads(), ElementsAre(o.order_number + "\nagent-1001\n1"));

  // The callback found the problem unsolved: the second visit is visit 2.
  o = Move(*reporting_, o, OrderEvent::kReopen, {.reason = "回访：仍不制冷"});
  o = CarryInThroughCompletion(*reporting_, o);
  ASSERT_EQ(o.status, OrderStatus::kCompleted);
  EXPECT_THAT(CallbackPayloads(),
              ElementsAre(o.order_number + "\nagent-1001\n1", o.order_number + "\nagent-1001\n2"));
  auto closed = reporting_->RecordCallbackOutcome(
      o.order_number, {.visit_number = 2, .verdict = CallbackVerdict::kSatisfied},
      {.principal = "service:callback"});
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->status, OrderStatus::kClosed);
  EXPECT_EQ(CallbackPayloads().size(), 2u);  // closing owes nothing more
}

TEST_F(VisitReportTest, NothingIsOwedWithoutACallbackService) {
  RepairOrder o = CarryInThroughCompletion(*orders_, NewCarryIn());
  ASSERT_EQ(o.status, OrderStatus::kCompleted);
  EXPECT_THAT(CallbackPayloads(), IsEmpty());
}

// The relay reads the order and tells the callback service the visit's
// facts; what orders does not know (the outlet, the repair record's
// signature and function test) stays empty.
TEST(CallbackRequestTest, CarriesTheVisitsFacts) {
  RepairOrder o;
  o.order_number = "2611230018";
  o.status = OrderStatus::kCompleted;
  o.technician_id = "tech-7";
  o.details.contact_type = ContactType::kComplaint;
  o.details.complaint = Complaint{.reason = "上次没修好"};
  o.details.customer = {"张三", "13812345678", {"440106", "天河区天河路385号1201室", std::nullopt}};
  o.details.product.category = "refrigerator";
  o.details.product.brand = "海尔";
  o.details.product.model = "BCD-470WDPG";
  o.details.fault_description = "冷藏室不制冷";
  o.visit_summary = "更换温控器，试机正常";
  o.warranty.state = WarrantyState::kDecided;
  o.warranty.coverage = "PAID";
  o.warranty.quote = WarrantyQuote{.labour_fen = 8000,
                                   .part_fen = 12000,
                                   .part_priced = true,
                                   .callout_fen = 3000,
                                   .total_fen = 23000};
  o.details.product.serial = "BE0123456789";
  o.details.symptom_code = "no_cooling";
  o.created_at = China(2026, 11, 20, 9, 0);
  o.appointment = TimeWindow{China(2026, 11, 23, 14, 0), China(2026, 11, 23, 16, 0)};
  o.reopen_count = 1;
  const absl::Time done = China(2026, 11, 23, 15, 30);
  const VisitMilestones visit2{.assigned_at = China(2026, 11, 22, 10, 0),
                               .arrived_at = China(2026, 11, 23, 14, 40),
                               .completed_at = done};
  auto r = CallbackReporter::RequestFor(o, 2, visit2);
  EXPECT_EQ(r.order_number(), "2611230018");
  EXPECT_EQ(r.visit_number(), 2);
  EXPECT_EQ(r.completed_time().seconds(), absl::ToUnixSeconds(done));
  EXPECT_TRUE(r.complaint());
  EXPECT_EQ(r.complaint_kind(), fieldservice::callback::v1::GENERAL);
  EXPECT_EQ(r.serial(), "BE0123456789");
  EXPECT_EQ(r.symptom_code(), "no_cooling");
  EXPECT_EQ(r.brand(), "海尔");
  EXPECT_EQ(r.category(), "refrigerator");
  EXPECT_EQ(r.received_time().seconds(), absl::ToUnixSeconds(China(2026, 11, 20, 9, 0)));
  EXPECT_EQ(r.assigned_time().seconds(), absl::ToUnixSeconds(*visit2.assigned_at));
  EXPECT_EQ(r.arrived_time().seconds(), absl::ToUnixSeconds(*visit2.arrived_at));
  EXPECT_EQ(r.promised_time().seconds(), absl::ToUnixSeconds(China(2026, 11, 23, 16, 0)));
  EXPECT_EQ(r.customer().name(), "张三");
  EXPECT_EQ(r.customer().phone(), "13812345678");
  EXPECT_EQ(r.record().coverage(), "PAID");
  EXPECT_EQ(r.product_model(), "BCD-470WDPG");
  EXPECT_EQ(r.region_code(), "440106");
  EXPECT_EQ(r.technician_id(), "tech-7");
  EXPECT_EQ(r.outlet_id(), "");  // orders does not know it
  EXPECT_FALSE(r.repair_facts().free_under_warranty());
  EXPECT_EQ(r.repair_facts().charged_fen(), 23000);
  EXPECT_FALSE(r.repair_facts().record_known());
  EXPECT_EQ(r.summary().product(), "海尔 refrigerator BCD-470WDPG");
  EXPECT_EQ(r.summary().fault(), "冷藏室不制冷");
  EXPECT_EQ(r.summary().work_done(), "更换温控器，试机正常");

  o.warranty.coverage = "FREE";
  o.warranty.quote.reset();
  r = CallbackReporter::RequestFor(o, 1, {.completed_at = done});
  EXPECT_TRUE(r.repair_facts().free_under_warranty());
  EXPECT_EQ(r.repair_facts().charged_fen(), 0);
  EXPECT_EQ(r.record().coverage(), "FREE");
  // Visit 1 is over (the order was reopened): the booked window is visit 2's.
  EXPECT_FALSE(r.has_promised_time());
  EXPECT_FALSE(r.has_assigned_time());
}

AuditEvent Step(OrderEvent event, absl::Time at) {
  return {.at = at, .action = AuditAction::kTransitioned, .event = event};
}

// Each visit's milestones come from its own stretch of the trail: visit 1
// up to its COMPLETE, visit 2 from the REOPEN on; the first ASSIGN of a
// visit and the last ARRIVE before its COMPLETE.
TEST(VisitMilestonesTest, EachVisitReadsItsOwnStretchOfTheTrail) {
  const absl::Time t0 = China(2026, 11, 20, 9, 0);
  auto at = [&](int minutes) { return t0 + absl::Minutes(minutes); };
  const std::vector<AuditEvent> trail = {
      {.at = t0, .action = AuditAction::kCreated}, Step(OrderEvent::kAssign, at(10)),
      Step(OrderEvent::kUnassign, at(20)),         Step(OrderEvent::kAssign, at(30)),
      Step(OrderEvent::kArrive, at(100)),          Step(OrderEvent::kCustomerNotHome, at(110)),
      Step(OrderEvent::kArrive, at(200)),          Step(OrderEvent::kComplete, at(260)),
      Step(OrderEvent::kReopen, at(2000)),         Step(OrderEvent::kAssign, at(2100)),
      Step(OrderEvent::kArrive, at(2300)),         Step(OrderEvent::kComplete, at(2400)),
  };
  const VisitMilestones first = MilestonesOf(trail, 1);
  EXPECT_EQ(first.assigned_at, at(10));
  EXPECT_EQ(first.arrived_at, at(200));
  EXPECT_EQ(first.completed_at, at(260));
  const VisitMilestones second = MilestonesOf(trail, 2);
  EXPECT_EQ(second.assigned_at, at(2100));
  EXPECT_EQ(second.arrived_at, at(2300));
  EXPECT_EQ(second.completed_at, at(2400));
  const VisitMilestones third = MilestonesOf(trail, 3);
  EXPECT_FALSE(third.assigned_at.has_value());
  EXPECT_FALSE(third.completed_at.has_value());
}

}  // namespace
}  // namespace fieldservice::orders::testing
