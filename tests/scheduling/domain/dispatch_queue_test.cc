// How an order becomes a job in the dispatch queue (issue 9 "Dispatch": the
// queue lists every order waiting for dispatch with its window, deadline,
// priority and complaint flag).
#include "services/scheduling/domain/dispatch_queue.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fieldservice::scheduling {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const absl::Time kQueued = absl::FromUnixSeconds(1'800'000'000);

OrderFacts Repair() {
  OrderFacts f;
  f.order_number = "26030100015";
  f.order_version = 3;
  f.in_dispatch = true;
  f.region_code = "440106";
  f.location = GeoPoint{23.13, 113.33};
  f.category = "refrigerator";
  f.brand = "海尔";
  f.change_time = kQueued;
  return f;
}

std::vector<std::string> Fields(const OrderFacts& f) {
  common::Violations v;
  CheckOrderFacts(f, v);
  std::vector<std::string> out;
  for (const auto& violation : v.list()) out.push_back(violation.field);
  return out;
}

TEST(DispatchQueueTest, ARepairIsDueWithinTheVisitPromise) {
  DispatchPolicy policy;
  DispatchJob job = JobFromFacts(Repair(), std::nullopt, policy);
  EXPECT_TRUE(job.queued());
  EXPECT_TRUE(job.has_location);
  EXPECT_EQ(job.queue_time, kQueued);
  EXPECT_EQ(job.job.deadline, kQueued + policy.visit_within);
  EXPECT_EQ(job.job.min_level, policy.min_level);
  EXPECT_EQ(job.job.priority, 0);
  EXPECT_EQ(job.job.service_time, policy.service_time);
  EXPECT_EQ(job.order_version, 3);
}

TEST(DispatchQueueTest, ComplaintsAreSoonerSeniorAndFirst) {
  DispatchPolicy policy;
  OrderFacts f = Repair();
  f.complaint = true;
  DispatchJob general = JobFromFacts(f, std::nullopt, policy);
  EXPECT_EQ(general.job.deadline, kQueued + policy.complaint_visit_within);
  EXPECT_EQ(general.job.min_level, policy.complaint_min_level);
  EXPECT_EQ(general.job.priority, policy.complaint_priority);
  f.major_complaint = true;
  DispatchJob major = JobFromFacts(f, std::nullopt, policy);
  EXPECT_EQ(major.job.min_level, policy.major_complaint_min_level);
  EXPECT_EQ(major.job.priority, policy.major_complaint_priority);
}

TEST(DispatchQueueTest, APreferredWindowEndingSoonerIsTheDeadline) {
  OrderFacts f = Repair();
  f.preferred_window = Interval{kQueued + absl::Hours(20), kQueued + absl::Hours(22)};
  EXPECT_EQ(JobFromFacts(f, std::nullopt, DispatchPolicy{}).job.deadline,
            kQueued + absl::Hours(22));
  f.preferred_window = Interval{kQueued + absl::Hours(70), kQueued + absl::Hours(72)};
  EXPECT_EQ(JobFromFacts(f, std::nullopt, DispatchPolicy{}).job.deadline,
            kQueued + absl::Hours(48));
}

TEST(DispatchQueueTest, AJobThatStaysQueuedKeepsItsPlace) {
  DispatchPolicy policy;
  DispatchJob first = JobFromFacts(Repair(), std::nullopt, policy);
  OrderFacts corrected = Repair();
  corrected.order_version = 4;
  corrected.region_code = "440104";  // the address was corrected
  corrected.change_time = kQueued + absl::Hours(3);
  DispatchJob after = JobFromFacts(corrected, first, policy);
  EXPECT_EQ(after.queue_time, kQueued);
  EXPECT_EQ(after.job.deadline, first.job.deadline);
  EXPECT_EQ(after.job.region_code, "440104");
  // Taken out and queued again (unassigned), it waits anew.
  OrderFacts left = corrected;
  left.order_version = 5;
  left.in_dispatch = false;
  DispatchJob out = JobFromFacts(left, after, policy);
  EXPECT_FALSE(out.queued());
  OrderFacts back = corrected;
  back.order_version = 6;
  back.change_time = kQueued + absl::Hours(5);
  EXPECT_EQ(JobFromFacts(back, out, policy).queue_time, kQueued + absl::Hours(5));
}

