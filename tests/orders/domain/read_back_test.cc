// DOMAIN.md "Taking a repair request": agents read the key facts back to the
// customer (复述确认), so the system produces that summary; "Confidentiality":
// the full phone number is not in it.
#include "services/orders/domain/read_back.h"

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fieldservice::orders {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

absl::Time China(int y, int mo, int d, int h, int mi) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), kChina);
}

RepairOrder ExampleOrder() {
  RepairOrder order;
  order.order_number = "26112300427";
  NewOrder& d = order.details;
  d.contact_type = ContactType::kRepair;
  d.customer.name = "张三";
  d.customer.phone = "13812345678";
  d.customer.address = {"440106", "广州市天河区天河路385号太古汇2座1201室", std::nullopt};
  d.product.category = "refrigerator";
  d.product.brand = "海尔";
  d.product.model = "BCD-470";
  d.product.purchase_date = absl::CivilDay(2026, 3, 1);
  d.product.invoice_number = "12345678";
  d.product.warranty_card_present = true;
  d.fault_description = "冷藏室不制冷";
  d.service_mode = ServiceMode::kOnSite;
  d.preferred_window = TimeWindow{China(2026, 11, 24, 9, 0), China(2026, 11, 24, 12, 0)};
  return order;
}

// "Taking a repair request": every key fact, in the order the agent reads it.
TEST(ReadBackTextTest, RepairReadsEveryKeyFact) {
  EXPECT_EQ(ReadBackText(ExampleOrder(), kChina),
            "工单号 2611 2300 427，报修。联系人张三，电话尾号5678，"
            "地址：广州市天河区天河路385号太古汇2座1201室。"
            "产品：海尔 冰箱 BCD-470，购买日期2026年3月1日，有发票、有保修卡。"
            "故障：冷藏室不制冷。服务方式：上门，预约11月24日 09:00-12:00。"
            "请问以上信息是否正确？");
}

// "Confidentiality": a reader who may not see the address gets the stored
// text with the address clause masked, the rest as it was.
TEST(ReadBackTextTest, AddressMaskedForReadersWithoutContactRights) {
  std::string masked = MaskReadBackAddress(ReadBackText(ExampleOrder(), kChina));
  EXPECT_THAT(masked, HasSubstr("电话尾号5678，地址：****。产品：海尔"));
  EXPECT_THAT(masked, Not(HasSubstr("天河路")));
  EXPECT_EQ(MaskReadBackAddress("no address here"), "no address here");
}

// "Confidentiality": only the last 4 digits are read or stored.
TEST(ReadBackTextTest, NeverCarriesTheFullPhone) {
  RepairOrder order = ExampleOrder();
  order.details.customer.phone = "+86 138-1234-5678";
  std::string text = ReadBackText(order, kChina);
  EXPECT_THAT(text, HasSubstr("电话尾号5678"));
  EXPECT_THAT(text, Not(HasSubstr("1381234")));
  order.details.customer.phone = "010-62345678-123";
  text = ReadBackText(order, kChina);
  EXPECT_THAT(text, HasSubstr("电话尾号5678，"));
  EXPECT_THAT(text, Not(HasSubstr("6234")));
}

// "Taking a repair request": proof held (invoice, warranty card) is read back
// either way, so a missing one is noticed on the call.
TEST(ReadBackTextTest, CarryInWithoutProofOrDate) {
  RepairOrder order = ExampleOrder();
  Product& p = order.details.product;
  p.purchase_date.reset();
  p.invoice_number.clear();
  p.warranty_card_present = false;
  order.details.service_mode = ServiceMode::kCarryIn;
  order.details.preferred_window.reset();
  std::string text = ReadBackText(order, kChina);
  EXPECT_THAT(text, HasSubstr("购买日期未提供，无发票、无保修卡。"));
  EXPECT_THAT(text, HasSubstr("服务方式：送修。请问"));
}

// "Contact types": a consultation may have no product and no visit.
TEST(ReadBackTextTest, ConsultationLeavesOutWhatItDoesNotHave) {
  RepairOrder order = ExampleOrder();
  order.details.contact_type = ContactType::kConsultation;
  order.details.product = Product{};
  order.details.fault_description = "洗衣机怎么清洗滚筒";
  std::string text = ReadBackText(order, kChina);
  EXPECT_THAT(text, HasSubstr("，咨询。"));
  EXPECT_THAT(text, HasSubstr("咨询内容：洗衣机怎么清洗滚筒。请问"));
  EXPECT_THAT(text, Not(HasSubstr("产品：")));
  EXPECT_THAT(text, Not(HasSubstr("服务方式")));
}

// "Contact types": a complaint reads back what it is about.
TEST(ReadBackTextTest, ComplaintReadsItsReason) {
  RepairOrder order = ExampleOrder();
  order.details.contact_type = ContactType::kComplaint;
  order.details.complaint = Complaint{};
  order.details.complaint->reason = "维修后第三天又不制冷。";
  std::string text = ReadBackText(order, kChina);
  EXPECT_THAT(text, HasSubstr("，投诉。"));
  EXPECT_THAT(text, HasSubstr("投诉事由：维修后第三天又不制冷。服务方式"));
}

// "On-site: agree an appointment time first": a booked appointment wins over
// the customer's wish; times are local.
TEST(ReadBackTextTest, BookedAppointmentInLocalTime) {
  RepairOrder order = ExampleOrder();
  order.appointment = TimeWindow{China(2026, 11, 25, 14, 0), China(2026, 11, 25, 16, 30)};
  EXPECT_THAT(ReadBackText(order, kChina), HasSubstr("预约11月25日 14:00-16:30。"));
  order.appointment = TimeWindow{China(2026, 11, 25, 20, 0), China(2026, 11, 26, 0, 0)};
  EXPECT_THAT(ReadBackText(order, kChina), HasSubstr("预约11月25日 20:00-24:00。"));
  order.appointment = TimeWindow{China(2026, 11, 25, 22, 0), China(2026, 11, 26, 2, 0)};
  EXPECT_THAT(ReadBackText(order, kChina), HasSubstr("预约11月25日 22:00至11月26日 02:00。"));
}

// Text as typed: the agent's own full stop is not doubled, an unknown
// category code is read as it is.
TEST(ReadBackTextTest, TidiesAgentPunctuation) {
  RepairOrder order = ExampleOrder();
  order.details.fault_description = "冷藏室不制冷。 ";
  order.details.product.category = "dehumidifier";
  std::string text = ReadBackText(order, kChina);
  EXPECT_THAT(text, HasSubstr("故障：冷藏室不制冷。服务"));
  EXPECT_THAT(text, HasSubstr("产品：海尔 dehumidifier BCD-470，"));
}

}  // namespace
}  // namespace fieldservice::orders
