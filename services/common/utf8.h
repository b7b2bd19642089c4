// The one UTF-8 helper: decoding, validating and counting characters the way
// the database counts them (utf8mb4 VARCHAR(n) holds n code points).
#ifndef FIELDSERVICE_COMMON_UTF8_H_
#define FIELDSERVICE_COMMON_UTF8_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fieldservice::common {

// The code points of `text`; nullopt when it is not valid UTF-8 (overlong
// forms, surrogates and values past U+10FFFF refused).
std::optional<std::u32string> DecodeUtf8(std::string_view text);

bool IsValidUtf8(std::string_view text);

// Code points in `text` (for invalid UTF-8: the lead bytes, an upper bound
// that still refuses what is too long).
size_t CountChars(std::string_view text);

// The first `max_chars` code points of `text`: for values a service records
// itself (who loaded a catalogue), never for a caller's field.
std::string_view LeadingChars(std::string_view text, size_t max_chars);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_UTF8_H_
