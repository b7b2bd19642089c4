#include "tests/warranty/domain/case_table.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/calendar.h"
#include "services/common/errors.h"
#include "services/common/files.h"
#include "services/warranty/domain/enum_names.h"
#include "services/warranty/domain/rules.h"

namespace fieldservice::warranty::cases {
namespace {

using Tokens = std::vector<std::string>;

absl::Status Err(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", what));
}

// A date, an RFC 3339 instant (business date in `zone`), or "none".
absl::Status ParseDate(const std::string& s, absl::TimeZone zone, int line,
                       const std::string& field, WarrantyCase& c,
                       std::optional<absl::CivilDay>& out) {
  absl::CivilDay day;
  if (s == "none") {
    out.reset();
  } else if (common::ParseIsoDate(s, &day)) {
    out = day;
  } else {
    absl::Time t;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, s, &t, &error)) {
      return Err(line, absl::StrCat("bad date '", s,
                                    "': YYYY-MM-DD, an RFC 3339 instant or "
                                    "none"));
    }
    out = absl::ToCivilDay(t, zone);
    c.instants[field] = t;
  }
  return absl::OkStatus();
}

absl::Status ParseInt(const std::string& s, int line, int64_t* out) {
  if (!absl::SimpleAtoi(s, out)) {
    return Err(line, absl::StrCat("bad number '", s, "'"));
  }
  return absl::OkStatus();
}

absl::Status ParseYesNo(const std::string& s, int line, bool* out) {
  if (s != "yes" && s != "no") return Err(line, "expected yes or no");
  *out = s == "yes";
  return absl::OkStatus();
}

using BoolField = bool& (*)(DecisionRequest&);
const std::map<std::string, BoolField>& BoolFields() {
  static const auto* fields = new std::map<std::string, BoolField>{
      {"invoice", [](DecisionRequest& r) -> bool& { return r.proof.invoice_present; }},
      {"card", [](DecisionRequest& r) -> bool& { return r.proof.warranty_card_present; }},
      {"altered", [](DecisionRequest& r) -> bool& { return r.proof.altered; }},
      {"card_model_mismatch",
       [](DecisionRequest& r) -> bool& { return r.proof.card_model_mismatch; }},
      {"performance_fault", [](DecisionRequest& r) -> bool& { return r.fault.performance_fault; }},
      {"main_part", [](DecisionRequest& r) -> bool& { return r.fault.main_part; }},
      {"misuse", [](DecisionRequest& r) -> bool& { return r.causes.misuse; }},
      {"unauthorised_repair",
       [](DecisionRequest& r) -> bool& { return r.causes.unauthorised_repair; }},
      {"force_majeure", [](DecisionRequest& r) -> bool& { return r.causes.force_majeure; }},
      {"improper_storage", [](DecisionRequest& r) -> bool& { return r.causes.improper_storage; }},
      {"in_stock", [](DecisionRequest& r) -> bool& { return r.same_model_in_stock; }},
      {"insists_on_refund", [](DecisionRequest& r) -> bool& { return r.insists_on_refund; }},
  };
  return *fields;
}

using StringField = std::string& (*)(DecisionRequest&);
const std::map<std::string, StringField>& StringFields() {
  static const auto* fields = new std::map<std::string, StringField>{
      {"category", [](DecisionRequest& r) -> std::string& { return r.product.category; }},
      {"brand", [](DecisionRequest& r) -> std::string& { return r.product.brand; }},
      {"brand_terms", [](DecisionRequest& r) -> std::string& { return r.product.brand_terms; }},
      {"model", [](DecisionRequest& r) -> std::string& { return r.product.model; }},
      {"serial", [](DecisionRequest& r) -> std::string& { return r.product.serial; }},
      {"component", [](DecisionRequest& r) -> std::string& { return r.fault.component; }},
  };
  return *fields;
}

using DateField = std::optional<absl::CivilDay>& (*)(DecisionRequest&);
const std::map<std::string, DateField>& DateFields() {
  static const auto* fields = new std::map<std::string, DateField>{
      {"invoice_date",
       [](DecisionRequest& r) -> std::optional<absl::CivilDay>& { return r.invoice_date; }},
      {"installation_date",
       [](DecisionRequest& r) -> std::optional<absl::CivilDay>& { return r.installation_date; }},
      {"production_date",
       [](DecisionRequest& r) -> std::optional<absl::CivilDay>& { return r.production_date; }},
      {"request_date",
       [](DecisionRequest& r) -> std::optional<absl::CivilDay>& { return r.request_date; }},
      {"exchanged_on",
       [](DecisionRequest& r) -> std::optional<absl::CivilDay>& { return r.history.exchanged_on; }},
  };
  return *fields;
}

