// What the scheduling service must hear of an order: an on-site order
// entering, changing in or leaving the dispatch queue is owed a sync
// message (topic kSchedulingSyncTopic) in the same transaction; the relay
// then sends the order's current facts (clients/scheduling_sync.h).
#ifndef FIELDSERVICE_ORDERS_DOMAIN_DISPATCH_SYNC_H_
#define FIELDSERVICE_ORDERS_DOMAIN_DISPATCH_SYNC_H_

#include <optional>
#include <string>

#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

inline constexpr char kSchedulingSyncTopic[] = "scheduling.sync";

// The facts of an order dispatch decides by.
struct DispatchFacts {
  bool waiting = false;  // on-site and pending dispatch
  std::string region_code;
  std::optional<GeoPoint> location;
  std::string category;
  std::string brand;
  std::optional<TimeWindow> preferred_window;
  bool complaint = false;
  bool major_complaint = false;
};

DispatchFacts DispatchFactsOf(const RepairOrder& order);

// Whether a change from `before` to `after` owes scheduling a sync: the
// order entered or left the queue, or changed a fact while in it.
bool OwesDispatchSync(const DispatchFacts& before, const DispatchFacts& after);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_DISPATCH_SYNC_H_
