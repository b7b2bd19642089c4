// When an order owes the scheduling service a sync, and what it tells (issue
// 9 "The order follows": the order's changes that matter reach scheduling).
#include "services/orders/domain/dispatch_sync.h"

#include <gtest/gtest.h>

namespace fieldservice::orders {
namespace {

RepairOrder OnSite(OrderStatus status) {
  RepairOrder o;
  o.status = status;
  o.details.service_mode = ServiceMode::kOnSite;
  o.details.customer.address.region_code = "440106";
  o.details.product.category = "refrigerator";
  o.details.product.brand = "海尔";
  return o;
}

TEST(DispatchSyncTest, EnteringOrLeavingTheDispatchFlowOwesASync) {
  const DispatchFacts received = DispatchFactsOf(OnSite(OrderStatus::kReceived));
  const DispatchFacts queued = DispatchFactsOf(OnSite(OrderStatus::kPendingDispatch));
  const DispatchFacts cancelled = DispatchFactsOf(OnSite(OrderStatus::kCancelled));
  const DispatchFacts completed = DispatchFactsOf(OnSite(OrderStatus::kCompleted));
  EXPECT_FALSE(received.in_dispatch);
  EXPECT_TRUE(queued.in_dispatch);
  EXPECT_TRUE(OwesDispatchSync(received, queued));
  EXPECT_TRUE(OwesDispatchSync(queued, cancelled));
  EXPECT_FALSE(OwesDispatchSync(received, cancelled));  // never in the flow
  // The visit ends the flow: completed, and the job ends in scheduling.
  EXPECT_TRUE(OwesDispatchSync(DispatchFactsOf(OnSite(OrderStatus::kOnSite)), completed));
  // Cannot be fixed on site: carry-in, out of the flow.
  RepairOrder carry_in = OnSite(OrderStatus::kAwaitingDropOff);
  carry_in.details.service_mode = ServiceMode::kCarryIn;
  EXPECT_TRUE(
      OwesDispatchSync(DispatchFactsOf(OnSite(OrderStatus::kOnSite)), DispatchFactsOf(carry_in)));
}

// Issue 9: which step of the flow the job is at is scheduling's to say, so
// the order moving along the steps scheduling reported owes it nothing.
TEST(DispatchSyncTest, MovingAlongTheFlowOwesNothing) {
  const OrderStatus flow[] = {
      OrderStatus::kPendingDispatch, OrderStatus::kAssigned, OrderStatus::kAppointmentBooked,
      OrderStatus::kEnRoute,         OrderStatus::kOnSite,   OrderStatus::kWaitingForParts};
  for (OrderStatus a : flow) {
    EXPECT_TRUE(DispatchFactsOf(OnSite(a)).in_dispatch);
    for (OrderStatus b : flow) {
      EXPECT_FALSE(OwesDispatchSync(DispatchFactsOf(OnSite(a)), DispatchFactsOf(OnSite(b))));
    }
  }
}

TEST(DispatchSyncTest, AFactChangedInTheQueueOwesASync) {
  RepairOrder o = OnSite(OrderStatus::kPendingDispatch);
  const DispatchFacts before = DispatchFactsOf(o);
  EXPECT_FALSE(OwesDispatchSync(before, DispatchFactsOf(o)));
  o.details.customer.address.location = GeoPoint{23.13, 113.33};
  EXPECT_TRUE(OwesDispatchSync(before, DispatchFactsOf(o)));
  RepairOrder window = OnSite(OrderStatus::kPendingDispatch);
  window.details.preferred_window =
      TimeWindow{absl::FromUnixSeconds(100), absl::FromUnixSeconds(200)};
  EXPECT_TRUE(OwesDispatchSync(before, DispatchFactsOf(window)));
  // A change that does not matter to dispatch or the visit owes nothing.
  RepairOrder serial = OnSite(OrderStatus::kPendingDispatch);
  serial.details.product.serial = "BA0123456789";
  EXPECT_FALSE(OwesDispatchSync(before, DispatchFactsOf(serial)));
}

// Issue 9: a corrected address reaches scheduling, and so do the facts the
// technician needs for the visit (DOMAIN.md "Taking a repair request": ask
// about the product's condition so the technician brings the right parts).
TEST(DispatchSyncTest, AVisitFactChangedInTheFlowOwesASync) {
  RepairOrder o = OnSite(OrderStatus::kAppointmentBooked);
  const DispatchFacts before = DispatchFactsOf(o);
  RepairOrder address = o;
  address.details.customer.address.detail = "天河区天河路385号太古汇2座1202室";
  EXPECT_TRUE(OwesDispatchSync(before, DispatchFactsOf(address)));
  EXPECT_EQ(DispatchFactsOf(address).customer_address, "天河区天河路385号太古汇2座1202室");
  RepairOrder phone = o;
  phone.details.customer.phone = "13912345678";
  EXPECT_TRUE(OwesDispatchSync(before, DispatchFactsOf(phone)));
  RepairOrder model = o;
  model.details.product.model = "BCD-471WDPG";
  EXPECT_TRUE(OwesDispatchSync(before, DispatchFactsOf(model)));
  RepairOrder fault = o;
  fault.details.fault_description = "冷冻室也不制冷";
  EXPECT_TRUE(OwesDispatchSync(before, DispatchFactsOf(fault)));
  // Out of the flow the same changes owe nothing.
  RepairOrder closed = OnSite(OrderStatus::kClosed);
  RepairOrder closed_moved = closed;
  closed_moved.details.customer.address.detail = "别处";
  EXPECT_FALSE(OwesDispatchSync(DispatchFactsOf(closed), DispatchFactsOf(closed_moved)));
}

// DOMAIN.md "The visit": in warranty free; out of warranty the published
// price list only. The 三包 decision arriving while the job is in the flow
// reaches scheduling as the visit's charge terms.
TEST(DispatchSyncTest, ChargeTermsFollowTheWarrantyDecision) {
  RepairOrder o = OnSite(OrderStatus::kAssigned);
  o.warranty.state = WarrantyState::kPending;
  const DispatchFacts pending = DispatchFactsOf(o);
  EXPECT_FALSE(pending.charges.decided);
  EXPECT_FALSE(pending.charges.free);

  RepairOrder free = o;
  free.warranty.state = WarrantyState::kDecided;
  free.warranty.coverage = "FREE";
  EXPECT_TRUE(DispatchFactsOf(free).charges.decided);
  EXPECT_TRUE(DispatchFactsOf(free).charges.free);
  EXPECT_TRUE(OwesDispatchSync(pending, DispatchFactsOf(free)));

  RepairOrder paid = o;
  paid.warranty.state = WarrantyState::kDecided;
  paid.warranty.coverage = "PAID";
  paid.warranty.quote = WarrantyQuote{.labour_fen = 8000,
                                      .part_fen = 0,
                                      .part_priced = false,
                                      .callout_fen = 3000,
                                      .total_fen = 11000};
  const ChargeTerms c = DispatchFactsOf(paid).charges;
  EXPECT_TRUE(c.decided);
  EXPECT_FALSE(c.free);
  EXPECT_EQ(c.labour_fen, 8000);
  EXPECT_EQ(c.part_fen, 0);
  EXPECT_FALSE(c.part_priced);
  EXPECT_EQ(c.callout_fen, 3000);
  EXPECT_TRUE(OwesDispatchSync(pending, DispatchFactsOf(paid)));
  // A decision that is not known yet is no terms at all.
  RepairOrder asking = paid;
  asking.warranty.state = WarrantyState::kNeedsInformation;
  EXPECT_FALSE(DispatchFactsOf(asking).charges.decided);
  EXPECT_EQ(DispatchFactsOf(asking).charges.labour_fen, 0);
}

TEST(DispatchSyncTest, ACarryInOrderIsNeverInTheQueue) {
  RepairOrder o = OnSite(OrderStatus::kPendingDispatch);
  o.details.service_mode = ServiceMode::kCarryIn;
  EXPECT_FALSE(DispatchFactsOf(o).in_dispatch);
}

TEST(DispatchSyncTest, AMajorComplaintIsFlagged) {
  RepairOrder o = OnSite(OrderStatus::kPendingDispatch);
  o.details.complaint = Complaint{};
  EXPECT_TRUE(DispatchFactsOf(o).complaint);
  EXPECT_FALSE(DispatchFactsOf(o).major_complaint);
  o.details.complaint->severity = ComplaintSeverity::kMajor;
  EXPECT_TRUE(DispatchFactsOf(o).major_complaint);
}

}  // namespace
}  // namespace fieldservice::orders
