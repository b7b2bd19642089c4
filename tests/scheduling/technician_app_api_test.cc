// Assignment and the technician's app through the API (issue 9 "Dispatch",
// "TechnicianApp"): a dispatcher puts a job on a technician's day (a double
// booking refused unless overridden with a reason), the technician works it
// from the app (their own jobs only; each operation acts once however often
// it is replayed; one that no longer applies is FAILED_PRECONDITION), a
// stream cut mid-way resumes with nothing lost or repeated, and a repair
// record that charges for a free repair is refused (DOMAIN.md "The visit").
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/hashing.h"
#include "services/common/outbox.h"
#include "services/common/proto_time.h"
#include "services/scheduling/clients/orders_progress.h"
#include "services/scheduling/domain/repair_record.h"
#include "tests/scheduling/domain/sample_technicians.h"
#include "tests/scheduling/scheduling_api_fixture.h"

namespace fieldservice::scheduling {
namespace {

using ::testing::HasSubstr;

constexpr char kTechnician[] = "zhang.wei";

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}
constexpr char kOtherTechnician[] = "li.na";

class TechnicianAppApiTest : public SchedulingApiTest {
 protected:
  void SetUp() override {
    SchedulingApiTest::SetUp();
    Technician zhang = testing_samples::GuangzhouFridgeTechnician();
    Technician li = zhang;
    li.id = kOtherTechnician;
    li.display_name = "李娜";
    li.home_base = {23.1350, 113.3200};
    li.outlet = "广州越秀网点";
    for (const Technician& t : {zhang, li}) {
      ASSERT_TRUE(technicians_->Create("req-" + t.id, t).ok());
    }
  }

