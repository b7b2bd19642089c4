// Reading stored text back into domain values strictly: a value this build
// cannot read (an unknown enum name, a malformed date or list) is an error of
// the call that read it (common::UnreadableValue: logged, DATA_LOSS), never a
// silent default that would misstate the record.
#ifndef FIELDSERVICE_ORDERS_STORAGE_STORED_VALUE_H_
#define FIELDSERVICE_ORDERS_STORAGE_STORED_VALUE_H_

#include <cppconn/resultset.h>

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "services/common/calendar.h"
#include "services/common/sql.h"

namespace fieldservice::orders::rows {

// Throws for `column` ("table.column").
[[noreturn]] inline void Unreadable(const std::string& column) {
  throw common::UnreadableValue(column);
}

// A nullable DATE column of `table`, strictly YYYY-MM-DD.
inline std::optional<absl::CivilDay> ReadDate(sql::ResultSet& rs, const std::string& table,
                                              const char* column) {
  if (rs.isNull(column)) return std::nullopt;
  absl::CivilDay day;
  if (!common::ParseIsoDate(std::string(rs.getString(column)), &day)) {
    Unreadable(table + "." + column);
  }
  return day;
}

template <typename T>
T Parsed(std::optional<T> value, const std::string& column) {
  if (!value.has_value()) Unreadable(column);
  return *value;
}

}  // namespace fieldservice::orders::rows

#endif  // FIELDSERVICE_ORDERS_STORAGE_STORED_VALUE_H_
