#include "services/orders/domain/dispatch_sync.h"

#include <tuple>

namespace fieldservice::orders {
namespace {

auto Key(const DispatchFacts& f) {
  std::optional<std::tuple<double, double>> location;
  if (f.location.has_value())
    location = std::make_tuple(f.location->latitude, f.location->longitude);
  std::optional<std::tuple<absl::Time, absl::Time>> window;
  if (f.preferred_window.has_value()) {
    window = std::make_tuple(f.preferred_window->start, f.preferred_window->end);
  }
  return std::make_tuple(f.waiting, f.region_code, location, f.category, f.brand, window,
                         f.complaint, f.major_complaint);
}

}  // namespace

DispatchFacts DispatchFactsOf(const RepairOrder& o) {
  const NewOrder& d = o.details;
  DispatchFacts f;
  f.waiting = o.status == OrderStatus::kPendingDispatch && d.service_mode == ServiceMode::kOnSite;
  f.region_code = d.customer.address.region_code;
  f.location = d.customer.address.location;
  f.category = d.product.category;
  f.brand = d.product.brand;
  f.preferred_window = d.preferred_window;
  f.complaint = d.complaint.has_value();
  f.major_complaint = d.complaint.has_value() && d.complaint->severity == ComplaintSeverity::kMajor;
  return f;
}

bool OwesDispatchSync(const DispatchFacts& before, const DispatchFacts& after) {
  return (before.waiting || after.waiting) && Key(before) != Key(after);
}

}  // namespace fieldservice::orders
