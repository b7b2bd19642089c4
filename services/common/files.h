// Reading the data files (calendar, policies, catalogue) the services load.
#ifndef FIELDSERVICE_COMMON_FILES_H_
#define FIELDSERVICE_COMMON_FILES_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace fieldservice::common {

// The whole file; NOT_FOUND naming the path when it cannot be read.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

// Reads `path` and parses it with `parse` (text -> StatusOr<T>); a parse
// error keeps its code and gets the path in front of its message, so an
// operator sees "data/x.txt: line 12: ...".
template <typename T, typename Parse>
absl::StatusOr<T> ParseFile(const std::string& path, Parse parse) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<T> parsed = parse(std::string_view(*text));
  if (!parsed.ok()) {
    return absl::Status(parsed.status().code(),
                        absl::StrCat(path, ": ", parsed.status().message()));
  }
  return parsed;
}

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_FILES_H_
