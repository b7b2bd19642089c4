// When an order owes the scheduling service a sync (issue 9 "The order
// follows": the order's changes that matter reach scheduling).
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

TEST(DispatchSyncTest, EnteringOrLeavingTheQueueOwesASync) {
  const DispatchFacts received = DispatchFactsOf(OnSite(OrderStatus::kReceived));
  const DispatchFacts queued = DispatchFactsOf(OnSite(OrderStatus::kPendingDispatch));
  const DispatchFacts assigned = DispatchFactsOf(OnSite(OrderStatus::kAssigned));
  EXPECT_FALSE(received.waiting);
  EXPECT_TRUE(queued.waiting);
  EXPECT_TRUE(OwesDispatchSync(received, queued));
  EXPECT_TRUE(OwesDispatchSync(queued, assigned));
  EXPECT_FALSE(OwesDispatchSync(received, assigned));  // never in the queue
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
  // A change that does not matter to dispatch owes nothing.
  RepairOrder note = OnSite(OrderStatus::kPendingDispatch);
  note.details.fault_description = "不制冷";
  EXPECT_FALSE(OwesDispatchSync(before, DispatchFactsOf(note)));
}

TEST(DispatchSyncTest, ACarryInOrderIsNeverInTheQueue) {
  RepairOrder o = OnSite(OrderStatus::kPendingDispatch);
  o.details.service_mode = ServiceMode::kCarryIn;
  EXPECT_FALSE(DispatchFactsOf(o).waiting);
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
