// The longest text each free-text field of the orders API may hold, in
// characters (Unicode code points). These are the sizes of the columns the
// fields are stored in (utf8mb4 VARCHAR(n) counts characters the same way),
// not policy: a value that does not fit is refused naming its field, never
// truncated and never an INTERNAL error. A storage test compares every row
// with its column, so the table and the DDL cannot drift apart.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_TEXT_LIMITS_H_
#define FIELDSERVICE_ORDERS_DOMAIN_TEXT_LIMITS_H_

#include <span>
#include <string_view>

#include "services/common/errors.h"

namespace fieldservice::orders {

struct TextLimit {
  std::string_view field;   // the request field path a violation names
  std::string_view column;  // "table.column" it is stored in
  int max_chars = 0;
};

std::span<const TextLimit> TextLimits();

// The limit of `field`; 0 for a field not in the table.
int MaxChars(std::string_view field);

// Adds "must be at most N characters" for `field` when `value` is longer.
// Invalid UTF-8 counts bytes (it is refused elsewhere).
void CheckTextLength(common::Violations& v, std::string_view field, std::string_view value);

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_TEXT_LIMITS_H_
