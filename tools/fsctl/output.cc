#include "tools/fsctl/output.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cwchar>
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "services/common/utf8.h"

namespace fieldservice::fsctl {

namespace {

void Pad(std::ostream& out, int columns) {
  for (int i = 0; i < columns; ++i) out << ' ';
}

}  // namespace

int DisplayWidth(std::string_view text) {
  std::optional<std::u32string> points = common::DecodeUtf8(text);
  if (!points.has_value()) return static_cast<int>(text.size());
  int width = 0;
  // wcwidth knows the East Asian widths once main has set a UTF-8 LC_CTYPE;
  // a control character counts as one column.
  for (char32_t c : *points) width += std::max(0, ::wcwidth(static_cast<wchar_t>(c)));
  return width;
}

void Table::Print(std::ostream& out) const {
  std::vector<int> widths(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  auto print = [&](const std::vector<std::string>& row) {
    // Up to the last non-empty cell: no trailing blanks.
    size_t cells = std::min(row.size(), widths.size());
    while (cells > 0 && row[cells - 1].empty()) --cells;
    for (size_t i = 0; i < cells; ++i) {
      out << row[i];
      if (i + 1 < cells) Pad(out, widths[i] - DisplayWidth(row[i]) + 2);
    }
    out << "\n";
  };
  print(header_);
  for (const auto& row : rows_) print(row);
}

void PrintFields(std::ostream& out, const Fields& fields) {
  int width = 0;
  for (const auto& [label, value] : fields) width = std::max(width, DisplayWidth(label));
  for (const auto& [label, value] : fields) {
    if (absl::StripAsciiWhitespace(value).empty()) continue;
    out << label << ":";
    Pad(out, width - DisplayWidth(label) + 2);
    out << value << "\n";
  }
}

namespace {

std::string JsonText(const google::protobuf::Message& message, bool indent) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  options.add_whitespace = indent;
  std::string text;
  if (!google::protobuf::util::MessageToJsonString(message, &text, options).ok()) return "{}";
  return text;
}

}  // namespace

std::string JsonOf(const google::protobuf::Message& message) { return JsonText(message, true); }

std::string JsonLineOf(const google::protobuf::Message& message) {
  return JsonText(message, false);
}

void PrintJson(const google::protobuf::Message& message) { std::cout << JsonOf(message); }

std::string TimeText(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(time.seconds()),
                          absl::LocalTimeZone());
}

std::string ClockText(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return absl::FormatTime("%H:%M", absl::FromUnixSeconds(time.seconds()), absl::LocalTimeZone());
}

std::string IdOf(const std::string& name) {
  const size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

std::string WindowText(const fieldservice::type::TimeWindow& window) {
  const std::string start = TimeText(window.start_time());
  const std::string end = TimeText(window.end_time());
  if (start.empty() && end.empty()) return "";
  if (start.substr(0, 10) == end.substr(0, 10)) return start + "-" + end.substr(11);
  return start + " - " + end;
}

std::string DateText(const fieldservice::type::Date& date) {
  if (date.year() == 0) return "";
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

std::string YuanText(int64_t fen) {
  const char* sign = fen < 0 ? "-" : "";
  const int64_t magnitude = fen < 0 ? -fen : fen;
  return absl::StrFormat("%s%d.%02d", sign, magnitude / 100, magnitude % 100);
}

std::string AgeText(int64_t seconds) {
  const int64_t minutes = seconds / 60;
  if (minutes < 60) return absl::StrFormat("%dm", minutes);
  if (minutes < 24 * 60) return absl::StrFormat("%dh%02dm", minutes / 60, minutes % 60);
  return absl::StrFormat("%dd%02dh", minutes / (24 * 60), minutes / 60 % 24);
}

}  // namespace fieldservice::fsctl
