// The Technicians API (issue 9 "Technicians") through a real gRPC server on
// port 0, with TLS and the shipped access policy, on real MariaDB.
#include <grpcpp/create_channel.h>

#include <memory>
#include <string>

#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/common/clock.h"
#include "services/common/migrations.h"
#include "services/common/proto_time.h"
#include "services/common/server.h"
#include "services/scheduling/api/technicians_handler.h"
#include "services/scheduling/domain/technician_service.h"
#include "services/scheduling/storage/mysql_technician_repository.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"

namespace fieldservice::scheduling {
namespace {

namespace v1 = ::fieldservice::scheduling::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);
const absl::Time kStart = absl::FromCivil(absl::CivilSecond(2026, 3, 2, 9, 0, 0), kChina);

class TechniciansApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = fieldservice::testing::CreateTestDatabase("scheduling");
    pool_ = std::make_unique<common::ConnectionPool>(db_);
    auto applied = common::ApplyMigrations(*pool_, EmbeddedMigrations(), absl::Seconds(30));
    ASSERT_TRUE(applied.ok()) << applied.status();
    repository_ = std::make_unique<MySqlTechnicianRepository>(*pool_, common::RetryPolicy{});
    service_ = std::make_unique<TechnicianService>(*repository_, clock_);
    handler_ = std::make_unique<api::TechniciansHandler>(*service_);
    auto host = common::ServerHost::Start(testing::TestServerOptions("scheduling"),
                                          {common::Served<v1::Technicians>(handler_.get())});
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
    stub_ = v1::Technicians::NewStub(testing::TestChannel(host_->port()));
  }
  void TearDown() override {
    if (host_) host_->Shutdown(absl::Seconds(1));
    host_.reset();
    pool_.reset();
    fieldservice::testing::DropTestDatabase(db_);
  }

  // A call as a dispatcher (or `role`).
  std::unique_ptr<grpc::ClientContext> As(const std::string& role = "dispatcher") {
    auto context = std::make_unique<grpc::ClientContext>();
    testing::Authorize(*context, "user-" + role, {role});
    return context;
  }

  static v1::Technician Sample(const std::string& outlet = "广州天河网点") {
    v1::Technician t;
    t.set_display_name("张伟");
    t.set_phone("13800138000");
    t.set_outlet(outlet);
    t.mutable_skills()->add_categories("refrigerator");
    t.mutable_skills()->add_brands("海尔");
    t.mutable_skills()->set_level(3);
    t.mutable_service_area()->add_region_codes("440106");
    t.mutable_home_base()->set_latitude(23.1291);
    t.mutable_home_base()->set_longitude(113.2644);
    v1::WeeklyShift* monday = t.add_weekly_shifts();
    monday->set_weekday(v1::MONDAY);
    monday->set_start_minute(9 * 60);
    monday->set_end_minute(18 * 60);
    t.set_max_jobs_per_day(6);
    return t;
  }

  grpc::Status Create(const std::string& id, const v1::Technician& t, v1::Technician* out,
                      const std::string& request_id = "") {
    v1::CreateTechnicianRequest request;
    request.set_request_id(request_id.empty() ? "req-" + id : request_id);
    request.set_technician_id(id);
    *request.mutable_technician() = t;
    return stub_->CreateTechnician(As().get(), request, out);
  }

  static std::vector<std::string> BadFields(const grpc::Status& status) {
    google::rpc::Status details;
    std::vector<std::string> out;
    if (!details.ParseFromString(status.error_details())) return out;
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad;
      if (!any.UnpackTo(&bad)) continue;
      for (const auto& v : bad.field_violations()) out.push_back(v.field());
    }
    return out;
  }

  common::FakeClock clock_{kStart};
  common::DbSettings db_;
  std::unique_ptr<common::ConnectionPool> pool_;
  std::unique_ptr<MySqlTechnicianRepository> repository_;
  std::unique_ptr<TechnicianService> service_;
  std::unique_ptr<api::TechniciansHandler> handler_;
  std::unique_ptr<common::ServerHost> host_;
  std::unique_ptr<v1::Technicians::Stub> stub_;
};

