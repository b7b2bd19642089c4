// Requests shared by the end-to-end tests of the orders service.
#ifndef FIELDSERVICE_TESTS_ORDERS_E2E_REQUESTS_H_
#define FIELDSERVICE_TESTS_ORDERS_E2E_REQUESTS_H_

#include <google/protobuf/struct.pb.h>

#include <string>

#include "absl/time/time.h"

namespace fieldservice::orders {

// A complete, valid CreateRepairOrder request as a call-centre client would
// send it (the same order as OrdersFixture::ValidOrder), as JSON; the call
// ended a minute before `now`, the server's clock.
google::protobuf::Struct ValidCreateRequest(const std::string& request_id, absl::Time now);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_TESTS_ORDERS_E2E_REQUESTS_H_
