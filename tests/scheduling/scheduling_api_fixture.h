// A scheduling server on port 0 over a fresh database, for the API tests:
// Dispatch (the orders service's syncs as service:orders, people's calls
// with their tokens; the day planner too), TechnicianApp, and Technicians
// (the callback service's ratings as service:callback), with the
// technicians' records written through the domain service.
#ifndef FIELDSERVICE_TESTS_SCHEDULING_SCHEDULING_API_FIXTURE_H_
#define FIELDSERVICE_TESTS_SCHEDULING_SCHEDULING_API_FIXTURE_H_

#include <grpcpp/create_channel.h>

#include <memory>
#include <string>
#include <vector>

#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/common/clock.h"
#include "services/common/migrations.h"
#include "services/common/proto_time.h"
#include "services/common/server.h"
#include "services/scheduling/api/dispatch_handler.h"
#include "services/scheduling/api/job_mapping.h"
#include "services/scheduling/api/job_streams.h"
#include "services/scheduling/api/technician_app_handler.h"
#include "services/scheduling/api/technicians_handler.h"
#include "services/scheduling/domain/day_plan_service.h"
#include "services/scheduling/domain/dispatch_service.h"
#include "services/scheduling/domain/great_circle_travel.h"
#include "services/scheduling/domain/technician_app_service.h"
#include "services/scheduling/domain/technician_service.h"
#include "services/scheduling/storage/mysql_dispatch_repository.h"
#include "services/scheduling/storage/mysql_technician_repository.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"

