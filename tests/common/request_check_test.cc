#include "services/common/request_check.h"

#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <gtest/gtest.h>

#include "fieldservice/orders/v1/orders_service.pb.h"
#include "fieldservice/warranty/v1/warranty.pb.h"
#include "services/common/errors.h"

namespace fieldservice::common {
namespace {

namespace ov1 = ::fieldservice::orders::v1;
namespace wv1 = ::fieldservice::warranty::v1;

absl::Status Check(const google::protobuf::Descriptor& type, const std::string& bytes) {
  google::protobuf::io::ArrayInputStream input(bytes.data(), static_cast<int>(bytes.size()),
                                               /*block_size=*/3);  // values span blocks
  return CheckRequestBytes(type, input);
}

// A serialized message with one string field's bytes swapped for others of
// the same length (the generated code refuses to serialize invalid UTF-8).
std::string WithBytes(std::string serialized, const std::string& from, const std::string& to) {
  serialized.replace(serialized.find(from), from.size(), to);
  return serialized;
}

TEST(RequestCheckTest, ValidRequestsPass) {
  ov1::ListRepairOrdersRequest list;
  list.set_phone("13812345678");
  list.add_statuses(static_cast<ov1::Status>(1));
  list.set_deadline_filter(ov1::OVERDUE_ONLY);
  EXPECT_TRUE(Check(*list.GetDescriptor(), list.SerializeAsString()).ok());
  wv1::DecideCoverageRequest decide;
  decide.mutable_product()->set_brand("美的");
  EXPECT_TRUE(Check(*decide.GetDescriptor(), decide.SerializeAsString()).ok());
  EXPECT_TRUE(Check(*decide.GetDescriptor(), "").ok());
}

TEST(RequestCheckTest, InvalidUtf8IsNamedWithItsPath) {
  wv1::DecideCoverageRequest decide;
  decide.set_request_id("r-1");
  decide.mutable_product()->set_brand("XX");
  absl::Status status =
      Check(*decide.GetDescriptor(), WithBytes(decide.SerializeAsString(), "XX", "\xff\xfe"));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(FieldViolationsOf(status).size(), 1u) << status;
  EXPECT_EQ(FieldViolationsOf(status)[0].field, "product.brand");
}

TEST(RequestCheckTest, UnknownEnumValuesAreNamedSingleAndPacked) {
  ov1::ListRepairOrdersRequest list;
  list.set_deadline_filter(static_cast<ov1::DeadlineFilter>(7));
  list.add_statuses(static_cast<ov1::Status>(1));
  list.add_statuses(static_cast<ov1::Status>(99));
  absl::Status status = Check(*list.GetDescriptor(), list.SerializeAsString());
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  std::vector<FieldViolation> v = FieldViolationsOf(status);
  ASSERT_EQ(v.size(), 2u) << status;
  EXPECT_EQ(v[0].field, "statuses");
  EXPECT_NE(v[0].description.find("99"), std::string::npos);
  EXPECT_EQ(v[1].field, "deadline_filter");
  EXPECT_NE(v[1].description.find("7"), std::string::npos);
}

TEST(RequestCheckTest, NegativeEnumValuesAreReadAsInt32) {
  ov1::ListRepairOrdersRequest list;
  list.set_deadline_filter(static_cast<ov1::DeadlineFilter>(-1));  // ten varint bytes
  absl::Status status = Check(*list.GetDescriptor(), list.SerializeAsString());
  ASSERT_EQ(FieldViolationsOf(status).size(), 1u) << status;
  EXPECT_NE(FieldViolationsOf(status)[0].description.find("-1"), std::string::npos);
}

TEST(RequestCheckTest, MalformedBytesNameTheMessageType) {
  for (const std::string& bytes :
       {std::string("\x0a\x64xyz", 5), std::string("\x00", 1), std::string("\x0f", 1)}) {
    absl::Status status = Check(*ov1::GetRepairOrderRequest::descriptor(), bytes);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(status.message().find("fieldservice.orders.v1.GetRepairOrderRequest"),
              std::string::npos)
        << status;
  }
}

}  // namespace
}  // namespace fieldservice::common
