// The dispatch queue through the Dispatch API (issue 9 "Dispatch"): the
// orders service syncs its on-site orders (as service:orders, mutual TLS),
// dispatchers list the queue oldest deadline first with each job's age.
#include "gmock/gmock.h"
#include "tests/scheduling/domain/sample_technicians.h"
#include "tests/scheduling/scheduling_api_fixture.h"

namespace fieldservice::scheduling {
namespace {

using ::testing::ElementsAre;
using DispatchApiTest = SchedulingApiTest;

TEST_F(DispatchApiTest, AQueuedOrderIsListedWithItsDeadlineAndAge) {
  v1::DispatchJob job;
  ASSERT_TRUE(SyncAsOrders(Sync("1001", 2, kStart), &job).ok());
  EXPECT_EQ(job.name(), "dispatchJobs/1001");
  EXPECT_TRUE(job.queued());
  EXPECT_EQ(job.min_level(), 1);
  std::vector<common::FieldViolation> unused;
  EXPECT_EQ(common::ToTime(job.deadline(), true, "", unused), kStart + policy_.visit_within);

  clock_.Advance(absl::Minutes(90));
  grpc::ClientContext context;
  testing::Authorize(context, "disp-01", {"dispatcher"});
  v1::ListDispatchQueueResponse page;
  ASSERT_TRUE(people_->ListDispatchQueue(&context, {}, &page).ok());
  ASSERT_EQ(page.jobs_size(), 1);
  EXPECT_EQ(page.jobs(0).age_seconds(), 90 * 60);
  EXPECT_EQ(page.jobs(0).brand(), "海尔");
}

TEST_F(DispatchApiTest, TheSameOrAnOlderVersionChangesNothing) {
  v1::DispatchJob job;
  ASSERT_TRUE(SyncAsOrders(Sync("1001", 5, kStart), &job).ok());
  v1::SyncJobRequest older = Sync("1001", 4, kStart + absl::Hours(1));
  older.set_in_dispatch(false);  // an assignment overtaken by a later change
  ASSERT_TRUE(SyncAsOrders(older, &job).ok());
  EXPECT_TRUE(job.queued());
  EXPECT_EQ(job.order_version(), 5);
  // The same message delivered twice.
  v1::SyncJobRequest again = Sync("1001", 5, kStart + absl::Hours(2));
  again.set_region_code("440104");
  ASSERT_TRUE(SyncAsOrders(again, &job).ok());
  EXPECT_EQ(job.region_code(), "440106");
  EXPECT_THAT(Queue(), ElementsAre("repairOrders/1001"));
}

TEST_F(DispatchApiTest, AnOrderThatStopsWaitingLeavesTheQueue) {
  v1::DispatchJob job;
  ASSERT_TRUE(SyncAsOrders(Sync("1001", 1, kStart), &job).ok());
  ASSERT_TRUE(SyncAsOrders(Sync("1002", 1, kStart), &job).ok());
  v1::SyncJobRequest cancelled;
  cancelled.set_order("repairOrders/1001");
  cancelled.set_order_version(2);
  common::SetTimestamp(kStart + absl::Hours(1), cancelled.mutable_change_time());
  ASSERT_TRUE(SyncAsOrders(cancelled, &job).ok());
  EXPECT_FALSE(job.queued());
  EXPECT_THAT(Queue(), ElementsAre("repairOrders/1002"));
}

TEST_F(DispatchApiTest, TheQueueIsBySoonestDeadlineAcrossPages) {
  v1::DispatchJob job;
  // Queued in this order; the complaint's shorter promise puts it first, and
  // 1003's preferred window ends before the others' promises.
  ASSERT_TRUE(SyncAsOrders(Sync("1001", 1, kStart), &job).ok());
  v1::SyncJobRequest complaint = Sync("1002", 1, kStart + absl::Hours(1));
  complaint.set_complaint(true);
  ASSERT_TRUE(SyncAsOrders(complaint, &job).ok());
  EXPECT_EQ(job.priority(), 1);
  EXPECT_EQ(job.min_level(), 3);
  v1::SyncJobRequest windowed = Sync("1003", 1, kStart + absl::Hours(2));
  common::SetTimestamp(kStart + absl::Hours(10),
                       windowed.mutable_preferred_window()->mutable_start_time());
  common::SetTimestamp(kStart + absl::Hours(12),
                       windowed.mutable_preferred_window()->mutable_end_time());
  ASSERT_TRUE(SyncAsOrders(windowed, &job).ok());
  ASSERT_TRUE(SyncAsOrders(Sync("1004", 1, kStart), &job).ok());
  const std::vector<std::string> expected = {"repairOrders/1003", "repairOrders/1002",
                                             "repairOrders/1001", "repairOrders/1004"};
  EXPECT_EQ(Queue(), expected);
  EXPECT_EQ(Queue(1), expected);
  EXPECT_EQ(Queue(3), expected);
}

TEST_F(DispatchApiTest, BadFactsAreNamedAndOnlyOrdersMaySync) {
  v1::SyncJobRequest bad = Sync("1001", 0, kStart);
  bad.set_order("1001");
  bad.set_region_code("x");
  v1::DispatchJob job;
  grpc::Status status = SyncAsOrders(bad, &job);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("order"));

