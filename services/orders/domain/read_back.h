// The 复述确认 summary an agent reads back to the customer before ending the
// call (DOMAIN.md "Taking a repair request": agents read the key facts back).
#ifndef FIELDSERVICE_ORDERS_DOMAIN_READ_BACK_H_
#define FIELDSERVICE_ORDERS_DOMAIN_READ_BACK_H_

#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "services/orders/domain/repair_order.h"

namespace fieldservice::orders {

// One paragraph of spoken Chinese, e.g.
//   工单号 2611 2304 27，报修。联系人张三，电话尾号5678，地址：……。
//   产品：海尔 冰箱 BCD-470，购买日期2026年3月1日，有发票、有保修卡。
//   故障：冷藏室不制冷。服务方式：上门，预约11月24日 09:00-12:00。
//   请问以上信息是否正确？
// The order number is grouped in fours so it can be read aloud. Only the last
// 4 digits of the phone are spoken: the text is stored on the order and shown
// on screens, and the customer knows their own number (DOMAIN.md
// "Confidentiality"). The name is read without 先生/女士, which the system
// cannot know. Times are local to `zone`; the booked appointment is read if
// there is one, else the customer's preferred window. Parts the order does
// not have (a consultation's product) are left out rather than read as blanks.
std::string ReadBackText(const RepairOrder& order, absl::TimeZone zone);

// A stored read-back text for a reader who may not see the customer's
// address (MaySeeContact): the address clause becomes "****". The phone is
// already only its last four digits.
std::string MaskReadBackAddress(std::string_view text);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_READ_BACK_H_
