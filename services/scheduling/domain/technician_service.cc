#include "services/scheduling/domain/technician_service.h"

#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/errors.h"
#include "services/scheduling/domain/technician_validation.h"

namespace fieldservice::scheduling {

const char* const kUpdatableTechnicianPaths[] = {
    "display_name",
    "phone",
    "outlet",
    "skills",
    "skills.categories",
    "skills.brands",
    "skills.level",
    "service_area",
    "service_area.region_codes",
    "service_area.polygon",
    "service_area.radius_km",
    "home_base",
    "weekly_shifts",
    "absences",
    "max_jobs_per_day",
    "van_capacity",
    "active",
};

namespace {

// Copies the part of `from` that `path` names onto `to`; false for a path
// UpdateTechnician does not accept.
bool CopyPath(std::string_view path, const Technician& from, Technician& to) {
  if (path == "display_name") {
    to.display_name = from.display_name;
  } else if (path == "phone") {
    to.phone = from.phone;
  } else if (path == "outlet") {
    to.outlet = from.outlet;
  } else if (path == "skills") {
    to.skills = from.skills;
  } else if (path == "skills.categories") {
    to.skills.categories = from.skills.categories;
  } else if (path == "skills.brands") {
    to.skills.brands = from.skills.brands;
  } else if (path == "skills.level") {
    to.skills.level = from.skills.level;
  } else if (path == "service_area") {
    to.area = from.area;
  } else if (path == "service_area.region_codes") {
    to.area.region_codes = from.area.region_codes;
  } else if (path == "service_area.polygon") {
    to.area.polygon = from.area.polygon;
  } else if (path == "service_area.radius_km") {
    to.area.radius_km = from.area.radius_km;
  } else if (path == "home_base") {
    to.home_base = from.home_base;
  } else if (path == "weekly_shifts") {
    to.shifts = from.shifts;
  } else if (path == "absences") {
    to.absences = from.absences;
  } else if (path == "max_jobs_per_day") {
    to.max_jobs_per_day = from.max_jobs_per_day;
  } else if (path == "van_capacity") {
    to.van_capacity = from.van_capacity;
  } else if (path == "active") {
    to.active = from.active;
  } else {
    return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<CreatedTechnician> TechnicianService::Create(const std::string& request_id,
                                                            Technician technician) {
  common::Violations v;
  if (request_id.empty() || request_id.size() > 64) {
    v.Add("request_id", "required: 1 to 64 characters (a UUID), the same on a retry");
  }
  if (!IsValidTechnicianId(technician.id)) {
    v.Add("technician_id",
          "1 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit (the "
          "technician's login)");
  }
  CheckTechnician(technician, "technician", v);
  if (!v.empty()) return v.ToStatus();
  const absl::Time now = clock_.Now();
  technician.version = 1;
  technician.create_time = now;
  technician.update_time = now;
  technician.active = true;
  technician.satisfaction.reset();
  auto created = repository_.Create(technician, request_id);
  if (created.ok() && directory_ != nullptr) directory_->Invalidate();
  return created;
}

absl::StatusOr<Technician> TechnicianService::Get(const std::string& id) {
  return repository_.Get(id);
}

absl::StatusOr<TechnicianPage> TechnicianService::List(const TechnicianQuery& query) {
  return repository_.List(query);
}

absl::StatusOr<Technician> TechnicianService::Update(const std::string& id, int64_t version,
                                                     const Technician& values,
                                                     const std::vector<std::string>& paths) {
  common::Violations v;
  if (paths.empty()) {
    v.Add("update_mask", absl::StrCat("name the fields to change: ",
                                      absl::StrJoin(kUpdatableTechnicianPaths, ", ")));
  }
  Technician probe;
  for (size_t i = 0; i < paths.size(); ++i) {
    if (!CopyPath(paths[i], values, probe)) {
      v.Add(absl::StrCat("update_mask.paths[", i, "]"),
            absl::StrCat("\"", paths[i], "\" cannot be changed; these can: ",
                         absl::StrJoin(kUpdatableTechnicianPaths, ", ")));
    }
  }
  if (!v.empty()) return v.ToStatus();
  auto updated = repository_.Update(
      id, version,
      [&](Technician& stored) {
        for (const std::string& path : paths) CopyPath(path, values, stored);
        common::Violations rules;
        CheckTechnician(stored, "technician", rules);
        return rules.ToStatus();
      },
      clock_.Now());
  if (updated.ok() && directory_ != nullptr) directory_->Invalidate();
  return updated;
}

absl::StatusOr<Technician> TechnicianService::RecordCallbackRating(
    const CallbackRatingRequest& request) {
  auto rating = ParseCallbackRating(request, rating_policy_);
  if (!rating.ok()) return rating.status();
  auto rated = repository_.RecordCallbackRating(*rating, rating_policy_.window, SatisfactionOf,
                                                clock_.Now());
  if (!rated.ok()) return rated.status();
  // Candidate ranking reads satisfaction from the directory.
  if (rated->changed && directory_ != nullptr) directory_->Invalidate();
  return rated->technician;
}

}  // namespace fieldservice::scheduling
