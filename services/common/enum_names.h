// One way to name enums: a table of (value, name) rows per enum, read both
// ways, so a name and its parse can never disagree. The name is the stable
// text stored in databases and written to audit trails, or the proto enum
// value an API maps the domain value to. Adding a value means adding a row.
#ifndef FIELDSERVICE_COMMON_ENUM_NAMES_H_
#define FIELDSERVICE_COMMON_ENUM_NAMES_H_

#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>

namespace fieldservice::common {

template <typename Enum, typename Name = std::string_view>
struct EnumName {
  Enum value;
  Name name;
};

// The name of `value`, or nullopt when the table lacks it.
template <typename Enum, typename Name, size_t N>
constexpr std::optional<Name> FindName(const EnumName<Enum, Name> (&table)[N], Enum value) {
  for (const EnumName<Enum, Name>& row : table) {
    if (row.value == value) return row.name;
  }
  return std::nullopt;
}

// The text name of `value`; "?" for a value missing from its table (each
// service's tests check every value has a row).
template <typename Enum, size_t N>
constexpr std::string_view NameOf(const EnumName<Enum> (&table)[N], Enum value) {
  return FindName(table, value).value_or("?");
}

// The value named `name` exactly; nullopt for anything else.
template <typename Enum, typename Name, size_t N>
constexpr std::optional<Enum> ValueNamed(const EnumName<Enum, Name> (&table)[N],
                                         const std::type_identity_t<Name>& name) {
  for (const EnumName<Enum, Name>& row : table) {
    if (row.name == name) return row.value;
  }
  return std::nullopt;
}

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_ENUM_NAMES_H_
