// Intake rules for a 三包 claim (DOMAIN.md "Taking a repair request" and
// "Warranty: 三包"): what the warranty decision will need is named while the
// customer is still on the phone, not discovered later as "needs
// information".
#ifndef FIELDSERVICE_ORDERS_DOMAIN_WARRANTY_CLAIM_VALIDATION_H_
#define FIELDSERVICE_ORDERS_DOMAIN_WARRANTY_CLAIM_VALIDATION_H_

#include "absl/time/civil_time.h"
#include "services/common/errors.h"
#include "services/orders/domain/product_catalogue.h"
#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

// A 三包 claim: the customer holds an invoice or a warranty card. Without
// either the repair is paid whatever the dates, so no date is demanded.
bool IsWarrantyClaim(const Product& product);

// Adds a violation for each missing or wrong fact of `order`'s product and
// warranty claim. `today` is the business date; `catalogue` may be null (not
// fetched yet), then category and part ids are checked for form only.
void CheckWarrantyClaim(common::Violations& v, const NewOrder& order, absl::CivilDay today,
                        const ProductCatalogue* catalogue);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_WARRANTY_CLAIM_VALIDATION_H_
