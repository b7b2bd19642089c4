// The jobs' storage port (domain/dispatch_repository.h) and the day
// planner's (domain/day_plan_repository.h; mysql_day_plans.cc) on a
// MySQL-protocol database.
#ifndef FIELDSERVICE_SCHEDULING_STORAGE_MYSQL_DISPATCH_REPOSITORY_H_
#define FIELDSERVICE_SCHEDULING_STORAGE_MYSQL_DISPATCH_REPOSITORY_H_

#include <functional>
#include <string>

#include "services/common/db_pool.h"
#include "services/common/transaction.h"
#include "services/scheduling/domain/day_plan_repository.h"
#include "services/scheduling/domain/dispatch_repository.h"

namespace fieldservice::scheduling {

class MySqlDispatchRepository final : public DispatchRepository, public DayPlanRepository {
 public:
  // `encode_snapshot` turns a job into a feed entry's snapshot (the API's
  // TechnicianJob without the customer).
  using SnapshotEncoder = std::function<std::string(const DispatchJob&)>;
  MySqlDispatchRepository(common::ConnectionPool& pool, common::RetryPolicy retry,
                          SnapshotEncoder encode_snapshot)
      : pool_(pool), retry_(retry), encode_snapshot_(std::move(encode_snapshot)) {}

  // `committed` runs after each commit that added feed entries (the app
  // streams wake at once instead of at their next poll). Set it before
  // serving.
  void OnFeedCommitted(std::function<void()> committed) { on_feed_ = std::move(committed); }

  absl::StatusOr<DispatchJob> MutateJob(const JobMutation& m, absl::Time now,
                                        const ChangeFn& change) override;
  absl::StatusOr<std::optional<DispatchJob>> GetJob(const std::string& order_number) override;
  absl::StatusOr<std::optional<KeptRecord>> LatestRecord(const std::string& order_number) override;
  absl::StatusOr<std::vector<KeptRecord>> RecordsOf(const std::string& order_number) override;
  absl::StatusOr<QueuePage> ListQueue(std::optional<int64_t> after, int limit) override;
  absl::StatusOr<std::map<std::string, std::vector<BookedVisit>>> VisitsOf(
      const std::vector<std::string>& technician_ids, const Interval& between) override;
  absl::StatusOr<std::vector<DispatchJob>> JobsOf(const std::string& technician_id,
                                                  const Interval& day) override;
  absl::StatusOr<std::vector<FeedEntry>> FeedAfter(const std::string& technician_id, int64_t cursor,
                                                   int limit) override;
  absl::StatusOr<int64_t> FeedCursor(const std::string& technician_id) override;
  absl::StatusOr<std::map<std::string, int64_t>> FeedCursors(
      const std::vector<std::string>& technician_ids) override;
  absl::StatusOr<int> PurgeFeed(absl::Time before, int limit) override;
  absl::StatusOr<bool> EverHad(const std::string& technician_id,
                               const std::string& order_number) override;
  absl::StatusOr<std::optional<AppOperation>> FindOperation(
      const std::string& technician_id, const std::string& operation_id) override;
  absl::StatusOr<std::pair<GeoPoint, absl::Time>> ReportPosition(const std::string& technician_id,
                                                                 const GeoPoint& position,
                                                                 absl::Time fix_time) override;
  absl::StatusOr<std::map<std::string, GeoPoint>> PositionsOf(
      const std::vector<std::string>& technician_ids, absl::Time fresh_after) override;

  absl::StatusOr<DayPlanInputs> ReadDayInputs(const DayPlanScope& scope) override;
  absl::Status StoreDayPlan(const DayPlan& plan, absl::Time purge_before) override;
  absl::StatusOr<std::optional<DayPlan>> GetDayPlan(const std::string& id) override;
  absl::StatusOr<std::vector<DispatchJob>> CommitDay(const DayPlanScope& scope, absl::Time now,
                                                     const DecideFn& decide) override;

 private:
  // Returns whether it added feed entries.
  bool Store(sql::Connection& c, const std::optional<DispatchJob>& before, const DispatchJob& after,
             const JobMutation& m, absl::Time now);
  void AppendFeed(sql::Connection& c, const std::string& technician_id, FeedKind kind,
                  const DispatchJob& job, absl::Time now);

  common::ConnectionPool& pool_;
  common::RetryPolicy retry_;
  SnapshotEncoder encode_snapshot_;
  std::function<void()> on_feed_;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_STORAGE_MYSQL_DISPATCH_REPOSITORY_H_
