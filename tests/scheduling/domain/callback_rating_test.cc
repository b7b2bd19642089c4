// A callback's rating of the technician (issue 11, DOMAIN.md "The
// callback"): each callback's score from the customer's rating and the
// conduct findings, the satisfaction over the latest callbacks, and the
// request's checks, every bad field named at once.
#include "services/scheduling/domain/callback_rating.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "services/common/errors.h"

namespace fieldservice::scheduling {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

const absl::Time kSubmitted = absl::FromUnixSeconds(1'800'000'000);

CallbackRatingRequest Valid() {
  CallbackRatingRequest r;
  r.technician = "technicians/zhang.wei";
  r.callback = "callbacks/2611230427/1";
  r.rating = 4;
  r.conduct_findings = {"NO_WORK_ID"};
  r.callback_time = kSubmitted;
  return r;
}

std::vector<std::string> BadFields(const CallbackRatingRequest& request,
                                   const CallbackRatingPolicy& policy = {}) {
  std::vector<std::string> out;
  auto parsed = ParseCallbackRating(request, policy);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << parsed.status();
  for (const auto& v : common::FieldViolationsOf(parsed.status())) out.push_back(v.field);
  return out;
}

TEST(CallbackScoreTest, ARatingWithoutFindingsIsTheCustomersRating) {
  for (int rating = 1; rating <= 5; ++rating) {
    EXPECT_THAT(CallbackScore(rating, 0, {}), Optional(static_cast<double>(rating)));
  }
}

TEST(CallbackScoreTest, FindingsCapTheScoreAPenaltyEach) {
  const CallbackRatingPolicy policy;  // a point a finding
  EXPECT_THAT(CallbackScore(5, 1, policy), Optional(4.0));
  EXPECT_THAT(CallbackScore(5, 3, policy), Optional(2.0));
  // A customer who rated low has counted what went wrong already.
  EXPECT_THAT(CallbackScore(2, 1, policy), Optional(2.0));
  EXPECT_THAT(CallbackScore(3, 1, policy), Optional(3.0));
  EXPECT_THAT(CallbackScore(4, 2, policy), Optional(3.0));
}

TEST(CallbackScoreTest, AnUnratedCallbackWithFindingsStartsFromTheTop) {
  EXPECT_THAT(CallbackScore(kUnrated, 1, {}), Optional(4.0));
  EXPECT_THAT(CallbackScore(kUnrated, 2, {.conduct_penalty = 1.5}), Optional(2.0));
}

TEST(CallbackScoreTest, NeverBelowTheLowestRating) {
  EXPECT_THAT(CallbackScore(5, 4, {}), Optional(1.0));
  EXPECT_THAT(CallbackScore(kUnrated, 12, {}), Optional(1.0));
  EXPECT_THAT(CallbackScore(1, 12, {}), Optional(1.0));
}

TEST(CallbackScoreTest, AnUnratedCallbackWithoutFindingsCountsForNothing) {
  EXPECT_EQ(CallbackScore(kUnrated, 0, {}), std::nullopt);
}

TEST(CallbackScoreTest, NoPenaltyLeavesTheRatingAsItIs) {
  const CallbackRatingPolicy lenient{.conduct_penalty = 0};
  EXPECT_THAT(CallbackScore(3, 2, lenient), Optional(3.0));
  EXPECT_THAT(CallbackScore(kUnrated, 2, lenient), Optional(5.0));
}

TEST(SatisfactionOfTest, TheMeanRoundedToTwoDecimals) {
  EXPECT_EQ(SatisfactionOf({}), std::nullopt);
  EXPECT_THAT(SatisfactionOf({4}), Optional(4.0));
  EXPECT_THAT(SatisfactionOf({5, 4}), Optional(4.5));
  EXPECT_THAT(SatisfactionOf({5, 4, 4}), Optional(4.33));
  EXPECT_THAT(SatisfactionOf({5, 5, 4}), Optional(4.67));
}

TEST(ParseCallbackRatingTest, AValidRequestIsScored) {
  auto parsed = ParseCallbackRating(Valid(), {});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->technician_id, "zhang.wei");
  EXPECT_EQ(parsed->callback, "callbacks/2611230427/1");
  EXPECT_EQ(parsed->rating, 4);
  EXPECT_THAT(parsed->conduct_findings, ElementsAre("NO_WORK_ID"));
  EXPECT_EQ(parsed->callback_time, kSubmitted);
  EXPECT_THAT(parsed->score, Optional(4.0));
}

TEST(ParseCallbackRatingTest, ThePolicysPenaltyScores) {
  CallbackRatingRequest r = Valid();
  r.rating = kUnrated;
  r.conduct_findings = {"RUDE_OR_ARGUING", "FEE_AGAINST_RULES"};
  auto parsed = ParseCallbackRating(r, {.conduct_penalty = 0.5});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->score, Optional(4.0));
}

