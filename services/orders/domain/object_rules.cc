#include "services/orders/domain/object_rules.h"

#include "absl/strings/str_cat.h"

namespace fieldservice::orders {

bool IsAssignedTo(const RepairOrder& order, const Actor& actor) {
  return !actor.principal.empty() && order.technician_id == actor.principal;
}

bool JobIsCurrent(OrderStatus status) {
  switch (status) {
    case OrderStatus::kCompleted:
    case OrderStatus::kClosed:
    case OrderStatus::kCancelled:
    case OrderStatus::kResolvedRemotely:
      return false;
    default:
      return true;
  }
}

bool MaySeeContact(const Actor& actor, const RepairOrder& order) {
  if (actor.Has(kGrantSeesPhone)) return true;
  return actor.OwnJobsOnly() && IsAssignedTo(order, actor) && JobIsCurrent(order.status);
}

bool TouchesContact(const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    if (path == "customer" || path == "customer.phone" || path == "customer.address" ||
        path.starts_with("customer.address.")) {
      return true;
    }
  }
  return false;
}

absl::Status CheckOwnJob(const Actor& actor, const std::string& order_number,
                         const RepairOrder* order) {
  if (!actor.OwnJobsOnly()) return absl::OkStatus();
  if (order != nullptr && IsAssignedTo(*order, actor)) return absl::OkStatus();
  // One answer for "not yours" and "no such order", so it tells nothing.
  return absl::PermissionDeniedError(
      absl::StrCat("repair order ", order_number, " is not one of the orders assigned to ",
                   actor.principal, "; a technician may act only on their own jobs"));
}

absl::StatusOr<std::string> TechnicianFilterFor(const Actor& actor, const std::string& requested) {
  if (!actor.OwnJobsOnly()) return requested;
  if (!requested.empty() && requested != actor.principal) {
    return absl::PermissionDeniedError(absl::StrCat("technician_id: ", actor.principal,
                                                    " may list only the orders assigned to them"));
  }
  return actor.principal;
}

std::optional<common::FieldViolation> TakeAsOwner(NewOrder& order, const Actor& actor) {
  if (order.taking_agent.empty()) {
    order.taking_agent = actor.principal;
    return std::nullopt;
  }
  if (order.taking_agent == actor.principal) return std::nullopt;
  return common::FieldViolation{
      "taking_agent",
      absl::StrCat("must be the calling agent (", actor.principal,
                   ") or empty: the agent who takes the call owns the order (首问负责制); "
                   "ownership moves only by handing over")};
}

}  // namespace fieldservice::orders
