#include "services/orders/domain/dispatch_sync.h"

#include <algorithm>
#include <tuple>

#include "services/orders/domain/visit_report.h"

namespace fieldservice::orders {
namespace {

// From the queue through the visit, or waiting for parts between visits.
constexpr OrderStatus kFlow[] = {
    OrderStatus::kPendingDispatch, OrderStatus::kAssigned, OrderStatus::kAppointmentBooked,
    OrderStatus::kEnRoute,         OrderStatus::kOnSite,   OrderStatus::kWaitingForParts};

auto Key(const DispatchFacts& f) {
  std::optional<std::tuple<double, double>> location;
  if (f.location.has_value())
    location = std::make_tuple(f.location->latitude, f.location->longitude);
  std::optional<std::tuple<absl::Time, absl::Time>> window;
  if (f.preferred_window.has_value()) {
    window = std::make_tuple(f.preferred_window->start, f.preferred_window->end);
  }
  const ChargeTerms& c = f.charges;
  return std::make_tuple(
      f.in_dispatch, f.region_code, location, f.category, f.brand, window, f.complaint,
      f.major_complaint, f.customer_name, f.customer_phone, f.customer_address,
      std::make_tuple(c.decided, c.free, c.labour_fen, c.part_fen, c.part_priced, c.callout_fen),
      f.model, f.fault_description, f.visit);
}

ChargeTerms ChargeTermsOf(const WarrantyInfo& w) {
  ChargeTerms c;
  c.decided = w.state == WarrantyState::kDecided;
  if (!c.decided) return c;
  c.free = w.coverage == "FREE";
  if (!c.free && w.quote.has_value()) {
    c.labour_fen = w.quote->labour_fen;
    c.part_fen = w.quote->part_fen;
    c.part_priced = w.quote->part_priced;
    c.callout_fen = w.quote->callout_fen;
  }
  return c;
}

}  // namespace

std::span<const OrderStatus> DispatchFlowStatuses() { return kFlow; }

bool InDispatchFlow(OrderStatus status, ServiceMode mode) {
  return mode == ServiceMode::kOnSite &&
         std::find(std::begin(kFlow), std::end(kFlow), status) != std::end(kFlow);
}

DispatchFacts DispatchFactsOf(const RepairOrder& o) {
  const NewOrder& d = o.details;
  DispatchFacts f;
  f.in_dispatch = InDispatchFlow(o.status, d.service_mode);
  f.region_code = d.customer.address.region_code;
  f.location = d.customer.address.location;
  f.category = d.product.category;
  f.brand = d.product.brand;
  f.preferred_window = d.preferred_window;
  f.complaint = d.complaint.has_value();
  f.major_complaint = d.complaint.has_value() && d.complaint->severity == ComplaintSeverity::kMajor;
  f.customer_name = d.customer.name;
  f.customer_phone = d.customer.phone;
  // The detailed address is the line a visitor follows (the read-back uses
  // it too); the district travels separately as region_code.
  f.customer_address = d.customer.address.detail;
  f.charges = ChargeTermsOf(o.warranty);
  f.model = d.product.model;
  f.fault_description = d.fault_description;
  f.visit = VisitNumberOf(o);
  return f;
}

bool OwesDispatchSync(const DispatchFacts& before, const DispatchFacts& after) {
  return (before.in_dispatch || after.in_dispatch) && Key(before) != Key(after);
}

}  // namespace fieldservice::orders
