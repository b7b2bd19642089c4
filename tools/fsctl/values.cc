#include "tools/fsctl/values.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace fieldservice::fsctl {

std::string EnumNames(const google::protobuf::EnumDescriptor& type) {
  std::string names;
  for (int i = 0; i < type.value_count(); ++i) {
    if (type.value(i)->number() == 0) continue;
    absl::StrAppend(&names, names.empty() ? "" : ", ", type.value(i)->name());
  }
  return names;
}

absl::StatusOr<int> ParseEnumName(const google::protobuf::EnumDescriptor& type,
                                  const std::string& text) {
  const std::string name = absl::AsciiStrToUpper(absl::StrReplaceAll(text, {{"-", "_"}}));
  const google::protobuf::EnumValueDescriptor* value = type.FindValueByName(name);
  if (value == nullptr || value->number() == 0) {
    return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not one of ", EnumNames(type)));
  }
  return value->number();
}

absl::StatusOr<absl::CivilDay> ParseDay(const std::string& text) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not a date YYYY-MM-DD"));
  }
  return day;
}

absl::StatusOr<std::string> ParseMonth(const std::string& text) {
  absl::CivilMonth month;
  if (text.size() != 7 || !absl::ParseCivilTime(text, &month)) {
    return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not a month YYYY-MM"));
  }
  return text;
}

absl::StatusOr<absl::Time> ParseTime(const std::string& text) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &time, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not an RFC 3339 time such as 2026-11-23T10:00:00+08:00"));
  }
  return time;
}

absl::StatusOr<absl::Time> ParseTimeOrAhead(const std::string& text, absl::Time now) {
  if (!text.empty() && text[0] == '+') {
    absl::Duration ahead;
    if (!absl::ParseDuration(text.substr(1), &ahead) || ahead < absl::ZeroDuration()) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", text, "' is not +DURATION (+30m, +1h15m) nor an RFC 3339 time"));
    }
    return now + ahead;
  }
  return ParseTime(text);
}

absl::StatusOr<Window> ParseWindow(const std::string& text) {
  const auto refused = absl::InvalidArgumentError(
      absl::StrCat("'", text,
                   "' is not START/END in RFC 3339 such as "
                   "2026-11-24T09:00:00+08:00/2026-11-24T12:00:00+08:00"));
  std::vector<std::string> ends = absl::StrSplit(text, '/');
  if (ends.size() != 2) return refused;
  absl::StatusOr<absl::Time> start = ParseTime(ends[0]);
  absl::StatusOr<absl::Time> end = ParseTime(ends[1]);
  if (!start.ok() || !end.ok() || *start >= *end) return refused;
  return Window{*start, *end};
}

absl::StatusOr<int64_t> ParseYuan(const std::string& text) {
  const auto refused = absl::InvalidArgumentError(
      absl::StrCat("'", text, "' is not an amount in yuan such as 3299 or 3299.50"));
  std::vector<std::string> parts = absl::StrSplit(text, '.');
  int64_t yuan = 0;
  int64_t fen = 0;
  if (parts.size() > 2 || parts[0].empty() || !absl::ascii_isdigit(parts[0][0]) ||
      !absl::SimpleAtoi(parts[0], &yuan)) {
    return refused;
  }
  if (parts.size() == 2) {
    if (parts[1].empty() || parts[1].size() > 2 || !absl::ascii_isdigit(parts[1][0]) ||
        !absl::SimpleAtoi(parts[1], &fen)) {
      return refused;
    }
    if (parts[1].size() == 1) fen *= 10;
  }
  return yuan * 100 + fen;
}

absl::StatusOr<bool> ParseYesNo(const std::string& text) {
  const std::string answer = absl::AsciiStrToLower(text);
  if (answer == "yes" || answer == "y" || answer == "true") return true;
  if (answer == "no" || answer == "n" || answer == "false") return false;
  return absl::InvalidArgumentError(absl::StrCat("'", text, "': answer yes or no"));
}

std::string ResourceName(const std::string& collection, const std::string& id_or_name) {
  // Ids may hold a slash themselves (a callback's key is "ORDER/VISIT").
  if (absl::StartsWith(id_or_name, collection + "/")) return id_or_name;
  return absl::StrCat(collection, "/", id_or_name);
}

}  // namespace fieldservice::fsctl
