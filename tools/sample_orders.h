// Repair orders as a call centre takes them, for the tools that feed the
// system through its public API: the demo data (fs_demo) and the load
// generator (fs_load). Valid by every intake rule.
#ifndef FIELDSERVICE_TOOLS_SAMPLE_ORDERS_H_
#define FIELDSERVICE_TOOLS_SAMPLE_ORDERS_H_

#include <string>

#include "absl/time/time.h"
#include "fieldservice/orders/v1/orders_service.pb.h"

namespace fieldservice::tools {

namespace v1 = ::fieldservice::orders::v1;

// How many sample customers there are; `customer` is taken modulo this.
int SampleCustomerCount();

// The sample customer's phone, as the orders service stores it.
std::string SampleCustomerPhone(int customer);

struct SampleOrder {
  std::string request_id;
  int customer = 0;
  v1::ContactType type = v1::REPAIR;
  v1::ServiceMode mode = v1::ON_SITE;
  // The unit was repaired twice before for the same fault, so 三包 lets the
  // customer choose an exchange or a return.
  bool repaired_twice = false;
  // When the call ended (the server's "now" minus a little).
  absl::Time call_ended;
};

v1::CreateRepairOrderRequest SampleCreateRequest(const SampleOrder& order);

}  // namespace fieldservice::tools

#endif  // FIELDSERVICE_TOOLS_SAMPLE_ORDERS_H_