  // Syncs a queued order near both technicians; `free` sets the 三包 terms.
  void Queue(const std::string& number, bool free = false) {
    v1::SyncJobRequest r = Sync(number, 1, kStart);
    r.mutable_customer()->set_name("王先生");
    r.mutable_customer()->set_phone("13911112222");
    r.mutable_customer()->set_address("广州市天河区体育西路1号");
    r.mutable_charges()->set_decided(true);
    r.mutable_charges()->set_free(free);
    r.mutable_charges()->mutable_labour()->set_amount_fen(8000);
    r.mutable_charges()->mutable_callout()->set_amount_fen(3000);
    v1::DispatchJob job;
    grpc::Status s = SyncAsOrders(r, &job);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  grpc::Status Assign(const std::string& number, const std::string& technician,
                      std::optional<absl::Time> start, const std::string& override_reason,
                      v1::DispatchJob* out) {
    v1::AssignJobRequest r;
    r.set_job("dispatchJobs/" + number);
    if (!technician.empty()) r.set_technician(std::string("technicians/") + technician);
    if (start.has_value()) common::SetTimestamp(*start, r.mutable_start_time());
    r.set_override_reason(override_reason);
    grpc::ClientContext context;
    testing::Authorize(context, "disp-01", {"dispatcher"});
    return people_->AssignJob(&context, r, out);
  }

  grpc::Status Book(const std::string& number, absl::Time from, absl::Time to,
                    v1::DispatchJob* out) {
    v1::BookAppointmentRequest r;
    r.set_job("dispatchJobs/" + number);
    common::SetTimestamp(from, r.mutable_window()->mutable_start_time());
    common::SetTimestamp(to, r.mutable_window()->mutable_end_time());
    grpc::ClientContext context;
    testing::Authorize(context, "agent-01", {"agent"});
    return people_->BookAppointment(&context, r, out);
  }

  template <typename Request, typename Call>
  grpc::Status AsTechnician(const std::string& who, const Request& r, Call call,
                            v1::TechnicianJob* out) {
    grpc::ClientContext context;
    testing::Authorize(context, who, {"technician"});
    return ((*app_stub_).*call)(&context, r, out);
  }

  grpc::Status Accept(const std::string& who, const std::string& number, const std::string& op,
                      v1::TechnicianJob* out) {
    v1::AcceptJobRequest r;
    r.set_operation_id(op);
    r.set_job("dispatchJobs/" + number);
    return AsTechnician(who, r, &v1::TechnicianApp::Stub::AcceptJob, out);
  }

  grpc::Status Update(const std::string& who, const std::string& number, const std::string& op,
                      v1::JobStatusUpdate status, v1::TechnicianJob* out) {
    v1::UpdateJobStatusRequest r;
    r.set_operation_id(op);
    r.set_job("dispatchJobs/" + number);
    r.set_status(status);
    if (status == v1::DEPARTED)
      common::SetTimestamp(clock_.Now() + absl::Minutes(20), r.mutable_eta());
    return AsTechnician(who, r, &v1::TechnicianApp::Stub::UpdateJobStatus, out);
  }

  static v1::RepairRecord Record() {
    v1::RepairRecord record;
    record.set_fault_found("压缩机启动电容失效");
    record.set_work_done("更换启动电容，试机制冷正常");
    auto* part = record.add_parts_used();
    part->set_part_id("start_capacitor");
    part->set_serial("SC-2026-0001");
    part->set_quantity(1);
    record.set_function_test_passed(true);
    record.set_customer_opinion("满意");
    record.set_signature("signature image bytes");
    record.set_signature_sha256(common::Sha256Hex("signature image bytes"));
    return record;
  }

  grpc::Status Complete(const std::string& who, const std::string& number, const std::string& op,
                        const v1::RepairRecord& record, v1::TechnicianJob* out) {
    v1::CompleteJobRequest r;
    r.set_operation_id(op);
    r.set_job("dispatchJobs/" + number);
    *r.mutable_record() = record;
    return AsTechnician(who, r, &v1::TechnicianApp::Stub::CompleteJob, out);
  }

  // Monday after kStart, 14:00-16:00 business time: inside the shifts.
  static Interval MondayAfternoon() {
    const absl::Time monday = absl::FromCivil(absl::CivilDay(2027, 1, 18), kZone);
    return {monday + absl::Hours(14), monday + absl::Hours(16)};
  }

  // Queued, assigned to zhang.wei on Monday, booked, departed and arrived.
  void OnSite(const std::string& number, bool free) {
    Queue(number, free);
    Visit(number, kTechnician);
  }

  // The queued job assigned to `technician` on Monday, booked, departed
  // and arrived.
  void Visit(const std::string& number, const std::string& technician) {
    v1::DispatchJob job;
    const Interval monday = MondayAfternoon();
    ASSERT_TRUE(Assign(number, technician, monday.start, "", &job).ok());
    grpc::Status s = Book(number, monday.start, monday.end, &job);
    ASSERT_TRUE(s.ok()) << s.error_message();
    v1::TechnicianJob seen;
    ASSERT_TRUE(Update(technician, number, number + "-go", v1::DEPARTED, &seen).ok());
    ASSERT_TRUE(Update(technician, number, number + "-in", v1::ARRIVED, &seen).ok());
    ASSERT_EQ(seen.step(), v1::ON_SITE);
  }

  // The request the outbox relay sends the orders service for the job as it
  // is now (OrdersProgress::Deliver without the call).
  std::optional<fieldservice::orders::v1::RecordDispatchProgressRequest> ProgressNow(
      const std::string& number) {
    // Never called here: the channel only makes the client.
    OrdersProgress progress(*repository_, *technician_repository_,
                            grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()),
                                                grpc::InsecureChannelCredentials()),
                            absl::Seconds(1));
    auto job = repository_->GetJob(number);
    EXPECT_TRUE(job.ok() && job->has_value());
    if (!job.ok() || !job->has_value()) return std::nullopt;
    auto visit = progress.VisitOf(**job);
    EXPECT_TRUE(visit.ok()) << visit.status();
    return OrdersProgress::RequestFor(**job, visit.value_or(CompletedVisit{}));
  }
};

