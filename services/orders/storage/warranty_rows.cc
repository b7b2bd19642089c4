#include "services/orders/storage/warranty_rows.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/calendar.h"
#include "services/orders/domain/names.h"
#include "services/orders/storage/stored_value.h"

namespace fieldservice::orders::rows {
namespace {

using common::Statement;

constexpr const char* kColumns[] = {"price_paid_fen",
                                    "production_date",
                                    "installation_date",
                                    "unit_use",
                                    "sale_type",
                                    "card_model_mismatch",
                                    "performance_fault",
                                    "fault_component",
                                    "fault_main_part",
                                    "earlier_repairs",
                                    "exchanged_on",
                                    "main_parts_replaced",
                                    "exclusion_causes",
                                    "repair_delay_days",
                                    "parts_wait_days",
                                    "same_model_out_of_stock",
                                    "insists_on_refund",
                                    "warranty_remedies",
                                    "warranty_refund_price_fen",
                                    "warranty_refund_depreciated",
                                    "warranty_refund_days_used",
                                    "warranty_refund_rate_ppm",
                                    "warranty_refund_depreciation_fen",
                                    "warranty_refund_amount_fen",
                                    "warranty_refund_lines",
                                    "warranty_quote_total_fen",
                                    "warranty_quote_labour_fen",
                                    "warranty_quote_part_fen",
                                    "warranty_quote_part_priced",
                                    "warranty_quote_callout_fen",
                                    "warranty_reasons",
                                    "warranty_covered_until"};

[[noreturn]] void Unreadable(const char* column) {
  rows::Unreadable(std::string("repair_orders.") + column);
}

std::optional<std::string> Day(const std::optional<absl::CivilDay>& d) {
  if (!d.has_value()) return std::nullopt;
  return absl::FormatCivilTime(*d);
}

absl::CivilDay ParseDay(const std::string& text, const char* column) {
  absl::CivilDay day;
  if (!common::ParseIsoDate(text, &day)) Unreadable(column);
  return day;
}

std::optional<absl::CivilDay> ReadDay(sql::ResultSet& rs, const char* column) {
  return ReadDate(rs, "repair_orders", column);
}

std::optional<int64_t> ReadOptionalInt(sql::ResultSet& rs, const char* column) {
  if (rs.isNull(column)) return std::nullopt;
  return rs.getInt64(column);
}

// TEXT lists: one entry a line, fields separated by tabs. Entries hold ids,
// dates, numbers and one-line reasons, none of which contain tabs or newlines.
std::string Lines(const std::vector<std::vector<std::string>>& entries) {
  std::vector<std::string> lines;
  for (const auto& fields : entries) lines.push_back(absl::StrJoin(fields, "\t"));
  return absl::StrJoin(lines, "\n");
}

std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

std::vector<std::vector<std::string>> ReadLines(sql::ResultSet& rs, const char* column,
                                                size_t fields) {
  std::vector<std::vector<std::string>> out;
  if (rs.isNull(column)) return out;
  for (absl::string_view line :
       absl::StrSplit(std::string(rs.getString(column)), '\n', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(line, '\t');
    if (parts.size() != fields) Unreadable(column);
    out.push_back(std::move(parts));
  }
  return out;
}

int ParseInt(const std::string& text, const char* column) {
  int v = 0;
  if (!absl::SimpleAtoi(text, &v)) Unreadable(column);
  return v;
}

template <typename E>
E Parsed(std::optional<E> value, const char* column) {
  return rows::Parsed(std::move(value), std::string("repair_orders.") + column);
}

// Stored names of the excluding causes, comma-separated in exclusion_causes.
constexpr std::pair<bool ExclusionCauses::*, std::string_view> kCauseNames[] = {
    {&ExclusionCauses::misuse, "misuse"},
    {&ExclusionCauses::unauthorised_repair, "unauthorised_repair"},
    {&ExclusionCauses::force_majeure, "force_majeure"},
    {&ExclusionCauses::improper_storage, "improper_storage"}};

std::string CausesText(const ExclusionCauses& c) {
  std::vector<std::string> names;
  for (const auto& [member, name] : kCauseNames) {
    if (c.*member) names.emplace_back(name);
  }
  return absl::StrJoin(names, ",");
}

ExclusionCauses ParseCauses(const std::string& text) {
  ExclusionCauses c;
  for (absl::string_view name : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    auto row = std::find_if(std::begin(kCauseNames), std::end(kCauseNames), [&](const auto& r) {
      return r.second == std::string_view(name.data(), name.size());
    });
    if (row == std::end(kCauseNames)) Unreadable("exclusion_causes");
    c.*(row->first) = true;
  }
  return c;
}

std::string RemediesText(const std::vector<Remedy>& remedies) {
  std::vector<std::string> names;
  for (Remedy r : remedies) names.emplace_back(RemedyName(r));
  return absl::StrJoin(names, ",");
}

}  // namespace

std::span<const char* const> WarrantyColumns() { return kColumns; }

void BindWarranty(Statement& st, const RepairOrder& o) {
  const WarrantyClaim& c = o.details.warranty_claim;
  std::vector<std::vector<std::string>> repairs, parts, refund_lines, reasons;
  for (const EarlierRepair& r : c.earlier_repairs) {
    repairs.push_back({absl::FormatCivilTime(r.date), r.component, absl::StrCat(r.days_in_repair)});
  }
  for (const MainPartReplacement& p : c.main_parts_replaced) {
    parts.push_back({p.part, absl::FormatCivilTime(p.date)});
  }
  const WarrantyInfo& w = o.warranty;
  const WarrantyRefund refund = w.refund.value_or(WarrantyRefund{});
  const WarrantyQuote quote = w.quote.value_or(WarrantyQuote{});
  for (const std::string& line : refund.lines_zh) refund_lines.push_back({OneLine(line)});
  for (const WarrantyReason& r : w.reasons) reasons.push_back({OneLine(r.rule_id), OneLine(r.zh)});
  st.Bind(c.price_paid_fen)
      .Bind(Day(c.production_date))
      .Bind(Day(c.installation_date))
      .Bind(std::string(UnitUseName(c.use)))
      .Bind(std::string(SaleTypeName(c.sale_type)))
      .Bind(c.card_model_mismatch)
      .Bind(c.performance_fault)
      .Bind(c.fault_component)
      .Bind(c.fault_main_part)
      .Bind(Lines(repairs))
      .Bind(Day(c.exchanged_on))
      .Bind(Lines(parts))
      .Bind(CausesText(c.causes))
      .Bind(c.repair_delay_days)
      .Bind(c.parts_wait_days)
      .Bind(c.same_model_out_of_stock)
      .Bind(c.insists_on_refund)
      .Bind(RemediesText(w.remedies))
      .Bind(w.refund.has_value() ? std::optional<int64_t>(refund.price_fen) : std::nullopt)
      .Bind(refund.depreciated)
      .Bind(refund.days_used)
      .Bind(refund.rate_ppm_per_day)
      .Bind(refund.depreciation_fen)
      .Bind(refund.amount_fen)
      .Bind(Lines(refund_lines))
      .Bind(w.quote.has_value() ? std::optional<int64_t>(quote.total_fen) : std::nullopt)
      .Bind(quote.labour_fen)
      .Bind(quote.part_fen)
      .Bind(quote.part_priced)
      .Bind(quote.callout_fen)
      .Bind(Lines(reasons))
      .Bind(Day(w.covered_until));
}

void ReadWarranty(sql::ResultSet& rs, RepairOrder& o) {
  WarrantyClaim& c = o.details.warranty_claim;
  c.price_paid_fen = ReadOptionalInt(rs, "price_paid_fen");
  c.production_date = ReadDay(rs, "production_date");
  c.installation_date = ReadDay(rs, "installation_date");
  c.use = Parsed(ParseUnitUse(std::string(rs.getString("unit_use"))), "unit_use");
  c.sale_type = Parsed(ParseSaleType(std::string(rs.getString("sale_type"))), "sale_type");
  c.card_model_mismatch = rs.getBoolean("card_model_mismatch");
  if (!rs.isNull("performance_fault")) c.performance_fault = rs.getBoolean("performance_fault");
  c.fault_component = rs.getString("fault_component");
  c.fault_main_part = rs.getBoolean("fault_main_part");
  for (const auto& f : ReadLines(rs, "earlier_repairs", 3)) {
    c.earlier_repairs.push_back(
        {ParseDay(f[0], "earlier_repairs"), f[1], ParseInt(f[2], "earlier_repairs")});
  }
  c.exchanged_on = ReadDay(rs, "exchanged_on");
  for (const auto& f : ReadLines(rs, "main_parts_replaced", 2)) {
    c.main_parts_replaced.push_back({f[0], ParseDay(f[1], "main_parts_replaced")});
  }
  c.causes = ParseCauses(rs.getString("exclusion_causes"));
  c.repair_delay_days = rs.getInt("repair_delay_days");
  c.parts_wait_days = rs.getInt("parts_wait_days");
  c.same_model_out_of_stock = rs.getBoolean("same_model_out_of_stock");
  c.insists_on_refund = rs.getBoolean("insists_on_refund");

  WarrantyInfo& w = o.warranty;
  for (absl::string_view name :
       absl::StrSplit(std::string(rs.getString("warranty_remedies")), ',', absl::SkipEmpty())) {
    w.remedies.push_back(Parsed(ParseRemedy(std::string(name)), "warranty_remedies"));
  }
  if (auto price = ReadOptionalInt(rs, "warranty_refund_price_fen")) {
    WarrantyRefund r;
    r.price_fen = *price;
    r.depreciated = rs.getBoolean("warranty_refund_depreciated");
    r.days_used = rs.getInt64("warranty_refund_days_used");
    r.rate_ppm_per_day = rs.getInt64("warranty_refund_rate_ppm");
    r.depreciation_fen = rs.getInt64("warranty_refund_depreciation_fen");
    r.amount_fen = rs.getInt64("warranty_refund_amount_fen");
    for (const auto& f : ReadLines(rs, "warranty_refund_lines", 1)) r.lines_zh.push_back(f[0]);
    w.refund = std::move(r);
  }
  if (auto total = ReadOptionalInt(rs, "warranty_quote_total_fen")) {
    w.quote = WarrantyQuote{rs.getInt64("warranty_quote_labour_fen"),
                            rs.getInt64("warranty_quote_part_fen"),
                            rs.getBoolean("warranty_quote_part_priced"),
                            rs.getInt64("warranty_quote_callout_fen"), *total};
  }
  for (const auto& f : ReadLines(rs, "warranty_reasons", 2)) w.reasons.push_back({f[0], f[1]});
  w.covered_until = ReadDay(rs, "warranty_covered_until");
}

}  // namespace fieldservice::orders::rows
