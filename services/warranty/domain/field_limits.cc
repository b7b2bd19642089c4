#include "services/warranty/domain/field_limits.h"

#include "absl/strings/str_cat.h"

namespace fieldservice::warranty {

size_t MaxChars(std::string_view field) {
  for (const FieldLimit& limit : kFieldLimits) {
    if (limit.field == field) return limit.max_chars;
  }
  return 0;
}

size_t CountChars(std::string_view text) {
  size_t chars = 0;
  // Every code point has exactly one byte that is not a continuation byte.
  for (unsigned char byte : text) chars += (byte & 0xC0) != 0x80;
  return chars;
}

std::string_view LeadingChars(std::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool starts_char = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_char && chars++ == max_chars) return text.substr(0, i);
  }
  return text;
}

void CheckLength(std::string_view field, const std::string& path, std::string_view value,
                 common::Violations& v) {
  const size_t max = MaxChars(field);
  const size_t chars = CountChars(value);
  if (chars > max) {
    v.Add(path, absl::StrCat("at most ", max, " characters, not ", chars));
  }
}

}  // namespace fieldservice::warranty
