// The orders service's object rules (DOMAIN.md "Confidentiality", issue 7
// "Object rules"): which orders a restricted caller may touch, who sees a
// customer's phone and address, and who owns a new order. Pure functions of
// the verified Actor and the order; the use cases and the API apply them.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_OBJECT_RULES_H_
#define FIELDSERVICE_ORDERS_DOMAIN_OBJECT_RULES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/errors.h"
#include "services/orders/domain/actor.h"
#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

// The order is assigned to the actor (they are its technician).
bool IsAssignedTo(const RepairOrder& order, const Actor& actor);

// A job is current until the work is over: COMPLETED, CLOSED, CANCELLED and
// RESOLVED_REMOTELY are not current (a technician has no more reason to call
// or visit the customer).
bool JobIsCurrent(OrderStatus status);

// Whether `actor` may see `order`'s customer phone and address in full: with
// the kGrantSeesPhone privilege, or as the OwnJobsOnly technician the order
// is assigned to while the job is current. Everyone else sees them masked.
bool MaySeeContact(const Actor& actor, const RepairOrder& order);

// Whether an update mask touches the customer's phone or address. A caller
// who may not see them may not change them either: they cannot check what
// they overwrite, and a masked value sent back ("****") would replace the
// real one.
bool TouchesContact(const std::vector<std::string>& paths);

// The own-jobs restriction for one order, `order` being nullptr when it does
// not exist: OK for an actor without it; for an OwnJobsOnly actor OK only for
// an order assigned to them, else PERMISSION_DENIED with the same message
// whether or not the order exists (AIP-211).
absl::Status CheckOwnJob(const Actor& actor, const std::string& order_number,
                         const RepairOrder* order);

// The technician filter of a list for `actor`: unchanged for an actor
// without the own-jobs restriction; for one with it, their own principal
// (PERMISSION_DENIED when `requested` names another technician).
absl::StatusOr<std::string> TechnicianFilterFor(const Actor& actor, const std::string& requested);

// 首问负责制: the owner of a new order is the calling agent. An empty
// taking_agent becomes the actor's principal; one naming someone else is a
// violation on "taking_agent" (nothing is changed then).
std::optional<common::FieldViolation> TakeAsOwner(NewOrder& order, const Actor& actor);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_OBJECT_RULES_H_
