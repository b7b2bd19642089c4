// The steps of a job once it is in scheduling (issue 9 "Dispatch" and
// "TechnicianApp"; DOMAIN.md "Taking a repair request": agree the
// appointment first, arrive on time; "The visit"): each step is allowed only
// from the steps the lifecycle says, and the orders service is owed a
// message for each step scheduling takes, not for the ones the order took.
#include "services/scheduling/domain/job_transitions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fieldservice::scheduling {
namespace {

using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

DispatchJob Queued() {
  DispatchJob j;
  j.job.order_number = "R1";
  j.step = JobStep::kQueued;
  j.queue_time = kNow - absl::Hours(1);
  return j;
}

Assignment To(const std::string& technician) {
  return {.technician_id = technician, .visit = {kNow + absl::Hours(2), kNow + absl::Hours(3)}};
}

TEST(JobTransitionsTest, AJobGoesFromTheQueueToCompletedThroughEachStep) {
  auto assigned = AssignJob(Queued(), To("zhang.wei"), kNow);
  ASSERT_TRUE(assigned.ok());
  EXPECT_EQ(assigned->step, JobStep::kAssigned);
  EXPECT_EQ(assigned->technician_id, "zhang.wei");
  const Interval window{kNow + absl::Hours(2), kNow + absl::Hours(4)};
  auto booked = BookJob(*assigned, To("zhang.wei"), window, kNow);
  ASSERT_TRUE(booked.ok());
  EXPECT_EQ(booked->appointment, window);
  auto accepted = AcceptJob(*booked, kNow);
  ASSERT_TRUE(accepted.ok());
  EXPECT_TRUE(accepted->accepted);
  auto departed = DepartForJob(*accepted, kNow + absl::Minutes(30), kNow);
  ASSERT_TRUE(departed.ok());
  EXPECT_EQ(departed->eta, kNow + absl::Minutes(30));
  auto arrived = ArriveAtJob(*departed, kNow + absl::Minutes(30));
  ASSERT_TRUE(arrived.ok());
  EXPECT_FALSE(arrived->eta.has_value());
  auto done = CompleteJob(*arrived, "换启动电容", kNow + absl::Hours(1));
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->step, JobStep::kCompleted);
  EXPECT_EQ(done->step_reason, "换启动电容");
}

TEST(JobTransitionsTest, AStepFromTheWrongPlaceNamesWhereTheJobIsAndWhatItNeeds) {
  // Departing before the appointment is agreed (预约 first).
  auto assigned = AssignJob(Queued(), To("zhang.wei"), kNow);
  ASSERT_TRUE(assigned.ok());
  absl::StatusOr<DispatchJob> early = DepartForJob(*assigned, kNow, kNow);
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(early.status().message(), HasSubstr("dispatchJobs/R1 is ASSIGNED"));
  EXPECT_THAT(early.status().message(), HasSubstr("BOOKED"));
  EXPECT_FALSE(CompleteJob(*assigned, "", kNow).ok());
  EXPECT_FALSE(AssignJob(*assigned, To("li.na"), kNow).ok());  // already assigned: reassign
  EXPECT_FALSE(ReassignJob(*assigned, To("zhang.wei"), "同一人", kNow).ok());
}

TEST(JobTransitionsTest, ACustomerNotHomeKeepsTheTechnicianAndRemembersTheMissedWindow) {
  auto job = AssignJob(Queued(), To("zhang.wei"), kNow);
  const Interval window{kNow + absl::Hours(2), kNow + absl::Hours(4)};
  job = BookJob(*job, To("zhang.wei"), window, kNow);
  job = DepartForJob(*job, kNow + absl::Hours(2), kNow);
  auto missed = CustomerNotHome(*job, "敲门无人应答", kNow + absl::Hours(2));
  ASSERT_TRUE(missed.ok());
  EXPECT_EQ(missed->step, JobStep::kAssigned);
  EXPECT_EQ(missed->technician_id, "zhang.wei");
  EXPECT_EQ(missed->missed, window);
  EXPECT_FALSE(missed->appointment.has_value());
  EXPECT_FALSE(missed->visit.has_value());  // the day's hour is free again
}

