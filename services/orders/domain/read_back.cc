#include "services/orders/domain/read_back.h"

#include <map>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "services/orders/domain/phone.h"

namespace fieldservice::orders {
namespace {

// Spoken names of the warranty catalogue's category ids
// (data/warranty/catalogue.txt). Words for people, not policy; an id missing
// here is read as it is.
std::string CategoryName(const std::string& code) {
  static const auto* names = new std::map<std::string, std::string>{
      {"colour_tv", "彩色电视机"},   {"flat_panel_tv", "平板电视"},      {"refrigerator", "冰箱"},
      {"washing_machine", "洗衣机"}, {"air_conditioner", "空调"},        {"microwave", "微波炉"},
      {"range_hood", "油烟机"},      {"gas_water_heater", "燃气热水器"}, {"pc", "电脑"},
      {"mobile_phone", "手机"},
  };
  auto it = names->find(code);
  return it == names->end() ? code : it->second;
}

// "26112304270" -> "2611 2304 270": fours are what people say in one breath.
std::string GroupForReading(std::string_view number) {
  std::string out;
  int count = 0;
  for (char c : number) {
    if (!absl::ascii_isalnum(c)) continue;
    if (count > 0 && count % 4 == 0) out.push_back(' ');
    out.push_back(c);
    ++count;
  }
  return out;
}

// Agents end their notes with 。 or a comma; the template adds its own.
std::string Clause(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  bool stripped = true;
  while (stripped) {
    stripped = false;
    for (absl::string_view mark : {"。", "，", "；", "！", ".", ",", ";", "!"}) {
      if (absl::ConsumeSuffix(&text, mark)) stripped = true;
    }
    text = absl::StripTrailingAsciiWhitespace(text);
  }
  return std::string(text);
}

std::string LastFourDigits(const std::string& phone) {
  absl::StatusOr<PhoneNumber> number = ParsePhone(phone);
  std::string digits;
  if (number.ok()) {
    digits = number->subscriber;
  } else {
    for (char c : phone) {
      if (absl::ascii_isdigit(c)) digits.push_back(c);
    }
  }
  return digits.size() <= 4 ? digits : digits.substr(digits.size() - 4);
}

std::string MonthDayTime(absl::CivilMinute m) {
  return absl::StrFormat("%d月%d日 %02d:%02d", m.month(), m.day(), m.hour(), m.minute());
}

// "11月24日 09:00-12:00"; a window past midnight names both days.
std::string Window(const TimeWindow& window, absl::TimeZone zone) {
  absl::CivilMinute start = absl::ToCivilMinute(window.start, zone);
  absl::CivilMinute end = absl::ToCivilMinute(window.end, zone);
  if (absl::CivilDay(start) == absl::CivilDay(end)) {
    return absl::StrFormat("%s-%02d:%02d", MonthDayTime(start), end.hour(), end.minute());
  }
  if (end == absl::CivilMinute(absl::CivilDay(start) + 1)) {
    return absl::StrCat(MonthDayTime(start), "-24:00");
  }
  return absl::StrCat(MonthDayTime(start), "至", MonthDayTime(end));
}

std::string ContactTypeName(ContactType type) {
  switch (type) {
    case ContactType::kConsultation:
      return "咨询";
    case ContactType::kComplaint:
      return "投诉";
    case ContactType::kRepair:
      break;
  }
  return "报修";
}

std::string ProductSentence(const Product& p) {
  std::vector<std::string> parts;
  for (const std::string& part :
       {Clause(p.brand), Clause(CategoryName(p.category)), Clause(p.model)}) {
    if (!part.empty()) parts.push_back(part);
  }
  if (parts.empty()) return "";
  std::string date = p.purchase_date.has_value()
                         ? absl::StrFormat("购买日期%d年%d月%d日", p.purchase_date->year(),
                                           p.purchase_date->month(), p.purchase_date->day())
                         : "购买日期未提供";
  bool invoice = !absl::StripAsciiWhitespace(p.invoice_number).empty();
  return absl::StrCat("产品：", absl::StrJoin(parts, " "), "，", date, "，",
                      invoice ? "有发票" : "无发票", "、",
                      p.warranty_card_present ? "有保修卡" : "无保修卡", "。");
}

}  // namespace

std::string ReadBackText(const RepairOrder& order, absl::TimeZone zone) {
  const NewOrder& d = order.details;
  std::string text = absl::StrCat("工单号 ", GroupForReading(order.order_number), "，",
                                  ContactTypeName(d.contact_type), "。");
  absl::StrAppend(&text, "联系人", Clause(d.customer.name), "，电话尾号",
                  LastFourDigits(d.customer.phone), "，地址：", Clause(d.customer.address.detail),
                  "。");
  absl::StrAppend(&text, ProductSentence(d.product));
  std::string fault = Clause(d.fault_description);
  if (!fault.empty()) {
    absl::StrAppend(&text, d.contact_type == ContactType::kConsultation ? "咨询内容：" : "故障：",
                    fault, "。");
  }
  if (d.complaint.has_value() && !Clause(d.complaint->reason).empty()) {
    absl::StrAppend(&text, "投诉事由：", Clause(d.complaint->reason), "。");
  }
  if (d.contact_type != ContactType::kConsultation) {
    absl::StrAppend(&text, "服务方式：", d.service_mode == ServiceMode::kCarryIn ? "送修" : "上门");
    const std::optional<TimeWindow>& window =
        order.appointment.has_value() ? order.appointment : d.preferred_window;
    if (window.has_value()) {
      absl::StrAppend(&text, "，预约", Window(*window, zone));
    }
    absl::StrAppend(&text, "。");
  }
  absl::StrAppend(&text, "请问以上信息是否正确？");
  return text;
}

std::string MaskReadBackAddress(std::string_view text) {
  // The template's clause: "，地址：<detail>。" (ReadBackText above).
  constexpr std::string_view kLabel = "地址：";
  constexpr std::string_view kEnd = "。";
  size_t start = text.find(kLabel);
  if (start == std::string_view::npos) return std::string(text);
  start += kLabel.size();
  size_t end = text.find(kEnd, start);
  if (end == std::string_view::npos) end = text.size();
  std::string masked(text.substr(0, start));
  masked += "****";
  masked += text.substr(end);
  return masked;
}

}  // namespace fieldservice::orders