TEST_F(TechnicianAppApiTest, AutomaticAssignmentTakesTheBestCandidateAtTheirEarliestStart) {
  ASSERT_EQ(absl::ToCivilDay(kStart, kZone), absl::CivilDay(2027, 1, 15));  // the fixture's Friday
  Queue("R1");
  v1::DispatchJob job;
  grpc::Status s = Assign("R1", "", std::nullopt, "", &job);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(job.step(), v1::ASSIGNED);
  EXPECT_FALSE(job.queued());
  EXPECT_THAT(job.technician(), ::testing::AnyOf("technicians/zhang.wei", "technicians/li.na"));
  ASSERT_TRUE(job.has_visit());
  EXPECT_GE(TimeOf(job.visit().start_time()), kStart);
  EXPECT_EQ(TimeOf(job.visit().end_time()) - TimeOf(job.visit().start_time()),
            policy_.service_time);
  EXPECT_TRUE(job.overridden_rules().empty());
  // It left the queue.
  EXPECT_TRUE(SchedulingApiTest::Queue().empty());
}

TEST_F(TechnicianAppApiTest, ABookedVisitPushesItsTechniciansStartInTheOfferPastIt) {
  Queue("R1");
  Queue("R2");
  const Interval monday = MondayAfternoon();
  v1::DispatchJob job;
  ASSERT_TRUE(Assign("R1", kTechnician, monday.start, "", &job).ok());
  ASSERT_TRUE(Book("R1", monday.start, monday.end, &job).ok());
  v1::OfferAppointmentSlotsRequest request;
  request.set_job("dispatchJobs/R2");
  v1::OfferAppointmentSlotsResponse offer;
  grpc::ClientContext context;
  testing::Authorize(context, "agent-01", {"agent"});
  ASSERT_TRUE(people_->OfferAppointmentSlots(&context, request, &offer).ok());
  bool seen = false;
  for (const v1::AppointmentSlot& slot : offer.slots()) {
    if (TimeOf(slot.window().start_time()) != monday.start) continue;
    seen = true;
    for (const auto& t : slot.technicians()) {
      const absl::Time start = TimeOf(t.earliest_start());
      if (t.technician() == "technicians/li.na") {
        EXPECT_EQ(start, monday.start);  // free, and close enough to be there at 14:00
      } else {
        // zhang.wei is at R1 from 14:00 for the service time, then travels.
        EXPECT_GE(start, monday.start + policy_.service_time) << t.technician();
      }
    }
  }
  EXPECT_TRUE(seen) << offer.DebugString();
}

TEST_F(TechnicianAppApiTest, AReportedPositionCountsForTravelWhileFresh) {
  Queue("R1");  // at 23.13, 113.33; li.na's home base is about a kilometre away
  auto travel_of_li = [&]() {
    v1::ProposeCandidatesRequest request;
    request.set_job("dispatchJobs/R1");
    v1::ProposeCandidatesResponse proposal;
    grpc::ClientContext context;
    testing::Authorize(context, "disp-01", {"dispatcher"});
    EXPECT_TRUE(people_->ProposeCandidates(&context, request, &proposal).ok());
    for (const auto& c : proposal.candidates()) {
      if (c.technician() == "technicians/li.na") return c.travel_km();
    }
    ADD_FAILURE() << proposal.DebugString();
    return -1.0;
  };
  auto report = [&](absl::Time fix) {
    v1::ReportLocationRequest r;
    r.set_operation_id("loc");
    r.mutable_position()->set_latitude(23.13);
    r.mutable_position()->set_longitude(113.33);
    common::SetTimestamp(fix, r.mutable_fix_time());
    v1::ReportLocationResponse kept;
    grpc::ClientContext context;
    testing::Authorize(context, kOtherTechnician, {"technician"});
    grpc::Status s = app_stub_->ReportLocation(&context, r, &kept);
    EXPECT_TRUE(s.ok()) << s.error_message();
  };
  const double from_home = travel_of_li();
  EXPECT_GT(from_home, 0.5);
  report(clock_.Now() - policy_.position_max_age - absl::Minutes(1));  // stale: still from home
  EXPECT_DOUBLE_EQ(travel_of_li(), from_home);
  report(clock_.Now());  // at the door
  EXPECT_LT(travel_of_li(), 0.01);
}

