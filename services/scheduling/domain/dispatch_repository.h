// The storage port for jobs: the queue, each technician's days, their
// change feeds (for the app's stream) and the app's operations done.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_REPOSITORY_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_REPOSITORY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/scheduling/domain/dispatch_queue.h"

namespace fieldservice::scheduling {

struct QueuePage {
  std::vector<DispatchJob> jobs;
  std::optional<int64_t> next_after;  // set when more follow
};

// An app operation: recorded with the change it made, so a replay of the
// same id acts once.
struct AppOperation {
  std::string technician_id;
  std::string operation_id;
  uint64_t request_hash = 0;  // the request's fingerprint, to tell a reuse
  std::string order_number;   // the job it acted on (empty: none)
};

// The repair record kept with a completed job, as the app sent it.
struct StoredRecord {
  std::string encoded;  // the serialised record, signature included
  std::string signature_sha256;
  std::string summary;
};

// A repair record as kept: the order's `visit`-th (1, 2, ... one per
// completion of its job; a reopened order's job completes again).
struct KeptRecord {
  int visit = 0;
  std::string technician_id;  // who completed the visit
  StoredRecord record;
  absl::Time completed_at;
};

// One change to a technician's jobs, in their feed.
enum class FeedKind { kAdded, kUpdated, kRemoved };
inline constexpr common::EnumName<FeedKind> kFeedKindNames[] = {
    {FeedKind::kAdded, "ADDED"},
    {FeedKind::kUpdated, "UPDATED"},
    {FeedKind::kRemoved, "REMOVED"},
};

struct FeedEntry {
  int64_t seq = 0;  // 1, 2, 3 ... per technician, no gaps
  FeedKind kind = FeedKind::kUpdated;
  std::string order_number;
  int64_t job_version = 0;
  std::string snapshot;  // the job as the change left it (encoded by the service)
  absl::Time change_time;
};

// A change to one job: whose day it needs, and what it records with it.
struct JobMutation {
  std::string order_number;
  // The technician the job goes to or stays with: their day is locked with
  // the job (so two changes cannot both take the same hour) and their
  // visits in `visits_between` are read. Empty: none.
  // (Default member initializers: designated initializers may leave any
  // of these out without a warning.)
  std::string technician_id = {};
  std::optional<Interval> visits_between = {};
  std::optional<AppOperation> operation = {};
  std::optional<StoredRecord> record = {};
};

// What a change decides by, read in its transaction.
struct JobContext {
  std::optional<DispatchJob> job;  // locked; nullopt: never heard of
  // The technician's other jobs' visits (this order's own left out).
  std::vector<BookedVisit> visits;
};

class DispatchRepository {
 public:
  virtual ~DispatchRepository() = default;

  // In one transaction: locks the days of the job's technician and of
  // `m.technician_id`, then the job; asks `change` for the job to store
  // (nullopt: nothing changes; an error rolls back and is returned) and
  // stores it with its version bumped. With it: a feed entry for each
  // technician the job leaves, joins or changes on; the orders service's
  // message when OwesOrdersProgress; the operation; the record (as the
  // order's next visit). Returns the
  // job as stored afterwards (NOT_FOUND when there is none).
  using ChangeFn =
      std::function<absl::StatusOr<std::optional<DispatchJob>>(const JobContext& context)>;
  virtual absl::StatusOr<DispatchJob> MutateJob(const JobMutation& m, absl::Time now,
                                                const ChangeFn& change) = 0;

  // The order's job (nullopt: scheduling never heard of the order).
  virtual absl::StatusOr<std::optional<DispatchJob>> GetJob(const std::string& order_number) = 0;

  // The repair record of the order's latest completed visit (nullopt: none
  // was ever completed with a record).
  virtual absl::StatusOr<std::optional<KeptRecord>> LatestRecord(
      const std::string& order_number) = 0;
  // All of the order's records, the first visit first.
  virtual absl::StatusOr<std::vector<KeptRecord>> RecordsOf(const std::string& order_number) = 0;

  // Queued jobs, the soonest deadline first, equal deadlines in the order
  // they were first stored; `after` continues a previous page.
  virtual absl::StatusOr<QueuePage> ListQueue(std::optional<int64_t> after, int limit) = 0;

  // The visits booked for these technicians overlapping `between`.
  virtual absl::StatusOr<std::map<std::string, std::vector<BookedVisit>>> VisitsOf(
      const std::vector<std::string>& technician_ids, const Interval& between) = 0;

  // A technician's jobs on their list: visits overlapping `day`, then those
  // with them but no visit yet; each in visit order.
  virtual absl::StatusOr<std::vector<DispatchJob>> JobsOf(const std::string& technician_id,
                                                          const Interval& day) = 0;

  // Feed entries after `cursor`, oldest first, at most `limit`.
  virtual absl::StatusOr<std::vector<FeedEntry>> FeedAfter(const std::string& technician_id,
                                                           int64_t cursor, int limit) = 0;
  // The technician's latest seq (0: none).
  virtual absl::StatusOr<int64_t> FeedCursor(const std::string& technician_id) = 0;
  // The latest seq of each of these technicians that has one.
  virtual absl::StatusOr<std::map<std::string, int64_t>> FeedCursors(
      const std::vector<std::string>& technician_ids) = 0;
  // Deletes up to `limit` feed entries and up to `limit` app operations
  // older than `before` (each technician's seq carries on regardless);
  // returns how many went.
  virtual absl::StatusOr<int> PurgeFeed(absl::Time before, int limit) = 0;
  // Whether the job was ever on the technician's list (within the feed's
  // retention).
  virtual absl::StatusOr<bool> EverHad(const std::string& technician_id,
                                       const std::string& order_number) = 0;

  // The operation recorded under this id (nullopt: none).
  virtual absl::StatusOr<std::optional<AppOperation>> FindOperation(
      const std::string& technician_id, const std::string& operation_id) = 0;

  // Keeps the position unless a newer fix is kept; returns the kept one.
  virtual absl::StatusOr<std::pair<GeoPoint, absl::Time>> ReportPosition(
      const std::string& technician_id, const GeoPoint& position, absl::Time fix_time) = 0;
  // Last positions of these technicians, of those whose fix is newer than
  // `fresh_after`.
  virtual absl::StatusOr<std::map<std::string, GeoPoint>> PositionsOf(
      const std::vector<std::string>& technician_ids, absl::Time fresh_after) = 0;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_REPOSITORY_H_
