#include "services/orders/domain/phone.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

namespace fieldservice::orders {
namespace {

constexpr char kRule[] =
    "must be a mainland mobile (11 digits starting 13-19) or a landline with "
    "area code";
constexpr char kTransfer[] = "\xE8\xBD\xAC";  // 转, as in "转123" (extension)

absl::Status Invalid(absl::string_view rule = kRule) { return absl::InvalidArgumentError(rule); }

// Chinese IMEs produce full-width digits and signs (U+FF01..U+FF5E) and the
// ideographic space (U+3000); they mean the same as their ASCII forms.
std::string FoldFullWidth(absl::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    unsigned char b0 = in[i];
    if (i + 2 < in.size()) {
      unsigned char b1 = in[i + 1], b2 = in[i + 2];
      char32_t cp = ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
      if (b0 == 0xEF && (b1 == 0xBC || b1 == 0xBD) && cp >= 0xFF01 && cp <= 0xFF5E) {
        out.push_back(static_cast<char>(cp - 0xFEE0));
        i += 2;
        continue;
      }
      if (b0 == 0xE3 && b1 == 0x80 && b2 == 0x80) {
        out.push_back(' ');
        i += 2;
        continue;
      }
    }
    out.push_back(in[i]);
  }
  return out;
}

// Removes `n` leading digits across the digit groups, dropping emptied groups.
void DropLeadingDigits(std::vector<std::string>& groups, size_t n) {
  while (n > 0 && !groups.empty()) {
    size_t take = std::min(n, groups.front().size());
    groups.front().erase(0, take);
    n -= take;
    if (groups.front().empty()) groups.erase(groups.begin());
  }
}

bool IsDigits(absl::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isdigit(c); });
}

// Local numbers start 2-8: 0 is the trunk prefix, 1 short codes (110, 114)
// and 9 service numbers (95xxx).
bool IsSubscriber(absl::string_view s, size_t area_length) {
  bool length_ok = area_length == 3 ? s.size() == 8 : (s.size() == 7 || s.size() == 8);
  return length_ok && IsDigits(s) && s[0] >= '2' && s[0] <= '8';
}

// Splits off an extension given as "转123", "ext 123", "ext.123" or "x123".
absl::Status SplitExtension(std::string& main, std::string& extension) {
  size_t at = main.find(kTransfer);
  size_t marker = 3;
  std::string lower = absl::AsciiStrToLower(main);
  if (at == std::string::npos && (at = lower.find("ext")) == std::string::npos) {
    at = lower.find('x');
    marker = 1;
  }
  if (at == std::string::npos) return absl::OkStatus();
  absl::string_view rest = absl::string_view(main).substr(at + marker);
  rest = absl::StripAsciiWhitespace(rest);
  absl::ConsumePrefix(&rest, ".");
  absl::ConsumePrefix(&rest, ":");
  rest = absl::StripAsciiWhitespace(rest);
  if (!IsDigits(rest) || rest.size() > 6) {
    return Invalid("the extension must be 1 to 6 digits");
  }
  extension = std::string(rest);
  main.erase(at);
  return absl::OkStatus();
}

// Strips a +86 / 0086 / 86 country code. Returns false for another country.
bool StripCountryCode(bool plus, std::vector<std::string>& groups, bool& stripped) {
  std::string digits = absl::StrJoin(groups, "");
  stripped = true;
  if (plus) {
    if (!absl::StartsWith(digits, "86")) return false;
    DropLeadingDigits(groups, 2);
  } else if (absl::StartsWith(digits, "0086")) {
    DropLeadingDigits(groups, 4);
  } else if (groups.size() > 1 && groups.front() == "86") {
    DropLeadingDigits(groups, 2);
  } else if (digits.size() == 13 && absl::StartsWith(digits, "861")) {
    DropLeadingDigits(groups, 2);  // 86 glued to a mobile
  } else {
    stripped = false;
  }
  return true;
}

}  // namespace

absl::StatusOr<PhoneNumber> ParsePhone(std::string_view input) {
  std::string main(
      absl::StripAsciiWhitespace(FoldFullWidth(absl::string_view(input.data(), input.size()))));
  if (main.empty()) return Invalid("required: the customer's phone number");
  std::string extension;
  if (absl::Status s = SplitExtension(main, extension); !s.ok()) return s;

  // Digit groups split by the separators people write; anything else is a typo.
  absl::string_view body = absl::StripAsciiWhitespace(main);
  bool plus = absl::ConsumePrefix(&body, "+");
  std::vector<std::string> groups(1);
  for (char c : body) {
    if (absl::ascii_isdigit(c)) {
      groups.back().push_back(c);
    } else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.') {
      if (!groups.back().empty()) groups.emplace_back();
    } else {
      return Invalid();
    }
  }
  if (groups.back().empty()) groups.pop_back();

  bool had_country_code = false;
  if (!StripCountryCode(plus, groups, had_country_code)) {
    return Invalid("only mainland China (+86) numbers are accepted");
  }
  std::string digits = absl::StrJoin(groups, "");
  if (digits.empty()) return Invalid();
  // International form drops the trunk 0 of an area code: +86 10 6234 5678.
  // Mobiles start 13-19, so a leading 10 is Beijing's area code.
  bool mobile_like = digits[0] == '1' && !absl::StartsWith(digits, "10");
  if (had_country_code && digits[0] != '0' && !mobile_like) {
    groups.front().insert(0, "0");
    digits.insert(0, "0");
  }

  if (digits[0] == '1') {
    if (digits.size() != 11 || digits[1] < '3') return Invalid();
    if (!extension.empty()) return Invalid("a mobile number has no extension");
    return PhoneNumber{PhoneKind::kMobile, digits, "", digits, ""};
  }
  if (absl::StartsWith(digits, "400") || absl::StartsWith(digits, "800")) {
    return Invalid("400/800 numbers are company hotlines, not the customer's own number");
  }
  if (digits[0] != '0' || digits.size() < 3) return Invalid();
  size_t area_length;
  if (absl::StartsWith(digits, "010") || digits[1] == '2') {
    area_length = 3;  // Beijing and the 02X big cities
  } else if (digits[1] >= '3' && digits[1] <= '9') {
    area_length = 4;
  } else {
    return Invalid();
  }
  std::string rest = digits.substr(std::min(area_length, digits.size()));
  // "010-62345678-123": a trailing group that does not fit the subscriber
  // number is the extension.
  if (!IsSubscriber(rest, area_length) && extension.empty() && groups.size() > 1 &&
      groups.back().size() <= 6 && rest.size() > groups.back().size()) {
    std::string shorter = rest.substr(0, rest.size() - groups.back().size());
    if (IsSubscriber(shorter, area_length)) {
      extension = groups.back();
      rest = shorter;
    }
  }
  if (!IsSubscriber(rest, area_length)) return Invalid();
  PhoneNumber number{PhoneKind::kLandline, "", digits.substr(0, area_length), rest, extension};
  number.normalized = absl::StrCat(number.area_code, "-", number.subscriber,
                                   extension.empty() ? "" : "-", extension);
  return number;
}

}  // namespace fieldservice::orders