// One of the names of `table` (domain/enum_names.h).
template <typename Enum, size_t N>
absl::Status ParseEnum(const std::string& s, int line, const EnumName<Enum> (&table)[N],
                       Enum* out) {
  if (auto value = ValueNamed(table, s)) {
    *out = *value;
    return absl::OkStatus();
  }
  return Err(line, absl::StrCat("unknown value '", s, "'"));
}

absl::Status ApplySet(const Tokens& t, int line, absl::TimeZone zone, WarrantyCase& c) {
  DecisionRequest& r = c.request;
  const std::string& field = t[1];
  const auto want = [&](size_t n) {
    return t.size() == n + 2 ? absl::OkStatus()
                             : Err(line, absl::StrCat("set ", field, " takes ", n, " value(s)"));
  };
  if (auto it = BoolFields().find(field); it != BoolFields().end()) {
    if (absl::Status s = want(1); !s.ok()) return s;
    return ParseYesNo(t[2], line, &it->second(r));
  }
  if (auto it = StringFields().find(field); it != StringFields().end()) {
    if (absl::Status s = want(1); !s.ok()) return s;
    it->second(r) = t[2] == "none" ? "" : t[2];
    return absl::OkStatus();
  }
  if (auto it = DateFields().find(field); it != DateFields().end()) {
    if (absl::Status s = want(1); !s.ok()) return s;
    return ParseDate(t[2], zone, line, field, c, it->second(r));
  }
  if (field == "repair_delay_days" || field == "parts_wait_days" || field == "price_fen") {
    if (absl::Status s = want(1); !s.ok()) return s;
    int64_t n = 0;
    if (absl::Status s = ParseInt(t[2], line, &n); !s.ok()) return s;
    if (field == "price_fen") r.price_paid_fen = n;
    if (field == "repair_delay_days") r.repair_delay_days = static_cast<int>(n);
    if (field == "parts_wait_days") r.parts_wait_days = static_cast<int>(n);
    return absl::OkStatus();
  }
  if (field == "sale_type") {
    if (absl::Status s = want(1); !s.ok()) return s;
    // The table writes the enum names in lower case.
    return ParseEnum(absl::AsciiStrToUpper(t[2]), line, kSaleTypeNames, &r.sale_type);
  }
  if (field == "use") {
    if (absl::Status s = want(1); !s.ok()) return s;
    return ParseEnum(absl::AsciiStrToUpper(t[2]), line, kUseNames, &r.use);
  }
  if (field == "repair") {  // repair <date> <component> <days_in_repair>
    if (absl::Status s = want(3); !s.ok()) return s;
    RepairRecord rep;
    int64_t days = 0;
    if (!common::ParseIsoDate(t[2], &rep.date)) return Err(line, "bad repair date");
    if (absl::Status s = ParseInt(t[4], line, &days); !s.ok()) return s;
    rep.component = t[3] == "none" ? "" : t[3];  // none: the whole unit
    rep.days_in_repair = static_cast<int>(days);
    r.history.repairs.push_back(rep);
    return absl::OkStatus();
  }
  if (field == "main_part_replaced") {  // main_part_replaced <part> <date>
    if (absl::Status s = want(2); !s.ok()) return s;
    MainPartReplacement m;
    m.part = t[2];
    if (!common::ParseIsoDate(t[3], &m.date)) return Err(line, "bad replacement date");
    r.history.main_parts_replaced.push_back(m);
    return absl::OkStatus();
  }
  return Err(line, absl::StrCat("unknown field '", field, "'"));
}

