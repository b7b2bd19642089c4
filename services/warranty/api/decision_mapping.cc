#include "services/warranty/api/decision_mapping.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/common/proto_time.h"
#include "services/warranty/domain/enum_names.h"
#include "services/warranty/domain/period.h"

namespace fieldservice::warranty::api {
namespace {

using common::SetDate;

using common::FieldViolation;

int Days(int32_t value, const std::string& field, std::vector<FieldViolation>& violations) {
  if (value < 0) violations.push_back({field, "must not be negative"});
  return value;
}

// The proto value of the same name (the names are the domain's, see
// domain/enum_names.h).
template <typename ProtoEnum>
ProtoEnum ToProtoEnum(std::string_view name, bool (*parse)(const std::string&, ProtoEnum*)) {
  ProtoEnum value{};
  parse(std::string(name), &value);
  return value;
}

// A request enum: 0 (unspecified) is `fallback`; any other value must be one
// the table names, else a violation on `field` listing the known ones.
template <typename Enum, size_t N>
Enum FromProtoEnum(int number, const std::string& name, const EnumName<Enum> (&table)[N],
                   Enum fallback, const std::string& field,
                   std::vector<FieldViolation>& violations) {
  if (number == 0) return fallback;
  if (auto value = ValueNamed(table, name)) return *value;
  std::vector<std::string> known;
  for (const EnumName<Enum>& entry : table) known.emplace_back(entry.name);
  violations.push_back(
      {field, absl::StrCat("unknown value ", number, "; known: ", absl::StrJoin(known, ", "))});
  return fallback;
}

}  // namespace

v1::Coverage CoverageToProto(Coverage c) {
  return ToProtoEnum(CoverageName(c), &v1::Coverage_Parse);
}

DecisionRequest ToDomain(const v1::DecideCoverageRequest& p,
                         const common::WorkingCalendar& calendar,
                         std::vector<FieldViolation>& violations) {
  DecisionRequest r;
  r.product = {p.product().category(), p.product().brand(), p.product().model(),
               p.product().serial(), p.product().brand_terms()};
  r.invoice_date =
      common::ToDay(p.invoice_date(), p.has_invoice_date(), "invoice_date", violations);
  if (p.has_invoice_time()) {
    if (p.has_invoice_date()) {
      violations.push_back({"invoice_time", "give invoice_date or invoice_time, not both"});
    } else if (auto t = common::ToTime(p.invoice_time(), true, "invoice_time", violations)) {
      r.invoice_date = BusinessDayOf(*t, calendar);
    }
  }
  r.installation_date = common::ToDay(p.installation_date(), p.has_installation_date(),
                                      "installation_date", violations);
  r.production_date =
      common::ToDay(p.production_date(), p.has_production_date(), "production_date", violations);
  r.proof = {p.proof().invoice_present(), p.proof().warranty_card_present(), p.proof().altered(),
             p.proof().card_model_mismatch()};
  r.fault = {p.fault().performance_fault(), p.fault().component(), p.fault().main_part()};
  r.causes = {p.causes().misuse(), p.causes().unauthorised_repair(), p.causes().force_majeure(),
              p.causes().improper_storage()};
  r.sale_type = FromProtoEnum(p.sale_type(), v1::SaleType_Name(p.sale_type()), kSaleTypeNames,
                              SaleType::kNormal, "sale_type", violations);
  r.use =
      FromProtoEnum(p.use(), v1::Use_Name(p.use()), kUseNames, Use::kHousehold, "use", violations);
  for (int i = 0; i < p.history().repairs_size(); ++i) {
    const auto& rep = p.history().repairs(i);
    std::string at = absl::StrCat("history.repairs[", i, "]");
    auto day = common::ToDay(rep.date(), rep.has_date(), at + ".date", violations);
    if (!rep.has_date()) violations.push_back({at + ".date", "required"});
    r.history.repairs.push_back({day.value_or(absl::CivilDay()), rep.component(),
                                 Days(rep.days_in_repair(), at + ".days_in_repair", violations)});
  }
  r.history.exchanged_on = common::ToDay(p.history().exchanged_on(), p.history().has_exchanged_on(),
                                         "history.exchanged_on", violations);
  for (int i = 0; i < p.history().main_parts_replaced_size(); ++i) {
    const auto& m = p.history().main_parts_replaced(i);
    std::string at = absl::StrCat("history.main_parts_replaced[", i, "]");
    auto day = common::ToDay(m.date(), m.has_date(), at + ".date", violations);
    if (!m.has_date()) violations.push_back({at + ".date", "required"});
    r.history.main_parts_replaced.push_back({m.part(), day.value_or(absl::CivilDay())});
  }
  r.repair_delay_days = Days(p.repair_delay_days(), "repair_delay_days", violations);
  r.parts_wait_days = Days(p.parts_wait_days(), "parts_wait_days", violations);
  r.price_paid_fen = p.price_paid().amount_fen();
  r.same_model_in_stock = !p.same_model_out_of_stock();
  r.insists_on_refund = p.insists_on_refund();
  if (auto asked =
          common::ToTime(p.request_time(), p.has_request_time(), "request_time", violations)) {
    r.request_date = BusinessDayOf(*asked, calendar);
  }
  return r;
}

std::vector<FieldViolation> AsSent(const v1::DecideCoverageRequest& p,
                                   std::vector<FieldViolation> violations) {
  for (FieldViolation& v : violations) {
    if (v.field == "invoice_date" && p.has_invoice_time() && !p.has_invoice_date()) {
      v.field = "invoice_time";
    } else if (v.field == "request_date") {
      v.field = "request_time";
    }
  }
  return violations;
}

void ToProto(const Decision& d, v1::Decision* out) {
  out->set_coverage(CoverageToProto(d.coverage));
  for (Remedy r : d.remedies) out->add_remedies(ToProtoEnum(RemedyName(r), &v1::Remedy_Parse));
  if (d.refund.has_value()) {
    const Refund& f = *d.refund;
    v1::Refund* pf = out->mutable_refund();
    pf->mutable_price()->set_amount_fen(f.price_fen);
    pf->set_depreciated(f.depreciated);
    pf->set_days_since_invoice(f.days_since_invoice);
    pf->set_days_paused(f.days_paused);
    pf->set_days_used(f.days_used);
    pf->set_rate_ppm_per_day(f.rate_ppm_per_day);
    pf->mutable_depreciation()->set_amount_fen(f.depreciation_fen);
    pf->mutable_amount()->set_amount_fen(f.amount_fen);
    for (const RefundLine& line : f.lines) {
      auto* l = pf->add_lines();
      l->set_zh(line.zh);
      l->set_en(line.en);
    }
  }
  if (d.period.has_value()) {
    v1::AppliedPeriod* period = out->mutable_period();
    period->set_kind(ToProtoEnum(PeriodKindName(d.period->kind), &v1::PeriodKind_Parse));
    period->set_part(d.period->part);
    period->set_length(FormatPeriod(d.period->length));
    SetDate(d.period->start, period->mutable_start_date());
    SetDate(d.period->end.end, period->mutable_end_date());
  }
  for (const RuleApplied& rule : d.rules) {
    auto* r = out->add_rules();
    r->set_id(rule.id);
    r->set_reason_zh(rule.reason_zh);
    r->set_reason_en(rule.reason_en);
  }
  out->set_catalogue_version(d.catalogue_version);
  out->set_category(d.category);
  out->set_brand_terms(d.brand_terms);
  out->set_service_mode(std::string(ServiceModeName(d.service_mode)));
  if (d.quote.has_value()) {
    v1::Quote* q = out->mutable_quote();
    q->mutable_labour()->set_amount_fen(d.quote->labour_fen);
    q->mutable_part()->set_amount_fen(d.quote->part_fen);
    q->set_part_priced(d.quote->part_priced);
    q->mutable_callout()->set_amount_fen(d.quote->callout_fen);
    q->mutable_total()->set_amount_fen(d.quote->total_fen);
  }
  out->set_transport_note_zh(d.transport_note_zh);
  out->set_transport_note_en(d.transport_note_en);
  out->set_summary(Summary(d));
}

std::string Summary(const Decision& d) {
  std::vector<std::string> remedies;
  for (Remedy r : d.remedies) remedies.emplace_back(RemedyName(r));
  std::string text = absl::StrCat(std::string(CoverageName(d.coverage)), ": ",
                                  remedies.empty() ? "paid repair" : absl::StrJoin(remedies, "/"));
  if (d.coverage == Coverage::kFree && d.period.has_value()) {
    absl::StrAppend(&text, " until ", FormatDay(d.period->end.end));
  }
  if (d.refund.has_value() && d.refund->amount_fen > 0) {
    absl::StrAppend(&text, ", refund ", d.refund->amount_fen / 100, ".",
                    absl::StrFormat("%02d", d.refund->amount_fen % 100), " yuan");
  }
  return text;
}

}  // namespace fieldservice::warranty::api
