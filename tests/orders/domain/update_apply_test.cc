#include "services/orders/domain/update_apply.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fieldservice::orders {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

NewOrder Values() {
  NewOrder v;
  v.customer.name = "李四";
  v.customer.phone = "13900001111";
  v.customer.address.region_code = "310104";
  v.customer.address.detail = "漕溪北路88号2号楼301室";
  v.customer.address.location = GeoPoint{31.19, 121.43};
  v.fault_description = "洗衣机不排水";
  v.product.model = "XQG100";
  return v;
}

// Issue 2: UpdateRepairOrder changes exactly the fields in the mask.
TEST(ApplyUpdatePathsTest, CopiesOnlyMaskedLeaves) {
  NewOrder target;
  target.customer.name = "张三";
  target.fault_description = "冰箱不制冷";
  auto copied = ApplyUpdatePaths(Values(), {"customer.phone"}, target);
  EXPECT_THAT(copied, ElementsAre("customer.phone"));
  EXPECT_EQ(target.customer.phone, "13900001111");
  EXPECT_EQ(target.customer.name, "张三");
  EXPECT_EQ(target.fault_description, "冰箱不制冷");
}

TEST(ApplyUpdatePathsTest, ParentPathCopiesItsChildren) {
  NewOrder target;
  auto copied = ApplyUpdatePaths(Values(), {"customer.address"}, target);
  EXPECT_THAT(copied, UnorderedElementsAre("customer.address.region_code",
                                           "customer.address.detail", "customer.address.location"));
  EXPECT_EQ(target.customer.address.region_code, "310104");
  ASSERT_TRUE(target.customer.address.location.has_value());
  EXPECT_DOUBLE_EQ(target.customer.address.location->latitude, 31.19);
  EXPECT_TRUE(target.customer.name.empty());
}

TEST(ApplyUpdatePathsTest, PathBelowALeafSelectsTheLeaf) {
  NewOrder target;
  auto copied = ApplyUpdatePaths(Values(), {"customer.address.location.latitude"}, target);
  EXPECT_THAT(copied, ElementsAre("customer.address.location"));
}

TEST(ApplyUpdatePathsTest, ComplaintFieldCreatesTheComplaintPart) {
  NewOrder values;
  values.complaint = Complaint{};
  values.complaint->reason = "师傅态度恶劣";
  NewOrder target;
  ApplyUpdatePaths(values, {"complaint.reason"}, target);
  ASSERT_TRUE(target.complaint.has_value());
  EXPECT_EQ(target.complaint->reason, "师傅态度恶劣");
}

TEST(ApplyUpdatePathsTest, UnknownPathCopiesNothing) {
  NewOrder target;
  EXPECT_TRUE(ApplyUpdatePaths(Values(), {"status"}, target).empty());
}

}  // namespace
}  // namespace fieldservice::orders
