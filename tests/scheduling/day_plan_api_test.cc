// The day planner through the Dispatch API (issue 10): PlanDay previews a
// region's day, CommitPlan applies it in one transaction and the
// technicians' apps see their new day; a preview that went stale is
// refused; bad requests name the field.
#include "gmock/gmock.h"
#include "tests/scheduling/domain/sample_technicians.h"
#include "tests/scheduling/scheduling_api_fixture.h"

namespace fieldservice::scheduling {
namespace {

using ::testing::HasSubstr;

// kStart is Friday 2027-01-15, 16:00 in Guangzhou; the day planned is the
// Monday after.
constexpr absl::CivilDay kMonday(2027, 1, 18);

absl::Time MondayAt(int hour) {
  return absl::FromCivil(absl::CivilHour(2027, 1, 18, hour), absl::FixedTimeZone(8 * 3600));
}

class DayPlanApiTest : public SchedulingApiTest {
 protected:
  // Two fridge technicians of Tianhe and four queued jobs there: three with
  // a window on Monday, one with none.
  void SetUpDay() {
    Technician near = testing_samples::GuangzhouFridgeTechnician();
    near.id = "near";
    near.home_base = {23.1300, 113.3200};
    Technician far = near;
    far.id = "far";
    far.home_base = {23.1000, 113.2200};
    for (const Technician& t : {near, far}) {
      ASSERT_TRUE(technicians_->Create("req-" + t.id, t).ok());
    }
    const int hours[] = {9, 11, 14};
    for (int i = 0; i < 4; ++i) {
      v1::SyncJobRequest sync = Sync(absl::StrCat("100", i + 1), 1, kStart);
      sync.mutable_location()->set_latitude(23.12 + 0.01 * i);
      if (i < 3) {
        common::SetTimestamp(MondayAt(hours[i]),
                             sync.mutable_preferred_window()->mutable_start_time());
        common::SetTimestamp(MondayAt(hours[i] + 2),
                             sync.mutable_preferred_window()->mutable_end_time());
      }
      v1::DispatchJob job;
      ASSERT_TRUE(SyncAsOrders(sync, &job).ok());
    }
  }

  grpc::Status Plan(const v1::PlanDayRequest& request, v1::DayPlan* plan) {
    grpc::ClientContext context;
    testing::Authorize(context, "disp-01", {"dispatcher"});
    return people_->PlanDay(&context, request, plan);
  }

  static v1::PlanDayRequest MondayInGuangzhou() {
    v1::PlanDayRequest request;
    request.set_region_code("440100");
    common::SetDate(kMonday, request.mutable_date());
    return request;
  }

  grpc::Status Commit(const v1::DayPlan& plan, v1::CommitPlanResponse* out) {
    grpc::ClientContext context;
    testing::Authorize(context, "disp-01", {"dispatcher"});
    v1::CommitPlanRequest request;
    request.set_name(plan.name());
    request.set_etag(plan.etag());
    return people_->CommitPlan(&context, request, out);
  }

  v1::DispatchJob Job(const std::string& name) {
    grpc::ClientContext context;
    testing::Authorize(context, "disp-01", {"dispatcher"});
    v1::GetDispatchJobRequest request;
    request.set_name(name);
    v1::DispatchJob job;
    EXPECT_TRUE(people_->GetDispatchJob(&context, request, &job).ok());
    return job;
  }