  grpc::ClientContext context;
  testing::Authorize(context, "disp-01", {"dispatcher"});
  EXPECT_EQ(people_->SyncJob(&context, Sync("1001", 1, kStart), &job).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Queue().empty());
}

// kStart is a Friday, 16:00 in Guangzhou: the sample technicians work until
// 18:00.
TEST_F(DispatchApiTest, CandidatesAreRankedWithTheirScorePartsAndTheOthersExplained) {
  Technician near = testing_samples::GuangzhouFridgeTechnician();
  near.id = "near";
  near.home_base = {23.1300, 113.3200};  // a kilometre from the job
  Technician far = near;
  far.id = "far";
  far.home_base = {23.1000, 113.2200};  // about 11 km away
  Technician washers = near;
  washers.id = "washers";
  washers.skills.categories = {"washing_machine"};
  for (const Technician& t : {near, far, washers}) {
    ASSERT_TRUE(technicians_->Create("req-" + t.id, t).ok());
  }
  v1::DispatchJob job;
  ASSERT_TRUE(SyncAsOrders(Sync("1001", 1, kStart), &job).ok());

  grpc::ClientContext context;
  testing::Authorize(context, "disp-01", {"dispatcher"});
  v1::ProposeCandidatesRequest request;
  request.set_job("dispatchJobs/1001");
  v1::ProposeCandidatesResponse proposal;
  grpc::Status status = people_->ProposeCandidates(&context, request, &proposal);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(proposal.covering(), 3);
  EXPECT_EQ(proposal.eligible(), 2);
  ASSERT_EQ(proposal.candidates_size(), 2);
  EXPECT_EQ(proposal.candidates(0).technician(), "technicians/near");
  EXPECT_EQ(proposal.candidates(0).display_name(), "张伟");
  EXPECT_EQ(proposal.candidates(1).technician(), "technicians/far");
  EXPECT_GT(proposal.candidates(0).parts().travel(), proposal.candidates(1).parts().travel());
  EXPECT_LT(proposal.candidates(0).travel_km(), proposal.candidates(1).travel_km());
  for (const auto& c : proposal.candidates()) {
    for (double part : {c.parts().skill_fit(), c.parts().travel(), c.parts().window_fit(),
                        c.parts().deadline_slack(), c.parts().load(), c.parts().satisfaction()}) {
      EXPECT_GE(part, 0);
      EXPECT_LE(part, 1);
    }
  }
  ASSERT_EQ(proposal.excluded_size(), 1);
  EXPECT_EQ(proposal.excluded(0).technician(), "technicians/washers");
  ASSERT_EQ(proposal.excluded(0).reasons_size(), 1);
  EXPECT_EQ(proposal.excluded(0).reasons(0).code(), "CATEGORY");
}

TEST_F(DispatchApiTest, SlotsComeFromShiftsAndLeaveOutWhatARebookingExcludes) {
  Technician near = testing_samples::GuangzhouFridgeTechnician();  // Mon-Fri 9-12, 13:30-18
  near.id = "near";
  near.home_base = {23.1300, 113.3200};
  Technician washers = near;
  washers.id = "washers";
  washers.skills.categories = {"washing_machine"};
  for (const Technician& t : {near, washers}) {
    ASSERT_TRUE(technicians_->Create("req-" + t.id, t).ok());
  }
  v1::DispatchJob job;
  ASSERT_TRUE(SyncAsOrders(Sync("1001", 1, kStart), &job).ok());
  const absl::TimeZone china = absl::FixedTimeZone(8 * 3600);
  auto offer = [&](const v1::OfferAppointmentSlotsRequest& request) {
    grpc::ClientContext context;
    testing::Authorize(context, "agent-1001", {"agent"});
    v1::OfferAppointmentSlotsResponse response;
    grpc::Status s = people_->OfferAppointmentSlots(&context, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<std::string> windows;
    for (const auto& slot : response.slots()) {
      std::vector<common::FieldViolation> unused;
      absl::Time start = *common::ToTime(slot.window().start_time(), true, "", unused);
      std::string who;
      for (const auto& t : slot.technicians()) who += " " + t.technician();
      windows.push_back(absl::FormatTime("%a %H:%M", start, china) + who);
    }
    return windows;
  };
  v1::OfferAppointmentSlotsRequest request;
  request.set_job("dispatchJobs/1001");
  // Friday 16:00 now: today's last window starts within the lead time, and
  // nobody works at the weekend; the washing-machine technician never fits.
  std::vector<std::string> slots = offer(request);
  ASSERT_GE(slots.size(), 4u);
  EXPECT_EQ(slots[0], "Mon 09:00 technicians/near");
  EXPECT_EQ(slots[1], "Mon 11:00 technicians/near");
  EXPECT_EQ(slots[2], "Mon 14:00 technicians/near");
  // The customer was not home on Monday morning.
  auto* missed = request.add_excluded_windows();
  common::SetTimestamp(absl::FromCivil(absl::CivilMinute(2027, 1, 18, 9, 0), china),
                       missed->mutable_start_time());
  common::SetTimestamp(absl::FromCivil(absl::CivilMinute(2027, 1, 18, 13, 0), china),
                       missed->mutable_end_time());
  EXPECT_EQ(offer(request)[0], "Mon 14:00 technicians/near");
  request.add_excluded_technicians("technicians/near");
  EXPECT_TRUE(offer(request).empty());
}

TEST_F(DispatchApiTest, CandidatesNeedAQueuedJobWithAPosition) {
  auto ask = [&](const std::string& job) {
    grpc::ClientContext context;
    testing::Authorize(context, "disp-01", {"dispatcher"});
    v1::ProposeCandidatesRequest request;
    request.set_job(job);
    v1::ProposeCandidatesResponse proposal;
    return people_->ProposeCandidates(&context, request, &proposal);
  };
  EXPECT_EQ(ask("dispatchJobs/404").error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ask("1001").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::DispatchJob job;
  v1::SyncJobRequest no_position = Sync("1001", 1, kStart);
  no_position.clear_location();
  ASSERT_TRUE(SyncAsOrders(no_position, &job).ok());
  grpc::Status where = ask("dispatchJobs/1001");
  EXPECT_EQ(where.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(where.error_message(), ::testing::HasSubstr("customer.address.location"));
  v1::SyncJobRequest gone;
  gone.set_order("repairOrders/1001");
  gone.set_order_version(2);
  common::SetTimestamp(kStart, gone.mutable_change_time());
  ASSERT_TRUE(SyncAsOrders(gone, &job).ok());
  EXPECT_EQ(ask("dispatchJobs/1001").error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace fieldservice::scheduling
