// Structured one-line logs on stderr: time, level, event, key=value fields.
//
// Customer data never reaches a log in full (DOMAIN.md "Confidentiality"):
// callers pass phones and addresses through MaskPhone/MaskAddress, and as a
// safety net every line is scanned for phone-number shapes before writing.
#ifndef FIELDSERVICE_COMMON_LOGGING_H_
#define FIELDSERVICE_COMMON_LOGGING_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fieldservice::common {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// Lines below this level are dropped. Default: kInfo.
void SetMinLogLevel(LogLevel level);
// "debug", "info", "warning", "error"; false when unknown.
bool ParseLogLevel(std::string_view text, LogLevel* level);

using LogFields = std::vector<std::pair<std::string, std::string>>;

void Log(LogLevel level, std::string_view event, const LogFields& fields = {});
inline void LogInfo(std::string_view event, const LogFields& fields = {}) {
  Log(LogLevel::kInfo, event, fields);
}
inline void LogWarning(std::string_view event, const LogFields& fields = {}) {
  Log(LogLevel::kWarning, event, fields);
}
inline void LogError(std::string_view event, const LogFields& fields = {}) {
  Log(LogLevel::kError, event, fields);
}

// The line Log would write for these inputs, without time and level; exposed
// so tests can check what reaches the log.
std::string FormatLogLine(std::string_view event, const LogFields& fields);

// 13812345678 -> 138****5678; landlines keep the area code and the last two
// digits. Anything else keeps only its last two characters.
std::string MaskPhone(std::string_view phone);
// Keeps the first few characters (the city or district) and hides the rest.
std::string MaskAddress(std::string_view address);
// Masks every phone-number shape in free text (mainland mobiles with or
// without +86, landlines with an area code).
std::string RedactPhones(std::string_view text);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_LOGGING_H_