TEST_F(TechnicianAppApiTest, AnAssignmentThatWouldDoubleBookIsRefusedUnlessOverriddenWithAReason) {
  Queue("R1");
  Queue("R2");
  const absl::Time start = MondayAfternoon().start;
  v1::DispatchJob job;
  ASSERT_TRUE(Assign("R1", kTechnician, start, "", &job).ok());
  grpc::Status refused = Assign("R2", kTechnician, start + absl::Minutes(30), "", &job);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(), HasSubstr("DOUBLE_BOOKED"));
  EXPECT_THAT(refused.error_message(), HasSubstr("override_reason"));
  // Nothing was written: R2 still waits.
  EXPECT_THAT(SchedulingApiTest::Queue(), ::testing::ElementsAre("repairOrders/R2"));

  grpc::Status overridden =
      Assign("R2", kTechnician, start + absl::Minutes(30), "客户只有这个时间在家", &job);
  ASSERT_TRUE(overridden.ok()) << overridden.error_message();
  EXPECT_THAT(job.overridden_rules(), ::testing::Contains("DOUBLE_BOOKED"));
  EXPECT_EQ(job.override_reason(), "客户只有这个时间在家");
}

TEST_F(TechnicianAppApiTest, ATechnicianAskingForAnothersJobIsRefused) {
  Queue("R1");
  v1::DispatchJob job;
  ASSERT_TRUE(Assign("R1", kTechnician, MondayAfternoon().start, "", &job).ok());
  v1::TechnicianJob seen;
  grpc::Status s = Accept(kOtherTechnician, "R1", "op-1", &seen);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // A job that does not exist looks the same.
  EXPECT_EQ(Accept(kOtherTechnician, "NOPE", "op-2", &seen).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The technician's own list shows the customer only to them.
  v1::ListMyJobsRequest day;
  day.mutable_day()->set_year(2027);
  day.mutable_day()->set_month(1);
  day.mutable_day()->set_day(18);
  v1::ListMyJobsResponse mine, theirs;
  {
    grpc::ClientContext context;
    testing::Authorize(context, kTechnician, {"technician"});
    ASSERT_TRUE(app_stub_->ListMyJobs(&context, day, &mine).ok());
  }
  {
    grpc::ClientContext context;
    testing::Authorize(context, kOtherTechnician, {"technician"});
    ASSERT_TRUE(app_stub_->ListMyJobs(&context, day, &theirs).ok());
  }
  ASSERT_EQ(mine.jobs_size(), 1);
  EXPECT_EQ(mine.jobs(0).customer().phone(), "13911112222");
  EXPECT_EQ(theirs.jobs_size(), 0);
}

TEST_F(TechnicianAppApiTest, AReplayedOperationActsOnce) {
  Queue("R1");
  v1::DispatchJob job;
  ASSERT_TRUE(Assign("R1", kTechnician, MondayAfternoon().start, "", &job).ok());
  v1::TechnicianJob first, again;
  ASSERT_TRUE(Accept(kTechnician, "R1", "op-accept", &first).ok());
  ASSERT_TRUE(Accept(kTechnician, "R1", "op-accept", &again).ok());
  EXPECT_TRUE(first.accepted());
  EXPECT_EQ(again.version(), first.version());  // the second did nothing
  auto feed = repository_->FeedAfter(kTechnician, 0, 100);
  ASSERT_TRUE(feed.ok());
  EXPECT_EQ(feed->size(), 2u);  // assigned, accepted: once each
  // The same id for another request is the app's mistake, named.
  v1::DeclineJobRequest decline;
  decline.set_operation_id("op-accept");
  decline.set_job("dispatchJobs/R1");
  decline.set_reason("太远");
  grpc::Status reused =
      AsTechnician(kTechnician, decline, &v1::TechnicianApp::Stub::DeclineJob, &again);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(reused.error_message(), HasSubstr("operation_id"));
}

// A phone that went offline after its departure got through replays it
// hours later: the replay is answered as the departure it was, not refused
// for an ETA now past (a new departure with that ETA is).
TEST_F(TechnicianAppApiTest, AReplayedDepartureIsAnsweredAfterItsEtaPassed) {
  Queue("R1");
  v1::DispatchJob job;
  const Interval monday = MondayAfternoon();
  ASSERT_TRUE(Assign("R1", kTechnician, monday.start, "", &job).ok());
  ASSERT_TRUE(Book("R1", monday.start, monday.end, &job).ok());
  v1::TechnicianJob departed, replayed;
  v1::UpdateJobStatusRequest depart;
  depart.set_operation_id("op-depart");
  depart.set_job("dispatchJobs/R1");
  depart.set_status(v1::DEPARTED);
  common::SetTimestamp(clock_.Now() + absl::Minutes(20), depart.mutable_eta());
  grpc::Status first =
      AsTechnician(kTechnician, depart, &v1::TechnicianApp::Stub::UpdateJobStatus, &departed);
  ASSERT_TRUE(first.ok()) << first.error_message();
  clock_.Advance(absl::Hours(2));
  grpc::Status again =
      AsTechnician(kTechnician, depart, &v1::TechnicianApp::Stub::UpdateJobStatus, &replayed);
  ASSERT_TRUE(again.ok()) << again.error_message();
  EXPECT_EQ(replayed.version(), departed.version());
  depart.set_operation_id("op-depart-again");
  grpc::Status late =
      AsTechnician(kTechnician, depart, &v1::TechnicianApp::Stub::UpdateJobStatus, &replayed);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(late.error_message(), HasSubstr("eta"));
}

TEST_F(TechnicianAppApiTest, AnOperationOnAJobReassignedMeanwhileNoLongerApplies) {
  Queue("R1");
  v1::DispatchJob job;
  const Interval monday = MondayAfternoon();
  ASSERT_TRUE(Assign("R1", kTechnician, monday.start, "", &job).ok());
  v1::TechnicianJob seen;
  ASSERT_TRUE(Accept(kTechnician, "R1", "op-1", &seen).ok());
  v1::ReassignJobRequest move;
  move.set_job("dispatchJobs/R1");
  move.set_technician(std::string("technicians/") + kOtherTechnician);
  common::SetTimestamp(monday.start, move.mutable_start_time());
  move.set_reason("张伟请假");
  {
    grpc::ClientContext context;
    testing::Authorize(context, "disp-01", {"dispatcher"});
    grpc::Status s = people_->ReassignJob(&context, move, &job);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_EQ(job.technician(), "technicians/li.na");
  // zhang.wei's phone comes back online and replays its queue.
  grpc::Status late = Update(kTechnician, "R1", "op-2", v1::DEPARTED, &seen);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(late.error_message(), HasSubstr("no longer yours"));
  // The operation done before the move still answers as done.
  EXPECT_TRUE(Accept(kTechnician, "R1", "op-1", &seen).ok());
}

TEST_F(TechnicianAppApiTest, ARepairRecordChargingAFeeOnAFreeRepairIsRefused) {
  OnSite("R1", /*free=*/true);
  v1::RepairRecord charged = Record();
  auto* fee = charged.add_fees();
  fee->set_kind(v1::LABOUR);
  fee->mutable_amount()->set_amount_fen(5000);
  v1::TechnicianJob seen;
  grpc::Status refused = Complete(kTechnician, "R1", "op-done-1", charged, &seen);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), HasSubstr("free"));
  // Still on site: nothing was half written.
  auto still = repository_->GetJob("R1");
  ASSERT_TRUE(still.ok() && still->has_value());
  EXPECT_EQ((*still)->step, JobStep::kOnSite);

  // Long texts (within the record's limits) still make a summary the order
  // can hold.
  v1::RepairRecord wordy = Record();
  wordy.set_work_done(std::string(900, 'w'));
  wordy.set_fault_found(std::string(400, 'f'));
  grpc::Status done = Complete(kTechnician, "R1", "op-done-2", wordy, &seen);
  ASSERT_TRUE(done.ok()) << done.error_message();
  EXPECT_EQ(seen.step(), v1::COMPLETED);
  auto completed = repository_->GetJob("R1");
  ASSERT_TRUE(completed.ok() && completed->has_value());
  EXPECT_EQ((*completed)->step_reason.size(), kMaxReasonChars);
  EXPECT_FALSE(seen.has_customer());  // finished: the contact is no longer shown
}

