#include "tests/orders/e2e_requests.h"

#include "tests/support/json_tree.h"

namespace fieldservice::orders {

using ::fieldservice::testing::ParseJson;
using ::fieldservice::testing::Rfc3339;
using ::fieldservice::testing::Set;

std::vector<std::string> FakeNowFlags() {
  return {"--fake_now=" + Rfc3339(kFakeNow), "--allow_fake_now=true"};
}

google::protobuf::Struct ValidCreateRequest(const std::string& request_id) {
  google::protobuf::Struct request = ParseJson(R"json({
    "repair_order": {
      "contact_type": "REPAIR",
      "customer": {
        "name": "张三",
        "phone": "13812345678",
        "address": {"region_code": "440106",
                    "detail": "天河区天河路385号太古汇2座1201室"}
      },
      "product": {
        "category": "refrigerator",
        "brand": "海尔",
        "model": "BCD-470WDPG",
        "serial": "BA0123456789",
        "purchase_date": {"year": 2026, "month": 3, "day": 1},
        "invoice_number": "24440000000012345678",
        "warranty_card_present": true
      },
      "warranty_claim": {"price_paid": {"amount_fen": 329900}},
      "fault_description": "冷藏室不制冷，冷冻正常",
      "service_mode": "ON_SITE",
      "taking_agent": "agent-1001"
    }
  })json");
  Set(request, "request_id", request_id);
  Set(request, "repair_order.call_ended_time", Rfc3339(kFakeNow - absl::Minutes(1)));
  return request;
}

}  // namespace fieldservice::orders
