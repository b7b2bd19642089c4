#include "services/orders/clients/warranty_requester.h"

#include <grpcpp/client_context.h>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/common/enum_names.h"
#include "services/common/gatekeeper.h"
#include "services/common/logging.h"
#include "services/common/proto_time.h"
#include "services/orders/domain/names.h"

namespace fieldservice::orders {
namespace {

namespace wv1 = ::fieldservice::warranty::v1;
using common::EnumName;

// The warranty API's value of each orders enum value (common/enum_names.h).
constexpr EnumName<SaleType, wv1::SaleType> kSaleTypes[] = {
    {SaleType::kNormal, wv1::NORMAL}, {SaleType::kSecondsDisclosed, wv1::SECONDS_DISCLOSED}};
constexpr EnumName<UnitUse, wv1::Use> kUses[] = {{UnitUse::kHousehold, wv1::HOUSEHOLD},
                                                 {UnitUse::kCommercial, wv1::COMMERCIAL}};
constexpr EnumName<Remedy, wv1::Remedy> kRemedies[] = {{Remedy::kReturn, wv1::RETURN},
                                                       {Remedy::kExchange, wv1::EXCHANGE},
                                                       {Remedy::kRepair, wv1::REPAIR}};

// "field: rule; field: rule" from a google.rpc.BadRequest, else the message.
std::string Problem(const grpc::Status& status) {
  google::rpc::Status details;
  std::string out;
  if (details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad;
      if (!any.UnpackTo(&bad)) continue;
      for (const auto& v : bad.field_violations()) {
        absl::StrAppend(&out, out.empty() ? "" : "; ", v.field(), ": ", v.description());
      }
    }
  }
  return out.empty() ? status.error_message() : out;
}

}  // namespace

WarrantyRequester::WarrantyRequester(OrderService& orders, std::shared_ptr<grpc::Channel> channel,
                                     absl::Duration call_timeout)
    : orders_(orders),
      channel_(channel),
      stub_(wv1::Warranty::NewStub(channel)),
      call_timeout_(call_timeout) {}

wv1::DecideCoverageRequest WarrantyRequester::RequestFor(const RepairOrder& order,
                                                         const std::string& request_id) {
  const Product& p = order.details.product;
  const WarrantyClaim& c = order.details.warranty_claim;
  wv1::DecideCoverageRequest r;
  r.set_request_id(request_id);
  r.set_order(absl::StrCat("repairOrders/", order.order_number));
  r.mutable_product()->set_category(p.category);
  r.mutable_product()->set_brand(p.brand);
  r.mutable_product()->set_model(p.model);
  r.mutable_product()->set_serial(p.serial);
  bool invoice = !p.invoice_number.empty();
  r.mutable_proof()->set_invoice_present(invoice);
  r.mutable_proof()->set_warranty_card_present(p.warranty_card_present);
  r.mutable_proof()->set_altered(p.proof_altered);
  r.mutable_proof()->set_card_model_mismatch(c.card_model_mismatch);
  if (invoice && p.purchase_date.has_value()) {
    common::SetDate(*p.purchase_date, r.mutable_invoice_date());
  }
  if (c.production_date) common::SetDate(*c.production_date, r.mutable_production_date());
  if (c.installation_date) common::SetDate(*c.installation_date, r.mutable_installation_date());
  if (c.price_paid_fen) r.mutable_price_paid()->set_amount_fen(*c.price_paid_fen);
  r.mutable_fault()->set_performance_fault(c.performance_fault.value_or(true));
  r.mutable_fault()->set_component(c.fault_component);
  r.mutable_fault()->set_main_part(c.fault_main_part);
  r.mutable_causes()->set_misuse(c.causes.misuse);
  r.mutable_causes()->set_unauthorised_repair(c.causes.unauthorised_repair);
  r.mutable_causes()->set_force_majeure(c.causes.force_majeure);
  r.mutable_causes()->set_improper_storage(c.causes.improper_storage);
  r.set_sale_type(common::FindName(kSaleTypes, c.sale_type).value_or(wv1::NORMAL));
  r.set_use(common::FindName(kUses, c.use).value_or(wv1::HOUSEHOLD));
  wv1::UnitHistory* history = r.mutable_history();
  for (const EarlierRepair& repair : c.earlier_repairs) {
    wv1::RepairRecord* record = history->add_repairs();
    common::SetDate(repair.date, record->mutable_date());
    record->set_component(repair.component);
    record->set_days_in_repair(repair.days_in_repair);
  }
  if (c.exchanged_on) common::SetDate(*c.exchanged_on, history->mutable_exchanged_on());
  for (const MainPartReplacement& part : c.main_parts_replaced) {
    wv1::MainPartReplacement* replaced = history->add_main_parts_replaced();
    replaced->set_part(part.part);
    common::SetDate(part.date, replaced->mutable_date());
  }
  r.set_repair_delay_days(c.repair_delay_days);
  r.set_parts_wait_days(c.parts_wait_days);
  r.set_same_model_out_of_stock(c.same_model_out_of_stock);
  r.set_insists_on_refund(c.insists_on_refund);
  common::SetTimestamp(order.created_at, r.mutable_request_time());
  return r;
}

