#include "services/scheduling/storage/mysql_dispatch_repository.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/outbox.h"
#include "services/common/sql.h"
#include "services/scheduling/domain/job_transitions.h"
#include "services/scheduling/storage/job_rows.h"

namespace fieldservice::scheduling {
namespace {

using common::Statement;

using job_rows::kStepsHoldingTime;
using job_rows::Placeholders;

// On the technician's list as the feed shows it: assigned to them and not
// back in the queue or ended (a completed job stays, as completed).
std::string ListedWith(const DispatchJob& job) {
  if (job.step == JobStep::kQueued || job.step == JobStep::kEnded) return "";
  return job.technician_id;
}

// Set when a job's technician changed between the unlocked read of who to
// lock and the locked read of the job: the transaction is rolled back and
// tried again with the right days locked.
constexpr char kMovedMeanwhile[] = "the job moved to another technician meanwhile";

std::optional<DispatchJob> ReadJobWhere(sql::Connection& c, const std::string& order_number,
                                        bool for_update) {
  auto rs = Statement(c, absl::StrCat(job_rows::SelectJobs(), " WHERE order_number = ?",
                                      for_update ? " FOR UPDATE" : "")
                             .c_str())
                .Bind(order_number)
                .Query();
  if (!rs->next()) return std::nullopt;
  return job_rows::ReadJob(*rs);
}

BookedVisit VisitOf(sql::ResultSet& rs) {
  return BookedVisit{.order_number = rs.getString("order_number"),
                     .time = {common::GetTime(rs, "visit_start"), common::GetTime(rs, "visit_end")},
                     .location = {static_cast<double>(rs.getDouble("latitude")),
                                  static_cast<double>(rs.getDouble("longitude"))}};
}

}  // namespace

absl::StatusOr<DispatchJob> MySqlDispatchRepository::MutateJob(const JobMutation& m, absl::Time now,
                                                               const ChangeFn& change) {
  DispatchJob result;
  absl::Status status;
  bool fed = false;
  for (int attempt = 0; attempt < 4; ++attempt) {
    status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) -> absl::Status {
      // Days first, then the job, in every change: the same lock order
      // everywhere. Who the job is with now is read unlocked to know whose
      // day to lock, and checked again under the job's lock.
      const std::optional<DispatchJob> seen = ReadJobWhere(c, m.order_number, false);
      const std::string seen_with = seen.has_value() ? seen->technician_id : "";
      std::set<std::string> days;
      if (!seen_with.empty()) days.insert(seen_with);
      if (!m.technician_id.empty()) days.insert(m.technician_id);
      if (!days.empty()) {
        Statement lock(c, absl::StrCat("SELECT id FROM technicians WHERE id IN ",
                                       Placeholders(days.size()), " ORDER BY id FOR UPDATE"));
        for (const std::string& id : days) lock.Bind(id);
        lock.Query();
      }
      JobContext context;
      context.job = ReadJobWhere(c, m.order_number, true);
      const std::string with = context.job.has_value() ? context.job->technician_id : "";
      if (with != seen_with) return absl::AbortedError(kMovedMeanwhile);
      if (!m.technician_id.empty() && m.visits_between.has_value()) {
        auto rs = Statement(c, absl::StrCat("SELECT order_number, visit_start, visit_end,"
                                            " latitude, longitude FROM dispatch_jobs"
                                            " WHERE technician_id = ? AND visit_start < ?"
                                            " AND visit_end > ? AND step IN ",
                                            kStepsHoldingTime,
                                            " AND order_number <> ? ORDER BY visit_start"))
                      .Bind(m.technician_id)
                      .Bind(m.visits_between->end)
                      .Bind(m.visits_between->start)
                      .Bind(m.order_number)
                      .Query();
        while (rs->next()) context.visits.push_back(VisitOf(*rs));
      }
      absl::StatusOr<std::optional<DispatchJob>> after = change(context);
      if (!after.ok()) return after.status();
      if (!after->has_value()) {
        if (!context.job.has_value()) {
          return absl::NotFoundError(absl::StrCat(JobName(m.order_number), " does not exist"));
        }
        result = *context.job;
        return absl::OkStatus();
      }
      DispatchJob job = **std::move(after);
      job.job.order_number = m.order_number;
      job.version = (context.job.has_value() ? context.job->version : 0) + 1;
      fed = Store(c, context.job, job, m, now);
      result = std::move(job);
      return absl::OkStatus();
    });
    // Two first syncs of one order at once: the loser's insert meets the
    // winner's row; again, it reads that row locked like any later change.
    const bool again =
        (status.code() == absl::StatusCode::kAborted && status.message() == kMovedMeanwhile) ||
        (status.code() == absl::StatusCode::kAlreadyExists && !m.operation && attempt == 0);
    if (!again) break;
  }
  if (!status.ok()) return status;
  if (fed && on_feed_) on_feed_();
  return result;
}

