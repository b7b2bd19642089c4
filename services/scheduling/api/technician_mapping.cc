#include "services/scheduling/api/technician_mapping.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/enum_names.h"
#include "services/common/proto_time.h"

namespace fieldservice::scheduling::api {
namespace {

using common::EnumName;
using common::FieldViolation;

constexpr EnumName<absl::Weekday, v1::Weekday> kWeekdays[] = {
    {absl::Weekday::monday, v1::MONDAY},       {absl::Weekday::tuesday, v1::TUESDAY},
    {absl::Weekday::wednesday, v1::WEDNESDAY}, {absl::Weekday::thursday, v1::THURSDAY},
    {absl::Weekday::friday, v1::FRIDAY},       {absl::Weekday::saturday, v1::SATURDAY},
    {absl::Weekday::sunday, v1::SUNDAY}};
constexpr EnumName<AbsenceKind, v1::AbsenceKind> kAbsenceKinds[] = {
    {AbsenceKind::kLeave, v1::LEAVE},
    {AbsenceKind::kSick, v1::SICK},
    {AbsenceKind::kTraining, v1::TRAINING}};

constexpr char kNamePrefix[] = "technicians/";

GeoPoint FromProto(const fieldservice::type::GeoPoint& p) { return {p.latitude(), p.longitude()}; }

void ToProto(const GeoPoint& p, fieldservice::type::GeoPoint* out) {
  out->set_latitude(p.latitude);
  out->set_longitude(p.longitude);
}

// The list fields only: what the profile document holds.
void ListsFromProto(const v1::Technician& proto, const std::string& prefix, Technician& t,
                    std::vector<FieldViolation>& violations) {
  auto at = [&](const std::string& field) { return absl::StrCat(prefix, ".", field); };
  t.skills.categories.assign(proto.skills().categories().begin(),
                             proto.skills().categories().end());
  t.skills.brands.assign(proto.skills().brands().begin(), proto.skills().brands().end());
  t.skills.level = proto.skills().level();
  const v1::ServiceArea& area = proto.service_area();
  t.area.region_codes.assign(area.region_codes().begin(), area.region_codes().end());
  t.area.polygon.clear();
  for (const auto& p : area.polygon()) t.area.polygon.push_back(FromProto(p));
  t.area.radius_km = area.radius_km();
  t.van_capacity.reset();
  if (proto.has_van_capacity()) t.van_capacity = proto.van_capacity();
  t.shifts.clear();
  for (int i = 0; i < proto.weekly_shifts_size(); ++i) {
    const v1::WeeklyShift& s = proto.weekly_shifts(i);
    auto day = common::ValueNamed(kWeekdays, s.weekday());
    if (!day.has_value()) {
      violations.push_back(
          {at(absl::StrCat("weekly_shifts[", i, "].weekday")), "required: MONDAY to SUNDAY"});
      continue;
    }
    t.shifts.push_back({*day, s.start_minute(), s.end_minute()});
  }
  t.absences.clear();
  for (int i = 0; i < proto.absences_size(); ++i) {
    const v1::Absence& a = proto.absences(i);
    const std::string path = at(absl::StrCat("absences[", i, "]"));
    auto kind = common::ValueNamed(kAbsenceKinds, a.kind());
    if (!kind.has_value())
      violations.push_back({path + ".kind", "required: LEAVE, SICK or TRAINING"});
    if (!a.has_time())
      violations.push_back({path + ".time", "required: when the technician is away"});
    auto start = common::ToTime(a.time().start_time(), a.time().has_start_time(),
                                path + ".time.start_time", violations);
    auto end = common::ToTime(a.time().end_time(), a.time().has_end_time(), path + ".time.end_time",
                              violations);
    if (!kind.has_value() || !start.has_value() || !end.has_value()) continue;
    t.absences.push_back({*kind, *start, *end, a.note()});
  }
}

void ListsToProto(const Technician& t, v1::Technician* proto) {
  v1::Skills* skills = proto->mutable_skills();
  for (const std::string& c : t.skills.categories) skills->add_categories(c);
  for (const std::string& b : t.skills.brands) skills->add_brands(b);
  skills->set_level(t.skills.level);
  v1::ServiceArea* area = proto->mutable_service_area();
  for (const std::string& code : t.area.region_codes) area->add_region_codes(code);
  for (const GeoPoint& p : t.area.polygon) ToProto(p, area->add_polygon());
  area->set_radius_km(t.area.radius_km);
  if (t.van_capacity.has_value()) proto->set_van_capacity(*t.van_capacity);
  for (const WeeklyShift& s : t.shifts) {
    v1::WeeklyShift* out = proto->add_weekly_shifts();
    out->set_weekday(common::FindName(kWeekdays, s.weekday).value_or(v1::WEEKDAY_UNSPECIFIED));
    out->set_start_minute(s.start_minute);
    out->set_end_minute(s.end_minute);
  }
  for (const Absence& a : t.absences) {
    v1::Absence* out = proto->add_absences();
    out->set_kind(common::FindName(kAbsenceKinds, a.kind).value_or(v1::ABSENCE_KIND_UNSPECIFIED));
    common::SetTimestamp(a.start, out->mutable_time()->mutable_start_time());
    common::SetTimestamp(a.end, out->mutable_time()->mutable_end_time());
    out->set_note(a.note);
  }
}

}  // namespace

Technician FromProto(const v1::Technician& proto, const std::string& prefix,
                     std::vector<FieldViolation>& violations) {
  Technician t;
  t.display_name = proto.display_name();
  t.phone = proto.phone();
  t.outlet = proto.outlet();
  ListsFromProto(proto, prefix, t, violations);
  if (!proto.has_home_base()) {
    violations.push_back({absl::StrCat(prefix, ".home_base"), "required: where the day starts"});
  }
  t.home_base = FromProto(proto.home_base());
  t.max_jobs_per_day = proto.max_jobs_per_day();
  t.active = proto.active();
  return t;
}

void ToProto(const Technician& t, v1::Technician* proto) {
  proto->set_name(TechnicianName(t.id));
  proto->set_display_name(t.display_name);
  proto->set_phone(t.phone);
  proto->set_outlet(t.outlet);
  ListsToProto(t, proto);
  ToProto(t.home_base, proto->mutable_home_base());
  proto->set_max_jobs_per_day(t.max_jobs_per_day);
  proto->set_active(t.active);
  proto->set_satisfaction(t.satisfaction.value_or(0));
  proto->set_etag(TechnicianEtag(t.version));
  common::SetTimestamp(t.create_time, proto->mutable_create_time());
  common::SetTimestamp(t.update_time, proto->mutable_update_time());
}

std::string TechnicianName(const std::string& id) { return absl::StrCat(kNamePrefix, id); }

std::optional<std::string> ParseTechnicianName(const std::string& name, const std::string& field,
                                               std::vector<FieldViolation>& violations) {
  if (!absl::StartsWith(name, kNamePrefix) || name.size() == sizeof(kNamePrefix) - 1) {
    violations.push_back({field, "must be technicians/{technician_id}"});
    return std::nullopt;
  }
  return name.substr(sizeof(kNamePrefix) - 1);
}

std::string TechnicianEtag(int64_t version) { return absl::StrCat(version); }

std::optional<int64_t> ParseTechnicianEtag(const std::string& etag, const std::string& field,
                                           std::vector<FieldViolation>& violations) {
  int64_t v = 0;
  if (etag.empty()) {
    violations.push_back({field, "required: the etag of the technician as last read"});
    return std::nullopt;
  }
  if (!absl::SimpleAtoi(etag, &v) || v < 1) {
    violations.push_back({field, "not an etag this service issued; read the technician again"});
    return std::nullopt;
  }
  return v;
}

std::string ProfileJson(const Technician& technician) {
  v1::Technician lists;
  ListsToProto(technician, &lists);
  std::string json;
  // Serialising a message this process built cannot fail.
  (void)google::protobuf::util::MessageToJsonString(lists, &json);
  return json;
}

absl::Status ReadProfileJson(const std::string& json, Technician& technician) {
  v1::Technician lists;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // written by a newer build: keep what this one knows
  if (!google::protobuf::util::JsonStringToMessage(json, &lists, options).ok()) {
    return absl::DataLossError("a stored technician profile is not readable JSON");
  }
  std::vector<FieldViolation> violations;
  ListsFromProto(lists, "profile", technician, violations);
  if (!violations.empty()) {
    return absl::DataLossError(absl::StrCat("a stored technician profile holds ",
                                            violations.front().field,
                                            " that this build cannot read"));
  }
  return absl::OkStatus();
}

}  // namespace fieldservice::scheduling::api
