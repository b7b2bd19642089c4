// The repair record and charge terms between the technician app's proto and
// the domain: every field arrives, and a fee kind the domain does not know
// arrives unset so that the record's check reports it.
#include "services/scheduling/api/technician_app_mapping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fieldservice::scheduling::api {
namespace {

using ::testing::ElementsAre;

TEST(TechnicianAppMappingTest, TheRecordArrivesWhole) {
  v1::RepairRecord proto;
  proto.set_fault_found("fault");
  proto.set_work_done("work");
  v1::PartUsed* part = proto.add_parts_used();
  part->set_part_id("start_relay");
  part->set_serial("SR-1");
  part->set_quantity(2);
  v1::Fee* labour = proto.add_fees();
  labour->set_kind(v1::LABOUR);
  labour->mutable_amount()->set_amount_fen(8000);
  v1::Fee* part_fee = proto.add_fees();
  part_fee->set_kind(v1::PART);
  part_fee->set_part_id("start_relay");
  part_fee->mutable_amount()->set_amount_fen(15000);
  proto.add_fees()->set_kind(v1::CALLOUT);
  proto.add_fees();  // FEE_KIND_UNSPECIFIED
  proto.set_function_test_passed(true);
  proto.set_customer_opinion("ok");
  proto.set_signature(std::string("\x89PNG\0", 5));
  proto.set_signature_sha256("ab");

  const RepairRecord record = RecordFromProto(proto);
  EXPECT_EQ(record.fault_found, "fault");
  EXPECT_EQ(record.work_done, "work");
  EXPECT_THAT(record.parts_used, ElementsAre(PartUsed{"start_relay", "SR-1", 2}));
  EXPECT_THAT(record.fees, ElementsAre(Fee{FeeKind::kLabour, "", 8000},
                                       Fee{FeeKind::kPart, "start_relay", 15000},
                                       Fee{FeeKind::kCallout, "", 0}, Fee{std::nullopt, "", 0}));
  EXPECT_TRUE(record.function_test_passed);
  EXPECT_EQ(record.customer_opinion, "ok");
  EXPECT_EQ(record.signature, std::string("\x89PNG\0", 5));
  EXPECT_EQ(record.signature_sha256, "ab");
}

TEST(TechnicianAppMappingTest, ChargeTermsGoBothWays) {
  const ChargeTerms terms{.decided = true,
                          .free = false,
                          .labour_fen = 8000,
                          .part_fen = 15000,
                          .part_priced = true,
                          .callout_fen = 3000};
  v1::ChargeTerms proto;
  ChargeTermsToProto(terms, &proto);
  EXPECT_EQ(proto.labour().amount_fen(), 8000);
  EXPECT_EQ(proto.callout().amount_fen(), 3000);
  EXPECT_EQ(ChargeTermsFromProto(proto), terms);
  EXPECT_EQ(ChargeTermsFromProto(v1::ChargeTerms()), ChargeTerms{});
}

}  // namespace
}  // namespace fieldservice::scheduling::api
