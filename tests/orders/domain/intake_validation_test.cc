// ValidateNewOrder against DOMAIN.md "Taking a repair request" ("nothing
// missing and nothing wrong"), "Contact types" and the shipped intake policy.
// Each rule has a passing and a failing case.
#include "services/orders/domain/intake_validation.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fieldservice::orders {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

absl::Time China(int y, int mo, int d, int h, int mi) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), kChina);
}

class ValidateNewOrderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<IntakePolicy> p =
        LoadIntakePolicyFile(std::string(FS_SOURCE_DIR) + "/data/orders/intake_policy.txt");
    ASSERT_TRUE(p.ok()) << p.status();
    policy_ = *p;
  }

  // A repair request that passes every rule, taken just after the call.
  NewOrder Valid() const {
    NewOrder o;
    o.contact_type = ContactType::kRepair;
    o.customer.name = "张三";
    o.customer.phone = "138 1234 5678";
    o.customer.address = {"440106", "天河区天河路385号太古汇2座1201室", GeoPoint{23.13, 113.33}};
    o.product = {
        "refrigerator",         "海尔", "BCD-470WDPG", "BA0123456789", absl::CivilDay(2026, 3, 1),
        "24440000000012345678", true,   false};
    o.warranty_claim.price_paid_fen = 329900;
    o.fault_description = "冷藏室不制冷，冷冻正常";
    o.service_mode = ServiceMode::kOnSite;
    o.preferred_window = TimeWindow{China(2026, 11, 24, 9, 0), China(2026, 11, 24, 12, 0)};
    o.taking_agent = "agent-1001";
    o.call_ended_at = now_ - absl::Minutes(1);
    return o;
  }

  std::vector<std::string> Fields(const NewOrder& o) const {
    std::vector<std::string> fields;
    for (const common::FieldViolation& v : ValidateNewOrder(o, policy_, now_, kChina)) {
      fields.push_back(v.field);
    }
    return fields;
  }

  // The one description for `field`, or "" when it is not violated.
  std::string Rule(const NewOrder& o, const std::string& field) const {
    for (const common::FieldViolation& v : ValidateNewOrder(o, policy_, now_, kChina)) {
      if (v.field == field) return v.description;
    }
    return "";
  }

  // Every description for `field`.
  std::vector<std::string> Rules(const NewOrder& o, const std::string& field) const {
    std::vector<std::string> rules;
    for (const common::FieldViolation& v : ValidateNewOrder(o, policy_, now_, kChina)) {
      if (v.field == field) rules.push_back(v.description);
    }
    return rules;
  }

  IntakePolicy policy_;
  absl::Time now_ = China(2026, 11, 23, 10, 0);
};

// "Taking a repair request": a complete, correct order has no violations.
TEST_F(ValidateNewOrderTest, CompleteRepairRequestPasses) {
  EXPECT_THAT(ValidateNewOrder(Valid(), policy_, now_, kChina), IsEmpty());
}

// "Contact types": a consultation (咨询) may omit the product and the fault.
TEST_F(ValidateNewOrderTest, ConsultationMayOmitProductAndFault) {
  NewOrder o = Valid();
  o.contact_type = ContactType::kConsultation;
  o.product = Product{};
  o.fault_description = "";
  EXPECT_THAT(Fields(o), IsEmpty());
  o.contact_type = ContactType::kRepair;
  EXPECT_THAT(Fields(o), UnorderedElementsAre("product.category", "product.brand", "product.model",
                                              "fault_description"));
}

// "Contact types": a complaint (投诉) carries its complaint and a reason.
TEST_F(ValidateNewOrderTest, ComplaintNeedsComplaintWithReason) {
  NewOrder o = Valid();
  o.contact_type = ContactType::kComplaint;
  EXPECT_THAT(Fields(o), UnorderedElementsAre("complaint"));
  o.complaint = Complaint{};
  EXPECT_THAT(Fields(o), UnorderedElementsAre("complaint.reason"));
  o.complaint->reason = "   ";
  EXPECT_THAT(Fields(o), UnorderedElementsAre("complaint.reason"));
  o.complaint->reason = "技师上门两次仍不制冷，态度敷衍";
  EXPECT_THAT(Fields(o), IsEmpty());
  o.complaint->reason = std::string(1001, 'x');
  EXPECT_THAT(Fields(o), UnorderedElementsAre("complaint.reason"));
}

