// The access policy table (data/access/policy.txt; DESIGN.md "Identity,
// policy and transport"): its format, its refusals, and how several roles of
// one caller combine.
#include "services/common/access_policy.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fieldservice::common {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

constexpr char kMethod[] = "fieldservice.orders.v1.RepairOrders/GetRepairOrder";

AccessPolicy Parsed(std::string_view text) {
  auto policy = AccessPolicy::Parse(text);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *std::move(policy) : AccessPolicy();
}

TEST(AccessPolicyTest, ReadsRolesAndRules) {
  AccessPolicy policy = Parsed(
      "# comment\n"
      "fieldservice.orders.v1.RepairOrders/GetRepairOrder = agent(phone) technician(own_jobs)\n"
      "fieldservice.warranty.v1.Warranty/DecideCoverage = service:orders agent\n");
  EXPECT_THAT(policy.Methods(),
              ElementsAre(kMethod, "fieldservice.warranty.v1.Warranty/DecideCoverage"));
  const std::vector<RoleGrant>* grants = policy.Find(kMethod);
  ASSERT_NE(grants, nullptr);
  ASSERT_EQ(grants->size(), 2u);
  EXPECT_EQ((*grants)[0].role, "agent");
  EXPECT_THAT((*grants)[0].rules, ElementsAre("phone"));
  EXPECT_THAT((*grants)[1].rules, ElementsAre("own_jobs"));
  EXPECT_EQ(policy.Find("fieldservice.orders.v1.RepairOrders/Unknown"), nullptr);
}

// A method with no entry is denied to every role (a new RPC is closed).
TEST(AccessPolicyTest, MethodWithoutEntryIsDenied) {
  AccessPolicy policy = Parsed("fieldservice.orders.v1.RepairOrders/GetRepairOrder = agent\n");
  EXPECT_FALSE(policy.Decide("fieldservice.orders.v1.RepairOrders/NewMethod", {"agent"}).allowed);
  EXPECT_FALSE(policy.Decide(kMethod, {"technician"}).allowed);
  EXPECT_FALSE(policy.Decide(kMethod, {}).allowed);
  EXPECT_TRUE(policy.Decide(kMethod, {"technician", "agent"}).allowed);
}

// A restriction holds only when every role that grants the method has it; a
// caller who is also an unrestricted role is not narrowed. Privileges add up.
TEST(AccessPolicyTest, RolesCombine) {
  AccessPolicy policy = Parsed(absl::StrCat(
      kMethod, " = agent(phone) technician(own_jobs) callback_agent supervisor(phone)\n"));
  EXPECT_THAT(policy.Decide(kMethod, {"technician"}).grants, ElementsAre("own_jobs"));
  EXPECT_THAT(policy.Decide(kMethod, {"technician", "agent"}).grants, ElementsAre("phone"));
  EXPECT_THAT(policy.Decide(kMethod, {"technician", "callback_agent"}).grants, ElementsAre());
  EXPECT_THAT(policy.Decide(kMethod, {"agent", "supervisor"}).grants,
              UnorderedElementsAre("phone"));
}

TEST(AccessPolicyTest, RefusesWhatItCannotEnforce) {
  struct Case {
    const char* text;
    const char* says;
  };
  for (const Case& c : {
           Case{"GetRepairOrder = agent\n", "not package.Service/Method"},
           Case{"fieldservice.orders.v1.RepairOrders/Get = Agent\n", "not a role"},
           Case{"fieldservice.orders.v1.RepairOrders/Get = agent(sees_all)\n",
                "unknown rule 'sees_all'"},
           Case{"fieldservice.orders.v1.RepairOrders/Get = agent(phone\n", "without closing"},
           Case{"fieldservice.orders.v1.RepairOrders/Get = agent\n"
                "fieldservice.orders.v1.RepairOrders/Get = technician\n",
                "line 2"},
       }) {
    auto policy = AccessPolicy::Parse(c.text);
    ASSERT_FALSE(policy.ok()) << c.text;
    EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(policy.status().message(), HasSubstr(c.says)) << policy.status();
  }
}

// The shipped table parses, and only catalogue_admin loads a catalogue.
TEST(AccessPolicyTest, ShippedTableLoads) {
  auto policy = AccessPolicy::Load(std::string(FS_SOURCE_DIR) + "/data/access/policy.txt");
  ASSERT_TRUE(policy.ok()) << policy.status();
  const std::string load = "fieldservice.warranty.v1.Warranty/LoadCatalogue";
  ASSERT_NE(policy->Find(load), nullptr);
  ASSERT_EQ(policy->Find(load)->size(), 1u);
  EXPECT_EQ(policy->Find(load)->front().role, "catalogue_admin");
}

}  // namespace
}  // namespace fieldservice::common