TEST_F(TechniciansApiTest, CreateSetsTheOutputFieldsAndGetReadsEveryFieldBack) {
  v1::Technician sent = Sample();
  sent.mutable_service_area()->set_radius_km(12.5);
  for (auto [lat, lng] : {std::pair{23.10, 113.20}, {23.10, 113.40}, {23.20, 113.30}}) {
    auto* p = sent.mutable_service_area()->add_polygon();
    p->set_latitude(lat);
    p->set_longitude(lng);
  }
  v1::Absence* leave = sent.add_absences();
  leave->set_kind(v1::LEAVE);
  common::SetTimestamp(kStart + absl::Hours(24), leave->mutable_time()->mutable_start_time());
  common::SetTimestamp(kStart + absl::Hours(72), leave->mutable_time()->mutable_end_time());
  leave->set_note("年假");
  v1::Technician created;
  grpc::Status status = Create("zhang.wei", sent, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.name(), "technicians/zhang.wei");
  EXPECT_EQ(created.etag(), "1");
  EXPECT_TRUE(created.active());
  EXPECT_EQ(created.satisfaction(), 0);
  std::vector<common::FieldViolation> unused;
  EXPECT_EQ(common::ToTime(created.create_time(), true, "", unused), kStart);

  v1::GetTechnicianRequest get;
  get.set_name("technicians/zhang.wei");
  v1::Technician read;
  ASSERT_TRUE(stub_->GetTechnician(As().get(), get, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), created.SerializeAsString()) << read.DebugString();
  EXPECT_EQ(read.absences(0).note(), "年假");
  EXPECT_EQ(read.service_area().polygon_size(), 3);
  EXPECT_EQ(read.weekly_shifts(0).weekday(), v1::MONDAY);
}

TEST_F(TechniciansApiTest, MostJobsADayDefaultsToEight) {
  v1::Technician sent = Sample();
  sent.set_max_jobs_per_day(0);
  v1::Technician created;
  ASSERT_TRUE(Create("li.na", sent, &created).ok());
  EXPECT_EQ(created.max_jobs_per_day(), 8);
}

TEST_F(TechniciansApiTest, AVanCapacityIsKeptChangedAndChecked) {
  v1::Technician created;
  ASSERT_TRUE(Create("li.na", Sample(), &created).ok());
  EXPECT_FALSE(created.has_van_capacity());  // no limit
  v1::UpdateTechnicianRequest update;
  update.mutable_technician()->set_name("technicians/li.na");
  update.mutable_technician()->set_etag(created.etag());
  update.mutable_technician()->set_van_capacity(12.5);
  update.mutable_update_mask()->add_paths("van_capacity");
  v1::Technician updated;
  ASSERT_TRUE(stub_->UpdateTechnician(As().get(), update, &updated).ok());
  v1::GetTechnicianRequest get;
  get.set_name("technicians/li.na");
  v1::Technician read;
  ASSERT_TRUE(stub_->GetTechnician(As().get(), get, &read).ok());
  ASSERT_TRUE(read.has_van_capacity());
  EXPECT_EQ(read.van_capacity(), 12.5);

  update.mutable_technician()->set_etag(read.etag());
  update.mutable_technician()->set_van_capacity(0);
  grpc::Status rule = stub_->UpdateTechnician(As().get(), update, &updated);
  EXPECT_THAT(BadFields(rule), ElementsAre("technician.van_capacity"));
  // Unset again: no limit.
  update.mutable_technician()->clear_van_capacity();
  ASSERT_TRUE(stub_->UpdateTechnician(As().get(), update, &updated).ok());
  EXPECT_FALSE(updated.has_van_capacity());
}

