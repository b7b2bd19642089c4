#include "services/callback/api/quality_mapping.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"

namespace fieldservice::callback::api {
namespace {

constexpr common::EnumName<SheetKind, v1::QualitySheetKind> kKinds[] = {
    {SheetKind::kBatchAccident, v1::QUALITY_BATCH_ACCIDENT},
    {SheetKind::kNewDefect, v1::QUALITY_NEW_DEFECT},
    {SheetKind::kSafety, v1::QUALITY_SAFETY},
};
constexpr common::EnumName<SheetState, v1::QualitySheetState> kStates[] = {
    {SheetState::kOpen, v1::QUALITY_OPEN},
    {SheetState::kAcknowledged, v1::QUALITY_ACKNOWLEDGED},
    {SheetState::kInProgress, v1::QUALITY_IN_PROGRESS},
    {SheetState::kClosed, v1::QUALITY_CLOSED},
};

v1::QualitySheetState StateOf(SheetState s) {
  return common::FindName(kStates, s).value_or(v1::QUALITY_SHEET_STATE_UNSPECIFIED);
}

}  // namespace

SalesFigure ToSalesFigure(const v1::SalesFigure& f) {
  SalesFigure out;
  out.model = f.product_model();
  out.batch = f.batch();
  out.serial_prefix = f.serial_prefix();
  out.units_sold = f.units_sold();
  return out;
}

void ToProto(const SalesFigure& f, v1::SalesFigure* out) {
  out->set_product_model(f.model);
  out->set_batch(f.batch);
  out->set_serial_prefix(f.serial_prefix);
  out->set_units_sold(f.units_sold);
  common::SetTimestamp(f.updated_at, out->mutable_update_time());
  out->set_updated_by(f.updated_by);
}

void ToProto(const QualitySheet& s, v1::QualitySheet* out) {
  out->set_name(SheetName(s.id));
  out->set_kind(common::FindName(kKinds, s.kind).value_or(v1::QUALITY_SHEET_KIND_UNSPECIFIED));
  out->set_product_model(s.model);
  out->set_batch(s.batch);
  out->set_symptom_code(s.fault);
  out->set_affected_units(s.affected_units);
  out->set_units_sold(s.units_sold);
  out->set_first_order_number(s.first_order_number);
  out->set_last_order_number(s.last_order_number);
  common::SetTimestamp(s.first_reported_at, out->mutable_first_report_time());
  common::SetTimestamp(s.last_reported_at, out->mutable_last_report_time());
  common::SetTimestamp(s.opened_at, out->mutable_open_time());
  out->set_state(StateOf(s.state));
  for (const SheetStep& step : s.steps) {
    v1::QualitySheetStep* p = out->add_steps();
    p->set_state(StateOf(step.to));
    p->set_actor(step.actor);
    common::SetTimestamp(step.at, p->mutable_time());
    p->set_note(step.note);
  }
  out->set_etag(absl::StrCat(s.version));
}

std::optional<SheetState> ToSheetState(v1::QualitySheetState state, const char* field,
                                       std::vector<common::FieldViolation>& violations) {
  for (const auto& row : kStates) {
    if (row.name == state) return row.value;
  }
  violations.push_back({field, "required: a sheet state"});
  return std::nullopt;
}

int64_t VersionOfEtag(const std::string& etag, std::vector<common::FieldViolation>& violations) {
  int64_t version = 0;
  if (etag.empty()) {
    violations.push_back({"etag", "required: the etag of the sheet as last read"});
  } else if (!absl::SimpleAtoi(etag, &version) || version < 1) {
    violations.push_back({"etag", "not an etag this service issued; read the sheet again"});
  }
  return version;
}

}  // namespace fieldservice::callback::api
