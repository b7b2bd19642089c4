// Technicians.RecordCallbackRating (issue 11, DOMAIN.md "The callback")
// through a real gRPC server on port 0, called as the callback service
// (mutual TLS, the shipped access policy), on real MariaDB: each callback's
// rating and conduct findings move the technician's satisfaction once, and
// candidate ranking follows it.
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/scheduling/domain/sample_technicians.h"
#include "tests/scheduling/scheduling_api_fixture.h"

namespace fieldservice::scheduling {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class CallbackRatingApiTest : public SchedulingApiTest {
 protected:
  void SetUp() override {
    SchedulingApiTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(
        technicians_->Create("req-zhang", testing_samples::GuangzhouFridgeTechnician()).ok());
  }

  static v1::RecordCallbackRatingRequest Rating(const std::string& callback, int rating,
                                                std::vector<std::string> findings = {},
                                                absl::Duration after_start = absl::Hours(1),
                                                const std::string& technician = "zhang.wei") {
    v1::RecordCallbackRatingRequest r;
    r.set_technician("technicians/" + technician);
    r.set_callback("callbacks/" + callback);
    r.set_rating(rating);
    for (const std::string& f : findings) r.add_conduct_findings(f);
    common::SetTimestamp(kStart + after_start, r.mutable_callback_time());
    return r;
  }

  grpc::Status Record(const v1::RecordCallbackRatingRequest& request, v1::Technician* out) {
    grpc::ClientContext context;
    return callback_service_->RecordCallbackRating(&context, request, out);
  }

