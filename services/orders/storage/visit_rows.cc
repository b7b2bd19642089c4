#include "services/orders/storage/visit_rows.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/orders/storage/stored_value.h"

namespace fieldservice::orders::rows {
namespace {

constexpr const char* kColumns[] = {"visit_record_kept", "visit_function_test_passed",
                                    "visit_signed",      "visit_parts",
                                    "visit_fees",        "technician_outlet"};

// One line an entry, fields split by tabs, each field C-escaped (UTF-8
// kept as it is): a serial as scanned may hold a tab or a line break, which
// escaped cannot split a line or a field. Every line has a non-empty field
// (a part id, a fee kind), so no line is blank.
std::optional<std::string> Lines(const std::vector<std::vector<std::string>>& entries, bool kept) {
  if (!kept) return std::nullopt;
  std::vector<std::string> lines;
  for (const auto& fields : entries) {
    std::vector<std::string> escaped;
    for (const std::string& f : fields) escaped.push_back(absl::Utf8SafeCEscape(f));
    lines.push_back(absl::StrJoin(escaped, "\t"));
  }
  return absl::StrJoin(lines, "\n");
}

std::vector<std::vector<std::string>> ReadLines(sql::ResultSet& rs, const char* column) {
  std::vector<std::vector<std::string>> out;
  if (rs.isNull(column)) return out;
  for (absl::string_view line :
       absl::StrSplit(std::string(rs.getString(column)), '\n', absl::SkipEmpty())) {
    std::vector<std::string> fields = absl::StrSplit(line, '\t');
    if (fields.size() != 3) Unreadable(absl::StrCat("repair_orders.", column));
    for (std::string& f : fields) {
      std::string plain;
      if (!absl::CUnescape(f, &plain)) Unreadable(absl::StrCat("repair_orders.", column));
      f = std::move(plain);
    }
    out.push_back(std::move(fields));
  }
  return out;
}

template <typename Int>
Int ParseNumber(const std::string& text, const char* column) {
  Int v = 0;
  if (!absl::SimpleAtoi(text, &v)) Unreadable(absl::StrCat("repair_orders.", column));
  return v;
}

}  // namespace

std::span<const char* const> VisitColumns() { return kColumns; }

void BindVisit(common::Statement& st, const RepairOrder& o) {
  const bool kept = o.visit_record.has_value();
  const VisitRecord record = o.visit_record.value_or(VisitRecord{});
  std::vector<std::vector<std::string>> parts, fees;
  for (const VisitPart& p : record.parts) {
    parts.push_back({p.part_id, p.serial, absl::StrCat(p.quantity)});
  }
  for (const VisitFee& f : record.fees) {
    fees.push_back({f.kind, f.part_id, absl::StrCat(f.amount_fen)});
  }
  st.Bind(kept)
      .Bind(record.function_test_passed)
      .Bind(record.signed_by_customer)
      .Bind(Lines(parts, kept))
      .Bind(Lines(fees, kept))
      .Bind(o.technician_outlet);
}

void ReadVisit(sql::ResultSet& rs, RepairOrder& o) {
  o.technician_outlet = rs.getString("technician_outlet");
  o.visit_record.reset();
  if (!rs.getBoolean("visit_record_kept")) return;
  VisitRecord r;
  r.function_test_passed = rs.getBoolean("visit_function_test_passed");
  r.signed_by_customer = rs.getBoolean("visit_signed");
  for (const auto& f : ReadLines(rs, "visit_parts")) {
    r.parts.push_back(
        {.part_id = f[0], .serial = f[1], .quantity = ParseNumber<int>(f[2], "visit_parts")});
  }
  for (const auto& f : ReadLines(rs, "visit_fees")) {
    r.fees.push_back(
        {.kind = f[0], .part_id = f[1], .amount_fen = ParseNumber<int64_t>(f[2], "visit_fees")});
  }
  o.visit_record = std::move(r);
}

}  // namespace fieldservice::orders::rows
