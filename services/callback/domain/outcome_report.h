// What the callback service owes the other services when a task ends
// (issue 11, DOMAIN.md "The callback"), written by the storage in the same
// transaction as the change that ends it (services/common/outbox.h):
// - the orders service hears the visit's verdict: SATISFIED closes the
//   order, NOT_SOLVED reopens it for another visit, UNREACHABLE (the task
//   gave up) flags it for a person;
// - the scheduling service hears the customer's rating of the technician
//   and the conduct findings against them, for the satisfaction rating it
//   ranks candidates with.
// Each message's payload is the task's key; the relay reads the task and
// builds the request from it (clients/), so a message is small and the
// request always says what the task says.
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_OUTCOME_REPORT_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_OUTCOME_REPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "services/callback/domain/callback_repository.h"
#include "services/callback/domain/survey.h"

namespace fieldservice::callback {

inline constexpr char kOrdersOutcomeTopic[] = "orders.callback_outcome";
inline constexpr char kSchedulingRatingTopic[] = "scheduling.callback_rating";

struct OwedMessage {
  std::string topic;
  std::string payload;
  friend bool operator==(const OwedMessage&, const OwedMessage&) = default;
};

// The messages a change from `before` to `after` owes: on reaching
// COMPLETED, the verdict to orders and (when the visit names its
// technician) the rating to scheduling; on reaching GAVE_UP, the verdict
// UNREACHABLE to orders. Nothing otherwise: a task ends once.
std::vector<OwedMessage> OwedBy(const CallbackRecord& before, const CallbackRecord& after);

enum class OrderVerdict { kSatisfied, kNotSolved, kUnreachable };

struct VerdictReport {
  OrderVerdict verdict = OrderVerdict::kSatisfied;
  // For the order's audit trail: the outcome, the findings by kind, the
  // reason the task gave up. No phone numbers, no answers' free text.
  std::string reason;
};

// The verdict of an ended task (COMPLETED or GAVE_UP); nullopt otherwise.
std::optional<VerdictReport> VerdictOf(const CallbackRecord& record);

struct RatingReport {
  // The customer's rating of the technician, 1 to 5; 0 when not given.
  int rating = 0;
  // The conduct findings (findings.h FindingClass::kConduct) by kind, each
  // once, in the order found. DISSATISFIED is left out: the rating itself
  // says it, and counting it again would charge one answer twice.
  std::vector<std::string> conduct_findings;
};

// The survey's technician rating is its RATING question that raises
// DISSATISFIED (the default survey's "technician_satisfaction"); nullopt
// when the task is not COMPLETED.
std::optional<RatingReport> RatingOf(const CallbackRecord& record, const Survey& survey);

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_OUTCOME_REPORT_H_
