#include "services/warranty/domain/field_limits.h"

#include "absl/strings/str_cat.h"
#include "services/common/utf8.h"

namespace fieldservice::warranty {

size_t MaxChars(std::string_view field) {
  for (const FieldLimit& limit : kFieldLimits) {
    if (limit.field == field) return limit.max_chars;
  }
  return 0;
}

void CheckLength(std::string_view field, const std::string& path, std::string_view value,
                 common::Violations& v) {
  const size_t max = MaxChars(field);
  const size_t chars = common::CountChars(value);
  if (chars > max) {
    v.Add(path, absl::StrCat("at most ", max, " characters, not ", chars));
  }
}

}  // namespace fieldservice::warranty
