// Shared by the callback domain tests: the 2026 calendar and fixed times.
#ifndef FIELDSERVICE_TESTS_CALLBACK_DOMAIN_TASK_TEST_SUPPORT_H_
#define FIELDSERVICE_TESTS_CALLBACK_DOMAIN_TASK_TEST_SUPPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "services/callback/domain/callback_policy.h"
#include "services/callback/domain/callback_task.h"
#include "services/common/calendar.h"

namespace fieldservice::callback::testing {

inline const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

// The 2026 lines of data/calendar/cn_holidays.txt (the State Council's
// notice), copied so the tests do not move when the shipped file gains years.
// Around the autumn: Sunday 20 Sept worked, 25-27 Sept 中秋 off, 1-7 Oct 国庆
// off, Saturday 10 Oct worked.
inline constexpr char k2026Calendar[] = R"(
year 2026 complete source 国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）
2026-01-01..2026-01-03   holiday 元旦
2026-01-04               workday 元旦调休
2026-02-14               workday 春节调休
2026-02-15..2026-02-23   holiday 春节
2026-02-28               workday 春节调休
2026-04-04..2026-04-06   holiday 清明节
2026-05-01..2026-05-05   holiday 劳动节
2026-05-09               workday 劳动节调休
2026-06-19..2026-06-21   holiday 端午节
2026-09-20               workday 国庆节调休
2026-09-25..2026-09-27   holiday 中秋节
2026-10-01..2026-10-07   holiday 国庆节
2026-10-10               workday 国庆节调休
)";

inline common::WorkingCalendar Calendar2026() {
  absl::StatusOr<common::WorkingCalendar> cal =
      common::WorkingCalendar::Parse(k2026Calendar, kChina);
  EXPECT_TRUE(cal.ok()) << cal.status();
  return *std::move(cal);
}

// An instant in China's business time.
inline absl::Time China(int y, int mo, int d, int h = 0, int mi = 0) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), kChina);
}

inline VisitCompleted Visit(const std::string& order, absl::Time completed_at,
                            bool complaint = false, int64_t visit_number = 1) {
  VisitCompleted v;
  v.order_number = order;
  v.visit_number = visit_number;
  v.completed_at = completed_at;
  v.complaint = complaint;
  v.complaint_kind = complaint ? ComplaintKind::kGeneral : ComplaintKind::kNone;
  v.product_model = "KFR-35GW";
  v.region_code = "310115";
  v.technician_id = "tech-7";
  v.outlet_id = "outlet-pudong";
  return v;
}

inline CallbackTask NewTask(const VisitCompleted& visit, const CallbackPolicy& policy = {}) {
  absl::StatusOr<CallbackTask> task = NewCallbackTask(visit, policy, Calendar2026());
  EXPECT_TRUE(task.ok()) << task.status();
  return *std::move(task);
}

}  // namespace fieldservice::callback::testing

#endif  // FIELDSERVICE_TESTS_CALLBACK_DOMAIN_TASK_TEST_SUPPORT_H_