bool MySqlDispatchRepository::Store(sql::Connection& c, const std::optional<DispatchJob>& before,
                                    const DispatchJob& after, const JobMutation& m,
                                    absl::Time now) {
  if (before.has_value()) {
    Statement update(c, job_rows::UpdateJob());
    job_rows::BindJob(update, after);
    update.Bind(after.job.order_number).Execute();
  } else {
    Statement insert(c, job_rows::InsertJob());
    insert.Bind(after.job.order_number);
    job_rows::BindJob(insert, after);
    insert.Execute();
  }
  const std::string was = before.has_value() ? ListedWith(*before) : "";
  const std::string is = ListedWith(after);
  if (!was.empty() && was == is) {
    AppendFeed(c, is, FeedKind::kUpdated, after, now);
  } else {
    if (!was.empty()) AppendFeed(c, was, FeedKind::kRemoved, after, now);
    if (!is.empty()) AppendFeed(c, is, FeedKind::kAdded, after, now);
  }
  if (OwesOrdersProgress(before, after)) {
    common::EnqueueMessage(c, kOrdersProgressTopic, after.job.order_number, now);
  }
  if (m.operation.has_value()) {
    // A second operation with this id meets the key: ALREADY_EXISTS, and
    // the caller answers it as the replay it is.
    Statement(c,
              "INSERT INTO app_operations (technician_id, operation_id, request_hash,"
              " order_number, done_at) VALUES (?, ?, ?, ?, ?)")
        .Bind(m.operation->technician_id)
        .Bind(m.operation->operation_id)
        .Bind(static_cast<int64_t>(m.operation->request_hash))
        .Bind(m.operation->order_number)
        .Bind(now)
        .Execute();
  }
  if (m.record.has_value()) {
    // The order's next visit: its records so far + 1. The job's row is
    // locked by this transaction, and every completion locks it first, so
    // no other completion of the order counts at the same time.
    auto earlier = Statement(c, "SELECT COUNT(*) AS n FROM repair_records WHERE order_number = ?")
                       .Bind(after.job.order_number)
                       .Query();
    const int64_t visit = (earlier->next() ? earlier->getInt64("n") : 0) + 1;
    Statement(c,
              "INSERT INTO repair_records (order_number, visit, technician_id, record,"
              " signature_sha256, summary, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .Bind(after.job.order_number)
        .Bind(visit)
        .Bind(after.technician_id)
        .Bind(m.record->encoded)
        .Bind(m.record->signature_sha256)
        .Bind(m.record->summary)
        .Bind(now)
        .Execute();
  }
  return !was.empty() || !is.empty();
}

void MySqlDispatchRepository::AppendFeed(sql::Connection& c, const std::string& technician_id,
                                         FeedKind kind, const DispatchJob& job, absl::Time now) {
  // The head row stays locked until this commits: the next seq is this
  // change's alone, with no gaps.
  Statement(c,
            "INSERT INTO job_feed_heads (technician_id, last_seq) VALUES (?, 1)"
            " ON DUPLICATE KEY UPDATE last_seq = last_seq + 1")
      .Bind(technician_id)
      .Execute();
  auto head = Statement(c, "SELECT last_seq FROM job_feed_heads WHERE technician_id = ?")
                  .Bind(technician_id)
                  .Query();
  const int64_t seq = head->next() ? head->getInt64("last_seq") : 1;
  Statement(c,
            "INSERT INTO job_feed (technician_id, seq, order_number, kind, job_version,"
            " snapshot, change_time) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .Bind(technician_id)
      .Bind(seq)
      .Bind(job.job.order_number)
      .Bind(std::string(common::NameOf(kFeedKindNames, kind)))
      .Bind(job.version)
      .Bind(encode_snapshot_(job))
      .Bind(now)
      .Execute();
}

absl::StatusOr<std::optional<DispatchJob>> MySqlDispatchRepository::GetJob(
    const std::string& order_number) {
  std::optional<DispatchJob> found;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    found = ReadJobWhere(c, order_number, false);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return found;
}

namespace {

constexpr char kSelectRecords[] =
    "SELECT visit, technician_id, record, signature_sha256, summary, completed_at"
    " FROM repair_records WHERE order_number = ?";

KeptRecord ReadRecord(sql::ResultSet& rs) {
  return KeptRecord{.visit = rs.getInt("visit"),
                    .technician_id = rs.getString("technician_id"),
                    .record = StoredRecord{.encoded = common::GetString(rs, "record"),
                                           .signature_sha256 = rs.getString("signature_sha256"),
                                           .summary = rs.getString("summary")},
                    .completed_at = common::GetTime(rs, "completed_at")};
}

}  // namespace

absl::StatusOr<std::optional<KeptRecord>> MySqlDispatchRepository::LatestRecord(
    const std::string& order_number) {
  std::optional<KeptRecord> found;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    auto rs = Statement(c, absl::StrCat(kSelectRecords, " ORDER BY visit DESC LIMIT 1"))
                  .Bind(order_number)
                  .Query();
    if (rs->next()) found = ReadRecord(*rs);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return found;
}

absl::StatusOr<std::vector<KeptRecord>> MySqlDispatchRepository::RecordsOf(
    const std::string& order_number) {
  std::vector<KeptRecord> records;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    records.clear();
    auto rs =
        Statement(c, absl::StrCat(kSelectRecords, " ORDER BY visit")).Bind(order_number).Query();
    while (rs->next()) records.push_back(ReadRecord(*rs));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return records;
}

absl::StatusOr<QueuePage> MySqlDispatchRepository::ListQueue(std::optional<int64_t> after,
                                                             int limit) {
  // Keyset on (deadline, id); a page continues after its last row's place,
  // read from that row (a row that left the queue still marks the place).
  const std::string sql = absl::StrCat(
      job_rows::SelectJobs(), " WHERE queued",
      after.has_value()
          ? " AND (deadline, id) > ((SELECT deadline FROM dispatch_jobs WHERE id = ?), ?)"
          : "",
      " ORDER BY deadline, id LIMIT ?");
  QueuePage page;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    page = QueuePage{};
    Statement st(c, sql.c_str());
    if (after.has_value()) st.Bind(*after).Bind(*after);
    st.Bind(limit + 1);
    auto rs = st.Query();
    int64_t last_id = 0;
    while (rs->next()) {
      if (static_cast<int>(page.jobs.size()) == limit) {
        page.next_after = last_id;
        break;
      }
      last_id = rs->getInt64("id");
      page.jobs.push_back(job_rows::ReadJob(*rs));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return page;
}

absl::StatusOr<std::map<std::string, std::vector<BookedVisit>>> MySqlDispatchRepository::VisitsOf(
    const std::vector<std::string>& technician_ids, const Interval& between) {
  std::map<std::string, std::vector<BookedVisit>> visits;
  if (technician_ids.empty()) return visits;
  const std::string sql = absl::StrCat(
      "SELECT technician_id, order_number, visit_start, visit_end, latitude, longitude"
      " FROM dispatch_jobs WHERE technician_id IN ",
      Placeholders(technician_ids.size()), " AND visit_start < ? AND visit_end > ? AND step IN ",
      kStepsHoldingTime, " ORDER BY technician_id, visit_start");
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    visits.clear();
    Statement st(c, sql);
    for (const std::string& id : technician_ids) st.Bind(id);
    auto rs = st.Bind(between.end).Bind(between.start).Query();
    while (rs->next()) visits[rs->getString("technician_id")].push_back(VisitOf(*rs));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return visits;
}

absl::StatusOr<std::vector<DispatchJob>> MySqlDispatchRepository::JobsOf(
    const std::string& technician_id, const Interval& day) {
  std::vector<DispatchJob> jobs;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    jobs.clear();
    auto rs = Statement(c, absl::StrCat(job_rows::SelectJobs(),
                                        " WHERE technician_id = ? AND step NOT IN"
                                        " ('QUEUED', 'ENDED') AND ((visit_start < ? AND"
                                        " visit_end > ?) OR (visit_start IS NULL AND step IN"
                                        " ('ASSIGNED', 'WAITING_FOR_PARTS')))"
                                        " ORDER BY visit_start IS NULL, visit_start, order_number"))
                  .Bind(technician_id)
                  .Bind(day.end)
                  .Bind(day.start)
                  .Query();
    while (rs->next()) jobs.push_back(job_rows::ReadJob(*rs));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return jobs;
}

absl::StatusOr<std::vector<FeedEntry>> MySqlDispatchRepository::FeedAfter(
    const std::string& technician_id, int64_t cursor, int limit) {
  std::vector<FeedEntry> entries;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    entries.clear();
    auto rs = Statement(c,
                        "SELECT seq, kind, order_number, job_version, snapshot, change_time"
                        " FROM job_feed WHERE technician_id = ? AND seq > ? ORDER BY seq LIMIT ?")
                  .Bind(technician_id)
                  .Bind(cursor)
                  .Bind(limit)
                  .Query();
    while (rs->next()) {
      entries.push_back(FeedEntry{
          .seq = rs->getInt64("seq"),
          .kind =
              common::ValueNamed(kFeedKindNames, std::string_view(common::GetString(*rs, "kind")))
                  .value_or(FeedKind::kUpdated),
          .order_number = rs->getString("order_number"),
          .job_version = rs->getInt64("job_version"),
          .snapshot = common::GetString(*rs, "snapshot"),
          .change_time = common::GetTime(*rs, "change_time")});
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return entries;
}

absl::StatusOr<int64_t> MySqlDispatchRepository::FeedCursor(const std::string& technician_id) {
  int64_t cursor = 0;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    auto rs = Statement(c, "SELECT last_seq FROM job_feed_heads WHERE technician_id = ?")
                  .Bind(technician_id)
                  .Query();
    cursor = rs->next() ? rs->getInt64("last_seq") : 0;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return cursor;
}

absl::StatusOr<std::map<std::string, int64_t>> MySqlDispatchRepository::FeedCursors(
    const std::vector<std::string>& technician_ids) {
  // In chunks, so one statement's IN list stays short; each is a point read
  // per technician on the primary key.
  constexpr size_t kChunk = 500;
  std::map<std::string, int64_t> cursors;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    cursors.clear();
    for (size_t from = 0; from < technician_ids.size(); from += kChunk) {
      const size_t n = std::min(kChunk, technician_ids.size() - from);
      Statement st(c, absl::StrCat("SELECT technician_id, last_seq FROM job_feed_heads"
                                   " WHERE technician_id IN ",
                                   Placeholders(n)));
      for (size_t i = from; i < from + n; ++i) st.Bind(technician_ids[i]);
      auto rs = st.Query();
      while (rs->next()) cursors[rs->getString("technician_id")] = rs->getInt64("last_seq");
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return cursors;
}

absl::StatusOr<int> MySqlDispatchRepository::PurgeFeed(absl::Time before, int limit) {
  int deleted = 0;
  absl::Status status = common::RunAutocommit(pool_, retry_, [&](sql::Connection& c) {
    // Each DELETE commits on its own and holds its locks only briefly.
    deleted = Statement(c, "DELETE FROM job_feed WHERE change_time < ? LIMIT ?")
                  .Bind(before)
                  .Bind(limit)
                  .Execute();
    deleted += Statement(c, "DELETE FROM app_operations WHERE done_at < ? LIMIT ?")
                   .Bind(before)
                   .Bind(limit)
                   .Execute();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return deleted;
}

absl::StatusOr<bool> MySqlDispatchRepository::EverHad(const std::string& technician_id,
                                                      const std::string& order_number) {
  bool had = false;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    auto rs = Statement(c,
                        "SELECT 1 FROM job_feed WHERE technician_id = ? AND order_number = ?"
                        " LIMIT 1")
                  .Bind(technician_id)
                  .Bind(order_number)
                  .Query();
    had = rs->next();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return had;
}

absl::StatusOr<std::optional<AppOperation>> MySqlDispatchRepository::FindOperation(
    const std::string& technician_id, const std::string& operation_id) {
  std::optional<AppOperation> found;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    found.reset();
    auto rs = Statement(c,
                        "SELECT request_hash, order_number FROM app_operations"
                        " WHERE technician_id = ? AND operation_id = ?")
                  .Bind(technician_id)
                  .Bind(operation_id)
                  .Query();
    if (rs->next()) {
      found = AppOperation{.technician_id = technician_id,
                           .operation_id = operation_id,
                           .request_hash = static_cast<uint64_t>(rs->getInt64("request_hash")),
                           .order_number = rs->getString("order_number")};
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return found;
}

absl::StatusOr<std::pair<GeoPoint, absl::Time>> MySqlDispatchRepository::ReportPosition(
    const std::string& technician_id, const GeoPoint& position, absl::Time fix_time) {
  std::pair<GeoPoint, absl::Time> kept;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    // Assignments apply left to right, so the position is taken while
    // fix_time still holds the old fix: a late, older fix changes nothing.
    Statement(c,
              "INSERT INTO technician_positions (technician_id, latitude, longitude, fix_time)"
              " VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
              " latitude = IF(VALUES(fix_time) > fix_time, VALUES(latitude), latitude),"
              " longitude = IF(VALUES(fix_time) > fix_time, VALUES(longitude), longitude),"
              " fix_time = GREATEST(fix_time, VALUES(fix_time))")
        .Bind(technician_id)
        .Bind(position.latitude)
        .Bind(position.longitude)
        .Bind(fix_time)
        .Execute();
    auto rs = Statement(c,
                        "SELECT latitude, longitude, fix_time FROM technician_positions"
                        " WHERE technician_id = ?")
                  .Bind(technician_id)
                  .Query();
    if (!rs->next()) return absl::InternalError("the position just stored is not there");
    kept = {{static_cast<double>(rs->getDouble("latitude")),
             static_cast<double>(rs->getDouble("longitude"))},
            common::GetTime(*rs, "fix_time")};
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return kept;
}

absl::StatusOr<std::map<std::string, GeoPoint>> MySqlDispatchRepository::PositionsOf(
    const std::vector<std::string>& technician_ids, absl::Time fresh_after) {
  std::map<std::string, GeoPoint> positions;
  if (technician_ids.empty()) return positions;
  const std::string sql = absl::StrCat(
      "SELECT technician_id, latitude, longitude FROM technician_positions"
      " WHERE technician_id IN ",
      Placeholders(technician_ids.size()), " AND fix_time > ?");
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    positions.clear();
    Statement st(c, sql);
    for (const std::string& id : technician_ids) st.Bind(id);
    auto rs = st.Bind(fresh_after).Query();
    while (rs->next()) {
      positions[rs->getString("technician_id")] = {static_cast<double>(rs->getDouble("latitude")),
                                                   static_cast<double>(rs->getDouble("longitude"))};
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return positions;
}

}  // namespace fieldservice::scheduling
