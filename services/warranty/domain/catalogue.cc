#include "services/warranty/domain/catalogue.h"

#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/files.h"
#include "services/common/policy_text.h"

namespace fieldservice::warranty {
namespace {

using common::PolicyLine;
using common::PolicyLineError;
using common::ToAbsl;

// Ids are what requests, brand lines and price lines refer to; a fixed
// alphabet keeps them from differing by invisible characters.
bool IsId(absl::string_view s) {
  if (s.empty() || !absl::ascii_islower(static_cast<unsigned char>(s[0]))) {
    return false;
  }
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (!absl::ascii_islower(u) && !absl::ascii_isdigit(u) && c != '_') {
      return false;
    }
  }
  return true;
}

std::vector<std::string> SplitList(absl::string_view value) {
  std::vector<std::string> out;
  for (absl::string_view item : absl::StrSplit(value, ',')) {
    out.emplace_back(absl::StripAsciiWhitespace(item));
  }
  return out;
}

// Exact decimal with at most `places` decimals, scaled by 10^places. Floating
// point would make "0.05%" a rounding question.
std::optional<int64_t> ParseScaled(absl::string_view s, int places) {
  const size_t dot = s.find('.');
  const absl::string_view whole = s.substr(0, dot);
  const absl::string_view frac = dot == absl::string_view::npos ? "" : s.substr(dot + 1);
  if (whole.empty() || whole.size() > 12 || frac.size() > size_t(places) ||
      (dot != absl::string_view::npos && frac.empty())) {
    return std::nullopt;
  }
  int64_t value = 0;
  for (char c : absl::StrCat(whole, frac)) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  for (size_t i = frac.size(); i < size_t(places); ++i) value *= 10;
  return value;
}

absl::StatusOr<Period> LinePeriod(const common::PolicyLine& line) {
  absl::StatusOr<Period> p = ParsePeriod(line.value);
  if (!p.ok()) return common::PolicyLineError(line, std::string(p.status().message()));
  return p;
}

absl::StatusOr<int64_t> LineYuan(const common::PolicyLine& line) {
  std::optional<int64_t> fen = ParseYuanFen(line.value);
  if (!fen.has_value()) {
    return common::PolicyLineError(
        line, absl::StrCat("bad amount '", line.value, "', expected yuan with at most 2 decimals"));
  }
  return *fen;
}

// "a, b" for messages.
template <typename Map>
std::string Keys(const Map& map) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : map) keys.push_back(k);
  return keys.empty() ? "(none)" : absl::StrJoin(keys, ", ");
}

// The lines of one category or brand, by the rest of the key after its id,
// so that required settings can be checked once everything is read.
struct Group {
  int first_line = 0;
  std::map<std::string, common::PolicyLine> fields;
};

absl::Status MissingError(const Group& g, absl::string_view what, absl::string_view field) {
  return absl::InvalidArgumentError(
      absl::StrCat("line ", g.first_line, ": ", what, " has no '", field, "' (required)"));
}

