// The 三包 decision's input and output (DOMAIN.md "Warranty: 三包"). Plain
// structs: the gRPC layer maps them to and from protos, the case table
// (tests/warranty/cases) builds them from text.
#ifndef FIELDSERVICE_WARRANTY_DOMAIN_DECISION_H_
#define FIELDSERVICE_WARRANTY_DOMAIN_DECISION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/warranty/domain/catalogue.h"
#include "services/warranty/domain/period.h"

namespace fieldservice::warranty {

struct ProductInfo {
  std::string category;  // catalogue id ("refrigerator") or name ("电冰箱")
  std::string brand;     // "海尔"
  std::string model;
  std::string serial;
  // Optional: the id of the brand terms the warranty card refers to. Empty:
  // looked up by brand name; a brand without terms gets the law.
  std::string brand_terms;
};

struct Proof {
  bool invoice_present = true;
  bool warranty_card_present = true;
  bool altered = false;              // invoice or card altered (涂改)
  bool card_model_mismatch = false;  // card's model is not this product's
};

struct Fault {
  bool performance_fault = true;  // 性能故障; not: e.g. cosmetic
  // Part or component id from the catalogue ("compressor", "battery"); any
  // other id (or empty) is covered by the whole-unit period.
  std::string component;
  // The caller's claim that `component` is a main part. Checked against the
  // catalogue, which decides: a listed main part is one even without it.
  bool main_part = false;
};

struct Causes {
  bool misuse = false;               // use or maintenance against the manual
  bool unauthorised_repair = false;  // opened or modified by an unauthorised person
  bool force_majeure = false;
  bool improper_storage = false;
};

enum class SaleType {
  kNormal,
  kSecondsDisclosed,  // 等外品 / 处理品 sold with the defect disclosed
};

enum class Use { kHousehold, kCommercial };

// One earlier repair of this unit.
struct RepairRecord {
  absl::CivilDay date;    // the day the repaired unit was handed back
  std::string component;  // the fault, by the part it was in: "same fault" = same id
  // Days the unit was in repair or waiting for parts; they pause the clock
  // of every period running at the time.
  int days_in_repair = 0;
};

struct MainPartReplacement {
  std::string part;  // a main part id of the category
  absl::CivilDay date;
};

struct UnitHistory {
  std::vector<RepairRecord> repairs;
  std::optional<absl::CivilDay> exchanged_on;  // the unit is a replacement
  std::vector<MainPartReplacement> main_parts_replaced;
};

struct DecisionRequest {
  ProductInfo product;
  // Business dates in the configured zone (BusinessDayOf for instants).
  std::optional<absl::CivilDay> invoice_date;
  std::optional<absl::CivilDay> installation_date;
  std::optional<absl::CivilDay> production_date;  // from the nameplate
  Proof proof;
  Fault fault;
  Causes causes;
  SaleType sale_type = SaleType::kNormal;
  Use use = Use::kHousehold;
  UnitHistory history;
  // The current hand-in, when the unit is with the repairer now: days its
  // repair ran late by the repairer's fault, and days it has waited for
  // parts that were not supplied. Both also pause the clock.
  int repair_delay_days = 0;
  int parts_wait_days = 0;
  int64_t price_paid_fen = 0;
  bool same_model_in_stock = true;
  bool insists_on_refund = false;
  std::optional<absl::CivilDay> request_date;
};

enum class Coverage {
  kFree,        // under 三包: parts and labour free
  kPaid,        // out of the periods: lifetime paid repair
  kNotCovered,  // an exclusion applies: paid repair only
};
enum class Remedy { kReturn, kExchange, kRepair };
enum class PeriodKind { kWholeUnit, kMainPart, kComponent };

// Stable names for storage, protos and the case table.
std::string_view CoverageName(Coverage c);      // "FREE", "PAID", "NOT_COVERED"
std::string_view RemedyName(Remedy r);          // "RETURN", "EXCHANGE", "REPAIR"
std::string_view PeriodKindName(PeriodKind k);  // "WHOLE_UNIT", ...

struct AppliedPeriod {
  PeriodKind kind = PeriodKind::kWholeUnit;
  std::string part;  // the main part or component; empty for the whole unit
  Period length;     // after brand terms and the commercial-use period
  absl::CivilDay start;
  PeriodEnd end;  // end.end is the last day covered
};

struct RuleApplied {
  std::string id;  // stable, e.g. "SB-7D-CHOICE" (rules.h)
  std::string reason_zh;
  std::string reason_en;
};

// One line of the refund's working, in both languages.
struct RefundLine {
  std::string zh;
  std::string en;
};

struct Refund {
  int64_t price_fen = 0;
  bool depreciated = false;
  int64_t days_since_invoice = 0;
  int64_t days_paused = 0;  // in repair or waiting for parts
  int64_t days_used = 0;
  int64_t rate_ppm_per_day = 0;
  int64_t depreciation_fen = 0;
  int64_t amount_fen = 0;  // what the customer gets back
  std::vector<RefundLine> lines;
};

// Out-of-warranty price: what a PAID or NOT_COVERED repair costs.
struct Quote {
  int64_t labour_fen = 0;
  int64_t part_fen = 0;
  bool part_priced = false;  // false: the part is priced after inspection
  int64_t callout_fen = 0;   // on-site service only
  int64_t total_fen = 0;
};

struct Decision {
  Coverage coverage = Coverage::kPaid;
  std::vector<Remedy> remedies;  // in the order return, exchange, repair
  std::optional<Refund> refund;  // when return is among the remedies
  // Unset when an exclusion decided and the request gave no day the clock
  // starts from (none is demanded then).
  std::optional<AppliedPeriod> period;
  std::vector<RuleApplied> rules;
  std::string catalogue_version;
  std::string category;     // the catalogue id
  std::string brand_terms;  // id of the brand terms applied; empty: the law
  ServiceMode service_mode = ServiceMode::kOnSite;
  std::optional<Quote> quote;  // PAID and NOT_COVERED
  // Always given: under 三包 the customer never pays transport for a repair,
  // exchange or return.
  std::string transport_note_zh;
  std::string transport_note_en;

  bool HasRule(std::string_view id) const;
  bool HasRemedy(Remedy r) const;
};

}  // namespace fieldservice::warranty

#endif  // FIELDSERVICE_WARRANTY_DOMAIN_DECISION_H_