namespace fieldservice::scheduling {

namespace v1 = ::fieldservice::scheduling::v1;
// A Friday, 16:00 in Guangzhou.
inline const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

class SchedulingApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = fieldservice::testing::CreateTestDatabase("scheduling");
    pool_ = std::make_unique<common::ConnectionPool>(db_);
    auto applied = common::ApplyMigrations(*pool_, EmbeddedMigrations(), absl::Seconds(30));
    ASSERT_TRUE(applied.ok()) << applied.status();
    repository_ = std::make_unique<MySqlDispatchRepository>(*pool_, common::RetryPolicy{},
                                                            api::EncodeJobSnapshot);
    streams_ = std::make_unique<api::JobStreams>(
        *repository_, clock_, api::StreamPolicy{.poll_interval = absl::Milliseconds(200)});
    repository_->OnFeedCommitted([this] { streams_->Wake(); });
    technician_repository_ =
        std::make_unique<MySqlTechnicianRepository>(*pool_, common::RetryPolicy{});
    directory_ =
        std::make_unique<TechnicianDirectory>(*technician_repository_, clock_, absl::Seconds(10));
    technicians_ = std::make_unique<TechnicianService>(*technician_repository_, clock_,
                                                       directory_.get(), rating_policy_);
    technicians_handler_ = std::make_unique<api::TechniciansHandler>(*technicians_);
    service_ = std::make_unique<DispatchService>(*repository_, policy_, *directory_, travel_,
                                                 RankingPolicy{});
    planner_ = std::make_unique<DayPlanService>(*repository_, travel_, plan_policy_);
    handler_ = std::make_unique<api::DispatchHandler>(*service_, clock_, planner_.get());
    app_ = std::make_unique<TechnicianAppService>(*repository_, kZone);
    app_handler_ = std::make_unique<api::TechnicianAppHandler>(*app_, *streams_, clock_, kZone);
    auto host =
        common::ServerHost::Start(testing::TestServerOptions("scheduling"),
                                  {common::Served<v1::Dispatch>(handler_.get()),
                                   common::Served<v1::TechnicianApp>(app_handler_.get()),
                                   common::Served<v1::Technicians>(technicians_handler_.get())});
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
    const std::string address = absl::StrCat("127.0.0.1:", host_->port());
    orders_ =
        v1::Dispatch::NewStub(grpc::CreateChannel(address, testing::ServiceCredentials("orders")));
    people_ = v1::Dispatch::NewStub(testing::TestChannel(host_->port()));
    app_stub_ = v1::TechnicianApp::NewStub(testing::TestChannel(host_->port()));
    callback_service_ = v1::Technicians::NewStub(
        grpc::CreateChannel(address, testing::ServiceCredentials("callback")));
    technicians_stub_ = v1::Technicians::NewStub(testing::TestChannel(host_->port()));
    streams_->Start();
  }
  void TearDown() override {
    if (streams_) streams_->Stop();
    if (host_) host_->Shutdown(absl::Seconds(1));
    host_.reset();
    pool_.reset();
    fieldservice::testing::DropTestDatabase(db_);
  }

  static v1::SyncJobRequest Sync(const std::string& number, int64_t version, absl::Time changed) {
    v1::SyncJobRequest r;
    r.set_order("repairOrders/" + number);
    r.set_order_version(version);
    r.set_in_dispatch(true);
    r.set_region_code("440106");
    r.mutable_location()->set_latitude(23.13);
    r.mutable_location()->set_longitude(113.33);
    r.set_category("refrigerator");
    r.set_brand("海尔");
    common::SetTimestamp(changed, r.mutable_change_time());
    return r;
  }

  grpc::Status SyncAsOrders(const v1::SyncJobRequest& request, v1::DispatchJob* out) {
    grpc::ClientContext context;
    return orders_->SyncJob(&context, request, out);
  }

  std::vector<std::string> Queue(int page_size = 0) {
    std::vector<std::string> orders;
    v1::ListDispatchQueueRequest request;
    request.set_page_size(page_size);
    for (int pages = 0; pages < 20; ++pages) {
      grpc::ClientContext context;
      testing::Authorize(context, "disp-01", {"dispatcher"});
      v1::ListDispatchQueueResponse page;
      grpc::Status s = people_->ListDispatchQueue(&context, request, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      for (const auto& job : page.jobs()) orders.push_back(job.order());
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    return orders;
  }

  static inline const absl::TimeZone kZone = absl::FixedTimeZone(8 * 3600);

  common::FakeClock clock_{kStart};
  // A week to visit, so that slots after a weekend are still in time.
  DispatchPolicy policy_{.visit_within = absl::Hours(24 * 7)};
  common::DbSettings db_;
  std::unique_ptr<common::ConnectionPool> pool_;
  std::unique_ptr<MySqlDispatchRepository> repository_;
  std::unique_ptr<MySqlTechnicianRepository> technician_repository_;
  std::unique_ptr<TechnicianDirectory> directory_;
  // How callbacks rate technicians: a test fixture may change it in its
  // constructor.
  CallbackRatingPolicy rating_policy_;
  std::unique_ptr<TechnicianService> technicians_;
  std::unique_ptr<api::TechniciansHandler> technicians_handler_;
  GreatCircleTravelEstimator travel_;
  std::unique_ptr<DispatchService> service_;
  // Short, reproducible searches.
  DayPlanPolicy plan_policy_{.solver_time_limit = absl::Seconds(10), .solver_iterations = 1000};
  std::unique_ptr<DayPlanService> planner_;
  std::unique_ptr<api::DispatchHandler> handler_;
  std::unique_ptr<api::JobStreams> streams_;
  std::unique_ptr<TechnicianAppService> app_;
  std::unique_ptr<api::TechnicianAppHandler> app_handler_;
  std::unique_ptr<common::ServerHost> host_;
  std::unique_ptr<v1::Dispatch::Stub> orders_;
  std::unique_ptr<v1::Dispatch::Stub> people_;
  std::unique_ptr<v1::TechnicianApp::Stub> app_stub_;
  // Technicians as the callback service (its certificate).
  std::unique_ptr<v1::Technicians::Stub> callback_service_;
  // Technicians as a person (authorize each call).
  std::unique_ptr<v1::Technicians::Stub> technicians_stub_;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_TESTS_SCHEDULING_SCHEDULING_API_FIXTURE_H_