  v1::ListMyJobsResponse MondayOf(const std::string& technician) {
    grpc::ClientContext context;
    testing::Authorize(context, technician, {"technician"});
    v1::ListMyJobsRequest request;
    common::SetDate(kMonday, request.mutable_day());
    v1::ListMyJobsResponse out;
    EXPECT_TRUE(app_stub_->ListMyJobs(&context, request, &out).ok());
    return out;
  }
};

TEST_F(DayPlanApiTest, APlanIsPreviewedThenCommittedToTheTechniciansDays) {
  SetUpDay();
  v1::DayPlan plan;
  grpc::Status planned = Plan(MondayInGuangzhou(), &plan);
  ASSERT_TRUE(planned.ok()) << planned.error_message();
  EXPECT_THAT(plan.name(), ::testing::StartsWith("dayPlans/"));
  EXPECT_FALSE(plan.etag().empty());
  ASSERT_FALSE(plan.routes().empty());
  EXPECT_EQ(plan.unassigned_size(), 0) << plan.DebugString();
  int visits = 0;
  for (const v1::TechnicianRoute& r : plan.routes()) {
    EXPECT_GT(r.km(), 0);
    for (const v1::PlannedVisit& v : r.visits()) {
      ++visits;
      EXPECT_EQ(v.lateness_minutes(), 0);
      EXPECT_TRUE(v.technician_before().empty());
    }
  }
  EXPECT_EQ(visits, 4);
  // A preview changes nothing.
  EXPECT_EQ(Queue().size(), 4u);

  // The first route's technician has their app open, streaming.
  const v1::TechnicianRoute& first = plan.routes(0);
  grpc::ClientContext stream_context;
  testing::Authorize(stream_context, first.technician().substr(std::string("technicians/").size()),
                     {"technician"});
  stream_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  auto stream = app_stub_->StreamJobs(&stream_context, v1::StreamJobsRequest());

  v1::CommitPlanResponse committed;
  grpc::Status applied = Commit(plan, &committed);
  ASSERT_TRUE(applied.ok()) << applied.error_message();
  EXPECT_EQ(committed.jobs_size(), 4);
  // Their new day arrives on the stream, each job added in the plan's order.
  for (const v1::PlannedVisit& v : first.visits()) {
    v1::JobChangeEvent event;
    ASSERT_TRUE(stream->Read(&event));
    EXPECT_EQ(event.kind(), v1::JOB_ADDED);
    EXPECT_EQ(event.job().name(), v.job());
  }
  stream_context.TryCancel();
  v1::JobChangeEvent rest;
  while (stream->Read(&rest)) {
  }
  stream->Finish();
  EXPECT_TRUE(Queue().empty());
  for (const v1::TechnicianRoute& r : plan.routes()) {
    const std::string id = r.technician().substr(std::string("technicians/").size());
    // The technician's app lists the new day in the plan's order.
    const v1::ListMyJobsResponse mine = MondayOf(id);
    ASSERT_EQ(mine.jobs_size(), r.visits_size()) << id;
    for (int i = 0; i < r.visits_size(); ++i) {
      EXPECT_EQ(mine.jobs(i).name(), r.visits(i).job());
      const v1::DispatchJob job = Job(r.visits(i).job());
      EXPECT_EQ(job.step(), v1::ASSIGNED);
      EXPECT_EQ(job.technician(), r.technician());
      EXPECT_EQ(job.visit().start_time().seconds(), r.visits(i).start_time().seconds());
    }
    EXPECT_EQ(mine.cursor(), r.visits_size());
  }
  // The same preview again: the jobs it read changed (by itself).
  grpc::Status again = Commit(plan, &committed);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(again.error_message(), HasSubstr("stale"));
}

TEST_F(DayPlanApiTest, APreviewThatWentStaleIsRefusedAndChangesNothing) {
  SetUpDay();
  v1::DayPlan plan;
  ASSERT_TRUE(Plan(MondayInGuangzhou(), &plan).ok());
  // A dispatcher assigns one of its jobs meanwhile.
  {
    grpc::ClientContext context;
    testing::Authorize(context, "disp-01", {"dispatcher"});
    v1::AssignJobRequest assign;
    assign.set_job("dispatchJobs/1004");
    v1::DispatchJob job;
    grpc::Status s = people_->AssignJob(&context, assign, &job);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  v1::CommitPlanResponse committed;
  grpc::Status stale = Commit(plan, &committed);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(stale.error_message(), HasSubstr("plan the day again"));
  EXPECT_EQ(Queue().size(), 3u);  // nothing of the plan was written

  // Planned again, then a technician changes: stale too.
  ASSERT_TRUE(Plan(MondayInGuangzhou(), &plan).ok());
  auto far = technicians_->Get("far");
  ASSERT_TRUE(far.ok());
  Technician values = *far;
  values.max_jobs_per_day = 3;
  ASSERT_TRUE(technicians_->Update("far", far->version, values, {"max_jobs_per_day"}).ok());
  EXPECT_EQ(Commit(plan, &committed).error_code(), grpc::StatusCode::ABORTED);
  // A wrong etag is refused as well.
  ASSERT_TRUE(Plan(MondayInGuangzhou(), &plan).ok());
  plan.set_etag("0000000000000000");
  EXPECT_EQ(Commit(plan, &committed).error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Queue().size(), 3u);
}

TEST_F(DayPlanApiTest, BadRequestsNameTheField) {
  SetUpDay();
  v1::DayPlan plan;
  v1::PlanDayRequest no_region = MondayInGuangzhou();
  no_region.clear_region_code();
  grpc::Status s = Plan(no_region, &plan);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("region_code"));

  v1::PlanDayRequest bad_date = MondayInGuangzhou();
  bad_date.mutable_date()->set_month(13);
  s = Plan(bad_date, &plan);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("date"));

