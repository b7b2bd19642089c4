// Issue 11: the callback's outcome acts on the order (DOMAIN.md "The
// callback"): satisfied closes it; not solved reopens it and puts it back
// into the flow (an on-site order into the dispatch queue, which owes the
// scheduling service a sync); unreachable flags it. While the callback
// service is configured, a completed order awaiting its callback cannot be
// closed by a person. Real MariaDB.
#include "services/orders/domain/callback_outcome.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/sql.h"
#include "services/orders/domain/dispatch_sync.h"
#include "services/orders/domain/visit_report.h"
#include "tests/orders/orders_fixture.h"

namespace fieldservice::orders::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

class CallbackOutcomeTest : public OrdersFixture {
 protected:
  void SetUp() override {
    OrdersFixture::SetUp();
    // Dispatch synced with scheduling and visits reported to the callback
    // service: the deployment the run command starts.
    service_ =
        std::make_unique<OrderService>(*order_repository_, clock_, *calendar_, orders_->policy(),
                                       /*request_warranty=*/false, nullptr, /*sync_dispatch=*/true,
                                       /*report_visits=*/true);
  }

  // An on-site order whose job scheduling reports completed.
  RepairOrder CompletedOnSite() {
    RepairOrder o = MustCreate();
    auto queued =
        service_->Transition(o.order_number, o.version, OrderEvent::kQueueForDispatch, {}, agent_);
    EXPECT_TRUE(queued.ok()) << queued.status();
    DispatchProgress done{.dispatch_version = ++dispatch_version_,
                          .status = OrderStatus::kCompleted,
                          .technician_id = "tech-7",
                          .appointment = TimeWindow{clock_.Now(), clock_.Now() + absl::Hours(2)},
                          .visit_summary = "更换温控器"};
    auto completed = service_->RecordDispatchProgress(o.order_number, done, scheduling_);
    EXPECT_TRUE(completed.ok()) << completed.status();
    EXPECT_EQ(completed->status, OrderStatus::kCompleted);
    return *completed;
  }

  // A carry-in order repaired at the outlet and handed back.
  RepairOrder CompletedCarryIn(OrderService& service) {
    NewOrder carry = ValidOrder();
    carry.service_mode = ServiceMode::kCarryIn;
    carry.preferred_window.reset();
    RepairOrder o = MustCreate(carry);
    for (auto [event, payload] : std::vector<std::pair<OrderEvent, TransitionPayload>>{
             {OrderEvent::kAwaitDropOff, {}},
             {OrderEvent::kReceiveUnit, {.promised_completion = clock_.Now() + absl::Hours(72)}},
             {OrderEvent::kMarkReadyForPickup, {}},
             {OrderEvent::kComplete, {}}}) {
      auto moved = service.Transition(o.order_number, o.version, event, payload, agent_);
      EXPECT_TRUE(moved.ok()) << moved.status();
      if (moved.ok()) o = *moved;
    }
    EXPECT_EQ(o.status, OrderStatus::kCompleted);
    return o;
  }

  absl::StatusOr<RepairOrder> Outcome(const RepairOrder& o, int64_t visit, CallbackVerdict verdict,
                                      std::string reason = "") {
    return service_->RecordCallbackOutcome(
        o.order_number, {.visit_number = visit, .verdict = verdict, .reason = reason}, callback_);
  }

  int OwedSyncs(const std::string& order_number) {
    auto lease = pool_->Acquire();
    EXPECT_TRUE(lease.ok()) << lease.status();
    common::Statement st(lease->connection(),
                         "SELECT COUNT(*) AS n FROM outbox WHERE topic = ? AND payload LIKE ?");
    st.Bind(std::string(kSchedulingSyncTopic)).Bind(order_number + "%");
    auto rs = st.Query();
    rs->next();
    return rs->getInt("n");
  }

  std::unique_ptr<OrderService> service_;
  int64_t dispatch_version_ = 0;
  const Actor scheduling_{.principal = "service:scheduling", .roles = {"service:scheduling"}};
  const Actor callback_{.principal = "service:callback", .roles = {"service:callback"}};
  const Actor supervisor_{.principal = "sup-1", .roles = {"supervisor"}, .grants = {"phone"}};
};

TEST_F(CallbackOutcomeTest, SatisfiedClosesTheOrderOnce) {
  const RepairOrder o = CompletedOnSite();
  auto closed = Outcome(o, 1, CallbackVerdict::kSatisfied);
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->status, OrderStatus::kClosed);
  auto events = service_->ListEvents(o.order_number, 0, 100);
  ASSERT_TRUE(events.ok());
  const AuditEvent& last = events->events.back();
  EXPECT_EQ(last.event, OrderEvent::kClose);
  EXPECT_EQ(last.actor, "service:callback");
  // Delivered again: nothing changes, the version stays.
  auto again = Outcome(o, 1, CallbackVerdict::kSatisfied);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->version, closed->version);
}

