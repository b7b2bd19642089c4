#include "services/scheduling/api/technician_app_mapping.h"

#include "services/common/enum_names.h"

namespace fieldservice::scheduling::api {
namespace {

constexpr common::EnumName<FeeKind, v1::FeeKind> kFeeKinds[] = {
    {FeeKind::kLabour, v1::LABOUR},
    {FeeKind::kPart, v1::PART},
    {FeeKind::kCallout, v1::CALLOUT},
};

}  // namespace

RepairRecord RecordFromProto(const v1::RepairRecord& proto) {
  RepairRecord record;
  record.fault_found = proto.fault_found();
  record.work_done = proto.work_done();
  for (const v1::PartUsed& p : proto.parts_used()) {
    record.parts_used.push_back({p.part_id(), p.serial(), p.quantity()});
  }
  for (const v1::Fee& f : proto.fees()) {
    // FEE_KIND_UNSPECIFIED and values newer than this code have no row.
    record.fees.push_back(
        {common::ValueNamed(kFeeKinds, f.kind()), f.part_id(), f.amount().amount_fen()});
  }
  record.function_test_passed = proto.function_test_passed();
  record.customer_opinion = proto.customer_opinion();
  record.signature = proto.signature();
  record.signature_sha256 = proto.signature_sha256();
  return record;
}

ChargeTerms ChargeTermsFromProto(const v1::ChargeTerms& proto) {
  return {.decided = proto.decided(),
          .free = proto.free(),
          .labour_fen = proto.labour().amount_fen(),
          .part_fen = proto.part().amount_fen(),
          .part_priced = proto.part_priced(),
          .callout_fen = proto.callout().amount_fen()};
}

void ChargeTermsToProto(const ChargeTerms& terms, v1::ChargeTerms* proto) {
  proto->set_decided(terms.decided);
  proto->set_free(terms.free);
  proto->mutable_labour()->set_amount_fen(terms.labour_fen);
  proto->mutable_part()->set_amount_fen(terms.part_fen);
  proto->set_part_priced(terms.part_priced);
  proto->mutable_callout()->set_amount_fen(terms.callout_fen);
}

}  // namespace fieldservice::scheduling::api
