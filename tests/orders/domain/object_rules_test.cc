// DOMAIN.md "Confidentiality" [000 六] and issue 7 "Object rules": a
// technician touches only the orders assigned to them and sees a customer's
// phone and address only for their own current jobs; every other role sees
// them masked unless its policy grants "phone". "Taking a repair request"
// (首问负责制): the agent who takes the call owns the order.
#include "services/orders/domain/object_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fieldservice::orders {
namespace {

using ::testing::HasSubstr;

Actor Technician(const std::string& principal) {
  return {.principal = principal, .roles = {"technician"}, .grants = {std::string(kGrantOwnJobs)}};
}
Actor Dispatcher(bool sees_phone) {
  Actor a{.principal = "disp-1", .roles = {"dispatcher"}};
  if (sees_phone) a.grants.push_back(std::string(kGrantSeesPhone));
  return a;
}

RepairOrder AssignedTo(const std::string& technician, OrderStatus status) {
  RepairOrder o;
  o.order_number = "26112300001";
  o.technician_id = technician;
  o.status = status;
  return o;
}

// "Confidentiality": the technician's own job, while current.
TEST(MaySeeContactTest, AssignedTechnicianWhileTheJobIsCurrent) {
  for (OrderStatus s : {OrderStatus::kAssigned, OrderStatus::kAppointmentBooked,
                        OrderStatus::kEnRoute, OrderStatus::kOnSite, OrderStatus::kWaitingForParts,
                        OrderStatus::kInRepair, OrderStatus::kReadyForPickup}) {
    EXPECT_TRUE(MaySeeContact(Technician("tech-7"), AssignedTo("tech-7", s)))
        << static_cast<int>(s);
  }
}

// "Confidentiality": "only for their own current jobs": once the work is
// over the technician's view is masked.
TEST(MaySeeContactTest, NotAfterTheJobIsOver) {
  for (OrderStatus s : {OrderStatus::kCompleted, OrderStatus::kClosed, OrderStatus::kCancelled,
                        OrderStatus::kResolvedRemotely}) {
    EXPECT_FALSE(JobIsCurrent(s));
    EXPECT_FALSE(MaySeeContact(Technician("tech-7"), AssignedTo("tech-7", s)))
        << static_cast<int>(s);
  }
  EXPECT_TRUE(JobIsCurrent(OrderStatus::kReopened));
}

TEST(MaySeeContactTest, NotAnotherTechniciansJob) {
  EXPECT_FALSE(MaySeeContact(Technician("tech-8"), AssignedTo("tech-7", OrderStatus::kOnSite)));
  // An unassigned order is nobody's job, even for a caller named "".
  EXPECT_FALSE(MaySeeContact(Technician(""), AssignedTo("", OrderStatus::kPendingDispatch)));
}

// Issue 7: "every other role sees a phone masked unless its policy says
// otherwise".
TEST(MaySeeContactTest, OtherRolesOnlyWithThePhoneGrant) {
  RepairOrder o = AssignedTo("tech-7", OrderStatus::kOnSite);
  EXPECT_TRUE(MaySeeContact(Dispatcher(true), o));
  EXPECT_FALSE(MaySeeContact(Dispatcher(false), o));
  // Being named as the technician is not enough without the own-jobs rule:
  // the rule is the policy's, not a coincidence of names.
  Actor same_name = Dispatcher(false);
  same_name.principal = "tech-7";
  EXPECT_FALSE(MaySeeContact(same_name, o));
  // The privilege holds after the job too (a callback needs the number).
  EXPECT_TRUE(MaySeeContact(Dispatcher(true), AssignedTo("tech-7", OrderStatus::kClosed)));
}

// Changing the phone or address needs seeing them: the masked "****" sent
// back must never replace the real address.
TEST(TouchesContactTest, PhoneAndAddressPaths) {
  EXPECT_TRUE(TouchesContact({"fault_description", "customer.phone"}));
  EXPECT_TRUE(TouchesContact({"customer.address.detail"}));
  EXPECT_TRUE(TouchesContact({"customer.address"}));
  EXPECT_TRUE(TouchesContact({"customer"}));
  EXPECT_FALSE(TouchesContact({"customer.name", "fault_description"}));
  EXPECT_FALSE(TouchesContact({"customer.addresses"}));
}

// Issue 7 / AIP-211: "not yours" and "does not exist" are the same answer.
TEST(CheckOwnJobTest, SameDenialForAnotherTechniciansOrderAndNone) {
  RepairOrder theirs = AssignedTo("tech-7", OrderStatus::kOnSite);
  EXPECT_TRUE(CheckOwnJob(Technician("tech-7"), "26112300001", &theirs).ok());
  absl::Status other = CheckOwnJob(Technician("tech-8"), "26112300001", &theirs);
  absl::Status missing = CheckOwnJob(Technician("tech-8"), "26112300001", nullptr);
  EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(missing, other);
  // Without the restriction nothing is checked here (existence is the
  // repository's answer).
  EXPECT_TRUE(CheckOwnJob(Dispatcher(false), "26112300001", nullptr).ok());
}

TEST(TechnicianFilterForTest, RestrictedCallersListOnlyTheirOwn) {
  EXPECT_EQ(*TechnicianFilterFor(Technician("tech-7"), ""), "tech-7");
  EXPECT_EQ(*TechnicianFilterFor(Technician("tech-7"), "tech-7"), "tech-7");
  EXPECT_EQ(TechnicianFilterFor(Technician("tech-7"), "tech-8").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(*TechnicianFilterFor(Dispatcher(false), "tech-8"), "tech-8");
  EXPECT_EQ(*TechnicianFilterFor(Dispatcher(false), ""), "");
}

// 首问负责制: the owner is the verified caller, never a name in the body.
TEST(TakeAsOwnerTest, TheCallingAgentOwnsTheOrder) {
  Actor agent{.principal = "agent-li", .roles = {"agent"}};
  NewOrder empty;
  EXPECT_EQ(TakeAsOwner(empty, agent), std::nullopt);
  EXPECT_EQ(empty.taking_agent, "agent-li");

  NewOrder same;
  same.taking_agent = "agent-li";
  EXPECT_EQ(TakeAsOwner(same, agent), std::nullopt);

  NewOrder other;
  other.taking_agent = "agent-wang";
  std::optional<common::FieldViolation> refused = TakeAsOwner(other, agent);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->field, "taking_agent");
  EXPECT_THAT(refused->description, HasSubstr("must be the calling agent"));
  EXPECT_EQ(other.taking_agent, "agent-wang");  // unchanged
}

// The audit trail names the verified caller, with the person a service acts
// for ("orders, on behalf of agent-li").
TEST(ActorTest, AuditNameDefaultsToThePrincipal) {
  Actor person{.principal = "agent-li"};
  EXPECT_EQ(person.AuditName(), "agent-li");
  Actor service{.principal = "orders", .audit_name = "orders, on behalf of agent-li"};
  EXPECT_EQ(service.AuditName(), "orders, on behalf of agent-li");
  Actor several{.principal = "p", .roles = {"agent", "supervisor"}};
  EXPECT_TRUE(several.HasRole("supervisor"));
  EXPECT_FALSE(several.HasRole("technician"));
}

}  // namespace
}  // namespace fieldservice::orders