// 回访未解决: the order is reopened and handled again [001]; an on-site
// order goes back to the dispatch queue, which owes scheduling a sync (the
// job is queued again there).
TEST_F(CallbackOutcomeTest, NotSolvedReopensTheOrderIntoTheDispatchQueue) {
  const RepairOrder o = CompletedOnSite();
  const int syncs_before = OwedSyncs(o.order_number);
  auto reopened = Outcome(o, 1, CallbackVerdict::kNotSolved, "回访：仍不制冷 (NOT_SOLVED)");
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(reopened->status, OrderStatus::kPendingDispatch);
  EXPECT_EQ(reopened->reopen_count, 1);
  EXPECT_EQ(reopened->technician_id, "");
  EXPECT_EQ(reopened->resolution_note, "回访：仍不制冷 (NOT_SOLVED)");
  EXPECT_TRUE(DispatchFactsOf(*reopened).in_dispatch);
  EXPECT_EQ(OwedSyncs(o.order_number), syncs_before + 1);
  auto events = service_->ListEvents(o.order_number, 0, 100);
  ASSERT_TRUE(events.ok());
  const std::vector<AuditEvent>& trail = events->events;
  ASSERT_GE(trail.size(), 2u);
  EXPECT_EQ(trail[trail.size() - 2].event, OrderEvent::kReopen);
  EXPECT_EQ(trail.back().event, OrderEvent::kQueueForDispatch);

  // The first visit's outcome again, or late: the order has moved on.
  auto late = Outcome(o, 1, CallbackVerdict::kNotSolved, "again");
  ASSERT_TRUE(late.ok()) << late.status();
  EXPECT_EQ(late->version, reopened->version);
  EXPECT_EQ(late->reopen_count, 1);
}

TEST_F(CallbackOutcomeTest, AnUnsolvedCarryInOrderAwaitsTheUnitAgain) {
  const RepairOrder o = CompletedCarryIn(*service_);
  auto reopened = Outcome(o, 1, CallbackVerdict::kNotSolved, "回访：仍有异响");
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(reopened->status, OrderStatus::kAwaitingDropOff);
}

TEST_F(CallbackOutcomeTest, AnOutcomeForAnotherVisitChangesNothing) {
  const RepairOrder o = CompletedOnSite();
  auto other = Outcome(o, 2, CallbackVerdict::kSatisfied);
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->status, OrderStatus::kCompleted);
  EXPECT_EQ(other->version, o.version);
}

TEST_F(CallbackOutcomeTest, APersonCannotCloseBeforeTheCallback) {
  const RepairOrder o = CompletedOnSite();
  EXPECT_THAT(service_->EventsForPeople(o), Not(Contains(OrderEvent::kClose)));
  auto closed =
      service_->Transition(o.order_number, o.version, OrderEvent::kClose, {}, supervisor_);
  ASSERT_EQ(closed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(closed.status().message(), HasSubstr("callback"));
  EXPECT_THAT(closed.status().message(), HasSubstr("event"));

  // The callback gave up: the order is flagged and a person decides.
  auto flagged = Outcome(o, 1, CallbackVerdict::kUnreachable, "3 calls unanswered");
  ASSERT_TRUE(flagged.ok()) << flagged.status();
  EXPECT_EQ(flagged->status, OrderStatus::kCompleted);
  EXPECT_EQ(flagged->callback_unreachable_visit, 1);
  auto events = service_->ListEvents(o.order_number, 0, 100);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->events.back().action, AuditAction::kCallbackUnreachable);
  EXPECT_THAT(service_->EventsForPeople(*flagged), Contains(OrderEvent::kClose));
  auto now_closed =
      service_->Transition(o.order_number, flagged->version, OrderEvent::kClose, {}, supervisor_);
  ASSERT_TRUE(now_closed.ok()) << now_closed.status();
  EXPECT_EQ(now_closed->status, OrderStatus::kClosed);
}

TEST_F(CallbackOutcomeTest, WithoutACallbackServiceAPersonCloses) {
  RepairOrder o = CompletedCarryIn(*orders_);
  auto closed = orders_->Transition(o.order_number, o.version, OrderEvent::kClose, {}, agent_);
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->status, OrderStatus::kClosed);
}

// A visit completed before the callback service was configured was never
// reported, so no callback will come: it does not wait for one.
TEST_F(CallbackOutcomeTest, AVisitNeverReportedDoesNotWaitForACallback) {
  RepairOrder o = CompletedCarryIn(*orders_);
  EXPECT_EQ(o.callback_reported_visit, 0);
  EXPECT_FALSE(AwaitsCallback(o));
  auto closed = service_->Transition(o.order_number, o.version, OrderEvent::kClose, {}, agent_);
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(CompletedCarryIn(*service_).callback_reported_visit, 1);
}

TEST_F(CallbackOutcomeTest, ABadReportNamesTheField) {
  const RepairOrder o = CompletedOnSite();
  auto bad = Outcome(o, 0, CallbackVerdict::kSatisfied);
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("visit_number"));
}

}  // namespace
}  // namespace fieldservice::orders::testing
