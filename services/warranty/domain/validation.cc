// Validate (engine.h): every problem of a request at once, so the agent fixes
// them in one round trip.
#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/policy_text.h"
#include "services/warranty/domain/engine.h"
#include "services/warranty/domain/field_limits.h"

namespace fieldservice::warranty {
namespace {

using common::ToAbsl;

// Larger counts are typing mistakes; they would also push dates centuries on.
constexpr int kMaxDays = 3650;

bool Blank(std::string_view s) { return absl::StripAsciiWhitespace(common::ToAbsl(s)).empty(); }

std::string MainPartsOf(const CategoryTerms& c) {
  std::vector<std::string> parts;
  for (const auto& [part, period] : c.main_parts) parts.push_back(part);
  return parts.empty() ? absl::StrCat(c.id, " has no main parts")
                       : absl::StrCat("main parts of ", c.id, ": ", absl::StrJoin(parts, ", "));
}

// A history or installation date must lie between the purchase and the
// request; `purchase` and `request` may be unknown (reported elsewhere).
void CheckBetween(const std::string& field, absl::CivilDay day,
                  std::optional<absl::CivilDay> purchase, std::optional<absl::CivilDay> request,
                  common::Violations& v) {
  if (purchase && day < *purchase) {
    v.Add(field,
          absl::StrCat(FormatDay(day), " is before the purchase date ", FormatDay(*purchase)));
  }
  if (request && day > *request) {
    v.Add(field, absl::StrCat(FormatDay(day), " is after the request date ", FormatDay(*request)));
  }
}

void CheckDays(const std::string& field, int days, common::Violations& v) {
  if (days < 0 || days > kMaxDays) {
    v.Add(field, absl::StrCat("must be 0..", kMaxDays, " days, not ", days));
  }
}

// `excluded`: an exclusion decides, so facts only the periods need (brand,
// model, dates) are not demanded; values that were given are still checked.
void CheckProduct(const DecisionRequest& r, const Catalogue& cat, const CategoryTerms* category,
                  bool excluded, common::Violations& v) {
  const ProductInfo& p = r.product;
  CheckLength("product.category", "product.category", p.category, v);
  CheckLength("product.brand", "product.brand", p.brand, v);
  CheckLength("product.model", "product.model", p.model, v);
  CheckLength("product.serial", "product.serial", p.serial, v);
  CheckLength("product.brand_terms", "product.brand_terms", p.brand_terms, v);
  if (Blank(p.category)) {
    v.Add("product.category", absl::StrCat("required; known: ", cat.KnownCategories()));
  } else if (category == nullptr) {
    v.Add("product.category",
          absl::StrCat("unknown category '", p.category, "'; known: ", cat.KnownCategories()));
  }
  // Brand terms are looked up by brand; an exchange is for the same model.
  if (!excluded && Blank(p.brand)) v.Add("product.brand", "required");
  if (!excluded && Blank(p.model)) v.Add("product.model", "required");
  if (!p.brand_terms.empty()) {
    const BrandTerms* terms = cat.FindBrandTerms(p.brand_terms);
    if (terms == nullptr) {
      v.Add("product.brand_terms", absl::StrCat("unknown brand terms '", p.brand_terms,
                                                "'; known: ", cat.KnownBrandTerms()));
    } else if (cat.BrandTermsForName(p.brand) != terms) {
      v.Add("product.brand_terms",
            absl::StrCat("brand terms '", p.brand_terms, "' are for ",
                         absl::StrJoin(terms->names, "/"), ", not '", p.brand, "'"));
    }
  }
}

void CheckDates(const DecisionRequest& r, const CategoryTerms* category, bool excluded,
                common::Violations& v) {
  const auto& request = r.request_date;
  if (!request) v.Add("request_date", "required");
  // An exclusion decides whatever the dates say: none is demanded or
  // checked against the others.
  if (excluded) return;
  if (r.proof.invoice_present && !r.invoice_date) {
    v.Add("invoice_date", "required when proof.invoice_present is true");
  }
  if (!r.proof.invoice_present && r.invoice_date) {
    v.Add("invoice_date", "given but proof.invoice_present is false");
  }
  if (r.invoice_date && request && *r.invoice_date > *request) {
    v.Add("invoice_date", absl::StrCat("purchase date ", FormatDay(*r.invoice_date),
                                       " is after the request date ", FormatDay(*request)));
  }
  if (r.installation_date) {
    CheckBetween("installation_date", *r.installation_date, r.invoice_date, request, v);
  }
  // Without an invoice (or, for categories counted from it, an installation
  // date) the clock starts from the nameplate's date.
  if (category != nullptr && !ClockStartKnown(r, *category)) {
    v.Add("production_date", category->from_installation
                                 ? "required when there is no invoice and no installation date"
                                 : "required when there is no invoice");
  }
  if (r.production_date) {
    if (r.invoice_date && *r.production_date > *r.invoice_date) {
      v.Add("production_date",
            absl::StrCat(FormatDay(*r.production_date), " is after the purchase date ",
                         FormatDay(*r.invoice_date)));
    } else if (request && *r.production_date > *request) {
      v.Add("production_date", absl::StrCat(FormatDay(*r.production_date),
                                            " is after the request date ", FormatDay(*request)));
    }
  }
}

// `excluded`: the history's dates cannot change the decision, so they are
// not checked against the purchase and the request.
void CheckHistory(const DecisionRequest& r, const CategoryTerms* category, bool excluded,
                  common::Violations& v) {
  const std::optional<absl::CivilDay> purchase = excluded ? std::nullopt : r.invoice_date;
  const std::optional<absl::CivilDay> request = excluded ? std::nullopt : r.request_date;
  const UnitHistory& h = r.history;
  int64_t paused = CurrentHandInDays(r);
  for (size_t i = 0; i < h.repairs.size(); ++i) {
    const std::string at = absl::StrCat("history.repairs[", i, "]");
    CheckBetween(at + ".date", h.repairs[i].date, purchase, request, v);
    // An empty component is a repair of the whole unit (as in Fault).
    CheckLength("history.repairs[].component", at + ".component", h.repairs[i].component, v);
    CheckDays(at + ".days_in_repair", h.repairs[i].days_in_repair, v);
    paused += std::max(0, h.repairs[i].days_in_repair);
  }
  if (h.exchanged_on) {
    CheckBetween("history.exchanged_on", *h.exchanged_on, purchase, request, v);
  }
  for (size_t i = 0; i < h.main_parts_replaced.size(); ++i) {
    const std::string at = absl::StrCat("history.main_parts_replaced[", i, "]");
    const MainPartReplacement& m = h.main_parts_replaced[i];
    CheckLength("history.main_parts_replaced[].part", at + ".part", m.part, v);
    if (category != nullptr && !category->main_parts.contains(m.part)) {
      v.Add(at + ".part",
            absl::StrCat("'", m.part, "' is not a main part; ", MainPartsOf(*category)));
    }
    CheckBetween(at + ".date", m.date, purchase, request, v);
  }
  CheckDays("repair_delay_days", r.repair_delay_days, v);
  CheckDays("parts_wait_days", r.parts_wait_days, v);
  // More days in the shop than since the sale would make "days used" negative.
  if (!excluded && r.invoice_date && r.request_date && *r.request_date >= *r.invoice_date &&
      paused > *r.request_date - *r.invoice_date) {
    // Named on a field the caller sent: the repairs when they hold days,
    // else the current hand-in's count.
    const bool repairs_hold_days = paused > CurrentHandInDays(r);
    v.Add(repairs_hold_days                          ? "history.repairs"
          : r.parts_wait_days >= r.repair_delay_days ? "parts_wait_days"
                                                     : "repair_delay_days",
          absl::StrCat(paused,
                       " days in repair or waiting for parts is more "
                       "than the ",
                       *r.request_date - *r.invoice_date, " days since the purchase"));
  }
}

}  // namespace

std::vector<common::FieldViolation> Validate(const DecisionRequest& r, const Catalogue& cat) {
  common::Violations v;
  const CategoryTerms* category = cat.FindCategory(r.product.category);
  const bool excluded = AnyExclusion(r);
  CheckProduct(r, cat, category, excluded, v);
  CheckDates(r, category, excluded, v);
  CheckLength("fault.component", "fault.component", r.fault.component, v);
  if (r.price_paid_fen < 0) {
    v.Add("price_paid.amount_fen", absl::StrCat("must not be negative, not ", r.price_paid_fen));
  }
  if (r.fault.main_part && Blank(r.fault.component)) {
    v.Add("fault.main_part", "set, but fault.component does not name the part");
  } else if (r.fault.main_part && category != nullptr &&
             !category->main_parts.contains(r.fault.component)) {
    v.Add("fault.component",
          absl::StrCat("'", r.fault.component, "' is given as a main part but is not one; ",
                       MainPartsOf(*category)));
  }
  CheckHistory(r, category, excluded, v);
  return v.list();
}

}  // namespace fieldservice::warranty
