// Reading the values people type, at a flag or a prompt, into what the APIs
// take: enum names, dates, times, yuan, yes/no. Each refusal says what
// form is wanted, so a prompt can ask again and a flag's error names it.
#ifndef FIELDSERVICE_TOOLS_FSCTL_VALUES_H_
#define FIELDSERVICE_TOOLS_FSCTL_VALUES_H_

#include <google/protobuf/descriptor.h>

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace fieldservice::fsctl {

// The number of the value of `type` named `text` (any case, '-' for '_');
// the zero "unspecified" value is refused, and the error lists the names.
absl::StatusOr<int> ParseEnumName(const google::protobuf::EnumDescriptor& type,
                                  const std::string& text);
// "A, B, C": the names of `type`'s values but the zero one.
std::string EnumNames(const google::protobuf::EnumDescriptor& type);

// "2026-03-01".
absl::StatusOr<absl::CivilDay> ParseDay(const std::string& text);
// "2026-11".
absl::StatusOr<std::string> ParseMonth(const std::string& text);
// RFC 3339, "2026-11-23T10:00:00+08:00".
absl::StatusOr<absl::Time> ParseTime(const std::string& text);
// "+30m" (`now` plus that) or an RFC 3339 time.
absl::StatusOr<absl::Time> ParseTimeOrAhead(const std::string& text, absl::Time now);
// "START/END", each RFC 3339, START before END.
struct Window {
  absl::Time start, end;
};
absl::StatusOr<Window> ParseWindow(const std::string& text);
// Yuan with at most two decimals, "3299" or "3299.50", as fen.
absl::StatusOr<int64_t> ParseYuan(const std::string& text);
// "yes"/"y"/"true" or "no"/"n"/"false".
absl::StatusOr<bool> ParseYesNo(const std::string& text);

// "repairOrders/2611230427" from "2611230427" or from the name itself;
// "callbacks/2611230427/1" from the key "2611230427/1".
std::string ResourceName(const std::string& collection, const std::string& id_or_name);

}  // namespace fieldservice::fsctl

#endif  // FIELDSERVICE_TOOLS_FSCTL_VALUES_H_