TEST(DispatchQueueTest, TheOrderKeepsTheJobsFactsAndSchedulingKeepsItsStep) {
  DispatchPolicy policy;
  DispatchJob assigned = JobFromFacts(Repair(), std::nullopt, policy);
  assigned.step = JobStep::kBooked;
  assigned.technician_id = "zhang.wei";
  assigned.version = 4;
  // The address was corrected while the job is booked: the facts change,
  // the booking stays.
  OrderFacts corrected = Repair();
  corrected.order_version = 4;
  corrected.region_code = "440104";
  corrected.customer.address = "广州市越秀区中山五路2号";
  DispatchJob after = JobFromFacts(corrected, assigned, policy);
  EXPECT_EQ(after.step, JobStep::kBooked);
  EXPECT_EQ(after.technician_id, "zhang.wei");
  EXPECT_EQ(after.job.region_code, "440104");
  EXPECT_EQ(after.customer.address, "广州市越秀区中山五路2号");
  // The order was cancelled: the job ends, and keeps whose it was.
  OrderFacts cancelled = corrected;
  cancelled.order_version = 5;
  cancelled.in_dispatch = false;
  DispatchJob ended = JobFromFacts(cancelled, after, policy);
  EXPECT_EQ(ended.step, JobStep::kEnded);
  EXPECT_EQ(ended.technician_id, "zhang.wei");
  // A completed job stays completed when the order leaves dispatch.
  DispatchJob completed = after;
  completed.step = JobStep::kCompleted;
  EXPECT_EQ(JobFromFacts(cancelled, completed, policy).step, JobStep::kCompleted);
  // Reopened and queued again: a fresh job, queued at the change.
  OrderFacts reopened = Repair();
  reopened.order_version = 9;
  reopened.change_time = kQueued + absl::Hours(30);
  DispatchJob again = JobFromFacts(reopened, completed, policy);
  EXPECT_TRUE(again.queued());
  EXPECT_TRUE(again.technician_id.empty());
  EXPECT_EQ(again.queue_time, kQueued + absl::Hours(30));
}

// Found by the journey's kill test (tests/journey): orders restarted,
// re-sent the facts of its orders in dispatch, and those of a visit the
// technician had just completed crossed the completion's progress on its way
// to orders, so the order still looked in dispatch. The completed job must
// not be queued again for the visit it completed; a reopen (a later visit)
// queues it.
TEST(DispatchQueueTest, ACompletedJobIsQueuedAgainOnlyForALaterVisit) {
  DispatchPolicy policy;
  OrderFacts first = Repair();
  first.visit = 1;
  DispatchJob job = JobFromFacts(first, std::nullopt, policy);
  EXPECT_EQ(job.order_visit, 1);
  job.step = JobStep::kCompleted;
  job.technician_id = "zhang.wei";
  OrderFacts crossed = first;  // newer version, same visit, still on site
  crossed.order_version = 8;
  DispatchJob after = JobFromFacts(crossed, job, policy);
  EXPECT_EQ(after.step, JobStep::kCompleted);
  EXPECT_EQ(after.technician_id, "zhang.wei");
  EXPECT_EQ(after.order_version, 8);
  OrderFacts reopened = first;
  reopened.order_version = 10;
  reopened.visit = 2;
  DispatchJob again = JobFromFacts(reopened, after, policy);
  EXPECT_TRUE(again.queued());
  EXPECT_EQ(again.order_visit, 2);
  EXPECT_TRUE(again.technician_id.empty());
  // A sender that does not say the visit (0): queued again, as before.
  OrderFacts unsaid = crossed;
  unsaid.visit = 0;
  EXPECT_TRUE(JobFromFacts(unsaid, job, policy).queued());
}

TEST(DispatchQueueTest, FactsAreCheckedForAQueuedJobOnly) {
  EXPECT_THAT(Fields(Repair()), IsEmpty());
  OrderFacts f = Repair();
  f.region_code = "44010";
  f.category.clear();
  f.location = GeoPoint{100, 0};
  f.preferred_window = Interval{kQueued, kQueued};
  f.order_version = 0;
  EXPECT_THAT(Fields(f), ElementsAre("order_version", "region_code", "category", "location",
                                     "preferred_window"));
  // Leaving the queue needs only the order and its version.
  OrderFacts leaving;
  leaving.order_number = "26030100015";
  leaving.order_version = 9;
  EXPECT_THAT(Fields(leaving), IsEmpty());
}

TEST(DispatchQueueTest, ThePolicyIsChecked) {
  EXPECT_TRUE(CheckDispatchPolicy(DispatchPolicy{}).ok());
  DispatchPolicy bad;
  bad.visit_within = absl::ZeroDuration();
  bad.complaint_min_level = 6;
  absl::Status status = CheckDispatchPolicy(bad);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& v : common::FieldViolationsOf(status)) fields.push_back(v.field);
  EXPECT_THAT(fields, ElementsAre("dispatch_visit_within", "dispatch_complaint_min_level"));
}

}  // namespace
}  // namespace fieldservice::scheduling
