// Findings from a callback's answers (issue 11 "Findings"; DOMAIN.md "The
// callback"): what a bad answer raises, per its question (survey.h), plus
// what the repair record and the 三包 decision show on their own.
//
// Classification: what each finding does once the survey is submitted.
// - REOPENS: NOT_SOLVED only. The order is reopened in `orders` and goes
//   back to dispatch, until the customer accepts the repair [001].
// - CONDUCT: every other kind (DISSATISFIED, NO_WORK_ID, NOT_TIDY,
//   RUDE_OR_ARGUING, LATE, FEE_AGAINST_RULES, NO_USE_EXPLANATION,
//   NO_FUNCTION_TEST, RECORD_NOT_SIGNED_BY_CUSTOMER, PRODUCT_NOT_CLEANED,
//   NO_POLITE_GOODBYE): a service-quality finding recorded against the
//   technician who did the visit; it feeds their satisfaction rating, which
//   `scheduling` ranks with. It does not reopen the order: the repair held.
//   DISSATISFIED is conduct because both questions raising it in the
//   default survey ask about the technician's service and repair.
// The outcome: NOT_SOLVED when any finding reopens, else SATISFIED (the
// order closes), conduct findings or not.
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_FINDINGS_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_FINDINGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "services/callback/domain/survey.h"
#include "services/common/enum_names.h"

namespace fieldservice::callback {

// What the repair record (scheduling's RepairRecord) and the order's 三包
// decision say about the visit.
struct RepairFacts {
  // The decision: a free repair under warranty, where nothing may be charged.
  bool free_under_warranty = false;
  // The fees charged on the record, summed (fen).
  int64_t charged_fen = 0;
  // Whether the repair record reached the reporter. A visit completed
  // without one (recorded by a person, not the technician's app) says
  // nothing of the signature, the test or the fees actually charged:
  // charged_fen is then what the decision allows at most.
  bool record_known = false;
  // The record carries the customer's signature.
  bool record_signed = false;
  // The record has the function test in front of the customer (全功能试机).
  bool function_test_recorded = false;

  friend bool operator==(const RepairFacts&, const RepairFacts&) = default;
};

enum class FindingSource { kAnswer, kRepairRecord };

inline constexpr common::EnumName<FindingSource> kFindingSourceNames[] = {
    {FindingSource::kAnswer, "ANSWER"},
    {FindingSource::kRepairRecord, "REPAIR_RECORD"},
};

struct Finding {
  FindingKind kind = FindingKind::kNotSolved;
  FindingSource source = FindingSource::kAnswer;
  // The question whose answer raised it; empty when the record did.
  std::string question_key;

  friend bool operator==(const Finding&, const Finding&) = default;
};

enum class FindingClass { kReopens, kConduct };

inline constexpr common::EnumName<FindingClass> kFindingClassNames[] = {
    {FindingClass::kReopens, "REOPENS"},
    {FindingClass::kConduct, "CONDUCT"},
};

// The class of `kind` (the table in the header comment).
FindingClass ClassOf(FindingKind kind);

// The findings of answers already checked against `survey` (CheckAnswers):
// an answer not of its type's form raises nothing.
// From the answers, in the survey's order, one per question whose answer is
// bad (Question's bad_* fields). An AMOUNT is bad when the customer says
// they paid anything on a free repair, or more than the record charges.
// Then from the record, when it is known (record_known), only where no
// answer already raised the same kind
// (one lapse is not charged to the technician twice; the answer names the
// question that found it): NO_FUNCTION_TEST when the record has no
// function test, RECORD_NOT_SIGNED_BY_CUSTOMER when it is unsigned,
// FEE_AGAINST_RULES when it charges anything on a free repair.
std::vector<Finding> Findings(const Survey& survey, const Answers& answers,
                              const RepairFacts& facts);

enum class CallbackOutcome { kSatisfied, kNotSolved };

inline constexpr common::EnumName<CallbackOutcome> kCallbackOutcomeNames[] = {
    {CallbackOutcome::kSatisfied, "SATISFIED"},
    {CallbackOutcome::kNotSolved, "NOT_SOLVED"},
};

// NOT_SOLVED when any finding reopens the order, else SATISFIED.
CallbackOutcome OutcomeOf(const std::vector<Finding>& findings);

// The findings recorded against the technician (class CONDUCT), in order.
std::vector<Finding> ConductFindings(const std::vector<Finding>& findings);

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_FINDINGS_H_