TEST(ParseCallbackRatingTest, UnratedWithoutFindingsIsValidButUnscored) {
  CallbackRatingRequest r = Valid();
  r.rating = kUnrated;
  r.conduct_findings.clear();
  auto parsed = ParseCallbackRating(r, {});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->score, std::nullopt);
}

TEST(ParseCallbackRatingTest, EveryBadFieldIsNamedAtOnce) {
  CallbackRatingRequest r;
  r.technician = "zhang.wei";
  r.callback = "callbacks/2611230427";
  r.rating = 6;
  r.conduct_findings = {"RUDE_OR_ARGUING", "", "RUDE_OR_ARGUING", "late"};
  EXPECT_THAT(BadFields(r),
              ElementsAre("technician", "callback", "rating", "conduct_findings[1]",
                          "conduct_findings[2]", "conduct_findings[3]", "callback_time"));
}

TEST(ParseCallbackRatingTest, TechnicianMustNameAValidTechnician) {
  for (const char* bad : {"", "technicians/", "technicians/Zhang Wei", "technician/zhang.wei",
                          "technicians/zhang/wei"}) {
    CallbackRatingRequest r = Valid();
    r.technician = bad;
    EXPECT_THAT(BadFields(r), ElementsAre("technician")) << bad;
  }
}

TEST(ParseCallbackRatingTest, CallbackMustNameAVisit) {
  for (const char* bad :
       {"", "callbacks/", "callbacks/2611230427", "callbacks/2611230427/", "callbacks//1",
        "callbacks/2611230427/0", "callbacks/2611230427/01", "callbacks/2611230427/-1",
        "callbacks/2611230427/1/2", "callbacks/2611230427/x", "repairOrders/2611230427/1",
        "callbacks/2611230427/99999999999999999999"}) {
    CallbackRatingRequest r = Valid();
    r.callback = bad;
    EXPECT_THAT(BadFields(r), ElementsAre("callback")) << bad;
  }
  CallbackRatingRequest r = Valid();
  r.callback = "callbacks/" + std::string(64, '7') + "/12";
  EXPECT_TRUE(ParseCallbackRating(r, {}).ok());
  r.callback = "callbacks/" + std::string(65, '7') + "/12";
  EXPECT_THAT(BadFields(r), ElementsAre("callback"));
}

TEST(ParseCallbackRatingTest, RatingIsZeroToFive) {
  for (int rating : {-1, 6, 100}) {
    CallbackRatingRequest r = Valid();
    r.rating = rating;
    EXPECT_THAT(BadFields(r), ElementsAre("rating")) << rating;
  }
  for (int rating : {0, 1, 5}) {
    CallbackRatingRequest r = Valid();
    r.rating = rating;
    EXPECT_TRUE(ParseCallbackRating(r, {}).ok()) << rating;
  }
}

TEST(ParseCallbackRatingTest, FindingsAreShortCodesEachOnceAndNotTooMany) {
  CallbackRatingRequest r = Valid();
  r.conduct_findings = {std::string(kMaxFindingChars, 'A')};
  EXPECT_TRUE(ParseCallbackRating(r, {}).ok());
  r.conduct_findings = {std::string(kMaxFindingChars + 1, 'A')};
  EXPECT_THAT(BadFields(r), ElementsAre("conduct_findings[0]"));
  r.conduct_findings = {"LATE", "NO_WORK_ID,LATE"};
  EXPECT_THAT(BadFields(r), ElementsAre("conduct_findings[1]"));
  r.conduct_findings.clear();
  for (int i = 0; i < kMaxConductFindings; ++i)
    r.conduct_findings.push_back("F" + std::to_string(i));
  EXPECT_TRUE(ParseCallbackRating(r, {}).ok());
  r.conduct_findings.push_back("ONE_MORE");
  EXPECT_THAT(BadFields(r), ElementsAre("conduct_findings"));
}

TEST(ParseCallbackRatingTest, CallbackTimeIsRequired) {
  CallbackRatingRequest r = Valid();
  r.callback_time.reset();
  EXPECT_THAT(BadFields(r), ElementsAre("callback_time"));
  r.callback_time = absl::InfinitePast();
  EXPECT_THAT(BadFields(r), ElementsAre("callback_time"));
}

TEST(CallbackRatingPolicyTest, DefaultsAreValidAndNonsenseIsRefused) {
  EXPECT_TRUE(CheckCallbackRatingPolicy({}).ok());
  EXPECT_FALSE(CheckCallbackRatingPolicy({.conduct_penalty = -1}).ok());
  EXPECT_FALSE(CheckCallbackRatingPolicy({.conduct_penalty = 5}).ok());
  EXPECT_FALSE(CheckCallbackRatingPolicy({.window = 0}).ok());
}

}  // namespace
}  // namespace fieldservice::scheduling