// "Contact types": only a complaint carries complaint details.
TEST_F(ValidateNewOrderTest, NonComplaintMustNotCarryComplaint) {
  NewOrder o = Valid();
  o.complaint = Complaint{};
  o.complaint->reason = "不满意";
  EXPECT_THAT(Fields(o), UnorderedElementsAre("complaint"));
  EXPECT_THAT(Rule(o, "complaint"), HasSubstr("only a complaint"));
}

// "Contact types", "Service mode": only the listed kinds exist; an
// unchecked wire integer is refused, not guessed.
TEST_F(ValidateNewOrderTest, UnknownEnumValuesAreRefused) {
  NewOrder o = Valid();
  o.contact_type = static_cast<ContactType>(7);
  o.service_mode = static_cast<ServiceMode>(9);
  o.channel = static_cast<Channel>(42);
  EXPECT_THAT(Fields(o), UnorderedElementsAre("contact_type", "service_mode", "channel"));
}

// "Taking a repair request": customer name, required, at most 64 characters
// counted as characters, not UTF-8 bytes.
TEST_F(ValidateNewOrderTest, CustomerName) {
  NewOrder o = Valid();
  std::string name64;
  for (int i = 0; i < 64; ++i) name64 += "张";  // 192 bytes
  o.customer.name = name64;
  EXPECT_THAT(Fields(o), IsEmpty());
  o.customer.name = name64 + "三";
  EXPECT_THAT(Fields(o), UnorderedElementsAre("customer.name"));
  EXPECT_THAT(Rule(o, "customer.name"), HasSubstr("at most 64 characters"));
  for (const char* bad : {"", "  ", "\xE3\x80\x80", "张\x01三", "张\n三", "\xE5\xBC"}) {
    o.customer.name = bad;
    EXPECT_THAT(Fields(o), UnorderedElementsAre("customer.name")) << bad;
  }
}

// "Taking a repair request": the phone must be right (format in phone_test).
TEST_F(ValidateNewOrderTest, CustomerPhone) {
  NewOrder o = Valid();
  o.customer.phone = "0571-87654321转8";
  EXPECT_THAT(Fields(o), IsEmpty());
  o.customer.phone = "1381234567";
  EXPECT_THAT(Fields(o), UnorderedElementsAre("customer.phone"));
  EXPECT_EQ(Rule(o, "customer.phone"),
            "must be a mainland mobile (11 digits starting 13-19) or a "
            "landline with area code");
  o.customer.phone = "400-800-1234";
  EXPECT_THAT(Rule(o, "customer.phone"), HasSubstr("400/800"));
  o.customer.phone = "";
  EXPECT_THAT(Rule(o, "customer.phone"), HasSubstr("required"));
}

// "Taking a repair request": a detailed address, so a GB/T 2260 code below
// province level.
TEST_F(ValidateNewOrderTest, RegionCode) {
  NewOrder o = Valid();
  o.customer.address.region_code = "441900";  // 东莞: a city without districts
  EXPECT_THAT(Fields(o), IsEmpty());
  for (const char* bad : {"", "44010", "4401066", "44O106", "440000", "990101", "810001"}) {
    o.customer.address.region_code = bad;
    EXPECT_THAT(Fields(o), UnorderedElementsAre("customer.address.region_code")) << bad;
  }
}

// "Taking a repair request": a detailed address, not just a city name.
TEST_F(ValidateNewOrderTest, AddressDetail) {
  NewOrder o = Valid();
  o.customer.address.detail = "王家村二组15号";  // 8 characters
  EXPECT_THAT(Fields(o), IsEmpty());
  for (const std::string& bad :
       {std::string(""), std::string("广州市"), std::string("广州市天河区"),
        std::string("。。。。。。。。。。"), std::string(257, 'a')}) {
    o.customer.address.detail = bad;
    EXPECT_THAT(Fields(o), UnorderedElementsAre("customer.address.detail")) << bad;
  }
  o.customer.address.detail = "广州市";
  EXPECT_THAT(Rule(o, "customer.address.detail"), HasSubstr("city name"));
}