TEST_F(TechnicianAppApiTest, APaidRepairChargesThePriceListOnly) {
  OnSite("R1", /*free=*/false);
  v1::RepairRecord record = Record();
  auto* labour = record.add_fees();
  labour->set_kind(v1::LABOUR);
  labour->mutable_amount()->set_amount_fen(9000);  // the quote says 80.00
  v1::TechnicianJob seen;
  grpc::Status refused = Complete(kTechnician, "R1", "op-1", record, &seen);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  labour->mutable_amount()->set_amount_fen(8000);
  grpc::Status done = Complete(kTechnician, "R1", "op-2", record, &seen);
  ASSERT_TRUE(done.ok()) << done.error_message();
}

// Issue 11: the COMPLETED progress tells the orders service the repair
// record's facts (function test, signature, parts, fees) and the
// technician's outlet, for the callback service's findings.
TEST_F(TechnicianAppApiTest, TheCompletedProgressCarriesTheRepairRecordAndTheOutlet) {
  OnSite("R1", /*free=*/false);
  v1::RepairRecord record = Record();
  auto* labour = record.add_fees();
  labour->set_kind(v1::LABOUR);
  labour->mutable_amount()->set_amount_fen(8000);
  auto* callout = record.add_fees();
  callout->set_kind(v1::CALLOUT);
  callout->mutable_amount()->set_amount_fen(3000);
  v1::TechnicianJob seen;
  grpc::Status done = Complete(kTechnician, "R1", "op-done", record, &seen);
  ASSERT_TRUE(done.ok()) << done.error_message();

  auto request = ProgressNow("R1");
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->status(), fieldservice::orders::v1::COMPLETED);
  ASSERT_TRUE(request->has_visit_record());
  const auto& told = request->visit_record();
  EXPECT_TRUE(told.function_test_passed());
  EXPECT_TRUE(told.signed_by_customer());
  ASSERT_EQ(told.parts_size(), 1);
  EXPECT_EQ(told.parts(0).part_id(), "start_capacitor");
  EXPECT_EQ(told.parts(0).serial(), "SC-2026-0001");
  EXPECT_EQ(told.parts(0).quantity(), 1);
  ASSERT_EQ(told.fees_size(), 2);
  EXPECT_EQ(told.fees(0).kind(), "LABOUR");
  EXPECT_EQ(told.fees(0).amount_fen(), 8000);
  EXPECT_EQ(told.fees(1).kind(), "CALLOUT");
  EXPECT_EQ(told.fees(1).amount_fen(), 3000);
  EXPECT_EQ(request->technician_outlet(), "广州天河网点");
}

