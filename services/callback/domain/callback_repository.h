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

// The repair record as the agent reads it (售后维修记录): parts fitted and
// fees charged, and the 三包 decision in words. Empty when no record reached
// the reporter (RepairFacts::record_known).
struct RecordPart {
  std::string part_id;
  std::string serial;
  int64_t quantity = 0;
  friend bool operator==(const RecordPart&, const RecordPart&) = default;
};
struct RecordFee {
  std::string kind;  // "LABOUR", "PART", "CALLOUT"
  std::string part_id;
  int64_t amount_fen = 0;
  friend bool operator==(const RecordFee&, const RecordFee&) = default;
};
struct RecordDetail {
  std::vector<RecordPart> parts;
  std::vector<RecordFee> fees;
  // The 三包 decision: "FREE", "PAID" or "UNDECIDED", and its reason.
  std::string coverage;
  std::string coverage_reason;
  friend bool operator==(const RecordDetail&, const RecordDetail&) = default;
};

// Who to call. The phone is shown only to the agent holding the claim
// (callback_handler.cc) and never logged.
struct CustomerContact {
  std::string name;
  std::string phone;
};

// Everything the orders service reports of a completed visit.
struct VisitReport {
  VisitCompleted visit;
  RepairFacts facts;
  OrderSummary summary;
  RecordDetail detail;
  CustomerContact customer;
};
inline constexpr size_t kMaxCustomerNameChars = 64;
inline constexpr size_t kMaxPhoneChars = 32;
inline constexpr size_t kMaxCoverageReasonChars = 500;
inline constexpr int kMaxRecordLines = 50;  // parts, and fees, on one record

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
  RecordDetail detail;
  CustomerContact customer;
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
  // In one transaction: the task with `key`, locked, changed and stored,
  // with the messages the change owes (outcome_report.h OwedBy), enqueued
  // at `now`. NOT_FOUND naming the key. ChangeMostUrgent stores the same.
  virtual absl::StatusOr<CallbackRecord> Change(const std::string& key, absl::Time now,
                                                const RecordChange& change) = 0;
};

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_CALLBACK_REPOSITORY_H_
