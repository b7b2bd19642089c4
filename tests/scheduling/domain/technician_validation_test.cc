// The technician record's rules (issue 9 "Technicians"): every broken rule is
// reported at once, naming its field.
#include "services/scheduling/domain/technician_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/scheduling/domain/sample_technicians.h"

namespace fieldservice::scheduling {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<common::FieldViolation> Check(const Technician& t) {
  common::Violations v;
  CheckTechnician(t, "technician", v);
  return v.list();
}

std::vector<std::string> Fields(const Technician& t) {
  std::vector<std::string> out;
  for (const auto& violation : Check(t)) out.push_back(violation.field);
  return out;
}

TEST(TechnicianValidationTest, TheSampleIsValid) {
  EXPECT_THAT(Check(testing_samples::GuangzhouFridgeTechnician()), IsEmpty());
}

TEST(TechnicianValidationTest, RequiredFieldsAreNamed) {
  Technician t = testing_samples::GuangzhouFridgeTechnician();
  t.display_name.clear();
  t.outlet.clear();
  t.skills.categories.clear();
  t.skills.brands.clear();
  EXPECT_THAT(Fields(t), ElementsAre("technician.display_name", "technician.outlet",
                                     "technician.skills.categories", "technician.skills.brands"));
}

TEST(TechnicianValidationTest, SkillLevelIsOneToFive) {
  Technician t = testing_samples::GuangzhouFridgeTechnician();
  t.skills.level = 0;
  EXPECT_THAT(Check(t),
              ElementsAre(Field(&common::FieldViolation::field, "technician.skills.level")));
  t.skills.level = 6;
  EXPECT_THAT(Fields(t), ElementsAre("technician.skills.level"));
  t.skills.level = 5;
  EXPECT_THAT(Check(t), IsEmpty());
}

TEST(TechnicianValidationTest, RepeatedBrandIsRefused) {
  Technician t = testing_samples::GuangzhouFridgeTechnician();
  t.skills.brands = {"海尔", "美的", "海尔"};
  auto violations = Check(t);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "technician.skills.brands[2]");
  EXPECT_THAT(violations[0].description, HasSubstr("repeats"));
}

TEST(TechnicianValidationTest, AnAreaIsRequired) {
  Technician t = testing_samples::GuangzhouFridgeTechnician();
  t.area = {};
  EXPECT_THAT(Fields(t), ElementsAre("technician.service_area"));
}

TEST(TechnicianValidationTest, RegionCodesAreSixDigits) {
  Technician t = testing_samples::GuangzhouFridgeTechnician();
  t.area.region_codes = {"4401", "44010a", "440106"};
  EXPECT_THAT(Fields(t), ElementsAre("technician.service_area.region_codes[0]",
                                     "technician.service_area.region_codes[1]"));
}

TEST(TechnicianValidationTest, PolygonMustBeSimpleWithThreePoints) {
  Technician t = testing_samples::GuangzhouFridgeTechnician();
  t.area.polygon = {{23.1, 113.3}, {23.2, 113.3}};
  EXPECT_THAT(Fields(t), ElementsAre("technician.service_area.polygon"));
  // A bow tie crosses itself.
  t.area.polygon = {{23.0, 113.0}, {23.2, 113.2}, {23.0, 113.2}, {23.2, 113.0}};
  auto violations = Check(t);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_THAT(violations[0].description, HasSubstr("not a simple polygon"));
  // Either winding, closed or open, is fine.
  t.area.polygon = {{23.0, 113.0}, {23.0, 113.2}, {23.2, 113.2}, {23.2, 113.0}, {23.0, 113.0}};
  EXPECT_THAT(Check(t), IsEmpty());
  std::reverse(t.area.polygon.begin(), t.area.polygon.end());
  EXPECT_THAT(Check(t), IsEmpty());
}

TEST(TechnicianValidationTest, PointsMustBeOnEarth) {
  Technician t = testing_samples::GuangzhouFridgeTechnician();
  t.home_base = {91, 0};
  t.area.polygon = {{23.0, 113.0}, {23.0, 181.0}, {23.2, 113.2}};
  EXPECT_THAT(Fields(t), ElementsAre("technician.service_area.polygon[1]", "technician.home_base"));
}

TEST(TechnicianValidationTest, RadiusIsBounded) {
  Technician t = testing_samples::GuangzhouFridgeTechnician();
  t.area.radius_km = 250;
  EXPECT_THAT(Fields(t), ElementsAre("technician.service_area.radius_km"));
}

TEST(TechnicianValidationTest, ShiftsStayInTheDayAndDoNotOverlap) {
  Technician t = testing_samples::GuangzhouFridgeTechnician();
  t.shifts = {{absl::Weekday::monday, 9 * 60, 12 * 60},
              {absl::Weekday::monday, 11 * 60, 18 * 60},
              {absl::Weekday::tuesday, 18 * 60, 9 * 60},
              {absl::Weekday::tuesday, 9 * 60, 25 * 60},
              {absl::Weekday::wednesday, 12 * 60, 18 * 60}};
  auto violations = Check(t);
  ASSERT_EQ(violations.size(), 3u);
  EXPECT_EQ(violations[0].field, "technician.weekly_shifts[1]");
  EXPECT_THAT(violations[0].description, HasSubstr("overlaps weekly_shifts[0]"));
  EXPECT_EQ(violations[1].field, "technician.weekly_shifts[2]");
  EXPECT_EQ(violations[2].field, "technician.weekly_shifts[3]");
}

TEST(TechnicianValidationTest, AbsenceEndsAfterItStarts) {
  Technician t = testing_samples::GuangzhouFridgeTechnician();
  const absl::Time at = absl::FromUnixSeconds(1'800'000'000);
  t.absences = {{AbsenceKind::kSick, at, at, ""}};
  EXPECT_THAT(Fields(t), ElementsAre("technician.absences[0].time"));
}

TEST(TechnicianValidationTest, MostJobsPerDayIsOneToFifty) {
  Technician t = testing_samples::GuangzhouFridgeTechnician();
  t.max_jobs_per_day = 0;
  EXPECT_THAT(Fields(t), ElementsAre("technician.max_jobs_per_day"));
  t.max_jobs_per_day = 51;
  EXPECT_THAT(Fields(t), ElementsAre("technician.max_jobs_per_day"));
}

TEST(TechnicianValidationTest, TooLongTextNamesTheLimit) {
  Technician t = testing_samples::GuangzhouFridgeTechnician();
  t.display_name = std::string(65, 'x');
  auto violations = Check(t);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "technician.display_name");
  EXPECT_THAT(violations[0].description, HasSubstr("at most 64 characters"));
  // Characters, not bytes: 64 Chinese characters fit.
  t.display_name.clear();
  for (int i = 0; i < 64; ++i) t.display_name += "张";
  EXPECT_THAT(Check(t), IsEmpty());
}

TEST(TechnicianValidationTest, IdsAreLogins) {
  EXPECT_TRUE(IsValidTechnicianId("zhang.wei-02"));
  EXPECT_TRUE(IsValidTechnicianId("7li_na"));
  EXPECT_FALSE(IsValidTechnicianId(""));
  EXPECT_FALSE(IsValidTechnicianId("-zhang"));
  EXPECT_FALSE(IsValidTechnicianId("Zhang"));
  EXPECT_FALSE(IsValidTechnicianId("zhang wei"));
  EXPECT_FALSE(IsValidTechnicianId("technicians/zhang"));
  EXPECT_FALSE(IsValidTechnicianId(std::string(65, 'a')));
}

}  // namespace
}  // namespace fieldservice::scheduling
