// The checks a new repair order must pass before it is stored (DOMAIN.md
// "Taking a repair request": "nothing missing and nothing wrong").
#ifndef FIELDSERVICE_ORDERS_DOMAIN_INTAKE_VALIDATION_H_
#define FIELDSERVICE_ORDERS_DOMAIN_INTAKE_VALIDATION_H_

#include <vector>

#include "absl/time/time.h"
#include "services/common/errors.h"
#include "services/orders/domain/intake_policy.h"
#include "services/orders/domain/product_catalogue.h"
#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

// Every rule `order` breaks, all at once: the agent is still on the phone and
// should fix everything in one pass, not one field per round trip. Each
// violation names its field as a dotted path in
// fieldservice.orders.v1.RepairOrder ("customer.address.region_code") and
// the rule in plain English. Empty means the order may be created.
//
// `now` is the server's clock (passed in so tests control time);
// `business_zone` decides which calendar day "today" is for purchase dates.
// Checks fields as entered: the phone is validated here but normalised by the
// caller with ParsePhone. `catalogue` (may be null) is the warranty
// catalogue's categories and parts; repairs and complaints are checked
// against it and as 三包 claims (warranty_claim_validation.h).
std::vector<common::FieldViolation> ValidateNewOrder(const NewOrder& order,
                                                     const IntakePolicy& policy, absl::Time now,
                                                     absl::TimeZone business_zone,
                                                     const ProductCatalogue* catalogue = nullptr);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_INTAKE_VALIDATION_H_