  v1::PlanDayRequest past = MondayInGuangzhou();
  common::SetDate(absl::CivilDay(2027, 1, 14), past.mutable_date());
  s = Plan(past, &plan);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("date"));

  v1::PlanDayRequest unknown_pin = MondayInGuangzhou();
  unknown_pin.add_pinned_jobs("dispatchJobs/9999");
  s = Plan(unknown_pin, &plan);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("pinned_jobs[0]"));

  v1::CommitPlanResponse committed;
  v1::DayPlan nameless;
  nameless.set_etag("x");
  s = Commit(nameless, &committed);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("name"));
  v1::DayPlan unknown;
  unknown.set_name("dayPlans/00000000-0000-4000-8000-000000000000");
  unknown.set_etag("0000000000000000");
  EXPECT_EQ(Commit(unknown, &committed).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(DayPlanApiTest, AJobsLoadIsKeptAndAVanHoldsNoMore) {
  SetUpDay();
  v1::SyncJobRequest heavy = Sync("1005", 1, kStart);
  heavy.set_load(-1);
  v1::DispatchJob job;
  grpc::Status bad = SyncAsOrders(heavy, &job);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), HasSubstr("load"));
  heavy.set_load(3);
  ASSERT_TRUE(SyncAsOrders(heavy, &job).ok());
  EXPECT_EQ(Job("dispatchJobs/1005").load(), 3);
  // Both vans hold 2: nobody can take it, and the reason says so.
  for (const char* id : {"near", "far"}) {
    auto t = technicians_->Get(id);
    ASSERT_TRUE(t.ok());
    Technician values = *t;
    values.van_capacity = 2;
    ASSERT_TRUE(technicians_->Update(id, t->version, values, {"van_capacity"}).ok());
  }
  v1::DayPlan plan;
  ASSERT_TRUE(Plan(MondayInGuangzhou(), &plan).ok());
  ASSERT_EQ(plan.unassigned_size(), 1) << plan.DebugString();
  EXPECT_EQ(plan.unassigned(0).job(), "dispatchJobs/1005");
  EXPECT_THAT(plan.unassigned(0).reason(), HasSubstr("load"));
}

TEST_F(DayPlanApiTest, APinnedJobKeepsItsTechnicianAndWindow) {
  SetUpDay();
  // 1001 is booked with "far" in its window; pinned, the plan keeps it so.
  {
    grpc::ClientContext context;
    testing::Authorize(context, "disp-01", {"dispatcher"});
    v1::BookAppointmentRequest book;
    book.set_job("dispatchJobs/1001");
    book.set_technician("technicians/far");
    common::SetTimestamp(MondayAt(9), book.mutable_window()->mutable_start_time());
    common::SetTimestamp(MondayAt(11), book.mutable_window()->mutable_end_time());
    v1::DispatchJob job;
    grpc::Status s = people_->BookAppointment(&context, book, &job);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  v1::PlanDayRequest request = MondayInGuangzhou();
  request.add_pinned_jobs("dispatchJobs/1001");
  v1::DayPlan plan;
  grpc::Status s = Plan(request, &plan);
  ASSERT_TRUE(s.ok()) << s.error_message();
  bool found = false;
  for (const v1::TechnicianRoute& r : plan.routes()) {
    for (const v1::PlannedVisit& v : r.visits()) {
      if (v.job() != "dispatchJobs/1001") continue;
      found = true;
      EXPECT_EQ(r.technician(), "technicians/far");
      EXPECT_TRUE(v.pinned());
      EXPECT_EQ(v.technician_before(), "technicians/far");
      EXPECT_GE(v.start_time().seconds(), absl::ToUnixSeconds(MondayAt(9)));
      EXPECT_LE(v.start_time().seconds(), absl::ToUnixSeconds(MondayAt(11)));
    }
  }
  EXPECT_TRUE(found);
  v1::CommitPlanResponse committed;
  ASSERT_TRUE(Commit(plan, &committed).ok());
  const v1::DispatchJob booked = Job("dispatchJobs/1001");
  EXPECT_EQ(booked.step(), v1::BOOKED);
  EXPECT_EQ(booked.technician(), "technicians/far");
}

}  // namespace
}  // namespace fieldservice::scheduling
