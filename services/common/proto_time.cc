#include "services/common/proto_time.h"

namespace fieldservice::common {
namespace {

// google.protobuf.Timestamp's valid range: 0001-01-01 to 9999-12-31.
constexpr int64_t kMinSeconds = -62135596800;
constexpr int64_t kMaxSeconds = 253402300799;

}  // namespace

std::optional<absl::Time> ToTime(const google::protobuf::Timestamp& t, bool present,
                                 const std::string& field,
                                 std::vector<FieldViolation>& violations) {
  if (!present) return std::nullopt;
  if (t.seconds() < kMinSeconds || t.seconds() > kMaxSeconds || t.nanos() < 0 ||
      t.nanos() > 999999999) {
    violations.push_back({field, "not a valid timestamp"});
    return std::nullopt;
  }
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  int64_t micros = absl::ToUnixMicros(t);
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(rest * 1000));
}

std::optional<absl::CivilDay> ToDay(const fieldservice::type::Date& d, bool present,
                                    const std::string& field,
                                    std::vector<FieldViolation>& violations) {
  if (!present) return std::nullopt;
  absl::CivilDay day(d.year(), d.month(), d.day());
  if (d.year() < 1 || d.year() > 9999 || day.year() != d.year() || day.month() != d.month() ||
      day.day() != d.day()) {
    violations.push_back({field, "not a calendar date (year, month 1-12, day of that month)"});
    return std::nullopt;
  }
  return day;
}

void SetDate(absl::CivilDay day, fieldservice::type::Date* out) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

}  // namespace fieldservice::common