// "Taking a repair request": nothing wrong, so a map position is in range.
TEST_F(ValidateNewOrderTest, AddressLocation) {
  NewOrder o = Valid();
  o.customer.address.location.reset();
  EXPECT_THAT(Fields(o), IsEmpty());
  o.customer.address.location = GeoPoint{-90, 180};
  EXPECT_THAT(Fields(o), IsEmpty());
  o.customer.address.location = GeoPoint{91, -181};
  EXPECT_THAT(Fields(o), UnorderedElementsAre("customer.address.location.latitude",
                                              "customer.address.location.longitude"));
  o.customer.address.location = GeoPoint{std::nan(""), 113.3};
  EXPECT_THAT(Fields(o), UnorderedElementsAre("customer.address.location.latitude"));
}

// "Taking a repair request": product category (a catalogue code), brand and
// model are required for repairs and complaints.
TEST_F(ValidateNewOrderTest, ProductIdentity) {
  NewOrder o = Valid();
  o.product.category = "air_conditioner";
  EXPECT_THAT(Fields(o), IsEmpty());
  o.product.category = "冰箱";
  EXPECT_THAT(Fields(o), UnorderedElementsAre("product.category"));
  EXPECT_THAT(Rule(o, "product.category"), HasSubstr("catalogue"));
  o.product.category = "Refrigerator";
  EXPECT_THAT(Fields(o), UnorderedElementsAre("product.category"));
  o = Valid();
  o.product.brand = " ";
  o.product.model = std::string(65, 'M');
  EXPECT_THAT(Fields(o), UnorderedElementsAre("product.brand", "product.model"));
}

// "Taking a repair request": the serial as on the nameplate; required for a
// 三包 claim (invoice or card), optional for a paid repair.
TEST_F(ValidateNewOrderTest, ProductSerial) {
  NewOrder o = Valid();
  o.product.serial = "";
  EXPECT_THAT(Fields(o), UnorderedElementsAre("product.serial"));
  o.product.invoice_number.clear();
  o.product.warranty_card_present = false;
  EXPECT_THAT(Fields(o), IsEmpty());
  o = Valid();
  o.product.serial = "BA1234-5678";
  EXPECT_THAT(Fields(o), IsEmpty());
  for (const std::string& bad :
       {std::string("BA 1234"), std::string("编号123"), std::string(65, '9')}) {
    o.product.serial = bad;
    EXPECT_THAT(Fields(o), UnorderedElementsAre("product.serial")) << bad;
  }
}

// "Taking a repair request": purchase date, not in the future in the business
// zone (warranty dates are local business dates), not before 1990.
TEST_F(ValidateNewOrderTest, PurchaseDate) {
  NewOrder o = Valid();
  // 00:30 on 24 Nov in China is still 23 Nov in UTC: today is the 24th.
  absl::Time just_after_midnight = China(2026, 11, 24, 0, 30);
  o.call_ended_at = just_after_midnight - absl::Minutes(1);
  o.preferred_window.reset();
  o.product.purchase_date = absl::CivilDay(2026, 11, 24);
  EXPECT_THAT(ValidateNewOrder(o, policy_, just_after_midnight, kChina), IsEmpty());
  EXPECT_THAT(
      ValidateNewOrder(o, policy_, just_after_midnight, absl::UTCTimeZone()),
      Contains(common::FieldViolation{"product.purchase_date", "must not be in the future"}));
  o = Valid();
  o.product.purchase_date = absl::CivilDay(2026, 11, 24);
  EXPECT_THAT(Fields(o), UnorderedElementsAre("product.purchase_date"));
  o.product.purchase_date = absl::CivilDay(1990, 1, 1);
  EXPECT_THAT(Fields(o), IsEmpty());
  o.product.purchase_date = absl::CivilDay(1989, 12, 31);
  EXPECT_THAT(Fields(o), UnorderedElementsAre("product.purchase_date"));
  // With an invoice the 三包 periods run from its date: required.
  o.product.purchase_date.reset();
  EXPECT_THAT(Fields(o), UnorderedElementsAre("product.purchase_date"));
  o.product.invoice_number.clear();
  o.product.warranty_card_present = false;
  EXPECT_THAT(Fields(o), IsEmpty());
}

// "Taking a repair request": proof held; the invoice number as printed.
TEST_F(ValidateNewOrderTest, InvoiceNumber) {
  NewOrder o = Valid();
  o.product.invoice_number = "";  // no invoice is allowed (paid repair)
  o.product.warranty_card_present = false;
  EXPECT_THAT(Fields(o), IsEmpty());
  o.product.invoice_number = "No.12345678";
  EXPECT_THAT(Fields(o), UnorderedElementsAre("product.invoice_number"));
  o.product.invoice_number = "发票12345678";
  EXPECT_THAT(Fields(o), UnorderedElementsAre("product.invoice_number"));
}