// A reopened order's job is queued again (SyncJob in dispatch once more)
// and completed again: both visits' records are kept, one per completion,
// and the progress carries the second visit's record and its technician's
// outlet.
TEST_F(TechnicianAppApiTest, AReopenedOrderKeepsARecordPerVisitAndTellsTheLatest) {
  OnSite("R1", /*free=*/true);
  v1::TechnicianJob seen;
  ASSERT_TRUE(Complete(kTechnician, "R1", "op-done-1", Record(), &seen).ok());

  // The callback found it unsolved: orders reopens and queues it again.
  v1::DispatchJob job;
  v1::SyncJobRequest again = Sync("R1", 2, kStart + absl::Hours(1));
  again.mutable_charges()->set_decided(true);
  again.mutable_charges()->set_free(true);
  grpc::Status requeued = SyncAsOrders(again, &job);
  ASSERT_TRUE(requeued.ok()) << requeued.error_message();
  ASSERT_EQ(job.step(), v1::QUEUED);
  Visit("R1", kOtherTechnician);
  v1::RepairRecord second = Record();
  second.mutable_parts_used(0)->set_serial("SC-2026-0002");
  second.set_function_test_passed(true);
  grpc::Status done = Complete(kOtherTechnician, "R1", "op-done-2", second, &seen);
  ASSERT_TRUE(done.ok()) << done.error_message();

  auto records = repository_->RecordsOf("R1");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].visit, 1);
  EXPECT_EQ((*records)[0].technician_id, kTechnician);
  EXPECT_EQ((*records)[1].visit, 2);
  EXPECT_EQ((*records)[1].technician_id, kOtherTechnician);
  v1::RepairRecord first_kept;
  ASSERT_TRUE(first_kept.ParseFromString((*records)[0].record.encoded));
  EXPECT_EQ(first_kept.parts_used(0).serial(), "SC-2026-0001");

  auto request = ProgressNow("R1");
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->status(), fieldservice::orders::v1::COMPLETED);
  EXPECT_EQ(request->technician_id(), kOtherTechnician);
  ASSERT_EQ(request->visit_record().parts_size(), 1);
  EXPECT_EQ(request->visit_record().parts(0).serial(), "SC-2026-0002");
  EXPECT_EQ(request->visit_record().fees_size(), 0);
  EXPECT_EQ(request->technician_outlet(), "广州越秀网点");
}

