#include "services/scheduling/storage/mysql_technician_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/sql.h"
#include "services/scheduling/api/technician_mapping.h"

namespace fieldservice::scheduling {
namespace technician_rows {

const char kSelect[] =
    "SELECT seq, id, display_name, phone, outlet, home_latitude, home_longitude,"
    " max_jobs_per_day, active, satisfaction, profile, version, created_at, updated_at"
    " FROM technicians";

Technician ReadTechnician(sql::ResultSet& rs) {
  Technician t;
  t.id = rs.getString("id");
  t.display_name = rs.getString("display_name");
  t.phone = rs.getString("phone");
  t.outlet = rs.getString("outlet");
  // The driver reads DOUBLE columns as long double.
  t.home_base = {static_cast<double>(rs.getDouble("home_latitude")),
                 static_cast<double>(rs.getDouble("home_longitude"))};
  t.max_jobs_per_day = rs.getInt("max_jobs_per_day");
  t.active = rs.getBoolean("active");
  if (!rs.isNull("satisfaction"))
    t.satisfaction = static_cast<double>(rs.getDouble("satisfaction"));
  if (!api::ReadProfileJson(rs.getString("profile"), t).ok()) {
    throw common::UnreadableValue("technicians.profile");
  }
  t.version = rs.getInt64("version");
  t.create_time = common::GetTime(rs, "created_at");
  t.update_time = common::GetTime(rs, "updated_at");
  return t;
}

}  // namespace technician_rows

namespace {

using common::Statement;
using technician_rows::kSelect;
using technician_rows::ReadTechnician;

std::optional<Technician> FindBy(sql::Connection& c, const char* column, const std::string& value,
                                 bool for_update) {
  auto rs =
      Statement(
          c,
          absl::StrCat(kSelect, " WHERE ", column, " = ?", for_update ? " FOR UPDATE" : "").c_str())
          .Bind(value)
          .Query();
  if (!rs->next()) return std::nullopt;
  return ReadTechnician(*rs);
}

absl::Status NotFound(const std::string& id) {
  return absl::NotFoundError(absl::StrCat(api::TechnicianName(id), " does not exist"));
}

bool CallbackRecorded(sql::Connection& c, const std::string& callback) {
  return Statement(c, "SELECT 1 FROM technician_callback_ratings WHERE callback = ?")
      .Bind(callback)
      .Query()
      ->next();
}

}  // namespace

absl::StatusOr<CreatedTechnician> MySqlTechnicianRepository::Create(const Technician& technician,
                                                                    const std::string& request_id) {
  CreatedTechnician result;
  // The unique keys decide: a retry of this request finds its first result;
  // an id another request took is refused.
  auto reread = [&](sql::Connection& c) -> absl::StatusOr<bool> {
    std::optional<Technician> first = FindBy(c, "request_id", request_id, false);
    if (first.has_value()) {
      result = {*first, false};
      return true;
    }
    if (FindBy(c, "id", technician.id, false).has_value()) {
      return absl::AlreadyExistsError(
          absl::StrCat(api::TechnicianName(technician.id), " already exists"));
    }
    return false;
  };
  absl::Status status = common::CreateOnce(
      pool_, retry_,
      [&](sql::Connection& c) {
        Statement(c,
                  "INSERT INTO technicians (id, request_id, display_name, phone, outlet,"
                  " home_latitude, home_longitude, max_jobs_per_day, active, satisfaction,"
                  " profile, version, created_at, updated_at)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .Bind(technician.id)
            .Bind(request_id)
            .Bind(technician.display_name)
            .Bind(technician.phone)
            .Bind(technician.outlet)
            .Bind(technician.home_base.latitude)
            .Bind(technician.home_base.longitude)
            .Bind(technician.max_jobs_per_day)
            .Bind(technician.active)
            .Bind(technician.satisfaction)
            .Bind(api::ProfileJson(technician))
            .Bind(technician.version)
            .Bind(technician.create_time)
            .Bind(technician.update_time)
            .Execute();
        result = {technician, true};
        return absl::OkStatus();
      },
      reread, common::CommitMode::kAutocommit);
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<Technician> MySqlTechnicianRepository::Get(const std::string& id) {
  std::optional<Technician> found;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    found = FindBy(c, "id", id, false);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!found.has_value()) return NotFound(id);
  return *found;
}

absl::StatusOr<TechnicianPage> MySqlTechnicianRepository::List(const TechnicianQuery& q) {
  std::string sql =
      absl::StrCat(kSelect, " WHERE seq > ?", q.outlet.empty() ? "" : " AND outlet = ?",
                   q.include_inactive ? "" : " AND active", " ORDER BY seq LIMIT ?");
  TechnicianPage page;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    page = TechnicianPage{};
    Statement st(c, sql.c_str());
    st.Bind(q.after.value_or(0));
    if (!q.outlet.empty()) st.Bind(q.outlet);
    st.Bind(q.limit + 1);
    auto rs = st.Query();
    int64_t last_seq = 0;
    while (rs->next()) {
      if (static_cast<int>(page.technicians.size()) == q.limit) {
        page.next_after = last_seq;
        break;
      }
      last_seq = rs->getInt64("seq");
      page.technicians.push_back(ReadTechnician(*rs));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return page;
}

absl::StatusOr<std::vector<Technician>> MySqlTechnicianRepository::ListAll() {
  std::vector<Technician> all;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    all.clear();
    auto rs = Statement(c, absl::StrCat(kSelect, " ORDER BY seq").c_str()).Query();
    while (rs->next()) all.push_back(ReadTechnician(*rs));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return all;
}

absl::StatusOr<Technician> MySqlTechnicianRepository::Update(const std::string& id,
                                                             int64_t expected_version,
                                                             const ChangeFn& change,
                                                             absl::Time now) {
  Technician result;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    std::optional<Technician> stored = FindBy(c, "id", id, true);
    if (!stored.has_value()) return NotFound(id);
    if (stored->version != expected_version) {
      return absl::AbortedError(absl::StrCat(api::TechnicianName(id), " changed since etag ",
                                             expected_version, " (now ", stored->version,
                                             "); read it again"));
    }
    Technician t = *stored;
    if (absl::Status ok = change(t); !ok.ok()) return ok;
    t.version = stored->version + 1;
    t.update_time = now;
    Statement(c,
              "UPDATE technicians SET display_name = ?, phone = ?, outlet = ?,"
              " home_latitude = ?, home_longitude = ?, max_jobs_per_day = ?, active = ?,"
              " profile = ?, version = ?, updated_at = ? WHERE id = ?")
        .Bind(t.display_name)
        .Bind(t.phone)
        .Bind(t.outlet)
        .Bind(t.home_base.latitude)
        .Bind(t.home_base.longitude)
        .Bind(t.max_jobs_per_day)
        .Bind(t.active)
        .Bind(api::ProfileJson(t))
        .Bind(t.version)
        .Bind(t.update_time)
        .Bind(id)
        .Execute();
    result = t;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<RatedTechnician> MySqlTechnicianRepository::RecordCallbackRating(
    const CallbackRating& rating, int window, const SatisfactionFn& satisfaction_of,
    absl::Time now) {
  const std::string& id = rating.technician_id;
  RatedTechnician result;
  // The technician's row lock orders this technician's ratings; the primary
  // key refuses a duplicate racing in for another technician's row, and the
  // re-read then answers as a retry would.
  auto reread = [&](sql::Connection& c) -> absl::StatusOr<bool> {
    std::optional<Technician> stored = FindBy(c, "id", id, false);
    if (!stored.has_value()) return NotFound(id);
    result = {*stored, false};
    return CallbackRecorded(c, rating.callback);
  };
  absl::Status status = common::CreateOnce(
      pool_, retry_,
      [&](sql::Connection& c) {
        std::optional<Technician> stored = FindBy(c, "id", id, true);
        if (!stored.has_value()) return NotFound(id);
        result = {*stored, false};
        if (CallbackRecorded(c, rating.callback)) return absl::OkStatus();
        Statement(c,
                  "INSERT INTO technician_callback_ratings (callback, technician_id, rating,"
                  " conduct_findings, score, callback_at, recorded_at)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?)")
            .Bind(rating.callback)
            .Bind(id)
            .Bind(rating.rating)
            .Bind(absl::StrJoin(rating.conduct_findings, ","))
            .Bind(rating.score)
            .Bind(rating.callback_time)
            .Bind(now)
            .Execute();
        if (!rating.score.has_value()) return absl::OkStatus();
        std::vector<double> latest;
        auto rs = Statement(c,
                            "SELECT score FROM technician_callback_ratings"
                            " WHERE technician_id = ? AND score IS NOT NULL"
                            " ORDER BY callback_at DESC, callback DESC LIMIT ?")
                      .Bind(id)
                      .Bind(window)
                      .Query();
        while (rs->next()) latest.push_back(static_cast<double>(rs->getDouble("score")));
        Technician t = *stored;
        t.satisfaction = satisfaction_of(latest);
        t.version = stored->version + 1;
        t.update_time = now;
        Statement(c,
                  "UPDATE technicians SET satisfaction = ?, version = ?, updated_at = ?"
                  " WHERE id = ?")
            .Bind(t.satisfaction)
            .Bind(t.version)
            .Bind(t.update_time)
            .Bind(id)
            .Execute();
        result = {t, true};
        return absl::OkStatus();
      },
      reread);
  if (!status.ok()) return status;
  return result;
}

}  // namespace fieldservice::scheduling
