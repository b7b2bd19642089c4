#include "services/warranty/domain/engine.h"

#include <algorithm>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/policy_text.h"
#include "services/warranty/domain/refund.h"
#include "services/warranty/domain/rules.h"

namespace fieldservice::warranty {
namespace {

struct Exclusion {
  std::string_view rule_id;
  bool (*applies)(const DecisionRequest& request);
  std::string_view reason_zh;
  std::string_view reason_en;
};

// DOMAIN.md "Not covered, paid repair only": one row per exclusion.
constexpr Exclusion kExclusions[] = {
    {rules::kNoProof,
     [](const DecisionRequest& r) {
       return !r.proof.invoice_present && !r.proof.warranty_card_present;
     },
     "无三包凭证且无发票，不实行三包", "no warranty card and no invoice: not covered"},
    {rules::kAltered, [](const DecisionRequest& r) { return r.proof.altered; },
     "三包凭证或发票被涂改，不实行三包", "the warranty card or invoice was altered: not covered"},
    {rules::kModelMismatch,
     [](const DecisionRequest& r) {
       return r.proof.warranty_card_present && r.proof.card_model_mismatch;
     },
     "三包凭证型号与产品型号不符，不实行三包",
     "the warranty card's model does not match the product: not covered"},
    {rules::kMisuse, [](const DecisionRequest& r) { return r.causes.misuse; },
     "未按说明书使用、维护造成损坏，不实行三包",
     "damage from use or maintenance against the manual: not covered"},
    {rules::kStorage, [](const DecisionRequest& r) { return r.causes.improper_storage; },
     "未按说明书保管造成损坏，不实行三包", "damage from storage against the manual: not covered"},
    {rules::kUnauthorised, [](const DecisionRequest& r) { return r.causes.unauthorised_repair; },
     "非承担三包修理者拆动、改装造成损坏，不实行三包",
     "opened or modified by someone other than an authorised repairer: not covered"},
    {rules::kForceMajeure, [](const DecisionRequest& r) { return r.causes.force_majeure; },
     "因不可抗力造成损坏，不实行三包", "damage by force majeure: not covered"},
    {rules::kSeconds,
     [](const DecisionRequest& r) { return r.sale_type == SaleType::kSecondsDisclosed; },
     "等外品、处理品且已明示瑕疵，不实行三包",
     "sold as seconds or clearance with the defect disclosed: not covered"},
};

}  // namespace

bool AnyExclusion(const DecisionRequest& request) {
  for (const Exclusion& e : kExclusions) {
    if (e.applies(request)) return true;
  }
  return false;
}

namespace {

using common::ToAbsl;

// What every step of the decision needs.
struct Context {
  const DecisionRequest& req;
  const Terms& terms;
  const Catalogue& catalogue;
  const common::WorkingCalendar& calendar;
  absl::CivilDay request;
  Decision& d;
  // Years of period ends the holiday calendar has no data for.
  std::set<int> uncovered_years;

