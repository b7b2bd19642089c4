#include "services/scheduling/storage/mysql_dispatch_repository.h"

#include "absl/strings/str_cat.h"
#include "services/common/sql.h"

namespace fieldservice::scheduling {
namespace {

using common::Statement;

constexpr char kSelect[] =
    "SELECT id, order_number, order_version, queued, region_code, latitude, longitude,"
    " category, brand, min_level, window_start, window_end, deadline, priority, complaint,"
    " service_minutes, queue_time FROM dispatch_jobs";

DispatchJob ReadJob(sql::ResultSet& rs) {
  DispatchJob d;
  Job& j = d.job;
  j.order_number = rs.getString("order_number");
  d.order_version = rs.getInt64("order_version");
  d.queued = rs.getBoolean("queued");
  j.region_code = rs.getString("region_code");
  d.has_location = !rs.isNull("latitude");
  if (d.has_location) {
    // The driver reads DOUBLE columns as long double.
    j.location = {static_cast<double>(rs.getDouble("latitude")),
                  static_cast<double>(rs.getDouble("longitude"))};
  }
  j.category = rs.getString("category");
  j.brand = rs.getString("brand");
  j.min_level = rs.getInt("min_level");
  std::optional<absl::Time> start = common::GetOptionalTime(rs, "window_start");
  std::optional<absl::Time> end = common::GetOptionalTime(rs, "window_end");
  if (start.has_value() && end.has_value()) j.window = Interval{*start, *end};
  j.deadline = common::GetTime(rs, "deadline");
  j.priority = rs.getInt("priority");
  j.complaint = rs.getBoolean("complaint");
  j.service_time = absl::Minutes(rs.getInt("service_minutes"));
  d.queue_time = common::GetTime(rs, "queue_time");
  return d;
}

// The columns after order_number, in the order both statements bind them.
void BindJob(Statement& st, const DispatchJob& d) {
  const Job& j = d.job;
  std::optional<double> lat, lng;
  if (d.has_location) {
    lat = j.location.latitude;
    lng = j.location.longitude;
  }
  std::optional<absl::Time> start, end;
  if (j.window.has_value()) {
    start = j.window->start;
    end = j.window->end;
  }
  st.Bind(d.order_version)
      .Bind(d.queued)
      .Bind(j.region_code)
      .Bind(lat)
      .Bind(lng)
      .Bind(j.category)
      .Bind(j.brand)
      .Bind(j.min_level)
      .Bind(start)
      .Bind(end)
      .Bind(j.deadline)
      .Bind(j.priority)
      .Bind(j.complaint)
      .Bind(static_cast<int>(absl::ToInt64Minutes(j.service_time)))
      .Bind(d.queue_time);
}

}  // namespace

absl::StatusOr<DispatchJob> MySqlDispatchRepository::SyncJob(const std::string& order_number,
                                                             const SyncFn& sync) {
  DispatchJob result;
  auto attempt = [&] {
    return common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
      auto rs = Statement(c, absl::StrCat(kSelect, " WHERE order_number = ? FOR UPDATE").c_str())
                    .Bind(order_number)
                    .Query();
      std::optional<DispatchJob> before;
      if (rs->next()) before = ReadJob(*rs);
      std::optional<DispatchJob> after = sync(before);
      if (!after.has_value()) {
        if (!before.has_value()) return absl::InternalError("a first sync stored nothing");
        result = *before;
        return absl::OkStatus();
      }
      if (before.has_value()) {
        Statement st(c,
                     "UPDATE dispatch_jobs SET order_version = ?, queued = ?, region_code = ?,"
                     " latitude = ?, longitude = ?, category = ?, brand = ?, min_level = ?,"
                     " window_start = ?, window_end = ?, deadline = ?, priority = ?,"
                     " complaint = ?, service_minutes = ?, queue_time = ?"
                     " WHERE order_number = ?");
        BindJob(st, *after);
        st.Bind(order_number).Execute();
      } else {
        Statement st(c,
                     "INSERT INTO dispatch_jobs (order_number, order_version, queued,"
                     " region_code, latitude, longitude, category, brand, min_level,"
                     " window_start, window_end, deadline, priority, complaint,"
                     " service_minutes, queue_time)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        st.Bind(order_number);
        BindJob(st, *after);
        st.Execute();
      }
      result = *after;
      return absl::OkStatus();
    });
  };
  absl::Status status = attempt();
  // Two first syncs of one order at once: the loser's insert meets the
  // winner's row; again, it reads that row locked like any later sync.
  if (status.code() == absl::StatusCode::kAlreadyExists) status = attempt();
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<std::optional<DispatchJob>> MySqlDispatchRepository::GetJob(
    const std::string& order_number) {
  std::optional<DispatchJob> found;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    auto rs = Statement(c, absl::StrCat(kSelect, " WHERE order_number = ?").c_str())
                  .Bind(order_number)
                  .Query();
    found.reset();
    if (rs->next()) found = ReadJob(*rs);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return found;
}

absl::StatusOr<QueuePage> MySqlDispatchRepository::ListQueue(std::optional<int64_t> after,
                                                             int limit) {
  // Keyset on (deadline, id); a page continues after its last row's place,
  // read from that row (a row that left the queue still marks the place).
  const std::string sql = absl::StrCat(
      kSelect, " WHERE queued",
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
      page.jobs.push_back(ReadJob(*rs));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return page;
}

}  // namespace fieldservice::scheduling
