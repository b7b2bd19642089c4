#include "services/common/logging.h"

#include <atomic>
#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace fieldservice::common {
namespace {

std::atomic<int> min_level{static_cast<int>(LogLevel::kInfo)};

// How many leading characters of an address stay readable: enough for the
// city or district, never the street or the door.
constexpr size_t kAddressVisibleCodePoints = 6;

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "DEBUG";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARN";
    case LogLevel::kError:
      return "ERROR";
  }
  return "?";
}

bool IsDigit(char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }

// Whether a maximal run of digits looks like a phone number. `after_area`
// says the run follows "0dd-" or "0ddd " (the local part of a landline).
bool LooksLikePhone(std::string_view run, bool after_area) {
  size_t n = run.size();
  if (n == 11 && run[0] == '1' && run[1] >= '3') return true;  // mobile
  if (n == 13 && run.substr(0, 2) == "86" && run[2] == '1') return true;
  if (n == 15 && run.substr(0, 4) == "0086") return true;
  if (run[0] == '0' && n >= 10 && n <= 12) return true;  // 0AAA+local
  return after_area && n >= 7 && n <= 8;
}

std::string Quote(std::string_view value) {
  bool plain = !value.empty();
  for (char c : value) {
    if (c == ' ' || c == '"' || c == '=' || c == '\n') plain = false;
  }
  if (plain) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c == '\n' ? ' ' : c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

void SetMinLogLevel(LogLevel level) { min_level.store(static_cast<int>(level)); }

bool ParseLogLevel(std::string_view text, LogLevel* level) {
  std::string t(text);
  absl::AsciiStrToLower(&t);
  if (t == "debug")
    *level = LogLevel::kDebug;
  else if (t == "info")
    *level = LogLevel::kInfo;
  else if (t == "warning" || t == "warn")
    *level = LogLevel::kWarning;
  else if (t == "error")
    *level = LogLevel::kError;
  else
    return false;
  return true;
}

std::string FormatLogLine(std::string_view event, const LogFields& fields) {
  std::string line(event);
  for (const auto& [key, value] : fields) {
    absl::StrAppend(&line, " ", key, "=", Quote(value));
  }
  return RedactPhones(line);
}

void Log(LogLevel level, std::string_view event, const LogFields& fields) {
  if (static_cast<int>(level) < min_level.load()) return;
  std::string line =
      absl::StrCat(absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()), " ",
                   LevelName(level), " ", FormatLogLine(event, fields), "\n");
  std::fwrite(line.data(), 1, line.size(), stderr);
}

std::string MaskPhone(std::string_view phone) {
  // An extension ("010-62345678转123") is not part of the number's shape.
  size_t extension = phone.find("转");
  if (extension != std::string_view::npos) phone = phone.substr(0, extension);
  std::string digits;
  for (char c : phone) {
    if (IsDigit(c)) digits.push_back(c);
  }
  if (digits.size() >= 11 && digits[digits.size() - 11] == '1') {
    std::string_view m = std::string_view(digits).substr(digits.size() - 11);
    return std::string(m.substr(0, 3)) + "****" + std::string(m.substr(7));
  }
  if (!digits.empty() && digits[0] == '0' && digits.size() >= 9) {
    size_t area = (digits[1] == '1' || digits[1] == '2') ? 3 : 4;
    return absl::StrCat(digits.substr(0, area), "-****", digits.substr(digits.size() - 2));
  }
  if (phone.size() <= 2) return "**";
  return "****" + std::string(phone.substr(phone.size() - 2));
}

std::string MaskAddress(std::string_view address) {
  size_t code_points = 0;
  size_t cut = 0;
  while (cut < address.size() && code_points < kAddressVisibleCodePoints) {
    unsigned char c = static_cast<unsigned char>(address[cut]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : 4;
    cut += len;
    ++code_points;
  }
  if (cut >= address.size()) return std::string(address);
  return std::string(address.substr(0, cut)) + "****";
}

std::string RedactPhones(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  // Set when the previous digit run was an area code ("010", "0571") followed
  // by one separator, so the next run is a landline's local part.
  bool after_area = false;
  while (i < text.size()) {
    if (!IsDigit(text[i])) {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && IsDigit(text[j])) ++j;
    std::string_view run = text.substr(i, j - i);
    bool preceded_by_digit_context = i > 0 && (IsDigit(text[i - 1]));
    if (!preceded_by_digit_context && LooksLikePhone(run, after_area)) {
      // Same shapes as MaskPhone: a mobile keeps its first three and last
      // four digits, anything else only its last two.
      bool mobile = run.size() >= 11 && run[run.size() - 11] == '1';
      size_t keep_head = mobile ? run.size() - 8 : 0;
      size_t keep_tail = mobile ? 4 : 2;
      out.append(run.substr(0, keep_head));
      out.append(run.size() - keep_head - keep_tail, '*');
      out.append(run.substr(run.size() - keep_tail));
      after_area = false;
    } else {
      out.append(run);
      after_area = run.size() >= 3 && run.size() <= 4 && run[0] == '0' && j < text.size() &&
                   (text[j] == '-' || text[j] == ' ');
    }
    i = j;
  }
  return out;
}

}  // namespace fieldservice::common
