// The stable ids of the 三包 rules the engine applies. They are part of the
// API (stored with each decision, asserted by the case table), so an id is
// never renamed or reused; a changed rule gets a new id.
#ifndef FIELDSERVICE_WARRANTY_DOMAIN_RULES_H_
#define FIELDSERVICE_WARRANTY_DOMAIN_RULES_H_

#include <string_view>
#include <vector>

namespace fieldservice::warranty::rules {

// Remedies by time since sale (DOMAIN.md "within 7 days", "Within 15 days").
inline constexpr std::string_view k7DayChoice = "SB-7D-CHOICE";
inline constexpr std::string_view k15DayExchange = "SB-15D-EXCHANGE";
inline constexpr std::string_view kNotPerformance = "SB-NOT-PERFORMANCE";
// Free repair within a period.
inline constexpr std::string_view kWholeUnit = "SB-WHOLE-UNIT";
inline constexpr std::string_view kMainPart = "SB-MAIN-PART";
inline constexpr std::string_view kComponent = "SB-COMPONENT";
// Exchange or return earned in the period.
inline constexpr std::string_view kTwiceRepaired = "SB-TWICE-REPAIRED";
inline constexpr std::string_view kDelay30Days = "SB-DELAY-30D";
inline constexpr std::string_view kPartsWait = "SB-PARTS-WAIT";
// Refunds.
inline constexpr std::string_view kNoStockRefund = "SB-NO-STOCK-REFUND";
inline constexpr std::string_view kDepreciation = "SB-DEPRECIATION";
inline constexpr std::string_view kRefundNotDue = "SB-REFUND-NOT-DUE";
// Where the clock starts and how it runs.
inline constexpr std::string_view kExchangeRestart = "SB-EXCHANGE-RESTART";
inline constexpr std::string_view kMainPartRestart = "SB-MAIN-PART-RESTART";
inline constexpr std::string_view kPaused = "SB-PAUSED";
inline constexpr std::string_view kHolidayRoll = "SB-HOLIDAY-ROLL";
inline constexpr std::string_view kFromInstallation = "SB-FROM-INSTALLATION";
inline constexpr std::string_view kNoInvoiceStart = "SB-NO-INVOICE-START";
inline constexpr std::string_view kCommercial = "SB-COMMERCIAL";
inline constexpr std::string_view kBrandTerms = "SB-BRAND-TERMS";
// After the period.
inline constexpr std::string_view kRepairHolds30Days = "SB-REPAIR-HOLDS-30D";
inline constexpr std::string_view kOutOfPeriod = "SB-OUT-OF-PERIOD";
// Notes.
inline constexpr std::string_view kBurdenOfProof = "SB-6M-BURDEN";
inline constexpr std::string_view kNoTransport = "SB-NO-TRANSPORT";
// A period end in a year the holiday calendar does not cover: its roll past
// a public holiday (Civil Code art. 203) cannot be checked.
inline constexpr std::string_view kCalendarUncovered = "SB-CALENDAR-UNCOVERED";
// Exclusions: paid repair only.
inline constexpr std::string_view kNoProof = "SB-EX-NO-PROOF";
inline constexpr std::string_view kAltered = "SB-EX-ALTERED";
inline constexpr std::string_view kModelMismatch = "SB-EX-MODEL-MISMATCH";
inline constexpr std::string_view kMisuse = "SB-EX-MISUSE";
inline constexpr std::string_view kStorage = "SB-EX-STORAGE";
inline constexpr std::string_view kUnauthorised = "SB-EX-UNAUTHORISED";
inline constexpr std::string_view kForceMajeure = "SB-EX-FORCE-MAJEURE";
inline constexpr std::string_view kSeconds = "SB-EX-SECONDS";

// Every id above, so tests can refuse a misspelt expectation.
inline std::vector<std::string_view> AllRuleIds() {
  return {
      k7DayChoice,        k15DayExchange,    kNotPerformance,   kWholeUnit,       kMainPart,
      kComponent,         kTwiceRepaired,    kDelay30Days,      kPartsWait,       kNoStockRefund,
      kDepreciation,      kRefundNotDue,     kExchangeRestart,  kMainPartRestart, kPaused,
      kHolidayRoll,       kFromInstallation, kNoInvoiceStart,   kCommercial,      kBrandTerms,
      kRepairHolds30Days, kOutOfPeriod,      kBurdenOfProof,    kNoTransport,     kNoProof,
      kAltered,           kModelMismatch,    kMisuse,           kStorage,         kUnauthorised,
      kForceMajeure,      kSeconds,          kCalendarUncovered};
}

}  // namespace fieldservice::warranty::rules

#endif  // FIELDSERVICE_WARRANTY_DOMAIN_RULES_H_
