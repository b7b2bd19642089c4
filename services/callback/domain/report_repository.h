// The reports' storage port (issue 11 "Reports"): the completed visits the
// callback service holds, each with what became of its callback. The MySQL
// adapter is storage/mysql_report_repository.h.
//
// A selection only narrows what is read: every computation of reports.h
// applies its own rule again, so a selection may return more than it needs.
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_REPORT_REPOSITORY_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_REPORT_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/callback/domain/callback_task.h"
#include "services/callback/domain/findings.h"
#include "services/callback/domain/survey.h"

namespace fieldservice::callback {

// One completed visit (a row of the callback tasks) as the reports read it.
struct ReportVisit {
  VisitCompleted visit;
  TaskState state = TaskState::kPending;
  absl::Time finished_at;                  // COMPLETED, GAVE_UP or CANCELLED: when
  std::optional<CallbackOutcome> outcome;  // COMPLETED only
  std::string agent_id;                    // COMPLETED: who submitted the survey
  std::vector<CallAttempt> attempts;       // the calls that did not reach the survey
  Answers answers;                         // COMPLETED only
  std::vector<FindingKind> findings;       // COMPLETED only

  std::string key() const { return CallbackTaskKey(visit.order_number, visit.visit_number); }
};

// Which visits to read, for an interval [from, to).
enum class VisitSelection {
  kCompleted,  // completed_at in the interval
  kReceived,   // the order was taken (received_at) in the interval
  // A call was made in the interval: an attempt, or the survey submitted
  // (COMPLETED with finished_at in it).
  kCalled,
  // The visits after the first (visit_number > 1) of the orders whose
  // first visit was completed in the interval, whenever they were completed.
  kLaterVisitsOfFirstVisitsCompleted,
};

class ReportRepository {
 public:
  virtual ~ReportRepository() = default;

  // The visits selected, in no particular order.
  virtual absl::StatusOr<std::vector<ReportVisit>> Visits(VisitSelection which, absl::Time from,
                                                          absl::Time to) = 0;
};

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_REPORT_REPOSITORY_H_