WarrantyInfo WarrantyRequester::DecidedInfo(const wv1::Decision& decision) {
  WarrantyInfo info;
  info.state = WarrantyState::kDecided;
  info.decision = decision.name();
  info.coverage = wv1::Coverage_Name(decision.coverage());
  info.summary = decision.summary();
  for (int remedy : decision.remedies()) {
    // A remedy this version does not know cannot be offered.
    auto known = common::ValueNamed(kRemedies, static_cast<wv1::Remedy>(remedy));
    if (known.has_value()) info.remedies.push_back(*known);
  }
  if (decision.has_refund()) {
    const wv1::Refund& r = decision.refund();
    WarrantyRefund refund{r.price().amount_fen(),
                          r.depreciated(),
                          r.days_used(),
                          r.rate_ppm_per_day(),
                          r.depreciation().amount_fen(),
                          r.amount().amount_fen(),
                          {}};
    for (const wv1::RefundLine& line : r.lines()) refund.lines_zh.push_back(line.zh());
    info.refund = std::move(refund);
  }
  if (decision.has_quote()) {
    const wv1::Quote& q = decision.quote();
    info.quote = WarrantyQuote{q.labour().amount_fen(), q.part().amount_fen(), q.part_priced(),
                               q.callout().amount_fen(), q.total().amount_fen()};
  }
  for (const wv1::RuleApplied& rule : decision.rules()) {
    info.reasons.push_back({rule.id(), rule.reason_zh()});
  }
  if (decision.has_period() && decision.period().has_end_date()) {
    std::vector<common::FieldViolation> ignored;
    info.covered_until = common::ToDay(decision.period().end_date(), true, "", ignored);
  }
  return info;
}

absl::Status WarrantyRequester::Deliver(const common::OutboxMessage& message) {
  const OwedPayloadParts asked = ParseOwedPayload(message.payload);
  auto order = orders_.Get(asked.order_number);
  if (!order.ok()) return order.status();
  // Answered before, or superseded by a newer request (the product facts were
  // corrected): nothing to ask.
  if (order->warranty.state != WarrantyState::kPending ||
      order->warranty.request_id != message.message_id) {
    return absl::OkStatus();
  }

  // Wait for a connection within the timeout: a channel still backing off
  // from an earlier failure would otherwise fail fast after the warranty
  // service came back.
  absl::Time deadline = absl::Now() + call_timeout_;
  if (!channel_->WaitForConnected(absl::ToChronoTime(deadline))) {
    return absl::UnavailableError("warranty service unreachable");
  }
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(deadline));
  // The certificate says orders calls; this says for whom (gatekeeper.h).
  if (!asked.on_behalf_of.empty()) {
    context.AddMetadata(common::kOnBehalfOfMetadata, asked.on_behalf_of);
  }
  wv1::Decision decision;
  grpc::Status status =
      stub_->DecideCoverage(&context, RequestFor(*order, message.message_id), &decision);
  WarrantyInfo info;
  if (status.ok()) {
    info = DecidedInfo(decision);
  } else if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    // The facts on the order are not enough; an agent must add them.
    info.state = WarrantyState::kNeedsInformation;
    info.problem = Problem(status).substr(0, 1000);
  } else {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat("warranty service: ", status.error_message()));
  }
  auto recorded = orders_.RecordWarrantyDecision(asked.order_number, message.message_id, info);
  if (!recorded.ok()) return recorded.status();
  common::LogInfo("warranty_recorded", {{"order", asked.order_number},
                                        {"state", std::string(WarrantyStateName(info.state))},
                                        {"coverage", info.coverage}});
  return absl::OkStatus();
}

}  // namespace fieldservice::orders
