#include "services/orders/domain/warranty_claim_validation.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/orders/domain/text_limits.h"

namespace fieldservice::orders {
namespace {

using common::Violations;

// Catalogue ids are ASCII, so their bytes are their characters; parts share
// the stored fault_component's limit.
bool IsCatalogueId(const std::string& id) {
  return !id.empty() &&
         id.size() <= static_cast<size_t>(MaxChars("warranty_claim.fault_component")) &&
         std::all_of(id.begin(), id.end(), [](char c) {
           return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_';
         });
}

std::string Known(const std::set<std::string>& ids) { return absl::StrJoin(ids, ", "); }

std::string KnownCategories(const ProductCatalogue& catalogue) {
  std::vector<std::string> ids;
  for (const auto& [id, category] : catalogue.categories) {
    ids.push_back(absl::StrCat(id, " (", category.name_zh, ")"));
  }
  return absl::StrJoin(ids, ", ");
}

// The category as the catalogue knows it, or null when there is no catalogue
// or the order's category is not in it.
const CatalogueCategory* CategoryOf(const Product& product, const ProductCatalogue* catalogue) {
  if (catalogue == nullptr) return nullptr;
  auto it = catalogue->categories.find(product.category);
  return it == catalogue->categories.end() ? nullptr : &it->second;
}

// A part id: catalogue form, and one of the category's parts when known.
void CheckPart(Violations& v, const std::string& field, const std::string& part, bool required,
               const Product& product, const CatalogueCategory* category) {
  if (part.empty()) {
    if (required) v.Add(field, "required: the part's catalogue id");
    return;
  }
  if (!IsCatalogueId(part)) {
    v.Add(field,
          absl::StrCat("must be a catalogue part id (lowercase letters, digits and _, at most ",
                       MaxChars("warranty_claim.fault_component"), ")"));
  } else if (category != nullptr && !category->parts.contains(part)) {
    v.Add(field, absl::StrCat("not a part of ", product.category,
                              " in the warranty catalogue; known parts: ", Known(category->parts),
                              "; leave it empty for the whole unit"));
  }
}

// A date the customer or the nameplate gives: not in the future, and not
// before the purchase when that is known and `after_purchase` says it cannot be.
void CheckPastDate(Violations& v, const std::string& field, absl::CivilDay day,
                   absl::CivilDay today, const std::optional<absl::CivilDay>& purchase,
                   bool after_purchase) {
  if (day > today) {
    v.Add(field, "must not be in the future");
  } else if (after_purchase && purchase.has_value() && day < *purchase) {
    v.Add(field,
          absl::StrCat("must not be before the purchase date ", absl::FormatCivilTime(*purchase)));
  }
}

void CheckNotNegative(Violations& v, const std::string& field, int64_t value) {
  if (value < 0) v.Add(field, "must not be negative");
}

// What the decision needs for a claim, named while the customer is on the
// phone: the period runs from the invoice date (or, with a card and no
// invoice, from the production date), and a return refunds the invoice price.
void CheckClaimFacts(Violations& v, const NewOrder& order) {
  const Product& p = order.product;
  const WarrantyClaim& c = order.warranty_claim;
  // An altered proof or a card of another model is not covered whatever the
  // dates: nothing more is needed to decide that.
  if (!IsWarrantyClaim(p) || p.proof_altered || c.card_model_mismatch) return;
  if (p.serial.empty()) {
    v.Add("product.serial",
          "required for a 三包 claim (invoice or warranty card): the serial (机身编码) on the "
          "nameplate identifies the unit");
  }
  if (!p.invoice_number.empty()) {
    if (!p.purchase_date.has_value()) {
      v.Add("product.purchase_date",
            "required with an invoice: the invoice date, from which the 三包 periods run");
    }
    if (!c.price_paid_fen.has_value()) {
      v.Add("warranty_claim.price_paid",
            "required with an invoice: the invoice price, which a return refunds");
    }
  } else if (!c.production_date.has_value()) {
    v.Add("warranty_claim.production_date",
          "required with a warranty card and no invoice: the production date on the nameplate, "
          "from which the period runs (company policy)");
  }
}

}  // namespace

bool IsWarrantyClaim(const Product& product) {
  return !product.invoice_number.empty() || product.warranty_card_present;
}

void CheckWarrantyClaim(Violations& v, const NewOrder& order, absl::CivilDay today,
                        const ProductCatalogue* catalogue) {
  const Product& p = order.product;
  const WarrantyClaim& c = order.warranty_claim;
  if (catalogue != nullptr && IsCatalogueId(p.category) && !catalogue->categories.empty() &&
      CategoryOf(p, catalogue) == nullptr) {
    v.Add("product.category",
          absl::StrCat("not in the warranty catalogue (version ", catalogue->version,
                       "); known categories: ", KnownCategories(*catalogue)));
  }
  const CatalogueCategory* category = CategoryOf(p, catalogue);
  CheckClaimFacts(v, order);

  if (c.price_paid_fen.has_value()) {
    CheckNotNegative(v, "warranty_claim.price_paid.amount_fen", *c.price_paid_fen);
  }
  if (c.production_date.has_value()) {
    CheckPastDate(v, "warranty_claim.production_date", *c.production_date, today, std::nullopt,
                  false);
    if (p.purchase_date.has_value() && *c.production_date > *p.purchase_date) {
      v.Add("warranty_claim.production_date", "must not be after the purchase date");
    }
  }
  if (c.installation_date.has_value()) {
    CheckPastDate(v, "warranty_claim.installation_date", *c.installation_date, today,
                  p.purchase_date, true);
  }
  if (c.exchanged_on.has_value()) {
    CheckPastDate(v, "warranty_claim.exchanged_on", *c.exchanged_on, today, p.purchase_date, true);
  }
  CheckPart(v, "warranty_claim.fault_component", c.fault_component, false, p, category);
  for (size_t i = 0; i < c.earlier_repairs.size(); ++i) {
    const EarlierRepair& r = c.earlier_repairs[i];
    std::string field = absl::StrCat("warranty_claim.earlier_repairs[", i, "]");
    CheckPastDate(v, field + ".date", r.date, today, p.purchase_date, true);
    CheckPart(v, field + ".component", r.component, false, p, category);
    CheckNotNegative(v, field + ".days_in_repair", r.days_in_repair);
  }
  for (size_t i = 0; i < c.main_parts_replaced.size(); ++i) {
    const MainPartReplacement& r = c.main_parts_replaced[i];
    std::string field = absl::StrCat("warranty_claim.main_parts_replaced[", i, "]");
    CheckPastDate(v, field + ".date", r.date, today, p.purchase_date, true);
    CheckPart(v, field + ".part", r.part, true, p, category);
  }
  CheckNotNegative(v, "warranty_claim.repair_delay_days", c.repair_delay_days);
  CheckNotNegative(v, "warranty_claim.parts_wait_days", c.parts_wait_days);
}

}  // namespace fieldservice::orders
