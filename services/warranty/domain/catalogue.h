// The 三包 catalogue (DOMAIN.md "Warranty"): per category the national
// periods, main parts, component periods, depreciation rate and the company's
// policies; brand terms that give more than the law; the out-of-warranty
// price list. All of it is data (data/warranty/catalogue.txt, format in
// data/warranty/README.md) so a new category or a brand's better terms need
// no code change.
#ifndef FIELDSERVICE_WARRANTY_DOMAIN_CATALOGUE_H_
#define FIELDSERVICE_WARRANTY_DOMAIN_CATALOGUE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/warranty/domain/period.h"

namespace fieldservice::warranty {

enum class ServiceMode { kOnSite, kCarryIn };
// Stable names: "on_site", "carry_in".
std::string_view ServiceModeName(ServiceMode mode);

// Where the clock starts when there is no invoice (company policy, DOMAIN.md
// "With no invoice ... production date (+90 days for phones, or the month
// after the nameplate date)").
struct NoInvoiceStart {
  enum class Kind {
    kProductionPlus,      // production date + offset ("production+90d")
    kMonthAfterNameplate  // the 1st of the month after the production month
  };
  Kind kind = Kind::kMonthAfterNameplate;
  Period offset;  // kProductionPlus only
};

// The out-of-warranty price list of one category, in fen.
struct CategoryPrices {
  int64_t labour_fen = 0;
  std::map<std::string, int64_t> part_fen;  // by part or component id
};

// One category's national terms and the company policies attached to it.
struct CategoryTerms {
  std::string id;       // "refrigerator": what requests and brand lines use
  std::string name_zh;  // "电冰箱": requests may use it too
  Period whole_unit;
  // Main parts (主要部件) with their period; empty for phones, whose rules
  // have no main-part period.
  std::map<std::string, Period> main_parts;
  // Components with a period of their own (phone battery 6 months).
  std::map<std::string, Period> components;
  int64_t depreciation_ppm_per_day = 0;  // 0.1% a day = 1000
  ServiceMode service_mode = ServiceMode::kOnSite;
  // Company policy: a home product in commercial use gets this instead.
  std::optional<Period> commercial_period;
  bool from_installation = false;  // flat-panel TVs (2011 notice)
  NoInvoiceStart no_invoice_start;
  int parts_wait_exchange_days = 90;  // 60 for phones
  CategoryPrices prices;
};

// The category's part ids other than its main parts: components with a
// period of their own and parts on the price list; sorted, each once.
std::vector<std::string> ComponentsOf(const CategoryTerms& category);

// What one brand gives beyond the law for one category. Unset = the law.
struct BrandCategoryTerms {
  std::optional<Period> whole_unit;
  std::map<std::string, Period> main_parts;  // per part
  std::map<std::string, Period> components;
  std::optional<Period> commercial_period;
};

struct BrandTerms {
  std::string id;                  // "haier"
  std::vector<std::string> names;  // "海尔", "Haier": matched to product.brand
  std::map<std::string, BrandCategoryTerms> categories;
};

// The terms one product gets: its category's, improved by its brand's.
struct Terms {
  const CategoryTerms* national = nullptr;
  const BrandTerms* brand = nullptr;  // null when the law alone applies
  Period whole_unit;
  std::map<std::string, Period> main_parts;
  std::map<std::string, Period> components;
  std::optional<Period> commercial_period;
};

class Catalogue {
 public:
  const std::string& version() const { return version_; }
  int64_t callout_fen() const { return callout_fen_; }

  // By id ("refrigerator") or Chinese name ("电冰箱"); null when unknown.
  const CategoryTerms* FindCategory(std::string_view id_or_name) const;
  // "colour_tv (彩色电视机), ...": for "unknown category" messages.
  std::string KnownCategories() const;
  const std::map<std::string, CategoryTerms>& categories() const { return categories_; }

  const BrandTerms* FindBrandTerms(std::string_view id) const;
  // The terms whose names include `brand` (ASCII case-insensitive); null when
  // the brand has none, which is normal: most brands give just the law.
  const BrandTerms* BrandTermsForName(std::string_view brand) const;
  std::string KnownBrandTerms() const;

  // `brand` may be null.
  Terms TermsFor(const CategoryTerms& category, const BrandTerms* brand) const;

 private:
  friend absl::StatusOr<Catalogue> ParseCatalogue(std::string_view text);

  std::string version_;
  int64_t callout_fen_ = 0;
  std::map<std::string, CategoryTerms> categories_;
  std::map<std::string, BrandTerms> brands_;
};

// Parses the format of data/warranty/README.md. Refused, naming the line: a
// malformed line, an unknown key, a bad value, a key given twice, a category
// missing a required setting, brand terms naming an unknown category, main
// part or component, and brand terms that give less than the law.
absl::StatusOr<Catalogue> ParseCatalogue(std::string_view text);
absl::StatusOr<Catalogue> LoadCatalogueFile(const std::string& path);

// "0.05%" -> 500 parts per million (up to 4 decimals, so 1 ppm is exact).
std::optional<int64_t> ParsePercentPpm(std::string_view text);
// 500 -> "0.05%".
std::string FormatPpmAsPercent(int64_t ppm);
// "80", "80.5", "80.50" yuan -> fen.
std::optional<int64_t> ParseYuanFen(std::string_view text);

}  // namespace fieldservice::warranty

#endif  // FIELDSERVICE_WARRANTY_DOMAIN_CATALOGUE_H_