// "Taking a repair request": the fault is required for a repair and must name
// the symptom; "客户说有点问题" is not accepted.
TEST_F(ValidateNewOrderTest, FaultDescriptionNamesASymptom) {
  NewOrder o = Valid();
  for (const char* good :
       {"不制冷", "洗衣机脱水时异响很大", "显示E1后停机", "F3报警",
        "开机后显示\xEF\xBC\xA5\xEF\xBC\x94",  // full-width Ｅ４
        "The fridge is NOT COOLING", "leaking under the door", "有点问题，冷冻室结霜严重"}) {
    o.fault_description = good;
    EXPECT_THAT(Fields(o), IsEmpty()) << good;
  }
  for (const char* vague : {"客户说有点问题", "坏了", "有问题。", "some problem", "It is broken",
                            "冰箱不好用了", "BCD470冰箱用不了"}) {
    o.fault_description = vague;
    EXPECT_THAT(Fields(o), Contains("fault_description")) << vague;
    EXPECT_THAT(Rules(o, "fault_description"), Contains(HasSubstr("symptom"))) << vague;
  }
}

// "Taking a repair request": a description must say more than its vague
// phrases, even when a symptom code names the symptom.
TEST_F(ValidateNewOrderTest, FaultDescriptionNotOnlyVaguePhrases) {
  NewOrder o = Valid();
  o.symptom_code = "RF-NOCOOL";
  o.fault_description = "冰箱有点问题，请上门看看";
  EXPECT_THAT(Fields(o), IsEmpty());
  o.fault_description = "有点问题，坏了！";
  EXPECT_THAT(Fields(o), UnorderedElementsAre("fault_description"));
  EXPECT_THAT(Rule(o, "fault_description"), HasSubstr("vague"));
  o.symptom_code = "";
  o.fault_description = "客户说有点问题";
  EXPECT_THAT(Fields(o), UnorderedElementsAre("fault_description", "fault_description"));
}

// "Taking a repair request": description length is bounded; it may span
// lines, unlike a name.
TEST_F(ValidateNewOrderTest, FaultDescriptionLength) {
  NewOrder o = Valid();
  o.fault_description = "冷藏室不制冷\n冷冻室正常";
  EXPECT_THAT(Fields(o), IsEmpty());
  o.fault_description = "不制冷" + std::string(998, '.');
  EXPECT_THAT(Fields(o), UnorderedElementsAre("fault_description"));
  EXPECT_THAT(Rule(o, "fault_description"), HasSubstr("at most 1000"));
}

// "Taking a repair request": a symptom code is a catalogue code.
TEST_F(ValidateNewOrderTest, SymptomCode) {
  NewOrder o = Valid();
  o.symptom_code = "RF.NC-01";
  EXPECT_THAT(Fields(o), IsEmpty());
  o.symptom_code = "不制冷";
  EXPECT_THAT(Fields(o), UnorderedElementsAre("symptom_code"));
  o.symptom_code = std::string(33, 'A');
  EXPECT_THAT(Fields(o), UnorderedElementsAre("symptom_code"));
}

// "Service mode": on-site outside the covered area needs the customer-service
// centre's authorisation; carry-in does not.
TEST_F(ValidateNewOrderTest, OnSiteOutsideCoveredAreaNeedsAuthorisation) {
  NewOrder o = Valid();
  o.customer.address.region_code = "445102";  // 潮州, not covered
  EXPECT_THAT(Fields(o), UnorderedElementsAre("onsite_authorization_ref"));
  EXPECT_THAT(Rule(o, "onsite_authorization_ref"), HasSubstr("authorisation"));
  o.onsite_authorization_ref = "AUTH-2026-1123-007";
  EXPECT_THAT(Fields(o), IsEmpty());
  o.onsite_authorization_ref = "";
  o.service_mode = ServiceMode::kCarryIn;
  EXPECT_THAT(Fields(o), IsEmpty());
  o.service_mode = ServiceMode::kOnSite;
  o.contact_type = ContactType::kConsultation;  // no visit to authorise
  EXPECT_THAT(Fields(o), IsEmpty());
  o = Valid();
  o.onsite_authorization_ref = "授权 1";
  EXPECT_THAT(Fields(o), UnorderedElementsAre("onsite_authorization_ref"));
}