// Reads `n` events from a stream opened after `cursor`, then cuts it.
std::vector<v1::JobChangeEvent> ReadThenCut(v1::TechnicianApp::Stub& stub, int64_t cursor,
                                            size_t n) {
  grpc::ClientContext context;
  testing::Authorize(context, kTechnician, {"technician"});
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  v1::StreamJobsRequest request;
  request.set_after_cursor(cursor);
  auto reader = stub.StreamJobs(&context, request);
  std::vector<v1::JobChangeEvent> events;
  v1::JobChangeEvent event;
  while (events.size() < n && reader->Read(&event)) events.push_back(event);
  context.TryCancel();
  while (reader->Read(&event)) {
  }
  reader->Finish();
  return events;
}

TEST_F(TechnicianAppApiTest, AStreamCutMidwayResumesWithNothingLostOrRepeated) {
  Queue("R1");
  Queue("R2");
  v1::DispatchJob job;
  const Interval monday = MondayAfternoon();
  ASSERT_TRUE(Assign("R1", kTechnician, monday.start, "", &job).ok());
  ASSERT_TRUE(Assign("R2", kTechnician, monday.start + absl::Hours(2), "", &job).ok());
  v1::TechnicianJob seen;
  ASSERT_TRUE(Accept(kTechnician, "R1", "op-1", &seen).ok());  // 3 changes so far

  std::vector<v1::JobChangeEvent> first = ReadThenCut(*app_stub_, 0, 2);
  ASSERT_EQ(first.size(), 2u);
  // While the phone is offline: two more changes.
  ASSERT_TRUE(Accept(kTechnician, "R2", "op-2", &seen).ok());
  ASSERT_TRUE(Book("R1", monday.start, monday.end, &job).ok());

  std::vector<v1::JobChangeEvent> rest = ReadThenCut(*app_stub_, first.back().cursor(), 3);
  ASSERT_EQ(rest.size(), 3u);
  std::vector<int64_t> cursors;
  for (const auto& e : first) cursors.push_back(e.cursor());
  for (const auto& e : rest) cursors.push_back(e.cursor());
  EXPECT_THAT(cursors, ::testing::ElementsAre(1, 2, 3, 4, 5));
  EXPECT_EQ(first[0].kind(), v1::JOB_ADDED);
  EXPECT_EQ(rest.back().job().step(), v1::BOOKED);
  EXPECT_FALSE(rest.back().job().has_customer());  // the stream never carries the contact
}

