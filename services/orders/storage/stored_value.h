// Reading stored text back into domain values strictly: a value this build
// cannot read (an unknown enum name, a malformed date or list) is an error of
// the call that read it, never a silent default that would misstate the
// record. The SQL layer's error path reports it (logged, INTERNAL to the
// caller) like any other database failure.
#ifndef FIELDSERVICE_ORDERS_STORAGE_STORED_VALUE_H_
#define FIELDSERVICE_ORDERS_STORAGE_STORED_VALUE_H_

#include <cppconn/exception.h>

#include <optional>
#include <string>

namespace fieldservice::orders::rows {

// Throws for `column` ("table.column"). The value itself is not named: free
// text may hold customer data.
[[noreturn]] inline void Unreadable(const std::string& column) {
  throw sql::SQLException(column + " holds a value this build cannot read", "22000", 0);
}

template <typename T>
T Parsed(std::optional<T> value, const std::string& column) {
  if (!value.has_value()) Unreadable(column);
  return *value;
}

}  // namespace fieldservice::orders::rows

#endif  // FIELDSERVICE_ORDERS_STORAGE_STORED_VALUE_H_
