// A technician's satisfaction rating from the callbacks (回访) about their
// visits (DOMAIN.md "The callback"): the customer's 1 to 5 rating and the
// conduct findings against the technician (a fee against the rules, a rude
// technician, an unsigned record, ...) give each callback a score; the
// technician's satisfaction is the mean score of their latest callbacks,
// which candidate ranking uses (candidate_ranking.h). Pure: storage keeps
// the scores and asks SatisfactionOf for the mean.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_CALLBACK_RATING_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_CALLBACK_RATING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace fieldservice::scheduling {

// The customer's rating: 1 (very dissatisfied) to 5 (very satisfied); 0
// when the survey did not ask or the customer did not say.
inline constexpr int kUnrated = 0;
inline constexpr int kLowestRating = 1;
inline constexpr int kHighestRating = 5;

// The request's shape limits: the callback service's finding kinds are
// upper-case codes of under 40 characters, and its survey raises about a
// dozen kinds at most.
inline constexpr int kMaxConductFindings = 20;
inline constexpr int kMaxFindingChars = 40;

struct CallbackRatingPolicy {
  // Points one conduct finding takes off a callback's score. A point per
  // finding makes a callback with a rude technician no better than a "4"
  // however the customer rated it, and four findings the lowest score.
  double conduct_penalty = 1.0;
  // The technician's satisfaction is the mean of their latest this many
  // scored callbacks: recent enough to show a technician who improved,
  // long enough (a few months of callbacks) that one bad day does not sink
  // them.
  int window = 100;
};

// OK, or InvalidArgument naming each value out of range (the service checks
// the policy it built from configuration once, at start-up).
absl::Status CheckCallbackRatingPolicy(const CallbackRatingPolicy& policy);

// RecordCallbackRating's request as the domain sees it: names as sent.
struct CallbackRatingRequest {
  std::string technician;  // "technicians/{id}"
  std::string callback;    // "callbacks/{order_number}/{visit_number}"
  int rating = kUnrated;
  std::vector<std::string> conduct_findings;
  // When the survey was submitted; none: not sent.
  std::optional<absl::Time> callback_time;
};

// One callback's rating, checked.
struct CallbackRating {
  std::string technician_id;
  // The callback's name as sent: one rating per callback.
  std::string callback;
  int rating = kUnrated;
  std::vector<std::string> conduct_findings;  // as sent, each once
  absl::Time callback_time;
  // What the callback counts for in the technician's satisfaction (see
  // CallbackScore); none: it does not count.
  std::optional<double> score;
};

// Checks `request` and scores it. INVALID_ARGUMENT naming every bad field at
// once:
// - technician: "technicians/{id}", a valid technician id;
// - callback: "callbacks/{order_number}/{visit_number}", the order number 1
//   to 64 characters of UTF-8 without '/', the visit number 1 or more;
// - rating: 0 to 5;
// - conduct_findings[i]: 1 to kMaxFindingChars of A-Z, 0-9 and '_', none
//   twice, at most kMaxConductFindings;
// - callback_time: required.
absl::StatusOr<CallbackRating> ParseCallbackRating(const CallbackRatingRequest& request,
                                                   const CallbackRatingPolicy& policy);

// What one callback counts for, on the rating's 1 to 5 scale:
// - rated, no findings: the customer's rating;
// - findings: 5 less the penalty for each, never below 1, and never above
//   the customer's rating when they gave one (the findings cap the score;
//   they do not come off a low rating again, since the customer who rated
//   a rude technician 2 has already counted the rudeness);
// - unrated and no findings: none. Nothing is known of the technician's
//   service, so the callback does not move their satisfaction.
std::optional<double> CallbackScore(int rating, int findings, const CallbackRatingPolicy& policy);

// The satisfaction of a technician whose latest scored callbacks (at most
// the policy's window of them) scored `latest`: their mean, rounded to two
// decimals (so that a stored rating reads back as it was shown); none when
// there are none.
std::optional<double> SatisfactionOf(const std::vector<double>& latest);

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_CALLBACK_RATING_H_
