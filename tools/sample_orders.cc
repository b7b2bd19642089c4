#include "tools/sample_orders.h"

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"

namespace fieldservice::tools {
namespace {

struct DemoCustomer {
  const char* name;
  const char* phone;
  const char* region;
  const char* address;
  double latitude;  // the address on the map (WGS-84)
  double longitude;
  const char* category;
  const char* brand;
  const char* model;
  const char* fault;
};

const DemoCustomer kCustomers[] = {
    {"张伟", "13812345678", "440106", "天河区天河路385号太古汇2座1201室", 23.1335, 113.3275,
     "refrigerator", "海尔", "BCD-470WDPG", "冷藏室不制冷，冷冻正常"},
    {"王芳", "13900001111", "310104", "徐汇区漕溪北路88号2号楼301室", 31.1915, 121.4370,
     "washing_machine", "小天鹅", "TG100V88", "洗衣机不排水，显示E21"},
    {"李娜", "010-62345678", "110108", "海淀区中关村大街1号院3号楼502", 39.9830, 116.3075,
     "air_conditioner", "格力", "KFR-35GW", "空调制冷差，外机噪音大"},
    {"刘洋", "13700002222", "330106", "西湖区文三路90号东部软件园5号楼", 30.2770, 120.1320,
     "flat_panel_tv", "海信", "65E7K", "电视黑屏有声音"},
    {"陈静", "15800003333", "420106", "武昌区中北路109号中国铁建大厦1708", 30.5570, 114.3450,
     "microwave", "美的", "M1-L213B", "微波炉不加热，转盘正常"},
};

}  // namespace

int SampleCustomerCount() { return static_cast<int>(std::size(kCustomers)); }

v1::CreateRepairOrderRequest SampleCreateRequest(const SampleOrder& order) {
  const DemoCustomer& c = kCustomers[order.customer % SampleCustomerCount()];
  v1::CreateRepairOrderRequest req;
  req.set_request_id(order.request_id);
  v1::RepairOrder* o = req.mutable_repair_order();
  o->set_contact_type(order.type);
  o->mutable_customer()->set_name(c.name);
  o->mutable_customer()->set_phone(c.phone);
  o->mutable_customer()->mutable_address()->set_region_code(c.region);
  o->mutable_customer()->mutable_address()->mutable_location()->set_latitude(c.latitude);
  o->mutable_customer()->mutable_address()->mutable_location()->set_longitude(c.longitude);
  o->mutable_customer()->mutable_address()->set_detail(c.address);
  o->mutable_product()->set_category(c.category);
  o->mutable_product()->set_brand(c.brand);
  o->mutable_product()->set_model(c.model);
  o->mutable_product()->set_serial(
      absl::StrCat("BA2026", order.request_id.substr(order.request_id.size() - 1), "0301"));
  o->mutable_product()->mutable_purchase_date()->set_year(2026);
  o->mutable_product()->mutable_purchase_date()->set_month(3);
  o->mutable_product()->mutable_purchase_date()->set_day(1);
  o->mutable_product()->set_invoice_number("24440000000012345678");
  o->mutable_product()->set_warranty_card_present(true);
  o->mutable_warranty_claim()->mutable_price_paid()->set_amount_fen(329900);
  if (order.repaired_twice) {
    for (int month : {5, 8}) {
      v1::EarlierRepair* repair = o->mutable_warranty_claim()->add_earlier_repairs();
      repair->mutable_date()->set_year(2026);
      repair->mutable_date()->set_month(month);
      repair->mutable_date()->set_day(20);
      repair->set_days_in_repair(3);
    }
  }
  o->set_fault_description(c.fault);
  o->set_service_mode(order.mode);
  common::SetTimestamp(order.call_ended, o->mutable_call_ended_time());
  if (order.type == v1::COMPLAINT) {
    o->mutable_complaint()->set_reason("维修后仍有问题，技师未出示工牌");
    o->mutable_complaint()->add_crisis_grounds(v1::EXTERNAL_ESCALATION);
  }
  return req;
}

}  // namespace fieldservice::tools
