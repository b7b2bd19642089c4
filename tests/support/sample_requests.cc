#include "tests/support/sample_requests.h"

#include "absl/strings/str_cat.h"
#include "tests/support/json_tree.h"

namespace fieldservice::testing {

std::string TianheTechnicianRequest(const std::string& request_id, const std::string& outlet) {
  return absl::StrCat(R"json({"request_id": ")json", request_id,
                      R"json(", "technician_id": "zhang.wei",
    "technician": {"display_name": "张伟", "phone": "13800138000", "outlet": ")json",
                      outlet, R"json(",
      "skills": {"categories": ["refrigerator"], "brands": ["海尔"], "level": 3},
      "service_area": {"region_codes": ["440106"]},
      "home_base": {"latitude": 23.1291, "longitude": 113.2644},
      "weekly_shifts": [
        {"weekday": "MONDAY", "start_minute": 540, "end_minute": 1080},
        {"weekday": "TUESDAY", "start_minute": 540, "end_minute": 1080}],
      "max_jobs_per_day": 6, "active": true}})json");
}

std::string TianheFridgeOrderRequest(const std::string& request_id, absl::Time call_ended) {
  return absl::StrCat(R"json({"request_id": ")json", request_id, R"json(", "repair_order": {
      "contact_type": "REPAIR",
      "customer": {"name": "张三", "phone": "13812345678",
                   "address": {"region_code": "440106", "detail": "天河区天河路385号太古汇2座1201室",
                               "location": {"latitude": 23.1335, "longitude": 113.3275}}},
      "product": {"category": "refrigerator", "brand": "海尔", "model": "BCD-470WDPG",
                  "serial": "BA0123456789", "purchase_date": {"year": 2026, "month": 3, "day": 1},
                  "invoice_number": "24440000000012345678", "warranty_card_present": true},
      "warranty_claim": {"price_paid": {"amount_fen": 329900}},
      "fault_description": "冷藏室不制冷，冷冻正常", "service_mode": "ON_SITE",
      "call_ended_time": ")json",
                      Rfc3339(call_ended), R"("}})");
}

std::vector<std::string> TianheFridgeCallFlags(absl::Time call_ended, const std::string& phone) {
  return {"--type",          "REPAIR",
          "--name",          "张三",
          "--phone",         phone,
          "--region",        "440106",
          "--address",       "天河区天河路385号太古汇2座1201室",
          "--location",      "23.1335,113.3275",
          "--category",      "refrigerator",
          "--brand",         "海尔",
          "--model",         "BCD-470WDPG",
          "--serial",        "BA0123456789",
          "--purchase-date", "2026-03-01",
          "--invoice",       "24440000000012345678",
          "--warranty-card", "yes",
          "--price",         "3299",
          "--fault",         "冷藏室不制冷，冷冻正常",
          "--mode",          "ON_SITE",
          "--call-ended",    Rfc3339(call_ended)};
}

}  // namespace fieldservice::testing
