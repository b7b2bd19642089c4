#include "services/common/grpc_status.h"

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"

namespace fieldservice::common {
namespace {

using ::testing::HasSubstr;

google::rpc::Status Details(const grpc::Status& s) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(s.error_details()));
  return details;
}

TEST(GrpcStatusTest, OkIsOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok()); }

// DESIGN.md "API conventions": INVALID_ARGUMENT names every bad field.
TEST(GrpcStatusTest, FieldViolationsBecomeBadRequest) {
  Violations v;
  v.Add("customer.phone", "must be a mainland phone number");
  v.Add("fault_description", "too vague");
  absl::Status status = PrefixFieldPaths(v.ToStatus(), "repair_order.");
  grpc::Status g = ToGrpcStatus(status);
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(g.error_message(), HasSubstr("repair_order.customer.phone"));
  google::rpc::Status details = Details(g);
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad));
  ASSERT_EQ(bad.field_violations_size(), 2);
  EXPECT_EQ(bad.field_violations(0).field(), "repair_order.customer.phone");
  EXPECT_EQ(bad.field_violations(1).field(), "repair_order.fault_description");
  EXPECT_EQ(bad.field_violations(1).description(), "too vague");
}

// DESIGN.md "API conventions": an illegal transition says which are allowed.
TEST(GrpcStatusTest, IllegalTransitionListsAllowed) {
  grpc::Status g = ToGrpcStatus(IllegalTransitionError("repairOrders/1", "close", "received",
                                                       {"queue_for_dispatch", "cancel"}));
  EXPECT_EQ(g.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(g.error_message(), HasSubstr("queue_for_dispatch, cancel"));
  google::rpc::Status details = Details(g);
  google::rpc::PreconditionFailure failure;
  ASSERT_GE(details.details_size(), 1);
  ASSERT_TRUE(details.details(0).UnpackTo(&failure));
  EXPECT_THAT(failure.violations(0).description(), HasSubstr("queue_for_dispatch,cancel"));
}

TEST(GrpcStatusTest, PlainErrorsKeepCodeAndMessage) {
  grpc::Status g = ToGrpcStatus(absl::AbortedError("stale etag"));
  EXPECT_EQ(g.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(g.error_message(), "stale etag");
}

}  // namespace
}  // namespace fieldservice::common
