// Conversions between protobuf Timestamps / fieldservice.type.Date and absl
// time, shared by every service's API mapping. Inbound conversions report a
// malformed value as a field violation instead of failing.
#ifndef FIELDSERVICE_COMMON_PROTO_TIME_H_
#define FIELDSERVICE_COMMON_PROTO_TIME_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "fieldservice/type/types.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "services/common/errors.h"

namespace fieldservice::common {

// nullopt when not `present`; a violation on `field` when out of range.
std::optional<absl::Time> ToTime(const google::protobuf::Timestamp& t, bool present,
                                 const std::string& field, std::vector<FieldViolation>& violations);
void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out);

// nullopt when not `present`; a violation on `field` for impossible dates.
std::optional<absl::CivilDay> ToDay(const fieldservice::type::Date& d, bool present,
                                    const std::string& field,
                                    std::vector<FieldViolation>& violations);
void SetDate(absl::CivilDay day, fieldservice::type::Date* out);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_PROTO_TIME_H_
