// The technician between the API's proto and the domain, both ways. Storage
// uses it too: a technician's lists (skills, area, shifts, absences) are
// stored as the JSON of these messages, so the stored form and the API
// cannot drift apart.
#ifndef FIELDSERVICE_SCHEDULING_API_TECHNICIAN_MAPPING_H_
#define FIELDSERVICE_SCHEDULING_API_TECHNICIAN_MAPPING_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fieldservice/scheduling/v1/technician.pb.h"
#include "services/common/errors.h"
#include "services/scheduling/domain/technician.h"

namespace fieldservice::scheduling::api {

namespace v1 = ::fieldservice::scheduling::v1;

// The proto's input fields as a domain technician (its id not set).
// Values the domain cannot hold (an unknown weekday or absence kind, a time
// out of range) are violations on their field under `prefix`.
Technician FromProto(const v1::Technician& proto, const std::string& prefix,
                     std::vector<common::FieldViolation>& violations);

// Every field, output ones included.
void ToProto(const Technician& technician, v1::Technician* proto);

// "technicians/{id}", and back (nullopt, with a violation on `field`, when
// `name` is not of that form).
std::string TechnicianName(const std::string& id);
std::optional<std::string> ParseTechnicianName(const std::string& name, const std::string& field,
                                               std::vector<common::FieldViolation>& violations);

// The etag is the version as text.
std::string TechnicianEtag(int64_t version);
std::optional<int64_t> ParseTechnicianEtag(const std::string& etag, const std::string& field,
                                           std::vector<common::FieldViolation>& violations);

// The list fields (skills, service_area, weekly_shifts, absences) as one
// JSON document, as storage keeps them, and back onto `technician`.
std::string ProfileJson(const Technician& technician);
absl::Status ReadProfileJson(const std::string& json, Technician& technician);

}  // namespace fieldservice::scheduling::api

#endif  // FIELDSERVICE_SCHEDULING_API_TECHNICIAN_MAPPING_H_