absl::StatusOr<CategoryTerms> BuildCategory(const std::string& id, const Group& g) {
  CategoryTerms c;
  c.id = id;
  const std::string what = absl::StrCat("category '", id, "'");
  for (const char* required : {"name", "whole_unit", "depreciation_per_day", "service_mode",
                               "no_invoice_start", "parts_wait_exchange_days", "price.labour"}) {
    if (!g.fields.contains(required)) return MissingError(g, what, required);
  }
  const common::PolicyLine* part_list = nullptr;
  const common::PolicyLine* part_period = nullptr;
  for (const auto& [field, line] : g.fields) {
    if (field == "name") {
      c.name_zh = line.value;
    } else if (field == "whole_unit") {
      absl::StatusOr<Period> p = LinePeriod(line);
      if (!p.ok()) return p.status();
      c.whole_unit = *p;
    } else if (field == "main_parts") {
      part_list = &line;
    } else if (field == "main_part_period") {
      part_period = &line;
    } else if (absl::StartsWith(field, "component.")) {
      const std::string comp = field.substr(std::string("component.").size());
      if (!IsId(comp)) return common::PolicyLineError(line, "bad component id");
      absl::StatusOr<Period> p = LinePeriod(line);
      if (!p.ok()) return p.status();
      c.components[comp] = *p;
    } else if (field == "depreciation_per_day") {
      std::optional<int64_t> ppm = ParsePercentPpm(line.value);
      if (!ppm.has_value() || *ppm <= 0 || *ppm > 1'000'000) {
        return common::PolicyLineError(line, "expected a percentage like 0.05%");
      }
      c.depreciation_ppm_per_day = *ppm;
    } else if (field == "service_mode") {
      if (line.value == "on_site") {
        c.service_mode = ServiceMode::kOnSite;
      } else if (line.value == "carry_in") {
        c.service_mode = ServiceMode::kCarryIn;
      } else {
        return common::PolicyLineError(line, "expected on_site or carry_in");
      }
    } else if (field == "commercial_period") {
      absl::StatusOr<Period> p = LinePeriod(line);
      if (!p.ok()) return p.status();
      c.commercial_period = *p;
    } else if (field == "from_installation") {
      if (line.value != "yes" && line.value != "no") {
        return common::PolicyLineError(line, "expected yes or no");
      }
      c.from_installation = line.value == "yes";
    } else if (field == "no_invoice_start") {
      const std::string_view v = line.value;
      constexpr std::string_view kPlus = "production+";
      if (v == "month_after_nameplate") {
        c.no_invoice_start = {NoInvoiceStart::Kind::kMonthAfterNameplate, {}};
      } else if (v.starts_with(kPlus) && ParsePeriod(v.substr(kPlus.size())).ok()) {
        c.no_invoice_start = {NoInvoiceStart::Kind::kProductionPlus,
                              *ParsePeriod(v.substr(kPlus.size()))};
      } else {
        return common::PolicyLineError(line,
                                       "expected production+<period> or month_after_nameplate");
      }
    } else if (field == "parts_wait_exchange_days") {
      if (!absl::SimpleAtoi(line.value, &c.parts_wait_exchange_days) ||
          c.parts_wait_exchange_days <= 0 || c.parts_wait_exchange_days > 3650) {
        return common::PolicyLineError(line, "expected a number of days, 1..3650");
      }
    } else if (field == "price.labour") {
      absl::StatusOr<int64_t> fen = LineYuan(line);
      if (!fen.ok()) return fen.status();
      c.prices.labour_fen = *fen;
    } else if (absl::StartsWith(field, "price.part.")) {
      const std::string part = field.substr(std::string("price.part.").size());
      if (!IsId(part)) return common::PolicyLineError(line, "bad part id");
      absl::StatusOr<int64_t> fen = LineYuan(line);
      if (!fen.ok()) return fen.status();
      c.prices.part_fen[part] = *fen;
    } else {
      return common::PolicyLineError(line, absl::StrCat("unknown setting '", field, "' of ", what));
    }
  }
  // A list without a period (or the reverse) is half a rule.
  if ((part_list == nullptr) != (part_period == nullptr)) {
    const common::PolicyLine& line = part_list ? *part_list : *part_period;
    return common::PolicyLineError(line, "main_parts and main_part_period must be given together");
  }
  if (part_list != nullptr) {
    absl::StatusOr<Period> p = LinePeriod(*part_period);
    if (!p.ok()) return p.status();
    for (const std::string& part : SplitList(part_list->value)) {
      if (!IsId(part)) {
        return common::PolicyLineError(*part_list, absl::StrCat("bad main part id '", part, "'"));
      }
      if (c.main_parts.contains(part) || c.components.contains(part)) {
        return common::PolicyLineError(*part_list, absl::StrCat("part '", part, "' listed twice"));
      }
      c.main_parts[part] = *p;
    }
  }
  return c;
}

absl::Status LessThanLaw(const common::PolicyLine& line, const std::string& brand,
                         absl::string_view what, Period given, Period law) {
  return common::PolicyLineError(
      line, absl::StrCat("brand terms '", brand, "' give ", what, " ", FormatPeriod(given),
                         ", less than the law's ", FormatPeriod(law),
                         ": a brand may give more than the law, never less"));
}

