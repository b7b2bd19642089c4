// The survey catalogue (survey_catalogue.h) in memory: the built-in default
// survey is version 1; a definition must be the next version; the same one
// again is a retry; the active survey is the latest version of its id.
#include "services/callback/domain/survey_catalogue.h"

#include "gtest/gtest.h"
#include "services/callback/domain/default_survey.h"
#include "services/common/clock.h"

namespace fieldservice::callback {
namespace {

class SurveyCatalogueTest : public ::testing::Test {
 protected:
  std::unique_ptr<SurveyCatalogue> Catalogue(SurveyCatalogueOptions options = {}) {
    auto made = SurveyCatalogue::Create(nullptr, clock_, SurveyPolicy{}, options);
    EXPECT_TRUE(made.ok()) << made.status();
    return made.ok() ? *std::move(made) : nullptr;
  }
  static Survey Next(int version) {
    Survey s = DefaultSurvey();
    s.version = version;
    s.title = "回访 v" + std::to_string(version);
    return s;
  }
  common::FakeClock clock_{absl::FromUnixSeconds(1'795'000'000)};
};

TEST_F(SurveyCatalogueTest, TheDefaultSurveyIsVersionOneAndActive) {
  auto catalogue = Catalogue();
  ASSERT_NE(catalogue, nullptr);
  auto active = catalogue->Active();
  ASSERT_TRUE(active.ok()) << active.status();
  EXPECT_EQ(active->id, kDefaultSurveyId);
  EXPECT_EQ(active->version, 1);
}

TEST_F(SurveyCatalogueTest, VersionsFollowOneAnother) {
  auto catalogue = Catalogue();
  ASSERT_NE(catalogue, nullptr);
  EXPECT_EQ(catalogue->Define(Next(3), "qa").status().code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(catalogue->Define(Next(2), "qa").ok());
  EXPECT_TRUE(catalogue->Define(Next(2), "qa").ok()) << "the same definition again";
  Survey other = Next(2);
  other.title = "别的";
  EXPECT_EQ(catalogue->Define(other, "qa").status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(catalogue->Active()->version, 2);
  EXPECT_EQ(catalogue->Get("default", 1)->title, DefaultSurvey().title);
  EXPECT_EQ(catalogue->Get("default", 7).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(SurveyCatalogueTest, ANewSurveyStartsAtOneAndCanBeMadeActive) {
  auto catalogue = Catalogue({.active_survey_id = "complaints"});
  ASSERT_NE(catalogue, nullptr);
  EXPECT_EQ(catalogue->Active().status().code(), absl::StatusCode::kNotFound);
  Survey complaints = Next(1);
  complaints.id = "complaints";
  ASSERT_TRUE(catalogue->Define(complaints, "qa").ok());
  EXPECT_EQ(catalogue->Active()->id, "complaints");
  Survey bad = complaints;
  bad.version = 2;
  bad.questions.clear();
  EXPECT_EQ(catalogue->Define(bad, "qa").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fieldservice::callback
