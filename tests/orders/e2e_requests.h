// Requests shared by the end-to-end tests of the orders service.
#ifndef FIELDSERVICE_TESTS_ORDERS_E2E_REQUESTS_H_
#define FIELDSERVICE_TESTS_ORDERS_E2E_REQUESTS_H_

#include <google/protobuf/struct.pb.h>

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace fieldservice::orders {

// The orders server's clock in end-to-end tests starts here (the test-only
// fake_now setting), so no date depends on the day they run: 2026-11-23
// 10:00 in UTC+8.
inline const absl::Time kFakeNow =
    absl::FromCivil(absl::CivilMinute(2026, 11, 23, 2, 0), absl::UTCTimeZone());

// The flags that start orders_server on kFakeNow.
std::vector<std::string> FakeNowFlags();

// A complete, valid CreateRepairOrder request as a call-centre client would
// send it (the same order as OrdersFixture::ValidOrder), as JSON; the call
// ended a minute before kFakeNow.
google::protobuf::Struct ValidCreateRequest(const std::string& request_id);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_TESTS_ORDERS_E2E_REQUESTS_H_
