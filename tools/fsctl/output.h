// How fsctl prints: aligned tables and field lists for people (aligned by
// the width a terminal gives each character, so Chinese names line up), and
// protobuf's own JSON for scripts (--json).
#ifndef FIELDSERVICE_TOOLS_FSCTL_OUTPUT_H_
#define FIELDSERVICE_TOOLS_FSCTL_OUTPUT_H_

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fieldservice/type/types.pb.h"

namespace fieldservice::fsctl {

// Columns a terminal gives `text` (UTF-8): 2 for a Chinese character.
int DisplayWidth(std::string_view text);

// A table printed with its columns aligned, two spaces apart.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.empty(); }
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// "label:  value" lines, the values aligned; a field with no value is left out.
using Fields = std::vector<std::pair<std::string, std::string>>;
void PrintFields(std::ostream& out, const Fields& fields);

// The message as protobuf's JSON printer writes it: the .proto field names,
// zero values included, indented.
std::string JsonOf(const google::protobuf::Message& message);
void PrintJson(const google::protobuf::Message& message);
// The same on one line, for a stream of events printed as JSON lines.
std::string JsonLineOf(const google::protobuf::Message& message);

// "2026-11-23 10:00" in the local time zone (TZ); "" for an unset time.
std::string TimeText(const google::protobuf::Timestamp& time);
// "10:00" in the local time zone: a time of a day already named; "" when unset.
std::string ClockText(const google::protobuf::Timestamp& time);
// "dispatchJobs/2611230001" -> "2611230001", "technicians/zhang.wei" ->
// "zhang.wei": tables show ids.
std::string IdOf(const std::string& name);
// "2026-11-23 10:00-12:00" (the end's date when it differs); "" when unset.
std::string WindowText(const fieldservice::type::TimeWindow& window);
// "2026-03-01"; "" when unset.
std::string DateText(const fieldservice::type::Date& date);
// Fen as yuan: "3299.00".
std::string YuanText(int64_t fen);
// "42m", "3h05m", "2d04h".
std::string AgeText(int64_t seconds);

}  // namespace fieldservice::fsctl

#endif  // FIELDSERVICE_TOOLS_FSCTL_OUTPUT_H_