  void Rule(std::string_view id, std::string zh, std::string en) {
    d.rules.push_back({std::string(id), std::move(zh), std::move(en)});
  }
  // The decision leans on `e`: whether its last day rolls past a public
  // holiday can only be checked for a year the calendar covers.
  const PeriodEnd& Leans(const PeriodEnd& e) {
    const int year = (e.base_end + e.paused_days).year();
    if (!calendar.CoversYear(year)) uncovered_years.insert(year);
    return e;
  }
};

std::string Day(absl::CivilDay day) { return FormatDay(day); }

// Days in repair or waiting for parts that fall in a period starting on
// `start`: the repairs handed back after it, and the current hand-in. A
// repair handed back on the start day itself belongs to the unit or part
// before the exchange or replacement that started the period.
int PausedSince(const DecisionRequest& r, absl::CivilDay start) {
  int days = CurrentHandInDays(r);
  for (const RepairRecord& rep : r.history.repairs) {
    if (rep.date > start) days += rep.days_in_repair;
  }
  return days;
}

}  // namespace

int CurrentHandInDays(const DecisionRequest& r) {
  return std::max(r.repair_delay_days, r.parts_wait_days);
}

bool ClockStartKnown(const DecisionRequest& r, const CategoryTerms& category) {
  return (category.from_installation && r.installation_date) || r.invoice_date || r.production_date;
}

namespace {

// The day the clock starts for this unit as sold (DOMAIN.md "Periods run from
// the invoice date (flat-panel TVs: from installation if installed). With no
// invoice, company policy may start from the production date").
absl::CivilDay SaleStart(Context& c) {
  const CategoryTerms& cat = *c.terms.national;
  const DecisionRequest& r = c.req;
  if (cat.from_installation && r.installation_date) {
    c.Rule(rules::kFromInstallation,
           absl::StrCat(cat.name_zh, "自安装日 ", Day(*r.installation_date), " 起计算三包期"),
           absl::StrCat(cat.id, " periods run from the installation date ",
                        Day(*r.installation_date)));
    return *r.installation_date;
  }
  if (r.invoice_date) return *r.invoice_date;
  const absl::CivilDay made = *r.production_date;
  absl::CivilDay start;
  std::string how_zh, how_en;
  if (cat.no_invoice_start.kind == NoInvoiceStart::Kind::kProductionPlus) {
    start = LastDayOf(made, cat.no_invoice_start.offset);
    how_zh =
        absl::StrCat("生产日期 ", Day(made), " 加 ", FormatPeriod(cat.no_invoice_start.offset));
    how_en = absl::StrCat("production date ", Day(made), " + ",
                          FormatPeriod(cat.no_invoice_start.offset));
  } else {
    start = absl::CivilDay(absl::CivilMonth(made) + 1);
    how_zh = absl::StrCat("铭牌日期 ", Day(made), " 的次月首日");
    how_en = absl::StrCat("the 1st of the month after the nameplate date ", Day(made));
  }
  c.Rule(rules::kNoInvoiceStart,
         absl::StrCat("无发票，三包期自", how_zh, "，即 ", Day(start), " 起计算"),
         absl::StrCat("no invoice: periods start from ", how_en, ", i.e. ", Day(start)));
  return start;
}

// One period of the unit, after brand terms, the commercial-use cap, the
// pauses and the holiday roll.
AppliedPeriod MakePeriod(Context& c, PeriodKind kind, std::string part, Period length,
                         absl::CivilDay start) {
  AppliedPeriod p{kind, std::move(part), length, start, {}};
  absl::CivilDay base = LastDayOf(start, length);
  // Company policy: commercial use may get a shorter period; never a longer
  // one than household use would.
  if (c.req.use == Use::kCommercial && c.terms.commercial_period) {
    const absl::CivilDay cap = LastDayOf(start, *c.terms.commercial_period);
    if (cap < base) {
      base = cap;
      p.length = *c.terms.commercial_period;
    }
  }
  p.end = c.Leans(FinishPeriod(base, PausedSince(c.req, start), c.calendar));
  return p;
}

// The period that covers this fault: a component's own period (phone
// battery), else for a main part the later-ending of its period and the
// whole unit's, else the whole unit's.
AppliedPeriod ChoosePeriod(Context& c, absl::CivilDay sale_start) {
  const DecisionRequest& r = c.req;
  absl::CivilDay unit_start = sale_start;
  if (r.history.exchanged_on) {
    // A replacement unit is new, parts included: everything restarts.
    unit_start = *r.history.exchanged_on;
    c.Rule(rules::kExchangeRestart,
           absl::StrCat("换货后的产品自换货日 ", Day(unit_start), " 起重新计算三包期"),
           absl::StrCat("the replacement unit's periods restart from the "
                        "exchange date ",
                        Day(unit_start)));
  }
  const std::string& comp = r.fault.component;
  if (auto it = c.terms.components.find(comp); it != c.terms.components.end()) {
    return MakePeriod(c, PeriodKind::kComponent, comp, it->second, unit_start);
  }
  AppliedPeriod whole = MakePeriod(c, PeriodKind::kWholeUnit, "", c.terms.whole_unit, unit_start);
  auto part = c.terms.main_parts.find(comp);
  if (part == c.terms.main_parts.end()) return whole;

  absl::CivilDay part_start = unit_start;
  for (const MainPartReplacement& m : r.history.main_parts_replaced) {
    if (m.part == comp && m.date > part_start) part_start = m.date;
  }
  AppliedPeriod main = MakePeriod(c, PeriodKind::kMainPart, comp, part->second, part_start);
  if (part_start != unit_start) {
    c.Rule(
        rules::kMainPartRestart,
        absl::StrCat("主要部件 ", comp, " 于 ", Day(part_start), " 更换，其三包期自更换日重新计算"),
        absl::StrCat("main part ", comp, " was replaced on ", Day(part_start),
                     ": its period restarts from then"));
  }
  return main.end.end >= whole.end.end ? main : whole;
}

// Civil Code art. 203: a period whose last day is a public holiday ends on
// the first day after it. Noted for every period that decided something.
void NoteHolidayRoll(Context& c, const PeriodEnd& e, std::string_view what_zh,
                     std::string_view what_en) {
  if (!e.rolled_past_holiday) return;
  const absl::CivilDay last = e.base_end + e.paused_days;
  c.Rule(rules::kHolidayRoll,
         absl::StrCat(common::ToAbsl(what_zh), "期满日 ", Day(last),
                      " 为法定节假日，顺延至节后第一日 ", Day(e.end)),
         absl::StrCat(common::ToAbsl(what_en), ": the last day ", Day(last),
                      " is a public holiday, so it ends on ", Day(e.end)));
}

// How the applied period came to end where it does.
void ExplainPeriod(Context& c, const AppliedPeriod& p) {
  const CategoryTerms& law = *c.terms.national;
  if (c.req.use == Use::kCommercial) {
    if (c.terms.commercial_period) {
      c.Rule(rules::kCommercial,
             absl::StrCat("商业用途，三包期按 ", FormatPeriod(*c.terms.commercial_period), " 计算"),
             absl::StrCat("commercial use: the commercial period ",
                          FormatPeriod(*c.terms.commercial_period), " applies"));
    } else {
      c.Rule(rules::kCommercial, "商业用途，本品类无较短期限，按家用期限",
             "commercial use: the category has no shorter period, household "
             "periods apply");
    }
  }
  if (c.terms.brand != nullptr) {
    Period national = law.whole_unit;
    if (p.kind == PeriodKind::kMainPart) national = law.main_parts.at(p.part);
    if (p.kind == PeriodKind::kComponent) national = law.components.at(p.part);
    if (!(p.length == national)) {
      const std::string what = p.part.empty() ? "whole unit" : p.part;
      c.Rule(rules::kBrandTerms,
             absl::StrCat("品牌三包 ", c.terms.brand->names.front(), "：",
                          p.part.empty() ? "整机" : p.part, " ", FormatPeriod(p.length),
                          "（国家规定 ", FormatPeriod(national), "）"),
             absl::StrCat("brand terms ", c.terms.brand->id, ": ", what, " ",
                          FormatPeriod(p.length), " (the law: ", FormatPeriod(national), ")"));
    }
  }
  if (p.end.paused_days > 0) {
    c.Rule(rules::kPaused,
           absl::StrCat("修理及待修 ", p.end.paused_days, " 天不计入三包期，期满日顺延至 ",
                        Day(p.end.base_end + p.end.paused_days)),
           absl::StrCat(p.end.paused_days,
                        " days in repair or waiting for parts pause the "
                        "clock: the end moves to ",
                        Day(p.end.base_end + p.end.paused_days)));
  }
  NoteHolidayRoll(c, p.end, "三包期", "the period");
}

// DOMAIN.md "Not covered, paid repair only". Returns whether any applied.
bool ApplyExclusions(Context& c) {
  const size_t before = c.d.rules.size();
  for (const Exclusion& e : kExclusions) {
    if (e.applies(c.req)) c.Rule(e.rule_id, std::string(e.reason_zh), std::string(e.reason_en));
  }
  return c.d.rules.size() > before;
}

Quote MakeQuote(const Context& c) {
  const CategoryTerms& cat = *c.terms.national;
  Quote q;
  q.labour_fen = cat.prices.labour_fen;
  if (auto it = cat.prices.part_fen.find(c.req.fault.component); it != cat.prices.part_fen.end()) {
    q.part_fen = it->second;
    q.part_priced = true;
  }
  if (cat.service_mode == ServiceMode::kOnSite) {
    q.callout_fen = c.catalogue.callout_fen();
  }
  q.total_fen = q.labour_fen + q.part_fen + q.callout_fen;
  return q;
}

// Earlier repairs of the same fault (same part; an empty component on both
// is the whole unit) handed back in the period.
int SameFaultRepairs(const Context& c, const AppliedPeriod& p) {
  const std::string& comp = c.req.fault.component;
  return static_cast<int>(std::count_if(
      c.req.history.repairs.begin(), c.req.history.repairs.end(), [&](const RepairRecord& rep) {
        return rep.component == comp && rep.date > p.start && rep.date <= c.request;
      }));
}

struct Remedies {
  bool ret = false, exchange = false, repair = false;
  bool full_refund = false;  // within 7 days or no stock; else depreciated
};

// Inside the applied period: free repair, or exchange / return earned by
// failed repairs (DOMAIN.md "Within the warranty period ...").
void InPeriod(Context& c, const AppliedPeriod& p, bool in_window, Remedies& m) {
  const DecisionRequest& r = c.req;
  const std::string_view period_rule = p.kind == PeriodKind::kWholeUnit  ? rules::kWholeUnit
                                       : p.kind == PeriodKind::kMainPart ? rules::kMainPart
                                                                         : rules::kComponent;
  const std::string what_en = p.part.empty() ? "whole-unit" : absl::StrCat(p.part, "'s");
  const std::string what_zh = p.part.empty() ? "整机" : absl::StrCat("部件 ", p.part, " 的");
  c.Rule(period_rule,
         absl::StrCat("在", what_zh, "三包期内（", FormatPeriod(p.length), "，", Day(p.start),
                      " 至 ", Day(p.end.end), "），免费修理"),
         absl::StrCat("within the ", what_en, " period (", FormatPeriod(p.length), ", ",
                      Day(p.start), " to ", Day(p.end.end), "): free repair"));
  bool exchange_earned = false;
  if (r.fault.performance_fault) {
    const int repairs = SameFaultRepairs(c, p);
    if (repairs >= 2) {
      c.Rule(
          rules::kTwiceRepaired,
          absl::StrCat("三包期内同一故障已修理 ", repairs, " 次仍不能正常使用，可免费换货或退货"),
          absl::StrCat("repaired ", repairs,
                       " times for the same fault in the period and still "
                       "failing: free exchange or return"));
      m.exchange = m.ret = exchange_earned = true;
    }
    if (r.repair_delay_days > kRepairDelayLimitDays) {
      c.Rule(
          rules::kDelay30Days,
          absl::StrCat("因修理者原因延误修理 ", r.repair_delay_days, " 天，超过 30 天，免费换货"),
          absl::StrCat("repair delayed ", r.repair_delay_days,
                       " days by the repairer, over 30: free exchange"));
      m.exchange = exchange_earned = true;
    }
    const int limit = c.terms.national->parts_wait_exchange_days;
    if (r.parts_wait_days > limit) {
      c.Rule(rules::kPartsWait,
             absl::StrCat("送修后 ", r.parts_wait_days, " 天未供应零配件修复，超过 ", limit,
                          " 天，免费换货"),
             absl::StrCat("parts not supplied and not fixed ", r.parts_wait_days,
                          " days after hand-in, over ", limit, ": free exchange"));
      m.exchange = exchange_earned = true;
    }
  }
  // Failed repairs entitle the customer to a replacement instead of more
  // repairs; in the 7/15-day windows repair stays a choice.
  m.repair = m.repair || in_window || !exchange_earned;
}

// The 7- and 15-day windows count from the sale and are not paused: they are
// about faults that show at once, not the warranty clock.
bool InWindow(Context& c, absl::CivilDay sale_start, Remedies& m) {
  if (!c.req.fault.performance_fault) {
    c.Rule(rules::kNotPerformance, "非性能故障，不适用退货、换货",
           "not a performance fault: return and exchange do not apply");
    return false;
  }
  const PeriodEnd w7 = c.Leans(EndOfPeriod(sale_start, kReturnWindow, 0, c.calendar));
  const PeriodEnd w15 = c.Leans(EndOfPeriod(sale_start, kExchangeWindow, 0, c.calendar));
  if (c.request <= w7.end) {
    c.Rule(rules::k7DayChoice,
           absl::StrCat("售出 7 日内（至 ", Day(w7.end),
                        "）发生性能故障，可选择退货、"
                        "换货或修理；退货按发票价格全额退款"),
           absl::StrCat("performance fault within 7 days of sale (to ", Day(w7.end),
                        "): return, exchange or repair; a return refunds the "
                        "price in full"));
    NoteHolidayRoll(c, w7, "7日退货期", "the 7-day window");
    m.ret = m.exchange = m.repair = m.full_refund = true;
    return true;
  }
  if (c.request <= w15.end) {
    c.Rule(rules::k15DayExchange,
           absl::StrCat("售出 15 日内（至 ", Day(w15.end), "）发生性能故障，可选择换货或修理"),
           absl::StrCat("performance fault within 15 days of sale (to ", Day(w15.end),
                        "): exchange or repair"));
    NoteHolidayRoll(c, w15, "15日换货期", "the 15-day window");
    m.exchange = m.repair = true;
    return true;
  }
  return false;
}

// Turns the remedies into the decision, with the refund when return is one.
void SettleRemedies(Context& c, absl::CivilDay purchase, Remedies m) {
  const DecisionRequest& r = c.req;
  if (m.exchange && !r.same_model_in_stock) {
    c.Rule(rules::kNoStockRefund, "换货时无同型号同规格产品，全额退款，不收折旧费",
           "exchange due but no unit of the same model: full refund, no "
           "depreciation");
    m.exchange = false;
    m.ret = m.full_refund = true;
  } else if (m.exchange && r.insists_on_refund) {
    m.ret = true;  // depreciated unless the 7-day window made it full
  }
  if (r.insists_on_refund && !m.ret) {
    c.Rule(rules::kRefundNotDue, "用户要求退货，但按三包规定只应修理",
           "the customer asks for a refund but only repair is due");
  }
  if (m.ret) {
    // Pauses since the purchase: every recorded repair and the current one.
    int64_t paused = CurrentHandInDays(r);
    for (const RepairRecord& rep : r.history.repairs) paused += rep.days_in_repair;
    c.d.refund = m.full_refund ? FullRefund(r.price_paid_fen)
                               : DepreciatedRefund(r.price_paid_fen,
                                                   c.terms.national->depreciation_ppm_per_day,
                                                   purchase, c.request, paused);
    if (!m.full_refund) {
      c.Rule(rules::kDepreciation,
             absl::StrCat("退货扣除折旧费：退款 = 价款 - 折旧费（",
                          FormatPpmAsPercent(c.d.refund->rate_ppm_per_day), "/天 × ",
                          c.d.refund->days_used, " 天）= ", Yuan(c.d.refund->amount_fen), " 元"),
             absl::StrCat("a return with the same model available refunds the "
                          "price minus depreciation: price x ",
                          FormatPpmAsPercent(c.d.refund->rate_ppm_per_day), " a day x ",
                          c.d.refund->days_used, " days used = ", Yuan(c.d.refund->amount_fen),
                          " yuan back"));
    }
  }
  if (m.ret) c.d.remedies.push_back(Remedy::kReturn);
  if (m.exchange) c.d.remedies.push_back(Remedy::kExchange);
  if (m.repair) c.d.remedies.push_back(Remedy::kRepair);
}

// Out of the period: free only when an earlier repair of the same fault has
// not held for 30 days; otherwise lifetime paid repair.
void OutOfPeriod(Context& c, const AppliedPeriod& p) {
  const DecisionRequest& r = c.req;
  const RepairRecord* last = nullptr;
  for (const RepairRecord& rep : r.history.repairs) {
    if (rep.component == r.fault.component && rep.date <= c.request &&
        (last == nullptr || rep.date > last->date)) {
      last = &rep;
    }
  }
  c.d.remedies = {Remedy::kRepair};
  if (last != nullptr) {
    const PeriodEnd hold = c.Leans(EndOfPeriod(last->date, kRepairMustHold, 0, c.calendar));
    if (c.request <= hold.end) {
      c.d.coverage = Coverage::kFree;
      c.Rule(rules::kRepairHolds30Days,
             absl::StrCat("上次修理于 ", Day(last->date), "，同一故障 30 日内（至 ", Day(hold.end),
                          "）再次出现，免费修理"),
             absl::StrCat("the same fault again within 30 days of the repair "
                          "on ",
                          Day(last->date), " (to ", Day(hold.end),
                          "): repaired free even past the period"));
      NoteHolidayRoll(c, hold, "30日修理保证期", "the 30-day repair guarantee");
      return;
    }
  }
  c.d.coverage = Coverage::kPaid;
  c.d.quote = MakeQuote(c);
  const std::string what_zh = p.part.empty() ? "整机" : absl::StrCat("部件 ", p.part, " 的");
  const std::string what_en = p.part.empty() ? "whole-unit" : absl::StrCat(p.part, "'s");
  c.Rule(rules::kOutOfPeriod,
         absl::StrCat(what_zh, "三包期已于 ", Day(p.end.end),
                      " 届满，按价目表收费维修（终身有偿维修）"),
         absl::StrCat("the ", what_en, " period ended on ", Day(p.end.end),
                      ": paid repair from the price list (lifetime paid "
                      "repair)"));
}

}  // namespace

absl::StatusOr<Decision> Decide(const DecisionRequest& req, const Catalogue& catalogue,
                                const common::WorkingCalendar& calendar) {
  const std::vector<common::FieldViolation> violations = Validate(req, catalogue);
  if (!violations.empty()) return common::InvalidArgumentError(violations);

  const CategoryTerms& category = *catalogue.FindCategory(req.product.category);
  const BrandTerms* brand = req.product.brand_terms.empty()
                                ? catalogue.BrandTermsForName(req.product.brand)
                                : catalogue.FindBrandTerms(req.product.brand_terms);
  const Terms terms = catalogue.TermsFor(category, brand);

  Decision d;
  d.catalogue_version = catalogue.version();
  d.category = category.id;
  d.brand_terms = terms.brand ? terms.brand->id : "";
  d.service_mode = category.service_mode;
  d.transport_note_zh = "三包范围内的修理、换货、退货，用户不承担运输费用";
  d.transport_note_en =
      "the customer never pays transport for a repair, exchange or return "
      "under 三包";
  Context c{req, terms, catalogue, calendar, *req.request_date, d};

  // Without a day the clock starts from, only an exclusion decides (the
  // validation demanded a date otherwise).
  std::optional<absl::CivilDay> sale_start;
  if (ClockStartKnown(req, category)) {
    sale_start = SaleStart(c);
    d.period = ChoosePeriod(c, *sale_start);
    ExplainPeriod(c, *d.period);
  }

  if (ApplyExclusions(c)) {
    d.coverage = Coverage::kNotCovered;
    d.remedies = {Remedy::kRepair};
    d.quote = MakeQuote(c);
  } else {
    Remedies m;
    const bool in_window = InWindow(c, *sale_start, m);
    if (c.request <= d.period->end.end) {
      d.coverage = Coverage::kFree;
      InPeriod(c, *d.period, in_window, m);
      SettleRemedies(c, req.invoice_date.value_or(*sale_start), m);
    } else {
      OutOfPeriod(c, *d.period);
    }
  }
  if (d.coverage == Coverage::kFree) {
    c.Rule(rules::kNoTransport, d.transport_note_zh, d.transport_note_en);
  }
  if (sale_start) {
    const absl::CivilDay purchase = req.invoice_date.value_or(*sale_start);
    const PeriodEnd burden = c.Leans(EndOfPeriod(purchase, kSellerBurdenWindow, 0, calendar));
    if (c.request <= burden.end) {
      c.Rule(rules::kBurdenOfProof,
             absl::StrCat("购买后 6 个月内（至 ", Day(burden.end),
                          "），发生争议时由经营者证明产品无缺陷"),
             absl::StrCat("within 6 months of purchase (to ", Day(burden.end),
                          "): in a dispute the seller must prove the product "
                          "was not defective"));
    }
  }
  if (!c.uncovered_years.empty()) {
    const std::string years = absl::StrJoin(c.uncovered_years, ", ");
    c.Rule(rules::kCalendarUncovered,
           absl::StrCat("节假日日历未包含 ", years,
                        " 年：期满日如逢法定节假日是否顺延（民法典第二百零三条）无法核对"),
           absl::StrCat("the holiday calendar does not cover ", years,
                        ": whether a period ending on a public holiday rolls over (Civil Code "
                        "art. 203) cannot be checked"));
  }
  return d;
}

}  // namespace fieldservice::warranty