TEST_F(TechniciansApiTest, ARetryReturnsTheFirstAndATakenIdIsRefused) {
  v1::Technician first, again, other;
  ASSERT_TRUE(Create("zhang.wei", Sample(), &first, "request-1").ok());
  clock_.Advance(absl::Minutes(1));
  ASSERT_TRUE(Create("zhang.wei", Sample(), &again, "request-1").ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  grpc::Status taken = Create("zhang.wei", Sample(), &other, "request-2");
  EXPECT_EQ(taken.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(taken.error_message(), HasSubstr("technicians/zhang.wei already exists"));
}

TEST_F(TechniciansApiTest, EveryBadFieldIsNamedAtOnce) {
  v1::Technician sent = Sample();
  sent.clear_display_name();
  sent.mutable_skills()->set_level(7);
  sent.mutable_weekly_shifts(0)->set_weekday(v1::WEEKDAY_UNSPECIFIED);
  sent.clear_home_base();
  v1::Technician created;
  grpc::Status status = Create("Bad Id", sent, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status),
              ElementsAre("technician.weekly_shifts[0].weekday", "technician.home_base"));
  // The shape is fixed first; then the rules are all reported together.
  sent.mutable_weekly_shifts(0)->set_weekday(v1::TUESDAY);
  *sent.mutable_home_base() = Sample().home_base();
  status = Create("Bad Id", sent, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status),
              ElementsAre("technician_id", "technician.display_name", "technician.skills.level"));
  // Nothing was stored.
  v1::ListTechniciansRequest list;
  v1::ListTechniciansResponse page;
  ASSERT_TRUE(stub_->ListTechnicians(As().get(), list, &page).ok());
  EXPECT_EQ(page.technicians_size(), 0);
}

TEST_F(TechniciansApiTest, GetNamesWhatIsMissingOrMalformed) {
  v1::GetTechnicianRequest get;
  v1::Technician read;
  get.set_name("technicians/nobody");
  grpc::Status missing = stub_->GetTechnician(As().get(), get, &read);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(missing.error_message(), HasSubstr("technicians/nobody does not exist"));
  get.set_name("nobody");
  grpc::Status malformed = stub_->GetTechnician(As().get(), get, &read);
  EXPECT_EQ(malformed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(malformed), ElementsAre("name"));
}