TEST(JobTransitionsTest, PartsAndCarryInLeaveTheSiteEachTheirWay) {
  auto on_site = AssignJob(Queued(), To("zhang.wei"), kNow);
  on_site = BookJob(*on_site, To("zhang.wei"), {kNow, kNow + absl::Hours(2)}, kNow);
  on_site = DepartForJob(*on_site, kNow, kNow);
  on_site = ArriveAtJob(*on_site, kNow);
  ASSERT_TRUE(on_site.ok());
  auto waiting = WaitForParts(*on_site, "压缩机缺货", kNow);
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->step, JobStep::kWaitingForParts);
  auto back = PartsArrived(*waiting, kNow + absl::Hours(48));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->step, JobStep::kAssigned);  // a new visit is to be booked
  auto carried = ConvertToCarryIn(*on_site, "需返厂维修", kNow);
  ASSERT_TRUE(carried.ok());
  EXPECT_TRUE(IsFinished(carried->step));
}

TEST(JobTransitionsTest, UnassigningOrDecliningQueuesTheJobAgainWithItsFirstDeadline) {
  auto assigned = AssignJob(Queued(), To("zhang.wei"), kNow);
  auto declined = DeclineJob(*assigned, "车坏了", kNow);
  ASSERT_TRUE(declined.ok());
  EXPECT_TRUE(declined->queued());
  EXPECT_TRUE(declined->technician_id.empty());
  EXPECT_FALSE(declined->visit.has_value());
  EXPECT_EQ(declined->queue_time, Queued().queue_time);
  EXPECT_EQ(declined->step_reason, "车坏了");
  auto unassigned = UnassignJob(*assigned, "改派", kNow);
  ASSERT_TRUE(unassigned.ok());
  EXPECT_TRUE(unassigned->queued());
}

TEST(JobTransitionsTest, AReasonFitsTheOrdersAuditTrail) {
  common::Violations v;
  CheckReason(std::string(kMaxReasonChars, 'x'), "reason", true, v);
  // Characters, not bytes: 1000 Chinese characters are 3000 bytes and fit.
  std::string chinese;
  for (size_t i = 0; i < kMaxReasonChars; ++i) chinese += "修";
  CheckReason(chinese, "reason", true, v);
  CheckReason("", "override_reason", false, v);
  EXPECT_TRUE(v.empty());
  CheckReason(chinese + "修", "reason", true, v);
  CheckReason("  ", "reason", true, v);  // blank is not a reason
  ASSERT_EQ(v.list().size(), 2u);
  EXPECT_THAT(v.list()[0].description, HasSubstr("at most 1000"));
  EXPECT_THAT(v.list()[1].description, HasSubstr("required"));
}

TEST(JobTransitionsTest, TheOrdersServiceHearsOfScheduledStepsOnly) {
  const DispatchJob queued = Queued();
  auto assigned = AssignJob(queued, To("zhang.wei"), kNow);
  EXPECT_TRUE(OwesOrdersProgress(queued, *assigned));
  auto moved = ReassignJob(*assigned, To("li.na"), "请假", kNow);
  EXPECT_TRUE(OwesOrdersProgress(*assigned, *moved));
  auto accepted = AcceptJob(*moved, kNow);
  EXPECT_FALSE(OwesOrdersProgress(*moved, *accepted));  // the order has no such step
  // A new job is queued as its order already is; a job the order ended
  // needs no message back.
  EXPECT_FALSE(OwesOrdersProgress(std::nullopt, queued));
  DispatchJob ended = *accepted;
  ended.step = JobStep::kEnded;
  EXPECT_FALSE(OwesOrdersProgress(*accepted, ended));
}

}  // namespace
}  // namespace fieldservice::scheduling
