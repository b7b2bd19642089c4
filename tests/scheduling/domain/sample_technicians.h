// Technicians the scheduling tests start from: valid records that each test
// changes in the one way it is about.
#ifndef FIELDSERVICE_TESTS_SCHEDULING_DOMAIN_SAMPLE_TECHNICIANS_H_
#define FIELDSERVICE_TESTS_SCHEDULING_DOMAIN_SAMPLE_TECHNICIANS_H_

#include "services/scheduling/domain/technician.h"

namespace fieldservice::scheduling::testing_samples {

// A refrigerator and washing-machine technician of a Guangzhou outlet,
// covering Tianhe and Yuexiu, Monday to Friday 09:00-12:00 and
// 13:30-18:00 (business time).
inline Technician GuangzhouFridgeTechnician() {
  Technician t;
  t.id = "zhang.wei";
  t.display_name = "张伟";
  t.phone = "13800138000";
  t.outlet = "广州天河网点";
  t.skills = {{"refrigerator", "washing_machine"}, {"海尔", "美的"}, 3};
  t.area.region_codes = {"440106", "440104"};
  t.home_base = {23.1291, 113.2644};
  for (absl::Weekday d : {absl::Weekday::monday, absl::Weekday::tuesday, absl::Weekday::wednesday,
                          absl::Weekday::thursday, absl::Weekday::friday}) {
    t.shifts.push_back({d, 9 * 60, 12 * 60});
    t.shifts.push_back({d, 13 * 60 + 30, 18 * 60});
  }
  t.max_jobs_per_day = 6;
  return t;
}

}  // namespace fieldservice::scheduling::testing_samples

#endif  // FIELDSERVICE_TESTS_SCHEDULING_DOMAIN_SAMPLE_TECHNICIANS_H_
