// What the scheduling service must hear of an order: an on-site order
// entering or leaving the dispatch flow, or changing a fact dispatch or the
// visit needs while in it, is owed a sync message (topic
// kSchedulingSyncTopic) in the same transaction; the relay then sends the
// order's current facts (clients/scheduling_sync.h). Which step of the flow
// the job is at is scheduling's to say (RecordDispatchProgress), so moving
// along the flow owes nothing.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_DISPATCH_SYNC_H_
#define FIELDSERVICE_ORDERS_DOMAIN_DISPATCH_SYNC_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

inline constexpr char kSchedulingSyncTopic[] = "scheduling.sync";

// What a visit may charge, from the order's 三包 decision (DOMAIN.md "The
// visit": in warranty free; out of warranty the price list only).
struct ChargeTerms {
  bool decided = false;  // the decision is known; until then nothing is charged
  bool free = false;     // coverage FREE
  // Otherwise the price list's quote.
  int64_t labour_fen = 0;
  int64_t part_fen = 0;
  bool part_priced = false;
  int64_t callout_fen = 0;
};

// The facts of an order dispatch and the visit go by.
struct DispatchFacts {
  // On-site and in the dispatch flow: pending dispatch through the visit,
  // or waiting for parts (InDispatchFlow).
  bool in_dispatch = false;
  std::string region_code;
  std::optional<GeoPoint> location;
  std::string category;
  std::string brand;
  std::optional<TimeWindow> preferred_window;
  bool complaint = false;
  bool major_complaint = false;
  // Who to visit: name, phone, the address as one line.
  std::string customer_name;
  std::string customer_phone;
  std::string customer_address;
  ChargeTerms charges;
  std::string model;
  std::string fault_description;
  // The visit the order is on (VisitNumberOf): scheduling queues a job it
  // completed again only for a later one.
  int64_t visit = 0;
};

// The statuses of the dispatch flow (for on-site orders), and whether an
// order in `status` with `mode` is in it.
std::span<const OrderStatus> DispatchFlowStatuses();
bool InDispatchFlow(OrderStatus status, ServiceMode mode);

DispatchFacts DispatchFactsOf(const RepairOrder& order);

// Whether a change from `before` to `after` owes scheduling a sync: the
// order entered or left the flow, or changed a fact while in it.
bool OwesDispatchSync(const DispatchFacts& before, const DispatchFacts& after);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_DISPATCH_SYNC_H_
