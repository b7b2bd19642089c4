// The warranty case table (tests/warranty/cases/warranty_cases.txt, format
// documented at the top of that file): each case is a request, as changes to
// a documented default request, and what the decision must say. The domain
// test runs it through the engine; the gRPC-level test runs the same table
// through the API, so the parser and the checker live here, apart from
// either runner.
#ifndef FIELDSERVICE_TESTS_WARRANTY_DOMAIN_CASE_TABLE_H_
#define FIELDSERVICE_TESTS_WARRANTY_DOMAIN_CASE_TABLE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/warranty/domain/decision.h"

namespace fieldservice::warranty::cases {

// What a case expects. Unset fields are not checked.
struct Expectation {
  std::optional<Coverage> coverage;
  std::optional<std::vector<Remedy>> remedies;  // exact set, any order
  std::optional<PeriodKind> period_kind;
  std::optional<absl::CivilDay> period_start;
  std::optional<absl::CivilDay> period_end;
  bool no_period = false;  // "period none": no period applied (an exclusion, no dates)
  // Set with no value ("none"): no refund; with a value: the amount back.
  bool refund_checked = false;
  std::optional<int64_t> refund_fen;
  std::optional<int64_t> depreciation_fen;
  std::optional<int64_t> days_used;
  bool quote_checked = false;
  std::optional<int64_t> quote_fen;   // total; nullopt + checked: no quote
  std::vector<std::string> rules;     // must all appear
  std::vector<std::string> no_rules;  // must not appear
  // Field paths Validate must report; then no decision is expected at all.
  std::vector<std::string> violations;
};

struct WarrantyCase {
  std::string id;
  int line = 0;      // of the `case` line, for messages
  std::string rule;  // the DOMAIN.md rule it checks
  DecisionRequest request;
  // Date fields the table gave as instants ("2025-05-08T23:30:00+08:00"),
  // by field name, so an API test can send the instant itself; `request`
  // holds their business dates.
  std::map<std::string, absl::Time> instants;
  Expectation expect;
};

// The request every case starts from (documented in the table's header).
DecisionRequest DefaultCaseRequest();

// Parses the table; instants become business dates in `zone`. Errors name
// the line. Duplicate case ids and unknown rule ids are refused.
absl::StatusOr<std::vector<WarrantyCase>> ParseCaseTable(std::string_view text,
                                                         absl::TimeZone zone);
absl::StatusOr<std::vector<WarrantyCase>> LoadCaseTable(const std::string& path,
                                                        absl::TimeZone zone);

// Every way `result` differs from the case's expectation; empty when it
// matches. For violation cases `result` must be INVALID_ARGUMENT naming at
// least the expected fields.
std::vector<std::string> CheckDecision(const WarrantyCase& c,
                                       const absl::StatusOr<Decision>& result);

}  // namespace fieldservice::warranty::cases

#endif  // FIELDSERVICE_TESTS_WARRANTY_DOMAIN_CASE_TABLE_H_
