// The rules a technician's record must keep, checked before anything is
// stored: every broken rule is reported at once, each naming its field as
// the API spells it ("technician.skills.level").
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_VALIDATION_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_VALIDATION_H_

#include <string>
#include <string_view>

#include "services/common/errors.h"
#include "services/scheduling/domain/technician.h"

namespace fieldservice::scheduling {

// Limits of the technician's record. Text limits match the columns that
// store them (migrations/0001_technicians.sql, utf8mb4 characters).
struct TechnicianLimits {
  static constexpr size_t kIdChars = 64;
  static constexpr size_t kNameChars = 64;
  static constexpr size_t kPhoneChars = 32;
  static constexpr size_t kOutletChars = 64;
  static constexpr size_t kCodeChars = 64;  // a category or brand
  static constexpr size_t kNoteChars = 200;
  static constexpr int kMaxListEntries = 100;  // categories, brands, regions, points, absences
  static constexpr int kMaxShifts = 21;        // three a day
  static constexpr int kMaxJobsPerDay = 50;
  static constexpr double kMaxRadiusKm = 200;
  static constexpr double kMaxVanCapacity = 10000;
};

// A technician id is a login: 1 to 64 of a-z, 0-9, '.', '_' and '-',
// starting with a letter or digit.
bool IsValidTechnicianId(std::string_view id);

// Adds a violation for each broken rule of `t` (its id excepted: the id is
// checked where the request carries it), paths under `prefix`
// ("technician").
void CheckTechnician(const Technician& t, const std::string& prefix, common::Violations& v);

// Whether `code` is a GB/T 2260 administrative division code: six digits.
bool IsRegionCode(std::string_view code);

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_TECHNICIAN_VALIDATION_H_
