// Copies the fields named by an update mask from the submitted values onto an
// order. Which paths are allowed in which status is update_rules.h's job.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_UPDATE_APPLY_H_
#define FIELDSERVICE_ORDERS_DOMAIN_UPDATE_APPLY_H_

#include <string>
#include <vector>

#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

// Copies every leaf field at or below each path (a parent such as
// "customer.address" copies all its fields). Returns the leaf paths copied.
std::vector<std::string> ApplyUpdatePaths(const NewOrder& values,
                                          const std::vector<std::string>& paths, NewOrder& target);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_UPDATE_APPLY_H_
