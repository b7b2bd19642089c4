// Repair orders as fsctl shows them to people: the one-line 三包 decision,
// the fields `order get` lists, the customer and product in short.
#ifndef FIELDSERVICE_TOOLS_FSCTL_ORDER_TEXT_H_
#define FIELDSERVICE_TOOLS_FSCTL_ORDER_TEXT_H_

#include <string>

#include "fieldservice/orders/v1/repair_order.pb.h"
#include "tools/fsctl/output.h"

namespace fieldservice::fsctl {

// "PENDING", "FREE: REPAIR until 2027-03-01", "NEEDS_INFORMATION: ...".
std::string WarrantyText(const orders::v1::WarrantyStatus& warranty);
// "海尔 BCD-470WDPG (refrigerator)".
std::string ProductText(const fieldservice::type::Product& product);
// The fields `fsctl order get` prints.
Fields OrderFields(const orders::v1::RepairOrder& order);

}  // namespace fieldservice::fsctl

#endif  // FIELDSERVICE_TOOLS_FSCTL_ORDER_TEXT_H_
