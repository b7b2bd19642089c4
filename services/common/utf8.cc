#include "services/common/utf8.h"

namespace fieldservice::common {
namespace {

// Every code point has exactly one byte that is not a continuation byte.
bool StartsChar(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) != 0x80; }

}  // namespace

std::optional<std::u32string> DecodeUtf8(std::string_view text) {
  std::u32string out;
  for (size_t i = 0; i < text.size();) {
    unsigned char b0 = text[i];
    int length = b0 < 0x80           ? 1
                 : (b0 >> 5) == 0x6  ? 2
                 : (b0 >> 4) == 0xE  ? 3
                 : (b0 >> 3) == 0x1E ? 4
                                     : 0;
    if (length == 0 || i + length > text.size()) return std::nullopt;
    char32_t cp = length == 1 ? b0 : b0 & (0x7F >> length);
    for (int k = 1; k < length; ++k) {
      unsigned char b = text[i + k];
      if ((b & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return std::nullopt;
    }
    out.push_back(cp);
    i += length;
  }
  return out;
}

bool IsValidUtf8(std::string_view text) { return DecodeUtf8(text).has_value(); }

size_t CountChars(std::string_view text) {
  size_t chars = 0;
  for (char byte : text) chars += StartsChar(byte);
  return chars;
}

std::string_view LeadingChars(std::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (StartsChar(text[i]) && chars++ == max_chars) return text.substr(0, i);
  }
  return text;
}

}  // namespace fieldservice::common
