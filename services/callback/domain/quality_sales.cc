#include "services/callback/domain/quality_sales.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace fieldservice::callback {
namespace {

constexpr const char* kColumns[] = {"model", "batch", "serial_prefix", "units_sold"};

bool IsCode(absl::string_view code) {
  if (code.empty() || code.size() > 64) return false;
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_' &&
        c != '/') {
      return false;
    }
  }
  return true;
}

absl::Status LineError(size_t line, const std::string& rule) {
  return common::InvalidArgumentError({{"csv", absl::StrCat("line ", line, ": ", rule)}});
}

}  // namespace

void CheckSalesFigures(const std::vector<SalesFigure>& rows, const std::string& path,
                       common::Violations& v) {
  if (rows.empty()) v.Add(std::string(path), "at least one row");
  if (rows.size() > kMaxSalesRows) {
    v.Add(std::string(path), absl::StrCat("at most ", kMaxSalesRows, " rows in one import"));
  }
  std::set<std::pair<std::string, std::string>> batches, prefixes;
  for (size_t i = 0; i < rows.size(); ++i) {
    const SalesFigure& r = rows[i];
    const std::string at = absl::StrCat(path, "[", i, "]");
    for (const auto& [field, value] :
         {std::pair{"model", &r.model}, {"batch", &r.batch}, {"serial_prefix", &r.serial_prefix}}) {
      if (!IsCode(*value)) {
        v.Add(absl::StrCat(at, ".", field),
              "1 to 64 characters: letters, digits, '.', '-', '_' or '/'");
      }
    }
    if (r.units_sold < 1) v.Add(at + ".units_sold", "1 or more");
    if (!batches.insert({r.model, r.batch}).second) {
      v.Add(at + ".batch",
            absl::StrCat("batch ", r.batch, " of model ", r.model, " is in this import twice"));
    }
    if (!prefixes.insert({r.model, r.serial_prefix}).second) {
      v.Add(at + ".serial_prefix",
            absl::StrCat("serial prefix ", r.serial_prefix, " of model ", r.model,
                         " names two batches in this import (a unit would be in both)"));
    }
  }
}

absl::Status CheckBatchPrefixes(const std::vector<SalesFigure>& model_rows) {
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> by_prefix;
  for (const SalesFigure& r : model_rows) by_prefix[{r.model, r.serial_prefix}].push_back(r.batch);
  for (const auto& [key, batches] : by_prefix) {
    if (batches.size() > 1) {
      return absl::FailedPreconditionError(
          absl::StrCat("serial_prefix: ", key.second, " of model ", key.first,
                       " would name batches ", absl::StrJoin(batches, " and "),
                       " (a unit would be in both); give each batch its own prefix"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<SalesFigure>> ParseSalesCsv(const std::string& text) {
  std::vector<SalesFigure> rows;
  std::map<std::string, size_t> column;  // name -> index in a line
  size_t line_number = 0;
  const absl::string_view all(text.data(), text.size());
  for (absl::string_view line : absl::StrSplit(all, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);  // also a CRLF file's '\r'
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    if (absl::StrContains(line, '"')) {
      return LineError(line_number, "quoted fields are not supported (values are codes)");
    }
    std::vector<std::string> fields;
    for (absl::string_view f : absl::StrSplit(line, ',')) {
      fields.emplace_back(absl::StripAsciiWhitespace(f));
    }
    if (column.empty()) {  // the header
      for (size_t i = 0; i < fields.size(); ++i) {
        if (fields[i] == "product_model") fields[i] = "model";  // the API's name
        const bool known =
            std::find(std::begin(kColumns), std::end(kColumns), fields[i]) != std::end(kColumns);
        if (!known) {
          return LineError(line_number,
                           absl::StrCat("unknown column '", fields[i], "' (the header names ",
                                        absl::StrJoin(kColumns, ", "), ")"));
        }
        if (!column.emplace(fields[i], i).second) {
          return LineError(line_number, absl::StrCat("column ", fields[i], " twice"));
        }
      }
      for (const char* name : kColumns) {
        if (!column.contains(name)) {
          return LineError(line_number, absl::StrCat("the header lacks column ", name));
        }
      }
      continue;
    }
    if (fields.size() != column.size()) {
      return LineError(line_number,
                       absl::StrCat(fields.size(), " fields; the header has ", column.size()));
    }
    SalesFigure r;
    r.model = fields[column["model"]];
    r.batch = fields[column["batch"]];
    r.serial_prefix = fields[column["serial_prefix"]];
    if (!absl::SimpleAtoi(fields[column["units_sold"]], &r.units_sold)) {
      return LineError(line_number, "units_sold is not a whole number");
    }
    rows.push_back(std::move(r));
  }
  if (column.empty()) return LineError(line_number, "no header line");
  return rows;
}

std::string BatchOf(const std::string& serial, const std::vector<SalesFigure>& model_rows) {
  const SalesFigure* best = nullptr;
  for (const SalesFigure& r : model_rows) {
    if (!r.serial_prefix.empty() && absl::StartsWith(serial, r.serial_prefix) &&
        (best == nullptr || r.serial_prefix.size() > best->serial_prefix.size())) {
      best = &r;
    }
  }
  return best == nullptr ? std::string() : best->batch;
}

}  // namespace fieldservice::callback