absl::Status ApplyExpect(const Tokens& t, int line, WarrantyCase& c) {
  Expectation& e = c.expect;
  const std::string& what = t[1];
  const std::vector<std::string> values(t.begin() + 2, t.end());
  if (values.empty()) return Err(line, absl::StrCat("expect ", what, ": value?"));
  const std::string& v = values[0];
  if (what == "coverage") {
    Coverage cov;
    if (auto s = ParseEnum(v, line, kCoverageNames, &cov); !s.ok()) {
      return s;
    }
    e.coverage = cov;
  } else if (what == "remedies") {
    e.remedies.emplace();
    for (const std::string& name : values) {
      Remedy rem;
      if (auto s = ParseEnum(name, line, kRemedyNames, &rem); !s.ok()) {
        return s;
      }
      e.remedies->push_back(rem);
    }
  } else if (what == "period_kind") {
    PeriodKind k;
    if (auto s = ParseEnum(v, line, kPeriodKindNames, &k); !s.ok()) {
      return s;
    }
    e.period_kind = k;
  } else if (what == "period" && v == "none") {
    e.no_period = true;
  } else if (what == "period_start" || what == "period_end") {
    absl::CivilDay day;
    if (!common::ParseIsoDate(v, &day)) return Err(line, "expected YYYY-MM-DD");
    (what == "period_start" ? e.period_start : e.period_end) = day;
  } else if (what == "refund_fen" || what == "quote_fen") {
    (what == "refund_fen" ? e.refund_checked : e.quote_checked) = true;
    if (v != "none") {
      int64_t n = 0;
      if (auto s = ParseInt(v, line, &n); !s.ok()) return s;
      (what == "refund_fen" ? e.refund_fen : e.quote_fen) = n;
    }
  } else if (what == "depreciation_fen" || what == "days_used") {
    int64_t n = 0;
    if (auto s = ParseInt(v, line, &n); !s.ok()) return s;
    (what == "days_used" ? e.days_used : e.depreciation_fen) = n;
  } else if (what == "rules" || what == "no_rules") {
    const std::vector<std::string_view> known = rules::AllRuleIds();
    for (const std::string& id : values) {
      if (std::find(known.begin(), known.end(), id) == known.end()) {
        return Err(line, absl::StrCat("unknown rule id '", id, "'"));
      }
      (what == "rules" ? e.rules : e.no_rules).push_back(id);
    }
  } else if (what == "violation") {
    e.violations.insert(e.violations.end(), values.begin(), values.end());
  } else {
    return Err(line, absl::StrCat("unknown expectation '", what, "'"));
  }
  return absl::OkStatus();
}

absl::Status Finish(const WarrantyCase& c) {
  if (c.rule.empty()) return Err(c.line, absl::StrCat(c.id, " has no rule"));
  const Expectation& e = c.expect;
  if (!e.coverage && e.violations.empty()) {
    return Err(c.line, absl::StrCat(c.id, " expects no coverage or violation"));
  }
  return absl::OkStatus();
}

std::string Names(const std::vector<Remedy>& rs) {
  std::vector<std::string> out;
  for (Remedy r : rs) out.emplace_back(RemedyName(r));
  std::sort(out.begin(), out.end());
  return absl::StrJoin(out, " ");
}

std::string Opt(const std::optional<int64_t>& v) { return v ? absl::StrCat(*v) : "none"; }

}  // namespace

DecisionRequest DefaultCaseRequest() {
  DecisionRequest r;
  r.product = {"refrigerator", "美的", "BCD-215WTM", "MD0001", ""};
  r.invoice_date = absl::CivilDay(2025, 3, 10);
  r.production_date = absl::CivilDay(2025, 1, 15);
  r.fault = {true, "defrost_heater", false};
  r.price_paid_fen = 399900;
  r.request_date = absl::CivilDay(2025, 11, 20);
  return r;
}

