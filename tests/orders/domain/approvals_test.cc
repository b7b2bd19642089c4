// Approval chains: DOMAIN.md "Approvals" [002 第十条].
#include "services/orders/domain/approvals.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"
#include "services/common/files.h"

namespace fieldservice::orders {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1'780'000'000);

ApprovalChains ShippedChains() {
  absl::StatusOr<ApprovalChains> chains = common::ParseFile<ApprovalChains>(
      std::string(FS_SOURCE_DIR) + "/data/orders/approval_chains.txt", ParseApprovalChains);
  EXPECT_TRUE(chains.ok()) << chains.status();
  return chains.ok() ? *chains : ApprovalChains{};
}

std::vector<std::string> Roles(const ApprovalChain& chain) {
  std::vector<std::string> out;
  for (const ChainStep& step : chain) out.push_back(step.role);
  return out;
}

// The shipped file encodes the chains of DOMAIN.md "Approvals": complaint
// proposed → regional supervisor → centre manager; single-unit exchange or
// return approved by the service centre; batch accident proposed → quality →
// customer service → factory → production vice-president.
TEST(ParseApprovalChainsTest, ShippedChainsAreTheDomainChains) {
  ApprovalChains chains = ShippedChains();
  EXPECT_THAT(Roles(chains[ApprovalKind::kComplaintResolution]),
              ElementsAre("agent", "regional_supervisor", "centre_manager"));
  EXPECT_THAT(Roles(chains[ApprovalKind::kExchange]), ElementsAre("agent", "service_centre"));
  EXPECT_THAT(Roles(chains[ApprovalKind::kReturn]), ElementsAre("agent", "service_centre"));
  EXPECT_THAT(Roles(chains[ApprovalKind::kCompensation]),
              ElementsAre("agent", "regional_supervisor", "centre_manager"));
  EXPECT_THAT(Roles(chains[ApprovalKind::kBatchAccident]),
              ElementsAre("agent", "quality", "customer_service", "factory", "production_vp"));
  EXPECT_EQ(chains[ApprovalKind::kBatchAccident][1], (ChainStep{"quality", "appraised"}));
}

// Each chain walked to approval, each step by its own role and person.
TEST(ApplyDecisionTest, EveryChainWalksToApproval) {
  const ApprovalChains chains = ShippedChains();
  for (ApprovalKind kind : AllApprovalKinds()) {
    ApprovalRequest request = NewApprovalRequest(kind, chains);
    const size_t n = request.chain.size();
    for (size_t i = 0; i < n; ++i) {
      EXPECT_EQ(request.state, ApprovalState::kPending);
      ChainStep next = *NextStep(request);
      absl::StatusOr<ApprovalRequest> after =
          ApplyDecision(request, {next.role}, absl::StrCat("person-", i), Decision::kApprove, "",
                        kNow + absl::Minutes(i));
      ASSERT_TRUE(after.ok()) << ApprovalKindName(kind) << ": " << after.status();
      request = *after;
    }
    EXPECT_EQ(request.state, ApprovalState::kApproved) << ApprovalKindName(kind);
    EXPECT_EQ(NextStep(request), std::nullopt);
    ASSERT_EQ(request.steps.size(), n);
    EXPECT_EQ(request.steps.back().role, request.chain.back().role);
    EXPECT_EQ(request.steps.back().at, kNow + absl::Minutes(n - 1));
  }
}

// A rejection at any step ends the request rejected; nothing more is decided.
TEST(ApplyDecisionTest, RejectionAtEachStepEndsIt) {
  const ApprovalChains chains = ShippedChains();
  for (ApprovalKind kind : AllApprovalKinds()) {
    const size_t n = chains.at(kind).size();
    for (size_t reject_at = 0; reject_at < n; ++reject_at) {
      ApprovalRequest request = NewApprovalRequest(kind, chains);
      for (size_t i = 0; i < reject_at; ++i) {
        request = *ApplyDecision(request, {NextStep(request)->role}, absl::StrCat("person-", i),
                                 Decision::kApprove, "", kNow);
      }
      const std::string role = NextStep(request)->role;
      absl::StatusOr<ApprovalRequest> rejected =
          ApplyDecision(request, {role}, "rejecter", Decision::kReject, "证据不足", kNow);
      ASSERT_TRUE(rejected.ok()) << rejected.status();
      EXPECT_EQ(rejected->state, ApprovalState::kRejected);
      EXPECT_EQ(rejected->steps.back().decision, Decision::kReject);
      EXPECT_EQ(rejected->steps.back().comment, "证据不足");
      absl::StatusOr<ApprovalRequest> again =
          ApplyDecision(*rejected, {role}, "someone-else", Decision::kApprove, "", kNow);
      EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
    }
  }
}

// Only the next step's role may decide; the error names the expected role.
TEST(ApplyDecisionTest, WrongRoleIsRefused) {
  ApprovalRequest request = NewApprovalRequest(ApprovalKind::kComplaintResolution, ShippedChains());
  request = *ApplyDecision(request, {"agent"}, "a1", Decision::kApprove, "", kNow);
  // The centre manager may not skip the regional supervisor's review.
  absl::StatusOr<ApprovalRequest> skipped =
      ApplyDecision(request, {"centre_manager"}, "m1", Decision::kApprove, "", kNow);
  EXPECT_EQ(skipped.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(skipped.status().message(), HasSubstr("'regional_supervisor'"));
  // Nor may anyone reject out of turn.
  EXPECT_EQ(ApplyDecision(request, {"agent"}, "a2", Decision::kReject, "no", kNow).status().code(),
            absl::StatusCode::kPermissionDenied);
}

// A chain means several people checked: one person signs one step.
TEST(ApplyDecisionTest, OnePersonSignsOneStep) {
  ApprovalRequest request = NewApprovalRequest(ApprovalKind::kExchange, ShippedChains());
  request = *ApplyDecision(request, {"agent"}, "zhang", Decision::kApprove, "", kNow);
  EXPECT_EQ(ApplyDecision(request, {"service_centre"}, "zhang", Decision::kApprove, "", kNow)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

// Issue 7: a caller with several verified roles signs with the one the step
// needs, and the step records that role.
TEST(ApplyDecisionTest, ACallerWithSeveralRolesSignsWithTheStepsRole) {
  ApprovalRequest request = NewApprovalRequest(ApprovalKind::kComplaintResolution, ShippedChains());
  request = *ApplyDecision(request, {"agent"}, "a1", Decision::kApprove, "", kNow);
  absl::StatusOr<ApprovalRequest> reviewed = ApplyDecision(
      request, {"technician", "regional_supervisor"}, "s1", Decision::kApprove, "", kNow);
  ASSERT_TRUE(reviewed.ok()) << reviewed.status();
  EXPECT_EQ(reviewed->steps.back().role, "regional_supervisor");
  EXPECT_EQ(reviewed->steps.back().actor, "s1");
  absl::StatusOr<ApprovalRequest> none =
      ApplyDecision(request, {}, "s2", Decision::kApprove, "", kNow);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kPermissionDenied);
}

// DOMAIN.md "Approvals", issue 7: "no person may take two steps of the same
// chain, judged by the verified identity": a person holding two roles of the
// chain signs one step, not the next, though they hold its role.
TEST(ApplyDecisionTest, APersonWithTwoRolesOfTheChainSignsOnlyOneStep) {
  const std::vector<std::string> both = {"regional_supervisor", "centre_manager"};
  ApprovalRequest request = NewApprovalRequest(ApprovalKind::kComplaintResolution, ShippedChains());
  request = *ApplyDecision(request, {"agent"}, "a1", Decision::kApprove, "", kNow);
  request = *ApplyDecision(request, both, "wang", Decision::kApprove, "", kNow);
  absl::StatusOr<ApprovalRequest> second =
      ApplyDecision(request, both, "wang", Decision::kApprove, "", kNow);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(second.status().message(), HasSubstr("already signed"));
  EXPECT_TRUE(
      ApplyDecision(request, {"centre_manager"}, "zhao", Decision::kApprove, "", kNow).ok());
}

TEST(ApplyDecisionTest, RejectionNeedsAComment) {
  ApprovalRequest request = NewApprovalRequest(ApprovalKind::kReturn, ShippedChains());
  absl::StatusOr<ApprovalRequest> r =
      ApplyDecision(request, {"agent"}, "a1", Decision::kReject, " ", kNow);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(common::FieldViolationsOf(r.status()).at(0).field, "comment");
}

// "Every payment of money or goods to a customer is recorded with the
// customer's receipt": after approval only, once.
TEST(RecordReceiptTest, AfterApprovalOnce) {
  ApprovalRequest request = NewApprovalRequest(ApprovalKind::kCompensation, ShippedChains());
  EXPECT_TRUE(NeedsReceipt(request.kind));
  EXPECT_EQ(RecordReceipt(request, "R-1", "a1", kNow).status().code(),
            absl::StatusCode::kFailedPrecondition);
  request = *ApplyDecision(request, {"agent"}, "a1", Decision::kApprove, "", kNow);
  request = *ApplyDecision(request, {"regional_supervisor"}, "s1", Decision::kApprove, "", kNow);
  request =
      *ApplyDecision(request, {"centre_manager"}, "m1", Decision::kApprove, "赔偿 300 元", kNow);
  EXPECT_EQ(RecordReceipt(request, " ", "a1", kNow).status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<ApprovalRequest> paid = RecordReceipt(request, "SJ-2026-0001", "a1", kNow);
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_EQ(paid->receipt_reference, "SJ-2026-0001");
  EXPECT_EQ(paid->receipt_recorded_at, kNow);
  EXPECT_EQ(RecordReceipt(*paid, "SJ-2026-0002", "a1", kNow).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(NeedsReceipt(ApprovalKind::kComplaintResolution));
}

// The chains are data: malformed policy is refused whole, naming the line.
TEST(ParseApprovalChainsTest, RefusesBadPolicy) {
  const std::string rest =
      "complaint_resolution = agent:proposed, regional_supervisor:reviewed, "
      "centre_manager:approved\n"
      "return = agent:proposed, service_centre:approved\n"
      "compensation = agent:proposed, centre_manager:approved\n"
      "batch_accident = agent:proposed, production_vp:approved\n";
  ASSERT_TRUE(
      ParseApprovalChains(rest + "exchange = agent:proposed, service_centre:approved").ok());
  for (const char* bad : {"exchange = agent:proposed", "exchange = agent:proposed, Boss:approved",
                          "exchange = agent:proposed, service_centre", "swap = a:b, c:d",
                          "exchange = agent:proposed,, service_centre:approved"}) {
    absl::StatusOr<ApprovalChains> chains = ParseApprovalChains(rest + bad);
    EXPECT_EQ(chains.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(chains.status().message(), HasSubstr("line 5")) << bad;
  }
  absl::StatusOr<ApprovalChains> missing = ParseApprovalChains(rest);
  EXPECT_THAT(missing.status().message(), HasSubstr("'exchange'"));
}

TEST(ApprovalNamesTest, KindNamesRoundTrip) {
  for (ApprovalKind kind : AllApprovalKinds()) {
    EXPECT_EQ(ParseApprovalKind(ApprovalKindName(kind)), kind);
  }
  EXPECT_EQ(ApprovalKindName(ApprovalKind::kBatchAccident), "batch_accident");
  EXPECT_EQ(ApprovalStateName(ApprovalState::kRejected), "rejected");
}

}  // namespace
}  // namespace fieldservice::orders
