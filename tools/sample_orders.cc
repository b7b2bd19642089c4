#include "tools/sample_orders.h"

#include "absl/strings/ascii.h"
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
  // The batch's serial prefix in data/callback/sales_figures.csv, so the
  // quality signals count the unit in its batch.
  const char* serial_prefix;
  const char* fault;
  // The fault's code, so each visit reports a fault of its model.
  const char* symptom_code;
};

const DemoCustomer kCustomers[] = {
    {"张伟", "13812345678", "440106", "天河区天河路385号太古汇2座1201室", 23.1335, 113.3275,
     "refrigerator", "海尔", "BCD-470WDPG", "BCD470-2603", "冷藏室不制冷，冷冻正常", "F-COOL"},
    {"王芳", "13900001111", "310104", "徐汇区漕溪北路88号2号楼301室", 31.1915, 121.4370,
     "washing_machine", "小天鹅", "TG100V88", "TG100-2602", "洗衣机不排水，显示E21", "E21"},
    {"李娜", "010-62345678", "110108", "海淀区中关村大街1号院3号楼502", 39.9830, 116.3075,
     "air_conditioner", "格力", "KFR-35GW", "KFR35-2603", "空调制冷差，外机噪音大", "AC-COOL"},
    {"刘洋", "13700002222", "330106", "西湖区文三路90号东部软件园5号楼", 30.2770, 120.1320,
     "flat_panel_tv", "海信", "65E7K", "65E7K-2601", "电视黑屏有声音", "TV-BLACK"},
    {"陈静", "15800003333", "420106", "武昌区中北路109号中国铁建大厦1708", 30.5570, 114.3450,
     "microwave", "美的", "M1-L213B", "M1L213-2602", "微波炉不加热，转盘正常", "MW-HEAT"},
    // Shanghai and Guangzhou, where the demo's technicians work
    // (tools/demo_technicians.cc), so their orders go the whole way.
    {"黄磊", "13611112222", "310115", "浦东新区张杨路500号华润时代广场18楼", 31.2290, 121.5250,
     "air_conditioner", "格力", "KFR-35GW", "KFR35-2603", "空调不制热，内机显示E1", "E1"},
    {"周婷", "13522223333", "310106", "静安区南京西路1266号恒隆广场2座3008", 31.2280, 121.4520,
     "refrigerator", "海尔", "BCD-216", "BCD216-2602", "冰箱噪音大，压缩机频繁启动", "F-NOISE"},
    {"吴昊", "13433334444", "310105", "长宁区愚园路1000号5号楼1402", 31.2210, 121.4260,
     "washing_machine", "美的", "XQB70-C", "XQB70C-2601", "脱水时剧烈晃动", "W-SHAKE"},
    {"郑丽", "13344445555", "310101", "黄浦区淮海中路300号香港新世界大厦2501", 31.2210, 121.4740,
     "flat_panel_tv", "海信", "65E7K", "65E7K-2601", "电视无法开机，指示灯闪烁", "TV-POWER"},
    {"林峰", "18655556666", "440104", "越秀区环市东路339号广东国际大厦1809", 23.1420, 113.2880,
     "washing_machine", "美的", "XQB70-C", "XQB70C-2601", "洗衣机不进水", "W-FILL"},
    {"何静", "18766667777", "440105", "海珠区新港中路397号珠江国际纺织城B座", 23.1010, 113.3250,
     "air_conditioner", "格力", "KFR-35GW", "KFR35-2603", "空调漏水", "AC-LEAK"},
    {"罗斌", "18877778888", "440106", "天河区体育西路191号中石化大厦B塔2206", 23.1380, 113.3230,
     "refrigerator", "美的", "BCD-216", "BCD216-2601", "冷冻室结霜严重", "F-FROST"},
    {"谢娟", "18988889999", "440103", "荔湾区中山八路10号荔湾广场1203", 23.1260, 113.2460,
     "microwave", "美的", "M1-L213B", "M1L213-2602", "微波炉按键失灵", "MW-KEYS"},
    {"梁伟", "18699990000", "440104", "越秀区东风中路437号越秀城市广场南塔1102", 23.1320, 113.2710,
     "washing_machine", "美的", "XQB70-C", "XQB70C-2601", "脱水时滚筒不转", "W-SPIN"},
};

// The serial's own part: the request id's last six digits, so the demo's
// orders are each their own unit.
std::string SerialSuffix(const std::string& request_id) {
  std::string digits;
  for (auto it = request_id.rbegin(); it != request_id.rend() && digits.size() < 6; ++it) {
    if (absl::ascii_isdigit(*it)) digits.insert(digits.begin(), *it);
  }
  return std::string(6 - digits.size(), '0') + digits;
}

}  // namespace

int SampleCustomerCount() { return static_cast<int>(std::size(kCustomers)); }

std::string SampleCustomerPhone(int customer) {
  return kCustomers[customer % SampleCustomerCount()].phone;
}

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
      absl::StrCat(c.serial_prefix, "-", SerialSuffix(order.request_id)));
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
  o->set_symptom_code(c.symptom_code);
  o->set_service_mode(order.mode);
  common::SetTimestamp(order.call_ended, o->mutable_call_ended_time());
  if (order.type == v1::COMPLAINT) {
    o->mutable_complaint()->set_reason("维修后仍有问题，技师未出示工牌");
    o->mutable_complaint()->add_crisis_grounds(v1::EXTERNAL_ESCALATION);
  }
  return req;
}

}  // namespace fieldservice::tools