absl::StatusOr<std::vector<WarrantyCase>> ParseCaseTable(std::string_view text,
                                                         absl::TimeZone zone) {
  std::vector<WarrantyCase> out;
  std::set<std::string> ids;
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    ++number;
    const absl::string_view line = absl::StripAsciiWhitespace(raw);
    // '#' only at the start: rule citations may quote anything.
    if (line.empty() || line[0] == '#') continue;
    const Tokens t = absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (t[0] == "case") {
      if (t.size() != 2) return Err(number, "expected 'case <id>'");
      if (!out.empty()) {
        if (auto s = Finish(out.back()); !s.ok()) return s;
      }
      if (!ids.insert(t[1]).second) {
        return Err(number, absl::StrCat("case id '", t[1], "' given twice"));
      }
      out.push_back({t[1], number, "", DefaultCaseRequest(), {}, {}});
      continue;
    }
    if (out.empty()) return Err(number, "expected 'case <id>' first");
    WarrantyCase& c = out.back();
    const absl::string_view rest = absl::StripLeadingAsciiWhitespace(line.substr(t[0].size()));
    if (t[0] == "rule") {
      absl::StrAppend(&c.rule, c.rule.empty() ? "" : " ", rest);
    } else if (t[0] == "note") {
      // For people only.
    } else if ((t[0] == "set" || t[0] == "expect") && t.size() >= 2) {
      absl::Status s = t[0] == "set" ? ApplySet(t, number, zone, c) : ApplyExpect(t, number, c);
      if (!s.ok()) return s;
    } else {
      return Err(number, absl::StrCat("expected rule, note, set or expect, "
                                      "not '",
                                      t[0], "'"));
    }
  }
  if (out.empty()) return absl::InvalidArgumentError("no cases");
  if (auto s = Finish(out.back()); !s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<WarrantyCase>> LoadCaseTable(const std::string& path,
                                                        absl::TimeZone zone) {
  return common::ParseFile<std::vector<WarrantyCase>>(
      path, [zone](std::string_view text) { return ParseCaseTable(text, zone); });
}

std::vector<std::string> CheckDecision(const WarrantyCase& c,
                                       const absl::StatusOr<Decision>& result) {
  std::vector<std::string> diffs;
  const Expectation& e = c.expect;
  if (!e.violations.empty()) {
    if (result.ok() || result.status().code() != absl::StatusCode::kInvalidArgument) {
      diffs.push_back("expected INVALID_ARGUMENT with field violations");
      return diffs;
    }
    const std::vector<common::FieldViolation> got = common::FieldViolationsOf(result.status());
    for (const std::string& field : e.violations) {
      if (std::none_of(got.begin(), got.end(), [&](const auto& v) { return v.field == field; })) {
        diffs.push_back(
            absl::StrCat("no violation of '", field, "' in: ", result.status().message()));
      }
    }
    return diffs;
  }
  if (!result.ok()) {
    diffs.push_back(absl::StrCat("decision failed: ", result.status().message()));
    return diffs;
  }
  const Decision& d = *result;
  const auto differ = [&](std::string_view what, std::string_view want, std::string_view got) {
    if (want != got) {
      diffs.push_back(absl::StrCat(std::string(what), ": want ", std::string(want), ", got ",
                                   std::string(got)));
    }
  };
  if (e.coverage) differ("coverage", CoverageName(*e.coverage), CoverageName(d.coverage));
  if (e.remedies) differ("remedies", Names(*e.remedies), Names(d.remedies));
  if (e.no_period && d.period) diffs.push_back("period: want none, got one");
  if ((e.period_kind || e.period_start || e.period_end) && !d.period) {
    diffs.push_back("period: want one, got none");
  } else {
    if (e.period_kind) {
      differ("period_kind", PeriodKindName(*e.period_kind), PeriodKindName(d.period->kind));
    }
    if (e.period_start) {
      differ("period_start", FormatDay(*e.period_start), FormatDay(d.period->start));
    }
    if (e.period_end) {
      differ("period_end", FormatDay(*e.period_end), FormatDay(d.period->end.end));
    }
  }
  const std::optional<int64_t> refund =
      d.refund ? std::optional<int64_t>(d.refund->amount_fen) : std::nullopt;
  if (e.refund_checked) differ("refund_fen", Opt(e.refund_fen), Opt(refund));
  if (e.depreciation_fen) {
    differ("depreciation_fen", Opt(e.depreciation_fen),
           Opt(d.refund ? std::optional<int64_t>(d.refund->depreciation_fen) : std::nullopt));
  }
  if (e.days_used) {
    differ("days_used", Opt(e.days_used),
           Opt(d.refund ? std::optional<int64_t>(d.refund->days_used) : std::nullopt));
  }
  const std::optional<int64_t> quote =
      d.quote ? std::optional<int64_t>(d.quote->total_fen) : std::nullopt;
  if (e.quote_checked) differ("quote_fen", Opt(e.quote_fen), Opt(quote));
  std::vector<std::string> got_rules;
  for (const RuleApplied& r : d.rules) got_rules.push_back(r.id);
  for (const std::string& id : e.rules) {
    if (!d.HasRule(id)) {
      diffs.push_back(absl::StrCat("missing rule ", id, "; got: ", absl::StrJoin(got_rules, " ")));
    }
  }
  for (const std::string& id : e.no_rules) {
    if (d.HasRule(id)) diffs.push_back(absl::StrCat("unexpected rule ", id));
  }
  return diffs;
}

}  // namespace fieldservice::warranty::cases