TEST_F(TechniciansApiTest, ListPagesFiltersByOutletAndHidesInactive) {
  for (int i = 0; i < 5; ++i) {
    v1::Technician created;
    ASSERT_TRUE(
        Create("tech-" + std::to_string(i), Sample(i == 4 ? "越秀网点" : "天河网点"), &created)
            .ok());
  }
  // tech-1 stops taking jobs.
  v1::UpdateTechnicianRequest update;
  update.mutable_technician()->set_name("technicians/tech-1");
  update.mutable_technician()->set_etag("1");
  update.mutable_technician()->set_active(false);
  update.mutable_update_mask()->add_paths("active");
  v1::Technician updated;
  ASSERT_TRUE(stub_->UpdateTechnician(As().get(), update, &updated).ok());

  auto all_pages = [&](v1::ListTechniciansRequest request) {
    std::vector<std::string> names;
    request.set_page_size(2);
    for (int pages = 0; pages < 10; ++pages) {
      v1::ListTechniciansResponse page;
      grpc::Status s = stub_->ListTechnicians(As().get(), request, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      for (const auto& t : page.technicians()) names.push_back(t.name());
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    return names;
  };
  v1::ListTechniciansRequest active;
  EXPECT_THAT(all_pages(active), ElementsAre("technicians/tech-0", "technicians/tech-2",
                                             "technicians/tech-3", "technicians/tech-4"));
  v1::ListTechniciansRequest everyone;
  everyone.set_include_inactive(true);
  EXPECT_EQ(all_pages(everyone).size(), 5u);
  v1::ListTechniciansRequest yuexiu;
  yuexiu.set_outlet("越秀网点");
  EXPECT_THAT(all_pages(yuexiu), ElementsAre("technicians/tech-4"));

  // A page token belongs to its filters.
  v1::ListTechniciansRequest first;
  first.set_page_size(2);
  v1::ListTechniciansResponse page;
  ASSERT_TRUE(stub_->ListTechnicians(As().get(), first, &page).ok());
  yuexiu.set_page_token(page.next_page_token());
  grpc::Status replayed = stub_->ListTechnicians(As().get(), yuexiu, &page);
  EXPECT_EQ(replayed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(replayed), ElementsAre("page_token"));
}

TEST_F(TechniciansApiTest, UpdateChangesOnlyTheMaskedFieldsAndChecksTheEtag) {
  v1::Technician created;
  ASSERT_TRUE(Create("zhang.wei", Sample(), &created).ok());
  clock_.Advance(absl::Hours(1));
  v1::UpdateTechnicianRequest update;
  v1::Technician* t = update.mutable_technician();
  t->set_name(created.name());
  t->set_etag(created.etag());
  t->set_display_name("张伟 (组长)");
  t->set_outlet("ignored: not in the mask");
  v1::Absence* sick = t->add_absences();
  sick->set_kind(v1::SICK);
  common::SetTimestamp(kStart, sick->mutable_time()->mutable_start_time());
  common::SetTimestamp(kStart + absl::Hours(8), sick->mutable_time()->mutable_end_time());
  t->mutable_skills()->set_level(4);
  update.mutable_update_mask()->add_paths("display_name");
  update.mutable_update_mask()->add_paths("absences");
  update.mutable_update_mask()->add_paths("skills.level");
  v1::Technician updated;
  grpc::Status status = stub_->UpdateTechnician(As("supervisor").get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_EQ(updated.display_name(), "张伟 (组长)");
  EXPECT_EQ(updated.outlet(), created.outlet());
  EXPECT_EQ(updated.skills().level(), 4);
  EXPECT_EQ(updated.skills().categories_size(), 1);  // the rest of skills kept
  ASSERT_EQ(updated.absences_size(), 1);
  EXPECT_EQ(updated.absences(0).kind(), v1::SICK);

  // The same etag again is stale now.
  grpc::Status stale = stub_->UpdateTechnician(As().get(), update, &updated);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(stale.error_message(), HasSubstr("changed since etag 1"));
}

TEST_F(TechniciansApiTest, UpdateRefusesUnknownPathsMissingEtagsAndBrokenRules) {
  v1::Technician created;
  ASSERT_TRUE(Create("zhang.wei", Sample(), &created).ok());
  v1::UpdateTechnicianRequest update;
  update.mutable_technician()->set_name(created.name());
  update.mutable_update_mask()->add_paths("satisfaction");
  v1::Technician updated;
  grpc::Status no_etag = stub_->UpdateTechnician(As().get(), update, &updated);
  EXPECT_EQ(no_etag.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(no_etag), ElementsAre("technician.etag"));

  update.mutable_technician()->set_etag("1");
  grpc::Status unknown = stub_->UpdateTechnician(As().get(), update, &updated);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(unknown), ElementsAre("update_mask.paths[0]"));
  EXPECT_THAT(unknown.error_message(), HasSubstr("cannot be changed"));

  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("max_jobs_per_day");
  update.mutable_technician()->set_max_jobs_per_day(80);
  grpc::Status rule = stub_->UpdateTechnician(As().get(), update, &updated);
  EXPECT_EQ(rule.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(rule), ElementsAre("technician.max_jobs_per_day"));

  // Nothing changed.
  v1::GetTechnicianRequest get;
  get.set_name(created.name());
  v1::Technician read;
  ASSERT_TRUE(stub_->GetTechnician(As().get(), get, &read).ok());
  EXPECT_EQ(read.etag(), "1");
  EXPECT_EQ(read.max_jobs_per_day(), 6);
}

TEST_F(TechniciansApiTest, ATechnicianCannotEditTechnicians) {
  v1::CreateTechnicianRequest request;
  request.set_request_id("r");
  request.set_technician_id("me");
  *request.mutable_technician() = Sample();
  v1::Technician created;
  grpc::Status status = stub_->CreateTechnician(As("technician").get(), request, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace fieldservice::scheduling