TEST_F(TechnicianAppApiTest, AResumeFromChangesNoLongerKeptIsOutOfRangeNotASilentGap) {
  Queue("R1");
  v1::DispatchJob job;
  ASSERT_TRUE(Assign("R1", kTechnician, MondayAfternoon().start, "", &job).ok());
  v1::TechnicianJob seen;
  ASSERT_TRUE(Accept(kTechnician, "R1", "op-1", &seen).ok());  // changes 1 and 2
  // A month on, the retention purges them; the next change is number 3.
  clock_.Advance(absl::Hours(24 * 31));
  auto purged = repository_->PurgeFeed(clock_.Now() - absl::Hours(24 * 30), 1000);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 3);  // two changes and one operation
  ASSERT_TRUE(Book("R1", MondayAfternoon().start + absl::Hours(24 * 35),
                   MondayAfternoon().end + absl::Hours(24 * 35), &job)
                  .ok());
  grpc::ClientContext context;
  testing::Authorize(context, kTechnician, {"technician"});
  v1::StreamJobsRequest request;
  request.set_after_cursor(1);  // the phone had seen only the first
  auto reader = app_stub_->StreamJobs(&context, request);
  v1::JobChangeEvent event;
  EXPECT_FALSE(reader->Read(&event));
  grpc::Status ended = reader->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_THAT(ended.error_message(), HasSubstr("ListMyJobs"));
  // The list's cursor is where to stream from.
  v1::ListMyJobsResponse listed;
  grpc::ClientContext list_context;
  testing::Authorize(list_context, kTechnician, {"technician"});
  ASSERT_TRUE(app_stub_->ListMyJobs(&list_context, {}, &listed).ok());
  EXPECT_EQ(listed.cursor(), 3);
}

TEST_F(TechnicianAppApiTest, ACancelledOrderTakesTheJobOffTheTechniciansList) {
  Queue("R1");
  v1::DispatchJob job;
  ASSERT_TRUE(Assign("R1", kTechnician, MondayAfternoon().start, "", &job).ok());
  v1::SyncJobRequest cancelled = Sync("R1", 2, kStart + absl::Hours(1));
  cancelled.set_in_dispatch(false);
  ASSERT_TRUE(SyncAsOrders(cancelled, &job).ok());
  EXPECT_EQ(job.step(), v1::ENDED);
  auto feed = repository_->FeedAfter(kTechnician, 1, 10);
  ASSERT_TRUE(feed.ok());
  ASSERT_EQ(feed->size(), 1u);
  EXPECT_EQ((*feed)[0].kind, FeedKind::kRemoved);
  // The order ended it: nothing to tell the orders service back (one
  // message owed, for the assignment).
  auto backlog = common::ReadBacklog(*pool_, clock_);
  ASSERT_TRUE(backlog.ok());
  EXPECT_EQ(backlog->pending, 1);
  v1::TechnicianJob seen;
  grpc::Status late = Accept(kTechnician, "R1", "op-1", &seen);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(late.error_message(), HasSubstr("withdrawn"));
}

TEST_F(TechnicianAppApiTest, ADeclinedJobGoesBackToTheQueueAndTheOrderIsOwedEachStep) {
  Queue("R1");
  v1::DispatchJob job;
  ASSERT_TRUE(Assign("R1", kTechnician, MondayAfternoon().start, "", &job).ok());
  v1::DeclineJobRequest decline;
  decline.set_operation_id("op-1");
  decline.set_job("dispatchJobs/R1");
  v1::TechnicianJob seen;
  grpc::Status missing =
      AsTechnician(kTechnician, decline, &v1::TechnicianApp::Stub::DeclineJob, &seen);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // A reason longer than the order's audit trail holds is refused here, not
  // parked later on its way to orders.
  decline.set_reason(std::string(kMaxReasonChars + 1, 'x'));
  grpc::Status too_long =
      AsTechnician(kTechnician, decline, &v1::TechnicianApp::Stub::DeclineJob, &seen);
  EXPECT_EQ(too_long.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(too_long.error_message(), HasSubstr("reason"));
  decline.set_operation_id("op-2");
  decline.set_reason("车坏了");
  ASSERT_TRUE(AsTechnician(kTechnician, decline, &v1::TechnicianApp::Stub::DeclineJob, &seen).ok());
  EXPECT_EQ(seen.step(), v1::QUEUED);
  EXPECT_THAT(SchedulingApiTest::Queue(), ::testing::ElementsAre("repairOrders/R1"));
  // Assigned, then back to the queue: two messages owed to the orders service.
  auto backlog = common::ReadBacklog(*pool_, clock_);
  ASSERT_TRUE(backlog.ok());
  EXPECT_EQ(backlog->pending, 2);
}

}  // namespace
}  // namespace fieldservice::scheduling
