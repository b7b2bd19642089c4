// Findings from the answers and the repair record, their classes and the
// callback's outcome (issue 11 "Findings"): each rule with a case that
// raises it and one that does not.
#include "services/callback/domain/findings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/callback/domain/default_survey.h"

namespace fieldservice::callback {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A paid repair of 150 yuan, signed and tested: nothing to find.
RepairFacts PaidRepair() {
  RepairFacts f;
  f.free_under_warranty = false;
  f.charged_fen = 15000;
  f.record_known = true;
  f.record_signed = true;
  f.function_test_recorded = true;
  return f;
}

RepairFacts FreeRepair() {
  RepairFacts f = PaidRepair();
  f.free_under_warranty = true;
  f.charged_fen = 0;
  return f;
}

// Every answer good on the paid repair.
Answers AllGood() {
  return {{"product_working", "yes"},
          {"technician_satisfaction", "5"},
          {"work_id_shown", "yes"},
          {"tidy_dress", "yes"},
          {"proper_language", "yes"},
          {"argued_or_insulted", "no"},
          {"on_time", "yes"},
          {"fees_paid", "15000"},
          {"use_explained", "yes"},
          {"function_tested", "yes"},
          {"repair_quality_satisfied", "yes"},
          {"opinion_written_by_customer", "yes"},
          {"signed_by_customer", "yes"},
          {"product_cleaned", "yes"},
          {"polite_goodbye", "yes"},
          {"other_comments", "没有了"}};
}

std::vector<Finding> Of(const Answers& answers, const RepairFacts& facts = PaidRepair()) {
  return Findings(DefaultSurvey(), answers, facts);
}

Answers With(std::string key, std::string answer) {
  Answers a = AllGood();
  a[std::move(key)] = std::move(answer);
  return a;
}

Finding FromAnswer(FindingKind kind, std::string key) {
  return {kind, FindingSource::kAnswer, std::move(key)};
}

TEST(FindingsTest, TheAllGoodAnswersAreValidAndFindNothing) {
  common::Violations v;
  CheckAnswers(DefaultSurvey(), AllGood(), SurveyPolicy{}, v);
  EXPECT_THAT(v.list(), IsEmpty());
  EXPECT_THAT(Of(AllGood()), IsEmpty());
  EXPECT_EQ(OutcomeOf(Of(AllGood())), CallbackOutcome::kSatisfied);
}

// Each yes/no question: its bad answer raises its finding, named by its key.
TEST(FindingsTest, EachYesNoQuestionRaisesItsFinding) {
  struct Case {
    std::string key;
    std::string bad;
    FindingKind kind;
  };
  const Case cases[] = {
      {"product_working", "no", FindingKind::kNotSolved},
      {"work_id_shown", "no", FindingKind::kNoWorkId},
      {"tidy_dress", "no", FindingKind::kNotTidy},
      {"proper_language", "no", FindingKind::kRudeOrArguing},
      {"argued_or_insulted", "yes", FindingKind::kRudeOrArguing},
      {"on_time", "no", FindingKind::kLate},
      {"use_explained", "no", FindingKind::kNoUseExplanation},
      {"function_tested", "no", FindingKind::kNoFunctionTest},
      {"repair_quality_satisfied", "no", FindingKind::kDissatisfied},
      {"opinion_written_by_customer", "no", FindingKind::kRecordNotSignedByCustomer},
      {"signed_by_customer", "no", FindingKind::kRecordNotSignedByCustomer},
      {"product_cleaned", "no", FindingKind::kProductNotCleaned},
      {"polite_goodbye", "no", FindingKind::kNoPoliteGoodbye},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(Of(With(c.key, c.bad)), ElementsAre(FromAnswer(c.kind, c.key))) << c.key;
    // The other answer raises nothing.
    EXPECT_THAT(Of(With(c.key, c.bad == "no" ? "yes" : "no")), IsEmpty()) << c.key;
  }
}

TEST(FindingsTest, ALowRatingIsDissatisfied) {
  for (const char* low : {"1", "2"}) {
    EXPECT_THAT(Of(With("technician_satisfaction", low)),
                ElementsAre(FromAnswer(FindingKind::kDissatisfied, "technician_satisfaction")))
        << low;
  }
  for (const char* fine : {"3", "4", "5"}) {
    EXPECT_THAT(Of(With("technician_satisfaction", fine)), IsEmpty()) << fine;
  }
}

TEST(FindingsTest, AnythingPaidOnAFreeRepairIsAgainstTheRules) {
  EXPECT_THAT(Of(With("fees_paid", "0"), FreeRepair()), IsEmpty());
  EXPECT_THAT(Of(With("fees_paid", "1"), FreeRepair()),
              ElementsAre(FromAnswer(FindingKind::kFeeAgainstRules, "fees_paid")));
}

TEST(FindingsTest, ARecordChargingOnAFreeRepairIsAgainstTheRules) {
  RepairFacts charged = FreeRepair();
  charged.charged_fen = 5000;
  EXPECT_THAT(
      Of(With("fees_paid", "0"), charged),
      ElementsAre(Finding{FindingKind::kFeeAgainstRules, FindingSource::kRepairRecord, ""}));
  // Once, named by the answer, when the customer says they paid too.
  EXPECT_THAT(Of(With("fees_paid", "5000"), charged),
              ElementsAre(FromAnswer(FindingKind::kFeeAgainstRules, "fees_paid")));
  // Charges on a paid repair are the quote's business (scheduling checks them).
  EXPECT_THAT(Of(With("fees_paid", "15000")), IsEmpty());
}

TEST(FindingsTest, PayingMoreThanTheRecordShowsIsAgainstTheRules) {
  // The record charges 150 yuan.
  EXPECT_THAT(Of(With("fees_paid", "15000")), IsEmpty());
  EXPECT_THAT(Of(With("fees_paid", "9000")), IsEmpty());  // less: not the technician's gain
  EXPECT_THAT(Of(With("fees_paid", "15001")),
              ElementsAre(FromAnswer(FindingKind::kFeeAgainstRules, "fees_paid")));
}

TEST(FindingsTest, TheRecordWithoutAFunctionTestRaisesIt) {
  RepairFacts untested = PaidRepair();
  untested.function_test_recorded = false;
  EXPECT_THAT(Of(AllGood(), untested),
              ElementsAre(Finding{FindingKind::kNoFunctionTest, FindingSource::kRepairRecord, ""}));
  // Once only, named by the customer's answer when they said so too.
  EXPECT_THAT(Of(With("function_tested", "no"), untested),
              ElementsAre(FromAnswer(FindingKind::kNoFunctionTest, "function_tested")));
}

TEST(FindingsTest, AnUnsignedRecordRaisesIt) {
  RepairFacts unsigned_record = PaidRepair();
  unsigned_record.record_signed = false;
  EXPECT_THAT(Of(AllGood(), unsigned_record),
              ElementsAre(Finding{FindingKind::kRecordNotSignedByCustomer,
                                  FindingSource::kRepairRecord, ""}));
  EXPECT_THAT(
      Of(With("signed_by_customer", "no"), unsigned_record),
      ElementsAre(FromAnswer(FindingKind::kRecordNotSignedByCustomer, "signed_by_customer")));
}

TEST(FindingsTest, AVisitWithoutARecordRaisesNothingFromTheRecord) {
  // Completed by a person, not the app: no record reached the reporter, so
  // its signature and test are unknown, not missing.
  RepairFacts unknown;
  unknown.free_under_warranty = true;
  Answers paid_nothing = AllGood();
  paid_nothing["fees_paid"] = "0";
  EXPECT_THAT(Of(paid_nothing, unknown), IsEmpty());
  // The customer's own answers still count.
  Answers not_signed = paid_nothing;
  not_signed["signed_by_customer"] = "no";
  EXPECT_THAT(
      Of(not_signed, unknown),
      ElementsAre(FromAnswer(FindingKind::kRecordNotSignedByCustomer, "signed_by_customer")));
}

TEST(FindingsTest, FreeTextAndMissingAnswersRaiseNothing) {
  Answers a = AllGood();
  a["other_comments"] = "师傅态度很差";  // an agent reads it; no rule guesses at words
  a.erase("other_usage");
  EXPECT_THAT(Of(a), IsEmpty());
}

TEST(FindingsTest, EveryBadAnswerIsListedInTheSurveysOrder) {
  Answers a = AllGood();
  a["on_time"] = "no";
  a["product_working"] = "no";
  a["argued_or_insulted"] = "yes";
  RepairFacts facts = PaidRepair();
  facts.record_signed = false;
  EXPECT_THAT(Of(a, facts),
              ElementsAre(FromAnswer(FindingKind::kNotSolved, "product_working"),
                          FromAnswer(FindingKind::kRudeOrArguing, "argued_or_insulted"),
                          FromAnswer(FindingKind::kLate, "on_time"),
                          Finding{FindingKind::kRecordNotSignedByCustomer,
                                  FindingSource::kRepairRecord, ""}));
}

TEST(FindingsTest, AChoiceRaisesItsFindingOnItsBadChoices) {
  Survey s;
  s.id = "choice";
  s.title = "回访";
  Question q;
  q.key = "paid_how";
  q.text_zh = "如何付款?";
  q.text_en = "How did you pay?";
  q.type = QuestionType::kChoice;
  q.options = {{"nothing", "未付款", "Nothing"}, {"cash_no_receipt", "现金无收据", "Cash"}};
  q.finding = FindingKind::kFeeAgainstRules;
  q.bad_choices = {"cash_no_receipt"};
  s.questions = {q};
  EXPECT_THAT(Findings(s, {{"paid_how", "cash_no_receipt"}}, PaidRepair()),
              ElementsAre(FromAnswer(FindingKind::kFeeAgainstRules, "paid_how")));
  EXPECT_THAT(Findings(s, {{"paid_how", "nothing"}}, PaidRepair()), IsEmpty());
}

TEST(FindingClassTest, OnlyNotSolvedReopens) {
  for (const auto& row : kFindingKindNames) {
    EXPECT_EQ(ClassOf(row.value), row.value == FindingKind::kNotSolved ? FindingClass::kReopens
                                                                       : FindingClass::kConduct)
        << row.name;
  }
}

TEST(FindingClassTest, NotSolvedReopensAndConductStillCloses) {
  const std::vector<Finding> conduct_only = Of(With("argued_or_insulted", "yes"));
  EXPECT_EQ(OutcomeOf(conduct_only), CallbackOutcome::kSatisfied);
  EXPECT_EQ(ConductFindings(conduct_only), conduct_only);

  Answers a = With("product_working", "no");
  a["work_id_shown"] = "no";
  const std::vector<Finding> both = Of(a);
  EXPECT_EQ(OutcomeOf(both), CallbackOutcome::kNotSolved);
  EXPECT_THAT(ConductFindings(both),
              ElementsAre(FromAnswer(FindingKind::kNoWorkId, "work_id_shown")));
  EXPECT_EQ(common::NameOf(kCallbackOutcomeNames, OutcomeOf(both)), "NOT_SOLVED");
}

}  // namespace
}  // namespace fieldservice::callback