absl::Status ApplyBrandLine(const std::string& brand_id, const std::string& field,
                            const common::PolicyLine& line,
                            const std::map<std::string, CategoryTerms>& cats, BrandTerms* brand) {
  // field: "<category>.<setting>[.<part>]"
  std::vector<std::string> k = absl::StrSplit(field, '.');
  if (k.size() < 2) {
    return common::PolicyLineError(
        line, absl::StrCat("expected brand.", brand_id, ".<category>.<setting>"));
  }
  auto cat_it = cats.find(k[0]);
  if (cat_it == cats.end()) {
    return common::PolicyLineError(
        line, absl::StrCat("brand terms '", brand_id, "': unknown category '", k[0],
                           "'; known: ", Keys(cats)));
  }
  const CategoryTerms& law = cat_it->second;
  BrandCategoryTerms& out = brand->categories[law.id];
  absl::StatusOr<Period> given = LinePeriod(line);
  if (!given.ok()) return given.status();
  const std::string what = absl::StrCat(law.id, " ", field.substr(k[0].size() + 1));
  if (k.size() == 2 && k[1] == "whole_unit") {
    if (!AtLeastAsLong(*given, law.whole_unit)) {
      return LessThanLaw(line, brand_id, what, *given, law.whole_unit);
    }
    out.whole_unit = *given;
  } else if (k.size() == 2 && k[1] == "main_part_period") {
    if (law.main_parts.empty()) {
      return common::PolicyLineError(line, absl::StrCat(law.id, " has no main parts"));
    }
    for (const auto& [part, period] : law.main_parts) {
      if (!AtLeastAsLong(*given, period)) {
        return LessThanLaw(line, brand_id, what, *given, period);
      }
      // A per-part line is more specific and wins over this one.
      out.main_parts.try_emplace(part, *given);
    }
  } else if (k.size() == 3 && k[1] == "main_part") {
    auto part = law.main_parts.find(k[2]);
    if (part == law.main_parts.end()) {
      return common::PolicyLineError(
          line, absl::StrCat("brand terms '", brand_id, "': '", k[2], "' is not a main part of ",
                             law.id, "; main parts: ", Keys(law.main_parts)));
    }
    if (!AtLeastAsLong(*given, part->second)) {
      return LessThanLaw(line, brand_id, what, *given, part->second);
    }
    out.main_parts[k[2]] = *given;
  } else if (k.size() == 3 && k[1] == "component") {
    auto comp = law.components.find(k[2]);
    if (comp == law.components.end()) {
      return common::PolicyLineError(
          line, absl::StrCat("brand terms '", brand_id, "': '", k[2], "' is not a component of ",
                             law.id, "; components: ", Keys(law.components)));
    }
    if (!AtLeastAsLong(*given, comp->second)) {
      return LessThanLaw(line, brand_id, what, *given, comp->second);
    }
    out.components[k[2]] = *given;
  } else if (k.size() == 2 && k[1] == "commercial_period") {
    // Without a company commercial period, commercial use gets the whole-unit
    // period, so that is the floor.
    const Period floor = law.commercial_period.value_or(law.whole_unit);
    if (!AtLeastAsLong(*given, floor)) {
      return LessThanLaw(line, brand_id, what, *given, floor);
    }
    out.commercial_period = *given;
  } else {
    return common::PolicyLineError(line, absl::StrCat("unknown brand setting '", field, "'"));
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<std::string> ComponentsOf(const CategoryTerms& category) {
  std::set<std::string> ids;
  for (const auto& [component, period] : category.components) ids.insert(component);
  for (const auto& [part, fen] : category.prices.part_fen) {
    if (!category.main_parts.contains(part)) ids.insert(part);
  }
  return {ids.begin(), ids.end()};
}

std::string_view ServiceModeName(ServiceMode mode) {
  return mode == ServiceMode::kOnSite ? "on_site" : "carry_in";
}

std::optional<int64_t> ParsePercentPpm(std::string_view text) {
  absl::string_view s = common::ToAbsl(text);
  if (!absl::ConsumeSuffix(&s, "%")) return std::nullopt;
  // percent with 4 decimals = millionths of a percent * 100 = ppm
  return ParseScaled(s, 4);
}

std::string FormatPpmAsPercent(int64_t ppm) {
  std::string frac = absl::StrCat(ppm % 10000 + 10000).substr(1);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return absl::StrCat(ppm / 10000, frac.empty() ? "" : ".", frac, "%");
}

std::optional<int64_t> ParseYuanFen(std::string_view text) {
  return ParseScaled(common::ToAbsl(text), 2);
}

absl::StatusOr<Catalogue> ParseCatalogue(std::string_view text) {
  absl::StatusOr<std::vector<common::PolicyLine>> lines = common::ParsePolicyLines(text);
  if (!lines.ok()) return lines.status();
  Catalogue cat;
  std::map<std::string, Group> cat_groups, brand_groups;
  bool have_callout = false;
  for (const common::PolicyLine& line : *lines) {
    const std::vector<std::string> k = absl::StrSplit(line.key, absl::MaxSplits('.', 2));
    if (line.key == "version") {
      cat.version_ = line.value;
    } else if (line.key == "price.callout") {
      absl::StatusOr<int64_t> fen = LineYuan(line);
      if (!fen.ok()) return fen.status();
      cat.callout_fen_ = *fen;
      have_callout = true;
    } else if (k.size() == 3 && (k[0] == "category" || k[0] == "brand")) {
      if (!IsId(k[1])) {
        return common::PolicyLineError(line,
                                       absl::StrCat("bad id '", k[1], "': use a-z, 0-9 and _"));
      }
      Group& g = (k[0] == "category" ? cat_groups : brand_groups)[k[1]];
      if (g.first_line == 0) g.first_line = line.line_number;
      g.fields.emplace(k[2], line);
    } else {
      return common::PolicyLineError(line, absl::StrCat("unknown key '", line.key, "'"));
    }
  }
  if (cat.version_.empty() || !have_callout || cat_groups.empty()) {
    return absl::InvalidArgumentError(
        "the catalogue needs a 'version' line, a 'price.callout' line and at "
        "least one category");
  }
  std::map<std::string, std::string> names;  // Chinese name -> id
  for (const auto& [id, group] : cat_groups) {
    absl::StatusOr<CategoryTerms> c = BuildCategory(id, group);
    if (!c.ok()) return c.status();
    if (!names.emplace(c->name_zh, id).second) {
      return common::PolicyLineError(
          group.fields.at("name"),
          absl::StrCat("name '", c->name_zh, "' is also category '", names[c->name_zh], "'"));
    }
    cat.categories_.emplace(id, *std::move(c));
  }
  std::map<std::string, std::string> brand_names;  // lower-cased -> id
  for (const auto& [id, group] : brand_groups) {
    BrandTerms brand;
    brand.id = id;
    auto names_line = group.fields.find("names");
    if (names_line == group.fields.end()) {
      return MissingError(group, absl::StrCat("brand terms '", id, "'"), "names");
    }
    for (const std::string& name : SplitList(names_line->second.value)) {
      const std::string key = absl::AsciiStrToLower(name);
      if (name.empty() || !brand_names.emplace(key, id).second) {
        return common::PolicyLineError(
            names_line->second, absl::StrCat("brand name '", name, "' is empty or already used"));
      }
      brand.names.push_back(name);
    }
    for (const auto& [field, line] : group.fields) {
      if (field == "names") continue;
      absl::Status s = ApplyBrandLine(id, field, line, cat.categories_, &brand);
      if (!s.ok()) return s;
    }
    cat.brands_.emplace(id, std::move(brand));
  }
  return cat;
}

absl::StatusOr<Catalogue> LoadCatalogueFile(const std::string& path) {
  return common::ParseFile<Catalogue>(path, ParseCatalogue);
}

const CategoryTerms* Catalogue::FindCategory(std::string_view id_or_name) const {
  auto it = categories_.find(std::string(id_or_name));
  if (it != categories_.end()) return &it->second;
  for (const auto& [id, c] : categories_) {
    if (c.name_zh == id_or_name) return &c;
  }
  return nullptr;
}

std::string Catalogue::KnownCategories() const {
  std::vector<std::string> out;
  for (const auto& [id, c] : categories_) {
    out.push_back(absl::StrCat(id, " (", c.name_zh, ")"));
  }
  return absl::StrJoin(out, ", ");
}

const BrandTerms* Catalogue::FindBrandTerms(std::string_view id) const {
  auto it = brands_.find(std::string(id));
  return it == brands_.end() ? nullptr : &it->second;
}

const BrandTerms* Catalogue::BrandTermsForName(std::string_view brand) const {
  const std::string key = absl::AsciiStrToLower(common::ToAbsl(brand));
  for (const auto& [id, terms] : brands_) {
    for (const std::string& name : terms.names) {
      if (absl::AsciiStrToLower(name) == key) return &terms;
    }
  }
  return nullptr;
}

std::string Catalogue::KnownBrandTerms() const { return Keys(brands_); }

Terms Catalogue::TermsFor(const CategoryTerms& category, const BrandTerms* brand) const {
  Terms t;
  t.national = &category;
  t.whole_unit = category.whole_unit;
  t.main_parts = category.main_parts;
  t.components = category.components;
  t.commercial_period = category.commercial_period;
  if (brand == nullptr) return t;
  auto it = brand->categories.find(category.id);
  if (it == brand->categories.end()) return t;  // nothing for this category
  t.brand = brand;
  const BrandCategoryTerms& b = it->second;
  // The loader has already refused anything shorter than the law.
  if (b.whole_unit) t.whole_unit = *b.whole_unit;
  for (const auto& [part, p] : b.main_parts) t.main_parts[part] = p;
  for (const auto& [comp, p] : b.components) t.components[comp] = p;
  if (b.commercial_period) t.commercial_period = b.commercial_period;
  return t;
}

}  // namespace fieldservice::warranty
