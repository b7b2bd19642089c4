#include "services/scheduling/storage/job_rows.h"

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace fieldservice::scheduling::job_rows {
namespace {

// In the order BindJob binds them.
constexpr const char* kColumns[] = {
    "order_version",
    "order_visit",
    "queued",
    "region_code",
    "latitude",
    "longitude",
    "category",
    "brand",
    "min_level",
    "window_start",
    "window_end",
    "deadline",
    "priority",
    "complaint",
    "service_minutes",
    "queue_time",
    "step",
    "version",
    "technician_id",
    "accepted",
    "visit_start",
    "visit_end",
    "appointment_start",
    "appointment_end",
    "missed_start",
    "missed_end",
    "eta",
    "step_reason",
    "overridden_rules",
    "override_reason",
    "step_time",
    "customer_name",
    "customer_phone",
    "customer_address",
    "model",
    "fault_description",
    "charges_decided",
    "charges_free",
    "labour_fen",
    "part_fen",
    "part_priced",
    "callout_fen",
    "load_units",
};

std::optional<Interval> ReadInterval(sql::ResultSet& rs, const char* start_column,
                                     const char* end_column) {
  std::optional<absl::Time> start = common::GetOptionalTime(rs, start_column);
  std::optional<absl::Time> end = common::GetOptionalTime(rs, end_column);
  if (!start.has_value() || !end.has_value()) return std::nullopt;
  return Interval{*start, *end};
}

void BindInterval(common::Statement& st, const std::optional<Interval>& i) {
  st.Bind(i.has_value() ? std::optional<absl::Time>(i->start) : std::nullopt)
      .Bind(i.has_value() ? std::optional<absl::Time>(i->end) : std::nullopt);
}

}  // namespace

const std::string& SelectJobs() {
  static const std::string* sql = new std::string(absl::StrCat(
      "SELECT id, order_number, ", absl::StrJoin(kColumns, ", "), " FROM dispatch_jobs"));
  return *sql;
}

const std::string& InsertJob() {
  static const std::string* sql = [] {
    std::vector<std::string> marks(std::size(kColumns) + 1, "?");
    return new std::string(absl::StrCat("INSERT INTO dispatch_jobs (order_number, ",
                                        absl::StrJoin(kColumns, ", "), ") VALUES (",
                                        absl::StrJoin(marks, ", "), ")"));
  }();
  return *sql;
}

const std::string& UpdateJob() {
  static const std::string* sql = [] {
    std::vector<std::string> sets;
    for (const char* column : kColumns) sets.push_back(absl::StrCat(column, " = ?"));
    return new std::string(absl::StrCat("UPDATE dispatch_jobs SET ", absl::StrJoin(sets, ", "),
                                        " WHERE order_number = ?"));
  }();
  return *sql;
}

DispatchJob ReadJob(sql::ResultSet& rs) {
  DispatchJob d;
  Job& j = d.job;
  j.order_number = rs.getString("order_number");
  d.order_version = rs.getInt64("order_version");
  d.order_visit = rs.getInt64("order_visit");
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
  j.window = ReadInterval(rs, "window_start", "window_end");
  j.deadline = common::GetTime(rs, "deadline");
  j.priority = rs.getInt("priority");
  j.complaint = rs.getBoolean("complaint");
  j.service_time = absl::Minutes(rs.getInt("service_minutes"));
  d.queue_time = common::GetTime(rs, "queue_time");
  d.step = common::ValueNamed(kJobStepNames, std::string_view(common::GetString(rs, "step")))
               .value_or(JobStep::kEnded);
  d.version = rs.getInt64("version");
  d.technician_id = common::GetOptionalString(rs, "technician_id").value_or("");
  d.accepted = rs.getBoolean("accepted");
  d.visit = ReadInterval(rs, "visit_start", "visit_end");
  d.appointment = ReadInterval(rs, "appointment_start", "appointment_end");
  d.missed = ReadInterval(rs, "missed_start", "missed_end");
  d.eta = common::GetOptionalTime(rs, "eta");
  d.step_reason = common::GetString(rs, "step_reason");
  const std::string rules = common::GetString(rs, "overridden_rules");
  if (!rules.empty()) d.overridden_rules = absl::StrSplit(rules, ',');
  d.override_reason = common::GetString(rs, "override_reason");
  d.step_time = common::GetOptionalTime(rs, "step_time").value_or(d.queue_time);
  d.customer = {common::GetString(rs, "customer_name"), common::GetString(rs, "customer_phone"),
                common::GetString(rs, "customer_address")};
  d.model = common::GetString(rs, "model");
  d.fault_description = common::GetString(rs, "fault_description");
  d.charges = {.decided = rs.getBoolean("charges_decided"),
               .free = rs.getBoolean("charges_free"),
               .labour_fen = rs.getInt64("labour_fen"),
               .part_fen = rs.getInt64("part_fen"),
               .part_priced = rs.getBoolean("part_priced"),
               .callout_fen = rs.getInt64("callout_fen")};
  j.load = static_cast<double>(rs.getDouble("load_units"));
  return d;
}

void BindJob(common::Statement& st, const DispatchJob& d) {
  const Job& j = d.job;
  std::optional<double> lat, lng;
  if (d.has_location) {
    lat = j.location.latitude;
    lng = j.location.longitude;
  }
  st.Bind(d.order_version)
      .Bind(d.order_visit)
      .Bind(d.queued())
      .Bind(j.region_code)
      .Bind(lat)
      .Bind(lng)
      .Bind(j.category)
      .Bind(j.brand)
      .Bind(j.min_level);
  BindInterval(st, j.window);
  st.Bind(j.deadline)
      .Bind(j.priority)
      .Bind(j.complaint)
      .Bind(static_cast<int>(absl::ToInt64Minutes(j.service_time)))
      .Bind(d.queue_time)
      .Bind(JobStepName(d.step))
      .Bind(d.version)
      .Bind(d.technician_id.empty() ? std::nullopt : std::optional<std::string>(d.technician_id))
      .Bind(d.accepted);
  BindInterval(st, d.visit);
  BindInterval(st, d.appointment);
  BindInterval(st, d.missed);
  st.Bind(d.eta)
      .Bind(d.step_reason)
      .Bind(absl::StrJoin(d.overridden_rules, ","))
      .Bind(d.override_reason)
      .Bind(d.step_time)
      .Bind(d.customer.name)
      .Bind(d.customer.phone)
      .Bind(d.customer.address)
      .Bind(d.model)
      .Bind(d.fault_description)
      .Bind(d.charges.decided)
      .Bind(d.charges.free)
      .Bind(d.charges.labour_fen)
      .Bind(d.charges.part_fen)
      .Bind(d.charges.part_priced)
      .Bind(d.charges.callout_fen)
      .Bind(j.load);
}

std::string Placeholders(size_t n) {
  std::vector<std::string> marks(n, "?");
  return absl::StrCat("(", absl::StrJoin(marks, ", "), ")");
}

}  // namespace fieldservice::scheduling::job_rows
