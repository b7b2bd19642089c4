// Sets the process's TZ for one test (restored after), to prove that output
// does not depend on the host's time zone.
#ifndef FIELDSERVICE_TESTS_ORDERS_HOST_TIME_ZONE_H_
#define FIELDSERVICE_TESTS_ORDERS_HOST_TIME_ZONE_H_

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

namespace fieldservice::orders::testing {

class ScopedHostTimeZone {
 public:
  explicit ScopedHostTimeZone(const char* zone) {
    if (const char* saved = std::getenv("TZ")) saved_ = saved;
    setenv("TZ", zone, 1);
    tzset();
  }
  ~ScopedHostTimeZone() {
    if (saved_.has_value()) {
      setenv("TZ", saved_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  ScopedHostTimeZone(const ScopedHostTimeZone&) = delete;
  ScopedHostTimeZone& operator=(const ScopedHostTimeZone&) = delete;

 private:
  std::optional<std::string> saved_;
};

}  // namespace fieldservice::orders::testing

#endif  // FIELDSERVICE_TESTS_ORDERS_HOST_TIME_ZONE_H_
