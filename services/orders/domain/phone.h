// Mainland China customer phone numbers: validation, normalisation and
// masking (DOMAIN.md "Taking a repair request", "Confidentiality").
//
// Agents type numbers the way customers say them ("+86 138-1234-5678",
// "(010) 6234 5678 转 123", full-width digits from a Chinese IME), so parsing
// is lenient about separators and strict about the digits: a technician must
// be able to dial what we store.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_PHONE_H_
#define FIELDSERVICE_ORDERS_DOMAIN_PHONE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace fieldservice::orders {

enum class PhoneKind { kMobile, kLandline };

struct PhoneNumber {
  PhoneKind kind = PhoneKind::kMobile;
  // Mobile: the 11 digits. Landline: 0AAA-NNNNNNNN or 0AAA-NNNNNNNN-EXT.
  std::string normalized;
  std::string area_code;   // landline only, with the trunk 0: "010", "0571"
  std::string subscriber;  // mobile: the 11 digits; landline: 7 or 8 digits
  std::string extension;   // landline only; empty when none
};

// Parses a mobile (1[3-9] + 9 digits) or a landline with its area code
// (010 / 02X + 8 digits, 0XXX + 7 or 8 digits, subscriber starting 2-8,
// optional extension after "-", "转", "ext" or "x"). A +86 / 0086 / 86 country
// code is accepted and dropped. 400/800 numbers are refused: they are company
// hotlines, and a callback to one never reaches the customer. Errors are
// INVALID_ARGUMENT whose message names the rule, fit for a FieldViolation.
absl::StatusOr<PhoneNumber> ParsePhone(std::string_view input);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_PHONE_H_
