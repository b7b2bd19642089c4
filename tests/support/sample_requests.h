// The requests end-to-end tests of several services share, as JSON: the
// refrigerator technician of Tianhe, Guangzhou, and a customer of theirs
// whose fridge no longer cools (bought 2026-03-01: inside the whole-unit
// 三包 period in November 2026).
#ifndef FIELDSERVICE_TESTS_SUPPORT_SAMPLE_REQUESTS_H_
#define FIELDSERVICE_TESTS_SUPPORT_SAMPLE_REQUESTS_H_

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace fieldservice::testing {

// Technicians.CreateTechnician: zhang.wei (张伟), refrigerators of 海尔, level
// 3, district 440106, Monday and Tuesday 09:00-18:00, of `outlet`.
std::string TianheTechnicianRequest(const std::string& request_id,
                                    const std::string& outlet = "gz-tianhe");

// RepairOrders.CreateRepairOrder: 张三's on-site fridge repair, with the
// customer's map position; the call ended at `call_ended`.
std::string TianheFridgeOrderRequest(const std::string& request_id, absl::Time call_ended);

// The same call as fsctl's `order create` flags, from `phone`.
std::vector<std::string> TianheFridgeCallFlags(absl::Time call_ended,
                                               const std::string& phone = "13812345678");

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_SAMPLE_REQUESTS_H_