// "On-site: agree an appointment time first": a usable preferred window.
TEST_F(ValidateNewOrderTest, PreferredWindow) {
  NewOrder o = Valid();
  o.preferred_window = TimeWindow{now_ - absl::Minutes(1), now_ + absl::Hours(23)};  // within skew
  EXPECT_THAT(Fields(o), IsEmpty());
  o.preferred_window = TimeWindow{now_ + absl::Hours(3), now_ + absl::Hours(2)};
  EXPECT_THAT(Fields(o), UnorderedElementsAre("preferred_window.end_time"));
  o.preferred_window = TimeWindow{now_ + absl::Hours(2), now_ + absl::Hours(2)};
  EXPECT_THAT(Fields(o), UnorderedElementsAre("preferred_window.end_time"));
  o.preferred_window = TimeWindow{now_ + absl::Hours(1), now_ + absl::Hours(26)};
  EXPECT_THAT(Fields(o), UnorderedElementsAre("preferred_window.end_time"));
  EXPECT_THAT(Rule(o, "preferred_window.end_time"), HasSubstr("24h"));
  o.preferred_window = TimeWindow{now_ - absl::Hours(1), now_ + absl::Hours(1)};
  EXPECT_THAT(Fields(o), UnorderedElementsAre("preferred_window.start_time"));
  o.preferred_window.reset();
  EXPECT_THAT(Fields(o), IsEmpty());
}

// "First-responsibility": the agent who takes the call owns the order.
TEST_F(ValidateNewOrderTest, TakingAgent) {
  NewOrder o = Valid();
  o.taking_agent = "";
  EXPECT_THAT(Fields(o), UnorderedElementsAre("taking_agent"));
  o.taking_agent = std::string(65, 'a');
  EXPECT_THAT(Fields(o), UnorderedElementsAre("taking_agent"));
}

// "The order is created within 3 minutes of the call ending": the end of the
// call is recorded and cannot be in the future (beyond clock skew).
TEST_F(ValidateNewOrderTest, CallEndedTime) {
  NewOrder o = Valid();
  o.call_ended_at = now_ + absl::Minutes(1);  // desk clock slightly ahead
  EXPECT_THAT(Fields(o), IsEmpty());
  o.call_ended_at = now_ - absl::Hours(2);  // late entry is recorded, not refused
  EXPECT_THAT(Fields(o), IsEmpty());
  o.call_ended_at = now_ + absl::Minutes(5);
  EXPECT_THAT(Fields(o), UnorderedElementsAre("call_ended_time"));
  o.call_ended_at = absl::Time();  // unset
  EXPECT_THAT(Fields(o), UnorderedElementsAre("call_ended_time"));
  EXPECT_THAT(Rule(o, "call_ended_time"), HasSubstr("required"));
}

// "Taking a repair request": every bad field is reported in one answer, so
// the agent fixes them all while the customer is still on the line.
TEST_F(ValidateNewOrderTest, ReportsEveryViolationAtOnce) {
  NewOrder o = Valid();
  o.contact_type = ContactType::kComplaint;  // without a complaint
  o.customer.name = "";
  o.customer.phone = "8008208820";
  o.customer.address = {"4401", "广州", GeoPoint{100, 0}};
  o.product = {"", "", "", "SN 1", absl::CivilDay(2030, 1, 1), "No.1", false, false};
  o.fault_description = "客户说有点问题";
  o.preferred_window = TimeWindow{now_ + absl::Hours(5), now_ + absl::Hours(4)};
  o.taking_agent = "";
  o.call_ended_at = now_ + absl::Hours(1);
  EXPECT_THAT(Fields(o), UnorderedElementsAre(
                             "customer.name", "customer.phone", "customer.address.region_code",
                             "customer.address.detail", "customer.address.location.latitude",
                             "product.category", "product.brand", "product.model", "product.serial",
                             "product.purchase_date", "product.invoice_number", "fault_description",
                             "fault_description", "preferred_window.end_time", "taking_agent",
                             "call_ended_time", "complaint"));
  for (const common::FieldViolation& v : ValidateNewOrder(o, policy_, now_, kChina)) {
    EXPECT_THAT(v.description, Not(IsEmpty())) << v.field;
  }
}

}  // namespace
}  // namespace fieldservice::orders
