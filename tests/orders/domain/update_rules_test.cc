// Which fields UpdateRepairOrder may change in which status. DOMAIN.md
// "Taking a repair request" (the order records the facts with nothing wrong,
// so they stay correctable while they still matter) and DESIGN.md "API
// conventions" (Update takes a field mask; INVALID_ARGUMENT names every bad
// field).
#include "services/orders/domain/update_rules.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/orders/domain/state_machine.h"

namespace fieldservice::orders {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using S = OrderStatus;

const std::set<S> kBeforeVisit = {S::kReceived,          S::kPendingDispatch, S::kAssigned,
                                  S::kAppointmentBooked, S::kAwaitingDropOff, S::kReopened};

// Contact and fault facts are editable until the technician is on site;
// afterwards the visit they describe is already under way.
TEST(CheckUpdatableTest, ContactAndFaultUntilTheVisit) {
  const std::vector<std::string> paths = {
      "customer.name", "customer.phone",    "customer.address", "customer.address.detail",
      "customer",      "fault_description", "symptom_code",     "preferred_window"};
  for (S s : AllStatuses()) {
    std::vector<common::FieldViolation> v = CheckUpdatable(paths, s);
    if (kBeforeVisit.contains(s)) {
      EXPECT_THAT(v, IsEmpty()) << StatusName(s);
    } else {
      EXPECT_THAT(v, SizeIs(paths.size())) << StatusName(s);
    }
  }
  std::vector<common::FieldViolation> v = CheckUpdatable({"customer.phone"}, S::kEnRoute);
  ASSERT_THAT(v, SizeIs(1));
  EXPECT_EQ(v[0].field, "customer.phone");
  EXPECT_EQ(v[0].description,
            "not editable in status 'en_route'; editable in: received, "
            "pending_dispatch, assigned, appointment_booked, awaiting_drop_off, "
            "reopened");
}

// Product facts (the serial read off the nameplate) until completion.
TEST(CheckUpdatableTest, ProductUntilCompleted) {
  for (S s : {S::kEnRoute, S::kOnSite, S::kInRepair, S::kWaitingForParts, S::kReadyForPickup,
              S::kReopened}) {
    EXPECT_THAT(CheckUpdatable({"product.serial", "product"}, s), IsEmpty()) << StatusName(s);
  }
  EXPECT_THAT(CheckUpdatable({"product.serial"}, S::kCompleted), SizeIs(1));
}

// Final states (resolved remotely, closed, cancelled) take no updates at all.
TEST(CheckUpdatableTest, NothingInFinalStates) {
  for (const UpdatableField& row : UpdatableFieldTable()) {
    for (S s : AllStatuses()) {
      if (!IsFinal(s)) continue;
      EXPECT_THAT(CheckUpdatable({std::string(row.path)}, s), SizeIs(1))
          << row.path << " in " << StatusName(s);
    }
  }
}

// Status moves only by transitions; identity and call facts never change
// (the 3-minute entry deadline is measured from call_ended_time; 首问负责制
// ownership changes only by handing over by name).
TEST(CheckUpdatableTest, NeverEditableFields) {
  for (std::string path :
       {"contact_type", "order_number", "status", "call_ended_time", "taking_agent", "owner_agent",
        "technician_id", "appointment", "complaint.major_kind"}) {
    for (S s : AllStatuses()) {
      std::vector<common::FieldViolation> v = CheckUpdatable({path}, s);
      ASSERT_THAT(v, SizeIs(1)) << path;
      EXPECT_THAT(v[0].description, HasSubstr("never editable")) << path;
    }
  }
  EXPECT_THAT(CheckUpdatable({"status"}, S::kReceived)[0].description, HasSubstr("transitions"));
}

// Unknown paths are refused rather than silently ignored; every refused path
// is named, not only the first.
TEST(CheckUpdatableTest, UnknownPathsAndEveryBadFieldNamed) {
  std::vector<common::FieldViolation> v = CheckUpdatable(
      {"customer.nmae", "*", "customer.name", "status", "product.colour"}, S::kReceived);
  ASSERT_THAT(v, SizeIs(4));
  EXPECT_EQ(v[0], (common::FieldViolation{"customer.nmae", "unknown field"}));
  EXPECT_EQ(v[1].field, "*");
  EXPECT_EQ(v[2].field, "status");
  EXPECT_EQ(v[3].field, "product.colour");
}

// Service mode picks the lifecycle path, so it changes only before release.
TEST(CheckUpdatableTest, ServiceModeOnlyBeforeRelease) {
  EXPECT_THAT(CheckUpdatable({"service_mode"}, S::kReceived), IsEmpty());
  EXPECT_THAT(CheckUpdatable({"service_mode"}, S::kReopened), IsEmpty());
  EXPECT_THAT(CheckUpdatable({"service_mode"}, S::kPendingDispatch), SizeIs(1));
}

// A complaint's facts may emerge later (DOMAIN.md "Contact types": more
// affected units can make it a batch accident), so they stay editable until
// the order is final; a parent mixing editable and derived fields is refused.
TEST(CheckUpdatableTest, ComplaintFacts) {
  EXPECT_THAT(CheckUpdatable({"complaint.affected_units", "complaint.severity"}, S::kCompleted),
              IsEmpty());
  std::vector<common::FieldViolation> v = CheckUpdatable({"complaint"}, S::kReceived);
  ASSERT_THAT(v, SizeIs(1));
  EXPECT_THAT(v[0].description, HasSubstr("sub-fields"));
}

TEST(EditableStatusesTest, ParentIsTheIntersectionOfItsChildren) {
  EXPECT_EQ(EditableStatuses("customer"), kBeforeVisit);
  EXPECT_EQ(EditableStatuses("customer.address.location.latitude"), kBeforeVisit);
  EXPECT_EQ(EditableStatuses("no_such_field"), std::nullopt);
  EXPECT_EQ(EditableStatuses("cust"), std::nullopt);
}

}  // namespace
}  // namespace fieldservice::orders
