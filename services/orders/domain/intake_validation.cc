#include "services/orders/domain/intake_validation.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "services/common/utf8.h"
#include "services/orders/domain/phone.h"
#include "services/orders/domain/text_limits.h"
#include "services/orders/domain/warranty_claim_validation.h"

namespace fieldservice::orders {
namespace {

using common::Violations;

// ---- Text measures --------------------------------------------------------

bool IsSpace(char32_t c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x3000;
}

bool IsControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// ASCII, Latin-1, general and CJK punctuation (。，、“”《》…).
bool IsPunctuation(char32_t c) {
  return (c < 0x80 && absl::ascii_ispunct(static_cast<char>(c))) || (c >= 0xA1 && c <= 0xBF) ||
         (c >= 0x2000 && c <= 0x206F) || (c >= 0x3001 && c <= 0x303F) ||
         (c >= 0xFF01 && c <= 0xFF0F);
}

// Characters that carry meaning: "  。。" is not an address.
int MeaningfulChars(std::string_view text) {
  std::optional<std::u32string> chars = common::DecodeUtf8(text);
  if (!chars) return 0;
  return std::count_if(chars->begin(), chars->end(), [](char32_t c) {
    return !IsSpace(c) && !IsPunctuation(c) && !IsControl(c);
  });
}

template <typename Predicate>
bool AllOf(std::string_view s, Predicate allowed) {
  return std::all_of(s.begin(), s.end(), allowed);
}
bool CodeChar(char c) {  // catalogue codes: refrigerator, air_conditioner
  return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_';
}
bool NameplateChar(char c) {  // serials and invoice numbers as printed
  return absl::ascii_isalnum(c) || c == '-';
}
bool ReferenceChar(char c) {  // symptom codes, authorisation references
  return absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/';
}

// Presence, encoding and length of one text field. Returns whether the value
// is present and well-formed, so content rules run only on such values and
// one mistake is not reported three ways.
bool CheckText(Violations& v, const char* field, std::string_view value, bool required,
               bool multiline = false) {
  const int max_chars = MaxChars(field);
  std::optional<std::u32string> chars = common::DecodeUtf8(value);
  if (!chars) {
    v.Add(field, "must be valid UTF-8 text");
    return false;
  }
  if (std::all_of(chars->begin(), chars->end(), IsSpace)) {
    if (required) v.Add(field, "required");
    return false;
  }
  bool control = std::any_of(chars->begin(), chars->end(), [&](char32_t c) {
    return IsControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t'));
  });
  if (control) {
    v.Add(field, multiline ? "must not contain control characters"
                           : "must be one line without control characters");
    return false;
  }
  if (static_cast<int>(chars->size()) > max_chars) {
    v.Add(field, absl::StrCat("must be at most ", max_chars, " characters"));
    return false;
  }
  return true;
}

void CheckCharset(Violations& v, const char* field, std::string_view value, bool (*allowed)(char),
                  const char* rule) {
  if (!AllOf(value, allowed)) v.Add(field, rule);
}

// ---- Enums (values may arrive cast from unchecked wire integers) ----------

bool Known(ContactType t) {
  return t == ContactType::kConsultation || t == ContactType::kRepair ||
         t == ContactType::kComplaint;
}
bool Known(ServiceMode m) { return m == ServiceMode::kOnSite || m == ServiceMode::kCarryIn; }
bool Known(Channel c) {
  return c == Channel::kPhone || c == Channel::kWeChat || c == Channel::kWeb ||
         c == Channel::kApp || c == Channel::kWalkIn;
}

// ---- Region codes ---------------------------------------------------------

// GB/T 2260 province-level codes of mainland China.
bool IsMainlandProvince(int p) {
  return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
         (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65);
}

// Six digits below province level: "440000" says only "Guangdong". A city
// without districts (东莞 441900) is the finest six-digit code there is.
bool IsRegionCode(std::string_view code) {
  return code.size() == 6 && AllOf(code, absl::ascii_isdigit) &&
         IsMainlandProvince((code[0] - '0') * 10 + (code[1] - '0')) && code.substr(2) != "0000";
}

// ---- Fault descriptions (DOMAIN.md: "must name ... the symptom") ----------

bool AsciiAlnumAt(std::string_view s, size_t i) {
  return i < s.size() && absl::ascii_isalnum(s[i]);
}

// "显示E1", "F3报警": a prefix and 1..max digits, not inside a longer token
// such as a model number.
bool ContainsErrorCode(std::string_view text, const IntakePolicy& policy) {
  for (const std::string& prefix : policy.error_code_prefixes) {
    for (size_t at = text.find(prefix); at != std::string_view::npos;
         at = text.find(prefix, at + 1)) {
      if (at > 0 && AsciiAlnumAt(text, at - 1)) continue;
      size_t end = at + prefix.size();
      while (end < text.size() && absl::ascii_isdigit(text[end])) ++end;
      int digits = static_cast<int>(end - at - prefix.size());
      if (digits >= 1 && digits <= policy.error_code_max_digits && !AsciiAlnumAt(text, end)) {
        return true;
      }
    }
  }
  return false;
}

bool NamesSymptom(std::string_view normalized, const IntakePolicy& policy) {
  return ContainsErrorCode(normalized, policy) ||
         std::any_of(policy.symptom_keywords.begin(), policy.symptom_keywords.end(),
                     [&](const std::string& keyword) {
                       return normalized.find(keyword) != std::string::npos;
                     });
}

void CheckFaultDescription(Violations& v, const NewOrder& order, const IntakePolicy& policy) {
  std::string text = NormalizeForMatching(order.fault_description);
  std::string rest = text;
  for (const std::string& phrase : policy.vague_phrases) {
    rest = absl::StrReplaceAll(rest, {{phrase, " "}});
  }
  if (MeaningfulChars(rest) < policy.fault_description_min_chars) {
    v.Add("fault_description",
          absl::StrCat("must describe the fault in at least ", policy.fault_description_min_chars,
                       " characters besides vague phrases such as 有点问题"));
  }
  bool has_code = !absl::StripAsciiWhitespace(order.symptom_code).empty();
  if (!has_code && !NamesSymptom(text, policy)) {
    v.Add("fault_description",
          "must name the symptom (e.g. 不制冷, 漏水, 不开机, an error code "
          "such as E1) or come with a symptom_code; a vague description such "
          "as 有点问题 is not accepted");
  }
}

// ---- Parts of the order ---------------------------------------------------

void CheckCustomer(Violations& v, const Customer& customer, const IntakePolicy& policy) {
  CheckText(v, "customer.name", customer.name, true);
  if (absl::StatusOr<PhoneNumber> phone = ParsePhone(customer.phone); !phone.ok()) {
    v.Add("customer.phone", std::string(phone.status().message()));
  }
  const Address& address = customer.address;
  if (!IsRegionCode(address.region_code)) {
    v.Add("customer.address.region_code",
          "must be the six-digit GB/T 2260 code of a mainland city, district "
          "or county (e.g. 440106), not only a province");
  }
  if (CheckText(v, "customer.address.detail", address.detail, true, false) &&
      MeaningfulChars(address.detail) < policy.address_detail_min_chars) {
    v.Add("customer.address.detail",
          absl::StrCat("must be detailed enough for a technician to find: "
                       "street, building and room, at least ",
                       policy.address_detail_min_chars, " characters, not just a city name"));
  }
  if (address.location.has_value()) {
    double lat = address.location->latitude, lng = address.location->longitude;
    if (!std::isfinite(lat) || lat < -90 || lat > 90) {
      v.Add("customer.address.location.latitude", "must be between -90 and 90 degrees");
    }
    if (!std::isfinite(lng) || lng < -180 || lng > 180) {
      v.Add("customer.address.location.longitude", "must be between -180 and 180 degrees");
    }
  }
}

// Consultations may omit the product; repairs and complaints must name it so
// the technician brings the right parts.
void CheckProduct(Violations& v, const Product& product, bool required, const IntakePolicy& policy,
                  absl::CivilDay today) {
  if (CheckText(v, "product.category", product.category, required)) {
    CheckCharset(v, "product.category", product.category, CodeChar,
                 "must be a catalogue category code (lowercase letters, "
                 "digits and _), e.g. refrigerator");
  }
  CheckText(v, "product.brand", product.brand, required);
  CheckText(v, "product.model", product.model, required);
  if (CheckText(v, "product.serial", product.serial, false)) {
    CheckCharset(v, "product.serial", product.serial, NameplateChar,
                 "must be letters, digits and '-' as on the nameplate");
  }
  if (product.purchase_date.has_value()) {
    if (*product.purchase_date > today) {
      v.Add("product.purchase_date", "must not be in the future");
    } else if (*product.purchase_date < policy.earliest_purchase_date) {
      v.Add("product.purchase_date",
            absl::StrCat("must not be before ",
                         absl::FormatCivilTime(policy.earliest_purchase_date)));
    }
  }
  if (CheckText(v, "product.invoice_number", product.invoice_number, false)) {
    CheckCharset(v, "product.invoice_number", product.invoice_number, NameplateChar,
                 "must be letters, digits and '-' as printed on the invoice");
  }
}

void CheckComplaint(Violations& v, const NewOrder& order, const IntakePolicy& policy) {
  if (order.contact_type != ContactType::kComplaint) {
    if (order.complaint.has_value()) {
      v.Add("complaint",
            "only a complaint (投诉) carries complaint details; clear it or "
            "set contact_type to complaint");
    }
    return;
  }
  if (!order.complaint.has_value()) {
    v.Add("complaint", "required for a complaint (投诉)");
    return;
  }
  CheckText(v, "complaint.reason", order.complaint->reason, true, true);
}

void CheckService(Violations& v, const NewOrder& order, const IntakePolicy& policy,
                  bool visit_possible, absl::Time now) {
  if (!Known(order.service_mode)) {
    v.Add("service_mode", "must be on-site or carry-in");
  }
  bool has_ref = CheckText(v, "onsite_authorization_ref", order.onsite_authorization_ref, false);
  if (has_ref) {
    CheckCharset(v, "onsite_authorization_ref", order.onsite_authorization_ref, ReferenceChar,
                 "must be letters, digits and - _ . / only");
  }
  const std::string& region = order.customer.address.region_code;
  if (visit_possible && order.service_mode == ServiceMode::kOnSite && IsRegionCode(region) &&
      !policy.IsOnSiteCovered(region) &&
      absl::StripAsciiWhitespace(order.onsite_authorization_ref).empty()) {
    v.Add("onsite_authorization_ref",
          "required: on-site service outside the covered area needs the "
          "customer-service centre's authorisation; otherwise choose carry-in");
  }
  if (!order.preferred_window.has_value()) return;
  const TimeWindow& w = *order.preferred_window;
  if (!(w.start < w.end)) {
    v.Add("preferred_window.end_time", "must be after start_time");
  } else if (w.end - w.start > policy.max_preferred_window) {
    v.Add("preferred_window.end_time",
          absl::StrCat("must be at most ", absl::FormatDuration(policy.max_preferred_window),
                       " after start_time"));
  }
  if (w.start < now - policy.max_clock_skew) {
    v.Add("preferred_window.start_time", "must not be in the past");
  }
}

void CheckTaking(Violations& v, const NewOrder& order, const IntakePolicy& policy, absl::Time now) {
  if (!Known(order.channel)) {
    v.Add("channel", "must be phone, WeChat, web, app or walk-in");
  }
  CheckText(v, "taking_agent", order.taking_agent, true);
  // An unset timestamp arrives as the Unix epoch.
  if (order.call_ended_at <= absl::UnixEpoch()) {
    v.Add("call_ended_time", "required: when the call with the customer ended");
  } else if (order.call_ended_at > now + policy.max_clock_skew) {
    v.Add("call_ended_time", "must not be in the future");
  }
}

}  // namespace

std::vector<common::FieldViolation> ValidateNewOrder(const NewOrder& order,
                                                     const IntakePolicy& policy, absl::Time now,
                                                     absl::TimeZone business_zone,
                                                     const ProductCatalogue* catalogue) {
  Violations v;
  if (!Known(order.contact_type)) {
    v.Add("contact_type", "must be consultation, repair or complaint");
  }
  // Anything but a consultation is about a faulty product; an unknown type
  // gets the strictest checks.
  bool about_fault = order.contact_type != ContactType::kConsultation;
  CheckCustomer(v, order.customer, policy);
  absl::CivilDay today = absl::ToCivilDay(now, business_zone);
  CheckProduct(v, order.product, about_fault, policy, today);
  if (about_fault) CheckWarrantyClaim(v, order, today, catalogue);
  if (CheckText(v, "fault_description", order.fault_description, about_fault, true) &&
      about_fault) {
    CheckFaultDescription(v, order, policy);
  }
  if (CheckText(v, "symptom_code", order.symptom_code, false)) {
    CheckCharset(v, "symptom_code", order.symptom_code, ReferenceChar,
                 "must be a catalogue code: letters, digits and - _ . /");
  }
  CheckService(v, order, policy, about_fault, now);
  CheckTaking(v, order, policy, now);
  CheckComplaint(v, order, policy);
  return v.list();
}

}  // namespace fieldservice::orders
