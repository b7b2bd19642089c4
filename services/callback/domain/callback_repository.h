// The callback service's storage port: tasks with what the survey needs
// (order summary, repair facts) and, once submitted, the answers, outcome
// and findings. The MySQL adapter is storage/mysql_callback_repository.h.
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_REPOSITORY_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_REPOSITORY_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/callback/domain/callback_task.h"
#include "services/callback/domain/findings.h"
#include "services/callback/domain/survey.h"

namespace fieldservice::callback {

// What the agent reads before calling (from the order). Each text is valid
// UTF-8 of at most the characters below (the storage's column sizes).
struct OrderSummary {
  std::string product;
  std::string fault;
  std::string work_done;
};
inline constexpr size_t kMaxProductChars = 200;
inline constexpr size_t kMaxSummaryTextChars = 2000;

// The survey's result on a COMPLETED task.
struct SurveyResult {
  SubmittedSurvey submitted;
  CallbackOutcome outcome = CallbackOutcome::kSatisfied;
  std::vector<Finding> findings;
};

struct CallbackRecord {
  CallbackTask task;
  RepairFacts facts;
  OrderSummary summary;
  std::optional<SurveyResult> result;  // COMPLETED only
};

// A change made to a record read under its row lock: the record after, or
// an error (nothing is written).
using RecordChange = std::function<absl::StatusOr<CallbackRecord>(CallbackRecord)>;

class CallbackRepository {
 public:
  virtual ~CallbackRepository() = default;

  // Stores `record` unless a task with its key exists; either way the
  // stored record.
  virtual absl::StatusOr<CallbackRecord> InsertOnce(const CallbackRecord& record) = 0;
  // NOT_FOUND naming the key.
  virtual absl::StatusOr<CallbackRecord> Get(const std::string& key) = 0;
  // In one transaction: the most urgent task claimable at `now`
  // (callback_queue.h), skipping rows other transactions hold, changed by
  // `change` and stored. NOT_FOUND when none is claimable.
  virtual absl::StatusOr<CallbackRecord> ChangeMostUrgent(absl::Time now,
                                                          absl::Duration claim_lapse,
                                                          const RecordChange& change) = 0;
  // In one transaction: the task with `key`, locked, changed and stored.
  // NOT_FOUND naming the key.
  virtual absl::StatusOr<CallbackRecord> Change(const std::string& key,
                                                const RecordChange& change) = 0;
};

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_REPOSITORY_H_