  v1::Technician Get(const std::string& id = "zhang.wei") {
    grpc::ClientContext context;
    testing::Authorize(context, "disp-01", {"dispatcher"});
    v1::GetTechnicianRequest request;
    request.set_name("technicians/" + id);
    v1::Technician out;
    grpc::Status s = technicians_stub_->GetTechnician(&context, request, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
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
};

TEST_F(CallbackRatingApiTest, RatingsSetTheSatisfactionGetTechnicianShows) {
  const v1::Technician before = Get();
  EXPECT_EQ(before.satisfaction(), 0);  // not rated yet

  v1::Technician rated;
  ASSERT_TRUE(Record(Rating("2611230427/1", 5), &rated).ok());
  EXPECT_EQ(rated.satisfaction(), 5);
  EXPECT_NE(rated.etag(), before.etag());
  // 4 with two findings scores 3 (5 less a point each): the mean is 4.
  ASSERT_TRUE(Record(Rating("2611230435/1", 4, {"NO_WORK_ID", "LATE"}), &rated).ok());
  EXPECT_EQ(rated.satisfaction(), 4);
  // Unrated, a fee against the rules: 4. Mean (5 + 3 + 4) / 3.
  ASSERT_TRUE(Record(Rating("2611230443/2", 0, {"FEE_AGAINST_RULES"}), &rated).ok());
  EXPECT_EQ(rated.satisfaction(), 4);

  const v1::Technician read = Get();
  EXPECT_EQ(read.satisfaction(), 4);
  EXPECT_EQ(read.etag(), rated.etag());
  EXPECT_EQ(read.update_time().seconds(), absl::ToUnixSeconds(kStart));
}

TEST_F(CallbackRatingApiTest, TheSameCallbackTwiceCountsOnce) {
  v1::Technician first;
  ASSERT_TRUE(Record(Rating("2611230427/1", 2), &first).ok());
  EXPECT_EQ(first.satisfaction(), 2);
  // The outbox delivers again (even with other values): nothing changes.
  v1::Technician again;
  ASSERT_TRUE(Record(Rating("2611230427/1", 5), &again).ok());
  EXPECT_EQ(again.satisfaction(), 2);
  EXPECT_EQ(again.etag(), first.etag());
  EXPECT_EQ(Get().etag(), first.etag());
}

// The relay of two callback replicas delivering at once: the primary key
// keeps one.
TEST_F(CallbackRatingApiTest, ConcurrentDuplicatesCountOnce) {
  const int64_t before = std::stoll(Get().etag());
  std::vector<std::thread> relays;
  std::vector<grpc::Status> statuses(6);
  std::vector<v1::Technician> answers(statuses.size());
  for (size_t i = 0; i < statuses.size(); ++i) {
    relays.emplace_back(
        [&, i] { statuses[i] = Record(Rating("2611230427/1", 2, {"LATE"}), &answers[i]); });
  }
  for (std::thread& relay : relays) relay.join();
  for (size_t i = 0; i < statuses.size(); ++i) {
    ASSERT_TRUE(statuses[i].ok()) << statuses[i].error_message();
    EXPECT_EQ(answers[i].satisfaction(), 2);
  }
  const v1::Technician after = Get();
  EXPECT_EQ(after.satisfaction(), 2);
  EXPECT_EQ(std::stoll(after.etag()), before + 1);
}

// One rating per callback, whichever technician a later delivery names.
TEST_F(CallbackRatingApiTest, ACallbackRatesOneTechnicianOnly) {
  Technician other = testing_samples::GuangzhouFridgeTechnician();
  other.id = "li.na";
  ASSERT_TRUE(technicians_->Create("req-li", other).ok());
  v1::Technician t;
  ASSERT_TRUE(Record(Rating("2611230427/1", 5), &t).ok());
  ASSERT_TRUE(Record(Rating("2611230427/1", 1, {}, absl::Hours(1), "li.na"), &t).ok());
  EXPECT_EQ(t.name(), "technicians/li.na");
  EXPECT_EQ(t.satisfaction(), 0);
  EXPECT_EQ(Get().satisfaction(), 5);
}

TEST_F(CallbackRatingApiTest, AnUnratedCallbackWithoutFindingsChangesNothing) {
  v1::Technician rated;
  ASSERT_TRUE(Record(Rating("2611230427/1", 3), &rated).ok());
  v1::Technician unrated;
  ASSERT_TRUE(Record(Rating("2611230435/1", 0), &unrated).ok());
  EXPECT_EQ(unrated.satisfaction(), 3);
  EXPECT_EQ(unrated.etag(), rated.etag());
}

class SmallWindowTest : public CallbackRatingApiTest {
 protected:
  SmallWindowTest() { rating_policy_.window = 2; }
};

// The latest by when the survey was submitted, whatever order the callbacks
// arrive in.
TEST_F(SmallWindowTest, OnlyTheLatestCallbacksCount) {
  v1::Technician t;
  ASSERT_TRUE(Record(Rating("1/1", 1, {}, absl::Hours(1)), &t).ok());
  ASSERT_TRUE(Record(Rating("3/1", 5, {}, absl::Hours(3)), &t).ok());
  EXPECT_EQ(t.satisfaction(), 3);
  ASSERT_TRUE(Record(Rating("4/1", 4, {}, absl::Hours(4)), &t).ok());
  EXPECT_EQ(t.satisfaction(), 4.5);  // 5 and 4; the 1 has left the window
  // An older callback arriving late does not count over newer ones.
  ASSERT_TRUE(Record(Rating("2/1", 1, {}, absl::Hours(2)), &t).ok());
  EXPECT_EQ(t.satisfaction(), 4.5);
}

TEST_F(CallbackRatingApiTest, BadFieldsAreNamed) {
  v1::RecordCallbackRatingRequest r;
  r.set_technician("zhang.wei");
  r.set_callback("callbacks/2611230427");
  r.set_rating(6);
  r.add_conduct_findings("LATE");
  r.add_conduct_findings("LATE");
  v1::Technician out;
  grpc::Status status = Record(r, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("technician", "callback", "rating",
                                             "conduct_findings[1]", "callback_time"));
  EXPECT_THAT(status.error_message(), HasSubstr("callback_time"));
  EXPECT_EQ(Get().satisfaction(), 0);
}

TEST_F(CallbackRatingApiTest, AnUnknownTechnicianIsNotFound) {
  v1::Technician out;
  grpc::Status status = Record(Rating("2611230427/1", 5, {}, absl::Hours(1), "nobody"), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("technicians/nobody"));
}

TEST_F(CallbackRatingApiTest, OnlyTheCallbackServiceMayRate) {
  grpc::ClientContext context;
  testing::Authorize(context, "disp-01", {"dispatcher"});
  v1::Technician out;
  grpc::Status status =
      technicians_stub_->RecordCallbackRating(&context, Rating("2611230427/1", 5), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  grpc::ClientContext as_orders;
  auto orders_stub = v1::Technicians::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", host_->port()), testing::ServiceCredentials("orders")));
  status = orders_stub->RecordCallbackRating(&as_orders, Rating("2611230427/1", 5), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

// kStart is a Friday, 16:00 in Guangzhou: the sample technicians work until
// 18:00. Two technicians alike but for their callbacks: the better rated
// one's satisfaction part is higher, and it alone tells them apart.
TEST_F(CallbackRatingApiTest, ALowerSatisfactionLowersTheCandidatesScore) {
  Technician twin = testing_samples::GuangzhouFridgeTechnician();
  twin.id = "zhang.wei.2";
  ASSERT_TRUE(technicians_->Create("req-twin", twin).ok());
  v1::Technician t;
  ASSERT_TRUE(Record(Rating("2611230427/1", 5), &t).ok());
  ASSERT_TRUE(
      Record(Rating("2611230435/1", 0,
                    {"RUDE_OR_ARGUING", "NO_FUNCTION_TEST", "RECORD_NOT_SIGNED_BY_CUSTOMER"},
                    absl::Hours(1), "zhang.wei.2"),
             &t)
          .ok());
  EXPECT_EQ(t.satisfaction(), 2);

  v1::DispatchJob job;
  ASSERT_TRUE(SyncAsOrders(Sync("1001", 1, kStart), &job).ok());
  grpc::ClientContext context;
  testing::Authorize(context, "disp-01", {"dispatcher"});
  v1::ProposeCandidatesRequest request;
  request.set_job("dispatchJobs/1001");
  v1::ProposeCandidatesResponse proposal;
  grpc::Status status = people_->ProposeCandidates(&context, request, &proposal);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(proposal.candidates_size(), 2);
  const auto& best = proposal.candidates(0);
  const auto& worse = proposal.candidates(1);
  EXPECT_EQ(best.technician(), "technicians/zhang.wei");
  EXPECT_EQ(worse.technician(), "technicians/zhang.wei.2");
  EXPECT_DOUBLE_EQ(best.parts().satisfaction(), 1.0);    // 5 of 5
  EXPECT_DOUBLE_EQ(worse.parts().satisfaction(), 0.25);  // 2 on 1..5
  EXPECT_DOUBLE_EQ(best.parts().travel(), worse.parts().travel());
  EXPECT_GT(best.score(), worse.score());
}

}  // namespace
}  // namespace fieldservice::scheduling
